// SPDX-License-Identifier: MIT
// ModelsPage offscreen with the real catalog and EngineHost: the table's columns, the estimate
// following the context length, refusals (unsupported architecture, too big) without a load,
// loading a synthetic model with Enter, cancelling, unloading, loading the last model at start,
// and a file that fails to load.

#include "app/services/engine_host.h"
#include "app/services/model_catalog.h"
#include "engine/api/synthetic_model.h"
#include "storage/database.h"
#include "ui/models_page.h"

#include <QFile>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

using namespace cairn;

namespace {

bool writeFile(const QString& path, const QByteArray& bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

} // namespace

class TestModelsPage : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_models; ///< Cairn's models folder in the fake home
    std::optional<storage::Database> m_db;
    std::unique_ptr<app::ModelCatalog> m_catalog;
    std::unique_ptr<app::EngineHost> m_engine;
    std::unique_ptr<ui::ModelsPage> m_page;

    QTableWidget* table() const { return m_page->findChild<QTableWidget*>(QStringLiteral("modelsTable")); }
    QString label(const char* name) const { return m_page->findChild<QLabel*>(QLatin1String(name))->text(); }
    QPushButton* button(const char* name) const { return m_page->findChild<QPushButton*>(QLatin1String(name)); }
    QSpinBox* context() const { return m_page->findChild<QSpinBox*>(QStringLiteral("contextLength")); }

    int rowOf(const QString& name) const
    {
        for (int row = 0; row < table()->rowCount(); ++row) {
            if (table()->item(row, ui::ModelsPage::NameColumn)->text() == name)
                return row;
        }
        return -1;
    }
    void select(const QString& name)
    {
        QVERIFY(m_page->selectModel(m_models + QLatin1Char('/') + name + QStringLiteral(".gguf")));
    }
    void setAvailable(std::uint64_t bytes)
    {
        m_catalog->setAvailableMemoryFn([bytes] { return std::optional<std::uint64_t>(bytes); });
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const QString home = m_dir.filePath(QStringLiteral("home"));
        m_models = home + QStringLiteral("/.local/share/cairn/models");
        QVERIFY(QDir().mkpath(m_models));
        SyntheticModelOptions options;
        options.type = "q8_0";
        options.out = (m_models + QStringLiteral("/tiny.gguf")).toStdString();
        QVERIFY(writeSyntheticModel(options).ok());
        QFile source(QString::fromStdString(options.out));
        QVERIFY(source.open(QIODevice::ReadOnly));
        const QByteArray tiny = source.readAll();
        // The same file with architecture deepseek4 (general.architecture and every key's prefix:
        // both names have nine letters, so the GGUF stays well-formed).
        QVERIFY(writeFile(m_models + QStringLiteral("/v4.gguf"), QByteArray(tiny).replace("deepseek2", "deepseek4")));
        // Readable metadata, but a key the forward pass needs is misnamed: it fails to load.
        QByteArray broken = tiny;
        QVERIFY(broken.contains("deepseek2.attention.kv_lora_rank"));
        broken.replace("deepseek2.attention.kv_lora_rank", "deepseek2.attention.kv_lora_ranq");
        QVERIFY(writeFile(m_models + QStringLiteral("/broken.gguf"), broken));
        QVERIFY(writeFile(m_models + QStringLiteral("/notes.gguf"), "not a model"));

        auto db = storage::Database::open(m_dir.filePath(QStringLiteral("cairn.db")).toStdString());
        QVERIFY(db.ok());
        m_db.emplace(std::move(db).value());
        m_catalog = std::make_unique<app::ModelCatalog>(*m_db, home, QProcessEnvironment());
        setAvailable(64'000'000'000ULL);
        m_engine = std::make_unique<app::EngineHost>();
        QSignalSpy scanned(m_catalog.get(), &app::ModelCatalog::scanFinished);
        m_page = std::make_unique<ui::ModelsPage>(*m_catalog, *m_engine); // starts the first scan
        m_page->resize(1000, 700);
        m_page->show();
        QVERIFY(scanned.wait(20000));
    }

    void cleanupTestCase()
    {
        m_page.reset();
        m_engine.reset();
        m_catalog.reset();
    }

    void rowsShowTheColumns()
    {
        QTableWidget* t = table();
        QCOMPARE(t->rowCount(), 4);
        QCOMPARE(t->columnCount(), int(ui::ModelsPage::ColumnCount));
        QCOMPARE(t->horizontalHeaderItem(ui::ModelsPage::ExpertsColumn)->text(), QStringLiteral("Experts"));
        const int row = rowOf(QStringLiteral("tiny"));
        QVERIFY(row >= 0);
        const ModelInfo info = *m_catalog->entry(m_models + QStringLiteral("/tiny.gguf"))->info;
        auto cell = [&](int column) { return t->item(row, column)->text(); };
        QCOMPARE(cell(ui::ModelsPage::ArchitectureColumn), QStringLiteral("deepseek2"));
        QCOMPARE(cell(ui::ModelsPage::ParametersColumn), app::formatParameterCount(info.parameterCount));
        QVERIFY(cell(ui::ModelsPage::ParametersColumn).endsWith(QStringLiteral(" M")));
        QCOMPARE(cell(ui::ModelsPage::QuantizationColumn), QStringLiteral("q8_0"));
        QCOMPARE(cell(ui::ModelsPage::ContextColumn), QStringLiteral("163,840"));
        QCOMPARE(cell(ui::ModelsPage::ExpertsColumn), QStringLiteral("16 (4 active)"));
        QCOMPARE(cell(ui::ModelsPage::SizeColumn), app::formatBytes(info.fileBytes));
        QCOMPARE(cell(ui::ModelsPage::SourceColumn), QStringLiteral("Cairn"));
        const int notes = rowOf(QStringLiteral("notes"));
        QVERIFY(notes >= 0);
        QCOMPARE(t->item(notes, ui::ModelsPage::ArchitectureColumn)->text(), QStringLiteral("unreadable"));
        QVERIFY(t->item(notes, ui::ModelsPage::NameColumn)->toolTip().contains(QStringLiteral("not a GGUF file")));
    }

    void f5Rescans()
    {
        QSignalSpy finished(m_catalog.get(), &app::ModelCatalog::scanFinished);
        QTest::keyClick(table(), Qt::Key_F5);
        QVERIFY(m_catalog->isScanning());
        QVERIFY(finished.wait(20000));
        QCOMPARE(table()->rowCount(), 4);
    }

    void estimateFollowsTheContextLength()
    {
        select(QStringLiteral("tiny"));
        QVERIFY(label("modelDetails").contains(QStringLiteral("cairn-synthetic")));
        context()->setValue(2048);
        const QString small = label("memoryEstimate");
        QVERIFY2(small.contains(QStringLiteral("for 2,048 tokens of context")), qPrintable(small));
        context()->setValue(65536);
        const QString large = label("memoryEstimate");
        QVERIFY2(large.contains(QStringLiteral("for 65,536 tokens of context; 64.0 GB is available")),
                 qPrintable(large));
        QVERIFY(large != small);
        QVERIFY(button("loadButton")->isEnabled());
        // The spin box stops at the model's trained context.
        QCOMPARE(context()->maximum(), 163840);
        context()->setValue(4096);
    }

    void unsupportedArchitectureCannotLoad()
    {
        const int row = rowOf(QStringLiteral("v4"));
        QVERIFY(row >= 0);
        QCOMPARE(table()->item(row, ui::ModelsPage::ArchitectureColumn)->text(), QStringLiteral("deepseek4"));
        select(QStringLiteral("v4"));
        QVERIFY2(label("modelMessage").contains(QStringLiteral("“deepseek4” is not supported")),
                 qPrintable(label("modelMessage")));
        QVERIFY(!button("loadButton")->isEnabled());
        table()->setFocus();
        QTest::keyClick(table(), Qt::Key_Return);
        QVERIFY(!m_engine->isLoading());
    }

    void tooBigIsRefusedWithoutLoading()
    {
        setAvailable(1'000'000);
        select(QStringLiteral("broken")); // select another row and back, so the verdict is recomputed
        select(QStringLiteral("tiny"));
        const QString message = label("modelMessage");
        QVERIFY2(message.contains(QStringLiteral("too big for the memory available")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("tokens of context; 1.0 MB is available")), qPrintable(message));
        QVERIFY(!button("loadButton")->isEnabled());
        QSignalSpy progress(m_engine.get(), &app::EngineHost::loadProgress);
        QTest::keyClick(table(), Qt::Key_Return);
        QVERIFY(!m_engine->isLoading());
        QVERIFY(!m_engine->model().has_value());
        QCOMPARE(progress.count(), 0);
        QVERIFY(label("modelMessage").contains(QStringLiteral("too big")));
        setAvailable(64'000'000'000ULL);
    }

    void enterLoadsWithProgressThenUnloads()
    {
        select(QStringLiteral("broken"));
        select(QStringLiteral("tiny"));
        QVERIFY(button("loadButton")->isEnabled());
        m_page->setThreads(1); // the settings' thread count reaches the engine
        QSignalSpy loaded(m_engine.get(), &app::EngineHost::modelLoaded);
        QSignalSpy progress(m_engine.get(), &app::EngineHost::loadProgress);
        QTest::keyClick(table(), Qt::Key_Return);
        auto* bar = m_page->findChild<QProgressBar*>(QStringLiteral("loadProgress"));
        QVERIFY(bar->isVisible());
        QVERIFY(button("cancelButton")->isEnabled());
        QVERIFY(!button("loadButton")->isEnabled());
        QVERIFY(loaded.wait(30000));
        QVERIFY(progress.count() > 0);
        QVERIFY(!bar->isVisible());
        QVERIFY2(label("loadedModel").startsWith(QStringLiteral("Loaded: tiny")), qPrintable(label("loadedModel")));
        QVERIFY(label("loadedModel").contains(QStringLiteral("4,096 tokens of context")));
        QCOMPARE(m_engine->model()->contextLength, 4096);
        QCOMPARE(m_engine->model()->threads, 1);
        QCOMPARE(m_catalog->lastModelPath(), QFileInfo(m_models + QStringLiteral("/tiny.gguf")).canonicalFilePath());
        QVERIFY(table()->item(rowOf(QStringLiteral("tiny")), 0)->font().bold());
        QVERIFY(button("unloadButton")->isEnabled());

        QSignalSpy unloaded(m_engine.get(), &app::EngineHost::modelUnloaded);
        button("unloadButton")->click();
        QVERIFY(unloaded.wait(10000));
        QCOMPARE(label("loadedModel"), QStringLiteral("No model loaded"));
        QVERIFY(!button("unloadButton")->isEnabled());
    }

    void cancelStopsTheLoad()
    {
        select(QStringLiteral("tiny"));
        QSignalSpy failed(m_engine.get(), &app::EngineHost::modelLoadFailed);
        button("loadButton")->click();
        QVERIFY(button("cancelButton")->isEnabled());
        QTest::keyClick(table(), Qt::Key_Escape); // Esc cancels, before the engine thread starts reading
        QVERIFY(failed.wait(30000));
        QCOMPARE(label("modelMessage"), QStringLiteral("Loading tiny was cancelled."));
        QVERIFY(!m_engine->model().has_value());
        QVERIFY(button("loadButton")->isEnabled());
        QVERIFY(!button("cancelButton")->isEnabled());
        QVERIFY(!m_page->findChild<QProgressBar*>(QStringLiteral("loadProgress"))->isVisible());
    }

    void lastModelLoadsAtStart()
    {
        // A restart: a new catalog on the same profile, a new engine and page.
        app::ModelCatalog catalog(*m_db, m_dir.filePath(QStringLiteral("home")), QProcessEnvironment());
        catalog.setAvailableMemoryFn([] { return std::optional<std::uint64_t>(64'000'000'000ULL); });
        app::EngineHost engine;
        QSignalSpy loaded(&engine, &app::EngineHost::modelLoaded);
        ui::ModelsPage page(catalog, engine);
        page.loadLastModelWhenFound();
        QVERIFY(loaded.wait(30000));
        QCOMPARE(engine.model()->path, QFileInfo(m_models + QStringLiteral("/tiny.gguf")).canonicalFilePath());
        QVERIFY(
            page.findChild<QLabel*>(QStringLiteral("loadedModel"))->text().startsWith(QStringLiteral("Loaded: tiny")));
    }

    void loadFailureIsShown()
    {
        select(QStringLiteral("broken"));
        QVERIFY(button("loadButton")->isEnabled()); // its metadata reads fine
        QSignalSpy failed(m_engine.get(), &app::EngineHost::modelLoadFailed);
        button("loadButton")->click();
        QVERIFY(failed.wait(30000));
        const QString message = label("modelMessage");
        QVERIFY2(message.startsWith(QStringLiteral("broken could not be loaded: ")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("kv_lora_rank")), qPrintable(message));
        QVERIFY(!m_engine->model().has_value());
        QVERIFY(button("loadButton")->isEnabled());
        QCOMPARE(label("loadedModel"), QStringLiteral("No model loaded"));
    }
};

QTEST_MAIN(TestModelsPage)
#include "tst_models_page.moc"
