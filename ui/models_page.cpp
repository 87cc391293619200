// SPDX-License-Identifier: MIT
// Layout: a toolbar row (scan status, Add folder…, Rescan), the table, then the selected model's
// details, context length, estimate, message and the Load / Unload / Cancel row with progress.

#include "ui/models_page.h"

#include "app/services/engine_host.h"

#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

namespace cairn::ui {

namespace {

constexpr int kPathRole = Qt::UserRole;
constexpr int kProgressSteps = 1000;
constexpr int kDefaultContext = 4096;
constexpr int kMaxContext = 1 << 24; ///< spin box limit when a file states no trained context

QString groupedNumber(qlonglong value)
{
    QLocale locale;
    locale.setNumberOptions(QLocale::DefaultNumberOptions);
    return locale.toString(value);
}

/// Enter or Return on the table loads the selected model.
class EnterFilter : public QObject {
public:
    EnterFilter(ModelsPage* page, QObject* parent) : QObject(parent), m_page(page) { }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (event->type() == QEvent::KeyPress) {
            const int key = static_cast<QKeyEvent*>(event)->key();
            if (key == Qt::Key_Return || key == Qt::Key_Enter) {
                m_page->loadSelected();
                return true;
            }
        }
        return QObject::eventFilter(watched, event);
    }

private:
    ModelsPage* m_page;
};

} // namespace

ModelsPage::ModelsPage(app::ModelCatalog& catalog, app::EngineHost& engine, QWidget* parent)
    : QWidget(parent), m_catalog(catalog), m_engine(engine)
{
    buildLayout();

    connect(&m_catalog, &app::ModelCatalog::scanStarted, this, [this] {
        m_scanStatus->setText(tr("Looking for models…"));
        m_rescan->setEnabled(false);
    });
    connect(&m_catalog, &app::ModelCatalog::scanFinished, this, [this] {
        m_scanStatus->setText(tr("%n model file(s) found", nullptr, static_cast<int>(m_catalog.entries().size())));
        m_rescan->setEnabled(true);
        fillTable();
        if (m_autoLoad) {
            m_autoLoad = false;
            const std::optional<app::ModelEntry> last = m_catalog.autoLoadCandidate(m_context->value());
            if (last && m_loadedPath.isEmpty() && m_loadingPath.isEmpty() && selectModel(last->path))
                loadSelected();
        }
    });
    connect(&m_engine, &app::EngineHost::loadProgress, this,
            [this](double fraction) { m_progress->setValue(static_cast<int>(fraction * kProgressSteps)); });
    connect(&m_engine, &app::EngineHost::modelLoaded, this, &ModelsPage::onLoaded);
    connect(&m_engine, &app::EngineHost::modelLoadFailed, this, &ModelsPage::onLoadFailed);
    connect(&m_engine, &app::EngineHost::modelUnloaded, this, &ModelsPage::onUnloaded);

    if (const std::optional<app::LoadedModelInfo> loaded = m_engine.model())
        onLoaded(*loaded);
    else
        onUnloaded();
    if (m_catalog.isScanning())
        m_scanStatus->setText(tr("Looking for models…"));
    else if (m_catalog.entries().isEmpty())
        m_catalog.rescan();
}

void ModelsPage::buildLayout()
{
    m_scanStatus = new QLabel(this);
    m_scanStatus->setAccessibleName(tr("Model search status"));
    m_addFolder = new QPushButton(tr("Add folder…"), this);
    m_addFolder->setObjectName(QStringLiteral("addFolderButton"));
    m_addFolder->setAccessibleName(tr("Add a folder with models"));
    m_rescan = new QPushButton(tr("Rescan"), this);
    m_rescan->setObjectName(QStringLiteral("rescanButton"));
    m_rescan->setAccessibleName(tr("Look for models again"));
    m_rescan->setToolTip(tr("Look for models again (F5)"));
    auto* top = new QHBoxLayout;
    top->addWidget(m_scanStatus, 1);
    top->addWidget(m_addFolder);
    top->addWidget(m_rescan);

    m_table = new QTableWidget(0, ColumnCount, this);
    m_table->setObjectName(QStringLiteral("modelsTable"));
    m_table->setAccessibleName(tr("Models"));
    m_table->setHorizontalHeaderLabels({tr("Name"), tr("Architecture"), tr("Parameters"), tr("Quantisation"),
                                        tr("Context"), tr("Experts"), tr("File size"), tr("Source")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(NameColumn, QHeaderView::Stretch);
    m_table->installEventFilter(new EnterFilter(this, m_table));

    m_details = new QLabel(this);
    m_details->setObjectName(QStringLiteral("modelDetails"));
    m_details->setAccessibleName(tr("Model details"));
    m_details->setTextFormat(Qt::RichText);
    m_details->setWordWrap(true);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_context = new QSpinBox(this);
    m_context->setObjectName(QStringLiteral("contextLength"));
    m_context->setAccessibleName(tr("Context length in tokens"));
    m_context->setRange(1, kMaxContext);
    m_context->setSingleStep(1024);
    m_context->setGroupSeparatorShown(true);
    m_context->setValue(kDefaultContext);
    m_context->setSuffix(tr(" tokens"));
    m_estimate = new QLabel(this);
    m_estimate->setObjectName(QStringLiteral("memoryEstimate"));
    m_estimate->setAccessibleName(tr("Memory estimate"));
    m_estimate->setWordWrap(true);
    m_estimate->setTextFormat(Qt::PlainText);
    auto* form = new QFormLayout;
    auto* contextRow = new QHBoxLayout;
    contextRow->addWidget(m_context);
    contextRow->addStretch(1);
    auto* contextLabel = new QLabel(tr("&Context length:"), this);
    contextLabel->setBuddy(m_context);
    form->addRow(contextLabel, contextRow);
    form->addRow(tr("Memory:"), m_estimate);

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("modelMessage"));
    m_message->setAccessibleName(tr("Model message"));
    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::PlainText); // messages quote file names and engine errors
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_loadedLabel = new QLabel(this);
    m_loadedLabel->setObjectName(QStringLiteral("loadedModel"));
    m_loadedLabel->setAccessibleName(tr("Loaded model"));
    m_loadedLabel->setTextFormat(Qt::PlainText);
    m_load = new QPushButton(tr("&Load"), this);
    m_load->setObjectName(QStringLiteral("loadButton"));
    m_load->setAccessibleName(tr("Load the selected model"));
    m_load->setToolTip(tr("Load the selected model (Enter)"));
    m_unload = new QPushButton(tr("&Unload"), this);
    m_unload->setObjectName(QStringLiteral("unloadButton"));
    m_unload->setAccessibleName(tr("Unload the model"));
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    m_cancel->setAccessibleName(tr("Cancel loading"));
    m_cancel->setToolTip(tr("Cancel loading (Esc)"));
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("loadProgress"));
    m_progress->setAccessibleName(tr("Loading progress"));
    m_progress->setRange(0, kProgressSteps);
    m_progress->setVisible(false);
    auto* actions = new QHBoxLayout;
    actions->addWidget(m_loadedLabel, 1);
    actions->addWidget(m_progress, 1);
    actions->addWidget(m_load);
    actions->addWidget(m_unload);
    actions->addWidget(m_cancel);

    auto* pane = new QWidget(this);
    auto* paneLayout = new QVBoxLayout(pane);
    paneLayout->addWidget(m_details);
    paneLayout->addLayout(form);
    paneLayout->addWidget(m_message);
    paneLayout->addStretch(1);
    paneLayout->addLayout(actions);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_table);
    splitter->addWidget(pane);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(splitter, 1);

    connect(m_table, &QTableWidget::itemSelectionChanged, this, [this] {
        showMessage(QString(), false);
        updateDetails();
    });
    connect(m_table, &QTableWidget::itemDoubleClicked, this, [this] { loadSelected(); });
    connect(m_context, &QSpinBox::valueChanged, this, [this] { updateDetails(); });
    connect(m_load, &QPushButton::clicked, this, &ModelsPage::loadSelected);
    connect(m_unload, &QPushButton::clicked, this, [this] { m_engine.unloadModel(); });
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        m_cancelRequested = true;
        m_engine.cancelLoad();
    });
    connect(m_addFolder, &QPushButton::clicked, this, &ModelsPage::addFolder);
    connect(m_rescan, &QPushButton::clicked, this, [this] { m_catalog.rescan(); });
}

void ModelsPage::keyPressEvent(QKeyEvent* event)
{
    // Keys the focused child did not use: F5 rescans, Esc cancels a load.
    if (event->key() == Qt::Key_F5 && event->modifiers() == Qt::NoModifier) {
        m_catalog.rescan();
        return;
    }
    if (event->key() == Qt::Key_Escape && !m_loadingPath.isEmpty()) {
        m_cancel->click();
        return;
    }
    QWidget::keyPressEvent(event);
}

void ModelsPage::fillTable()
{
    const std::optional<app::ModelEntry> selected = selectedEntry();
    const QSignalBlocker blocker(m_table);
    m_table->setRowCount(0);
    const QList<app::ModelEntry>& entries = m_catalog.entries();
    m_table->setRowCount(static_cast<int>(entries.size()));
    const QString none = tr("—");
    for (int row = 0; row < static_cast<int>(entries.size()); ++row) {
        const app::ModelEntry& entry = entries[row];
        const ModelInfo* info = entry.info ? &*entry.info : nullptr;
        auto set = [&](int column, const QString& text, Qt::Alignment alignment = Qt::AlignLeft | Qt::AlignVCenter) {
            auto* item = new QTableWidgetItem(text);
            item->setTextAlignment(alignment);
            item->setData(kPathRole, entry.path);
            item->setToolTip(entry.error.isEmpty() ? entry.path : entry.error);
            if (entry.path == m_loadedPath) {
                QFont font = item->font();
                font.setBold(true);
                item->setFont(font);
            }
            m_table->setItem(row, column, item);
        };
        const auto right = Qt::AlignRight | Qt::AlignVCenter;
        set(NameColumn, entry.displayName);
        set(ArchitectureColumn, info ? QString::fromStdString(info->architecture) : tr("unreadable"));
        set(ParametersColumn, info ? app::formatParameterCount(info->parameterCount) : none, right);
        set(QuantizationColumn,
            info && !info->quantization.empty() ? QString::fromStdString(info->quantization) : none);
        set(ContextColumn,
            info && info->trainedContext > 0 ? groupedNumber(static_cast<qlonglong>(info->trainedContext)) : none,
            right);
        set(ExpertsColumn,
            info && info->expertCount > 0
                ? tr("%1 (%2 active)").arg(groupedNumber(info->expertCount), groupedNumber(info->expertUsedCount))
                : none,
            right);
        set(SizeColumn, app::formatBytes(static_cast<std::uint64_t>(entry.fileBytes)), right);
        set(SourceColumn, app::modelSourceName(entry.source));
    }
    m_table->resizeColumnsToContents();
    m_table->horizontalHeader()->setSectionResizeMode(NameColumn, QHeaderView::Stretch);
    if (!selected || !selectModel(selected->path))
        updateDetails();
}

void ModelsPage::setContextLength(int tokens)
{
    m_context->setValue(tokens);
}

int ModelsPage::contextLength() const
{
    return m_context->value();
}

bool ModelsPage::selectModel(const QString& path)
{
    const std::optional<app::ModelEntry> entry = m_catalog.entry(path);
    if (!entry)
        return false;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        if (m_table->item(row, NameColumn)->data(kPathRole).toString() == entry->path) {
            m_table->setCurrentCell(row, NameColumn);
            m_table->selectRow(row);
            updateDetails();
            return true;
        }
    }
    return false;
}

std::optional<app::ModelEntry> ModelsPage::selectedEntry() const
{
    const QList<QTableWidgetItem*> items = m_table->selectedItems();
    if (items.isEmpty())
        return std::nullopt;
    return m_catalog.entry(items.first()->data(kPathRole).toString());
}

QString ModelsPage::refusal(const app::ModelEntry& entry, const app::MemoryVerdict& verdict) const
{
    if (!entry.info)
        return tr("%1 cannot be loaded: %2").arg(entry.displayName, entry.error);
    if (!entry.info->supported && entry.info->splitCount > 1)
        return tr("%1 cannot be loaded: it is split into %2 files and Cairn reads single-file models. Merge the "
                  "parts with llama-gguf-split --merge.")
            .arg(entry.displayName)
            .arg(entry.info->splitCount);
    if (!entry.info->supported)
        return tr("%1 cannot be loaded: its architecture “%2” is not supported by this version of Cairn yet.")
            .arg(entry.displayName, QString::fromStdString(entry.info->architecture));
    if (!verdict.fits)
        return tr("%1 is too big for the memory available: it %2. Choose a shorter context or a smaller model.")
            .arg(entry.displayName, verdict.message);
    return {};
}

void ModelsPage::updateDetails()
{
    const std::optional<app::ModelEntry> entry = selectedEntry();
    if (!entry) {
        m_details->setText(m_catalog.entries().isEmpty() && !m_catalog.isScanning()
                               ? tr("No models found. Put GGUF files in %1, or add a folder that holds them.")
                                     .arg(m_catalog.roots().cairnModels.toHtmlEscaped())
                               : tr("Select a model to see its details."));
        m_estimate->clear();
        updateButtons();
        return;
    }
    QStringList rows;
    auto row = [&rows](const QString& label, const QString& value) {
        rows.append(
            QStringLiteral("<tr><td>%1</td><td>%2</td></tr>").arg(label.toHtmlEscaped(), value.toHtmlEscaped()));
    };
    row(tr("File"), entry->path);
    row(tr("Source"), app::modelSourceName(entry->source));
    row(tr("File size"), app::formatBytes(static_cast<std::uint64_t>(entry->fileBytes)));
    if (const ModelInfo* info = entry->info ? &*entry->info : nullptr) {
        if (!info->name.empty())
            row(tr("Model name"), QString::fromStdString(info->name));
        row(tr("Architecture"), QString::fromStdString(info->architecture));
        row(tr("Parameters"),
            tr("%1 (%2)").arg(app::formatParameterCount(info->parameterCount),
                              groupedNumber(static_cast<qlonglong>(info->parameterCount))));
        if (!info->quantization.empty())
            row(tr("Quantisation"), QString::fromStdString(info->quantization));
        row(tr("Layers"), groupedNumber(info->layerCount));
        if (info->expertCount > 0)
            row(tr("Experts"),
                tr("%1 routed, %2 active per token, %3 shared")
                    .arg(groupedNumber(info->expertCount), groupedNumber(info->expertUsedCount),
                         groupedNumber(info->expertSharedCount)));
        if (info->trainedContext > 0)
            row(tr("Trained context"),
                tr("%1 tokens").arg(groupedNumber(static_cast<qlonglong>(info->trainedContext))));
    }
    m_details->setText(
        QStringLiteral("<b>%1</b><table>%2</table>").arg(entry->displayName.toHtmlEscaped(), rows.join(QString())));

    if (entry->info && !entry->info->supported) {
        m_estimate->setText(tr("No estimate: Cairn cannot run this model."));
        showMessage(refusal(*entry, {}), true);
    } else if (entry->info) {
        const qlonglong trained = static_cast<qlonglong>(entry->info->trainedContext);
        const QSignalBlocker blocker(m_context);
        m_context->setMaximum(trained > 0 ? static_cast<int>(std::min<qlonglong>(trained, kMaxContext)) : kMaxContext);
        const app::MemoryVerdict verdict = m_catalog.checkMemory(*entry, m_context->value());
        m_estimate->setText(tr("Weights %1 + KV cache %2 + working memory %3 = %4\n%5")
                                .arg(app::formatBytes(verdict.weightBytes), app::formatBytes(verdict.kvCacheBytes),
                                     app::formatBytes(verdict.workspaceBytes), app::formatBytes(verdict.neededBytes),
                                     verdict.message));
        const QString why = refusal(*entry, verdict);
        if (!why.isEmpty())
            showMessage(why, true);
        else if (m_message->property("problem").toBool() && m_loadingPath.isEmpty())
            showMessage(QString(), false);
    } else {
        m_estimate->clear();
        showMessage(refusal(*entry, {}), true);
    }
    updateButtons();
}

void ModelsPage::updateButtons()
{
    const bool loading = !m_loadingPath.isEmpty();
    const std::optional<app::ModelEntry> entry = selectedEntry();
    const bool loadable = entry
        && refusal(*entry, entry->info ? m_catalog.checkMemory(*entry, m_context->value()) : app::MemoryVerdict{})
               .isEmpty();
    m_load->setEnabled(loadable && !loading);
    m_unload->setEnabled(!m_loadedPath.isEmpty() && !loading);
    m_cancel->setEnabled(loading);
    m_progress->setVisible(loading);
}

void ModelsPage::showMessage(const QString& text, bool problem)
{
    m_message->setText(text);
    m_message->setProperty("problem", problem && !text.isEmpty());
    m_message->setStyleSheet(problem ? QStringLiteral("color: #c0392b;") : QString());
}

void ModelsPage::loadSelected()
{
    if (!m_loadingPath.isEmpty())
        return;
    const std::optional<app::ModelEntry> entry = selectedEntry();
    if (!entry)
        return;
    const app::MemoryVerdict verdict
        = entry->info ? m_catalog.checkMemory(*entry, m_context->value()) : app::MemoryVerdict{};
    if (const QString why = refusal(*entry, verdict); !why.isEmpty()) {
        showMessage(why, true);
        return;
    }
    m_loadingPath = entry->path;
    m_loadingContext = m_context->value();
    m_cancelRequested = false;
    m_progress->setValue(0);
    showMessage(tr("Loading %1…").arg(entry->displayName), false);
    updateButtons();
    app::ModelLoadOptions options;
    options.path = entry->path;
    options.contextLength = m_loadingContext;
    options.threads = m_threads;
    m_engine.loadModel(options);
}

void ModelsPage::loadLastModelWhenFound()
{
    m_autoLoad = true;
    if (!m_catalog.isScanning()) {
        if (m_catalog.entries().isEmpty()) {
            m_catalog.rescan();
        } else {
            m_autoLoad = false;
            const std::optional<app::ModelEntry> last = m_catalog.autoLoadCandidate(m_context->value());
            if (last && m_loadedPath.isEmpty() && m_loadingPath.isEmpty() && selectModel(last->path))
                loadSelected();
        }
    }
}

void ModelsPage::addFolder()
{
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Add a folder with models"));
    if (folder.isEmpty())
        return;
    QString problem;
    if (!m_catalog.addFolder(folder, &problem))
        showMessage(problem, true);
}

void ModelsPage::onLoaded(const app::LoadedModelInfo& info)
{
    const QString canonical = QFileInfo(info.path).canonicalFilePath();
    m_loadedPath = canonical.isEmpty() ? info.path : canonical;
    m_loadingPath.clear();
    m_catalog.setLastModelPath(m_loadedPath);
    const std::optional<app::ModelEntry> entry = m_catalog.entry(m_loadedPath);
    m_catalog.setLoadedModelBytes(entry && entry->info ? m_catalog.checkMemory(*entry, info.contextLength).neededBytes
                                                       : info.weightBytes);
    const QString name = entry ? entry->displayName : info.name;
    m_loadedLabel->setText(tr("Loaded: %1 · %2 · %3 tokens of context")
                               .arg(name, info.backend, groupedNumber(static_cast<qlonglong>(info.contextLength))));
    showMessage(tr("%1 is loaded.").arg(name), false);
    fillTable();
    updateButtons();
}

void ModelsPage::onLoadFailed(const QString& path, const QString& message)
{
    const bool cancelled = m_cancelRequested;
    m_cancelRequested = false;
    const std::optional<app::ModelEntry> entry = m_catalog.entry(path);
    const QString name = entry ? entry->displayName : QFileInfo(path).fileName();
    m_loadingPath.clear();
    if (cancelled)
        showMessage(tr("Loading %1 was cancelled.").arg(name), false);
    else
        showMessage(tr("%1 could not be loaded: %2").arg(name, message), true);
    updateButtons();
}

void ModelsPage::onUnloaded()
{
    m_loadedPath.clear();
    m_catalog.setLoadedModelBytes(0);
    m_loadedLabel->setText(tr("No model loaded"));
    fillTable();
    updateButtons();
}

} // namespace cairn::ui
