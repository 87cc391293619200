// SPDX-License-Identifier: MIT
// ModelCatalog over a fake home: Cairn's folder, an Ollama store with a manifest, a Hugging Face
// cache with symlinked snapshots, LM Studio, a user folder, and broken files; folders and the
// last model persisted; the memory verdict with an injected amount of available memory.

#include "app/services/model_catalog.h"
#include "engine/api/synthetic_model.h"
#include "storage/database.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace cairn;
using namespace cairn::app;

namespace {

bool writeFile(const QString& path, const QByteArray& bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

QByteArray readFile(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

const ModelEntry* findByName(const QList<ModelEntry>& entries, const QString& name)
{
    for (const ModelEntry& entry : entries) {
        if (entry.displayName == name)
            return &entry;
    }
    return nullptr;
}

} // namespace

class TestModelCatalog : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_home;
    QString m_user;
    QByteArray m_model; ///< a tiny synthetic deepseek2 GGUF
    std::optional<storage::Database> m_db;

    bool scan(ModelCatalog& catalog)
    {
        QSignalSpy finished(&catalog, &ModelCatalog::scanFinished);
        catalog.rescan();
        return finished.wait(20000);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_home = m_dir.filePath(QStringLiteral("home"));
        m_user = m_dir.filePath(QStringLiteral("my-models"));
        SyntheticModelOptions options;
        options.out = m_dir.filePath(QStringLiteral("tiny.gguf")).toStdString();
        QVERIFY(writeSyntheticModel(options).ok());
        m_model = readFile(QString::fromStdString(options.out));
        QVERIFY(m_model.startsWith("GGUF"));

        // Cairn's own folder (XDG default under the home).
        QVERIFY(writeFile(m_home + QStringLiteral("/.local/share/cairn/models/mine.gguf"), m_model));
        // Ollama: one blob named by a manifest, one GGUF blob without a manifest, one non-model blob.
        const QString ollama = m_home + QStringLiteral("/.ollama/models");
        const QString digest = QStringLiteral("1111aaaa");
        QVERIFY(writeFile(ollama + QStringLiteral("/blobs/sha256-") + digest, m_model));
        QVERIFY(writeFile(ollama + QStringLiteral("/blobs/sha256-2222bbbb"), m_model + QByteArray(1, '\0')));
        QVERIFY(writeFile(ollama + QStringLiteral("/blobs/sha256-3333cccc"), "{{ .Prompt }}"));
        const QByteArray manifest = QByteArrayLiteral(
            R"({"schemaVersion":2,"layers":[{"mediaType":"application/vnd.ollama.image.model","digest":"sha256:1111aaaa","size":1},)"
            R"({"mediaType":"application/vnd.ollama.image.template","digest":"sha256:3333cccc","size":13}]})");
        QVERIFY(writeFile(ollama + QStringLiteral("/manifests/registry.ollama.ai/library/deepseek-v2/16b"), manifest));
        // Hugging Face: a snapshot file that is a symlink into blobs/, twice (two revisions).
        const QString repo = m_home + QStringLiteral("/.cache/huggingface/hub/models--deepseek-ai--Tiny-GGUF");
        QVERIFY(writeFile(repo + QStringLiteral("/blobs/abc123"), m_model + QByteArray(2, '\0')));
        for (const QString& revision : {QStringLiteral("rev1"), QStringLiteral("rev2")}) {
            QDir().mkpath(repo + QStringLiteral("/snapshots/") + revision);
            QVERIFY(QFile::link(QStringLiteral("../../blobs/abc123"),
                                repo + QStringLiteral("/snapshots/") + revision + QStringLiteral("/tiny-q8.gguf")));
        }
        // LM Studio, in a publisher/model subfolder.
        QVERIFY(
            writeFile(m_home + QStringLiteral("/.lmstudio/models/pub/tiny/lm.gguf"), m_model + QByteArray(3, '\0')));
        // A user folder with a good model, a non-GGUF named .gguf and a truncated GGUF.
        QVERIFY(writeFile(m_user + QStringLiteral("/good.gguf"), m_model + QByteArray(4, '\0')));
        QVERIFY(writeFile(m_user + QStringLiteral("/fake.gguf"), "not a model at all"));
        QVERIFY(writeFile(m_user + QStringLiteral("/cut.gguf"), m_model.left(m_model.size() / 2)));
        QVERIFY(writeFile(m_user + QStringLiteral("/readme.txt"), "text"));
        // A model split in two: the first part stands for it, the second is not listed.
        QVERIFY(writeFile(m_user + QStringLiteral("/split-00001-of-00002.gguf"), m_model + QByteArray(5, '\0')));
        QVERIFY(writeFile(m_user + QStringLiteral("/split-00002-of-00002.gguf"), m_model + QByteArray(6, '\0')));

        auto db = storage::Database::open(m_dir.filePath(QStringLiteral("cairn.db")).toStdString());
        QVERIFY(db.ok());
        m_db.emplace(std::move(db).value());
    }

    void rootsFollowTheEnvironment()
    {
        QProcessEnvironment env;
        env.insert(QStringLiteral("XDG_DATA_HOME"), QStringLiteral("/data"));
        env.insert(QStringLiteral("HF_HOME"), QStringLiteral("/hf"));
        env.insert(QStringLiteral("OLLAMA_MODELS"), QStringLiteral("/ollama"));
        ModelScanRoots roots = ModelScanRoots::forHome(QStringLiteral("/h"), env);
        QCOMPARE(roots.cairnModels, QStringLiteral("/data/cairn/models"));
        QCOMPARE(roots.huggingFaceHub, QStringLiteral("/hf/hub"));
        QCOMPARE(roots.ollamaModels, QStringLiteral("/ollama"));
        env.insert(QStringLiteral("HF_HUB_CACHE"), QStringLiteral("/cache"));
        env.insert(QStringLiteral("XDG_DATA_HOME"), QStringLiteral("relative")); // ignored, per the XDG spec
        roots = ModelScanRoots::forHome(QStringLiteral("/h"), env);
        QCOMPARE(roots.huggingFaceHub, QStringLiteral("/cache"));
        QCOMPARE(roots.cairnModels, QStringLiteral("/h/.local/share/cairn/models"));
        QCOMPARE(roots.lmStudio,
                 QStringList({QStringLiteral("/h/.lmstudio/models"), QStringLiteral("/h/.cache/lm-studio/models")}));
    }

    void findsEveryPlace()
    {
        ModelCatalog catalog(*m_db, m_home, QProcessEnvironment());
        QVERIFY(catalog.entries().isEmpty());
        QVERIFY(scan(catalog));
        const QList<ModelEntry>& entries = catalog.entries();

        const ModelEntry* mine = findByName(entries, QStringLiteral("mine"));
        QVERIFY(mine != nullptr);
        QCOMPARE(mine->source, ModelSource::Cairn);
        QVERIFY(mine->info.has_value());
        QCOMPARE(mine->info->architecture, std::string("deepseek2"));
        QCOMPARE(mine->fileBytes, m_model.size());

        const ModelEntry* ollama = findByName(entries, QStringLiteral("deepseek-v2:16b"));
        QVERIFY(ollama != nullptr);
        QCOMPARE(ollama->source, ModelSource::Ollama);
        QVERIFY(ollama->path.endsWith(QStringLiteral("/blobs/sha256-1111aaaa")));
        QVERIFY(ollama->info.has_value());
        const ModelEntry* unnamed = findByName(entries, QStringLiteral("sha256-2222bbbb"));
        QVERIFY(unnamed != nullptr); // recognised by its magic
        QVERIFY(unnamed->info.has_value());
        QVERIFY(findByName(entries, QStringLiteral("sha256-3333cccc")) == nullptr); // a template, not a model

        // The two snapshots are one blob: listed once, under the repository's name.
        int huggingFace = 0;
        for (const ModelEntry& entry : entries)
            huggingFace += entry.source == ModelSource::HuggingFace ? 1 : 0;
        QCOMPARE(huggingFace, 1);
        const ModelEntry* hf = findByName(entries, QStringLiteral("deepseek-ai/Tiny-GGUF: tiny-q8"));
        QVERIFY(hf != nullptr);
        QVERIFY(hf->path.endsWith(QStringLiteral("/blobs/abc123")));
        QVERIFY(hf->info.has_value());

        const ModelEntry* lm = findByName(entries, QStringLiteral("lm"));
        QVERIFY(lm != nullptr);
        QCOMPARE(lm->source, ModelSource::LmStudio);

        // Not added yet: the user folder's files are not listed.
        QVERIFY(findByName(entries, QStringLiteral("good")) == nullptr);
        QCOMPARE(entries.size(), 5);
        QVERIFY(QFileInfo(catalog.roots().cairnModels).isDir());
    }

    void userFolderIsScannedAndRemembered()
    {
        ModelCatalog catalog(*m_db, m_home, QProcessEnvironment());
        QString problem;
        QVERIFY(!catalog.addFolder(m_dir.filePath(QStringLiteral("missing")), &problem));
        QVERIFY2(problem.contains(QStringLiteral("missing: not a readable folder")), qPrintable(problem));

        QSignalSpy finished(&catalog, &ModelCatalog::scanFinished);
        QVERIFY(catalog.addFolder(m_user, &problem));
        QVERIFY(finished.wait(20000));
        const QList<ModelEntry>& entries = catalog.entries();
        const ModelEntry* good = findByName(entries, QStringLiteral("good"));
        QVERIFY(good != nullptr);
        QCOMPARE(good->source, ModelSource::UserFolder);
        QVERIFY(good->info.has_value());
        QVERIFY(good->error.isEmpty());

        const ModelEntry* fake = findByName(entries, QStringLiteral("fake"));
        QVERIFY(fake != nullptr);
        QVERIFY(!fake->info.has_value());
        QCOMPARE(fake->error, fake->path + QStringLiteral(": not a GGUF file (wrong magic)"));

        const ModelEntry* cut = findByName(entries, QStringLiteral("cut"));
        QVERIFY(cut != nullptr);
        QVERIFY(!cut->info.has_value());
        QVERIFY2(cut->error.startsWith(cut->path + QStringLiteral(": ")), qPrintable(cut->error));
        QVERIFY(findByName(entries, QStringLiteral("readme")) == nullptr);
        QVERIFY(findByName(entries, QStringLiteral("split-00001-of-00002")) != nullptr);
        QVERIFY(findByName(entries, QStringLiteral("split-00002-of-00002")) == nullptr);
        QCOMPARE(entries.size(), 9);

        // A second catalog on the same profile finds the folder again.
        ModelCatalog again(*m_db, m_home, QProcessEnvironment());
        QCOMPARE(again.userFolders(), QStringList{QFileInfo(m_user).canonicalFilePath()});
        again.removeFolder(QFileInfo(m_user).canonicalFilePath());
        QVERIFY(again.userFolders().isEmpty());
        QVERIFY(ModelCatalog(*m_db, m_home, QProcessEnvironment()).userFolders().isEmpty());
    }

    void tooBigIsJudgedFromTheEstimate()
    {
        ModelCatalog catalog(*m_db, m_home, QProcessEnvironment());
        QVERIFY(scan(catalog));
        const std::optional<ModelEntry> mine
            = catalog.entry(m_home + QStringLiteral("/.local/share/cairn/models/mine.gguf"));
        QVERIFY(mine.has_value());
        const std::uint64_t needed = estimateMemory(*mine->info, 8192).totalBytes();

        catalog.setAvailableMemoryFn([] { return std::optional<std::uint64_t>(22'100'000'000ULL); });
        MemoryVerdict verdict = catalog.checkMemory(*mine, 8192);
        QVERIFY(verdict.fits);
        QCOMPARE(verdict.neededBytes, needed);

        catalog.setAvailableMemoryFn([needed] { return std::optional<std::uint64_t>(needed - 1); });
        verdict = catalog.checkMemory(*mine, 8192);
        QVERIFY(!verdict.fits);
        QCOMPARE(verdict.availableBytes, needed - 1);
        QCOMPARE(verdict.message,
                 QStringLiteral("needs %1 for 8,192 tokens of context; %2 is available")
                     .arg(formatBytes(needed), formatBytes(needed - 1)));
        // Memory the loaded model would give back counts as available.
        catalog.setLoadedModelBytes(1);
        QVERIFY(catalog.checkMemory(*mine, 8192).fits);
        // Context 0 is the trained context (163,840 tokens for the synthetic model).
        QVERIFY(catalog.checkMemory(*mine, 0).message.contains(QStringLiteral("163,840 tokens")));
    }

    void readsAvailableMemory()
    {
        const std::optional<std::uint64_t> available = readAvailableMemory();
        QVERIFY(available.has_value());
        QVERIFY(*available > 1'000'000);
    }

    void formatsNumbers()
    {
        QCOMPARE(formatBytes(41'200'000'000ULL), QStringLiteral("41.2 GB"));
        QCOMPARE(formatBytes(22'149'999'999ULL), QStringLiteral("22.1 GB"));
        QCOMPARE(formatBytes(5'300'000ULL), QStringLiteral("5.3 MB"));
        QCOMPARE(formatParameterCount(15'706'484'224ULL), QStringLiteral("15.7 B"));
        QCOMPARE(formatParameterCount(236'000'000ULL), QStringLiteral("236.0 M"));
    }

    void lastModelIsOfferedForAutoLoad()
    {
        ModelCatalog catalog(*m_db, m_home, QProcessEnvironment());
        catalog.setAvailableMemoryFn([] { return std::optional<std::uint64_t>(64'000'000'000ULL); });
        QVERIFY(scan(catalog));
        QVERIFY(!catalog.autoLoadCandidate(4096).has_value());
        const QString mine
            = QFileInfo(m_home + QStringLiteral("/.local/share/cairn/models/mine.gguf")).canonicalFilePath();
        catalog.setLastModelPath(mine);

        ModelCatalog restarted(*m_db, m_home, QProcessEnvironment());
        QCOMPARE(restarted.lastModelPath(), mine);
        restarted.setAvailableMemoryFn([] { return std::optional<std::uint64_t>(64'000'000'000ULL); });
        QVERIFY(scan(restarted));
        const std::optional<ModelEntry> candidate = restarted.autoLoadCandidate(4096);
        QVERIFY(candidate.has_value());
        QCOMPARE(candidate->path, mine);
        // Not offered when it no longer fits.
        restarted.setAvailableMemoryFn([] { return std::optional<std::uint64_t>(1000); });
        QVERIFY(!restarted.autoLoadCandidate(4096).has_value());
        restarted.setLastModelPath(QString());
        QVERIFY(restarted.lastModelPath().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestModelCatalog)
#include "tst_model_catalog.moc"
