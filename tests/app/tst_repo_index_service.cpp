// SPDX-License-Identifier: MIT
// RepoIndexService on small repositories written here: a first index of a git repository (counts,
// stored symbols, linked references, HEAD), a re-index after a change, a deletion, a touch and an
// addition, a cancel midway that leaves a consistent database, refused folders; then the repo map
// and context packing over the indexed result, budgets included.

#include "app/services/context_pack.h"
#include "app/services/repo_index_service.h"
#include "app/services/repo_map.h"
#include "storage/database.h"
#include "storage/repo_index_store.h"

#include <QtTest>

#include <git2.h>
#include <sqlite3.h>

#include <filesystem>

using namespace cairn;
using app::RepoIndexReport;

namespace {

constexpr qint64 kBaseSecs = 1'600'000'000;

void writeFile(const QString& path, const QByteArray& content, qint64 mtimeSecs = kBaseSecs)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(file.write(content), content.size());
    QVERIFY(file.flush()); // else closing writes the buffer and sets the mtime again
    QVERIFY(file.setFileTime(QDateTime::fromSecsSinceEpoch(mtimeSecs), QFileDevice::FileModificationTime));
}

QByteArray caller(const char* name, const char* extra = "")
{
    return QByteArray("#include \"core.h\"\n\nint ") + name
        + "(void)\n{\n    struct Core core;\n    return core_init(&core)" + extra + ";\n}\n";
}

/// include/core.h used by src/a.c, b.c and c.c; c.c also calls helper() of src/util.c.
void writeSmallRepository(const QString& root)
{
    writeFile(root + "/include/core.h",
              "struct Core {\n    int value;\n};\n\nstatic inline int core_init(struct Core* core)\n"
              "{\n    core->value = 1;\n    return 0;\n}\n");
    writeFile(root + "/src/a.c", caller("run_a"));
    writeFile(root + "/src/b.c", caller("run_b"));
    writeFile(root + "/src/c.c", caller("run_c", " + helper()"));
    writeFile(root + "/src/util.c", "/* frobnicate the widgets */\nint helper(void)\n{\n    return 42;\n}\n");
    writeFile(root + "/README.md", "A small repository for tests.\n");
}

/// Makes `root` a git repository with everything committed; returns the commit id.
QString commitAll(const QString& root)
{
    git_libgit2_init();
    git_repository* repo = nullptr;
    git_index* index = nullptr;
    git_tree* tree = nullptr;
    git_signature* author = nullptr;
    git_oid treeId = {};
    git_oid commit = {};
    QString id;
    if (git_repository_init(&repo, QFile::encodeName(root).constData(), 0) == 0
        && git_repository_index(&index, repo) == 0 && git_index_add_all(index, nullptr, 0, nullptr, nullptr) == 0
        && git_index_write(index) == 0 && git_index_write_tree(&treeId, index) == 0
        && git_tree_lookup(&tree, repo, &treeId) == 0
        && git_signature_new(&author, "Cairn Test", "test@cairn.invalid", kBaseSecs, 0) == 0
        && git_commit_create_v(&commit, repo, "HEAD", author, author, nullptr, "first", tree, 0) == 0) {
        char hex[GIT_OID_HEXSZ + 1] = {};
        git_oid_tostr(hex, sizeof hex, &commit);
        id = QString::fromLatin1(hex);
    }
    git_signature_free(author);
    git_tree_free(tree);
    git_index_free(index);
    git_repository_free(repo);
    git_libgit2_shutdown();
    return id;
}

qint64 queryInt(sqlite3* db, const char* sql)
{
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) != SQLITE_OK)
        return -1;
    const qint64 value = sqlite3_step(statement) == SQLITE_ROW ? sqlite3_column_int64(statement, 0) : -1;
    sqlite3_finalize(statement);
    return value;
}

bool isConsistent(sqlite3* db)
{
    return queryInt(db, "SELECT count(*) FROM pragma_foreign_key_check") == 0
        && sqlite3_exec(db, "INSERT INTO code_chunk_fts(code_chunk_fts, rank) VALUES ('integrity-check', 1)", nullptr,
                        nullptr, nullptr)
        == SQLITE_OK
        && queryInt(db, "SELECT count(*) FROM code_chunks") == queryInt(db, "SELECT count(*) FROM code_chunk_fts")
        // every stored file is whole: it has its chunks
        && queryInt(db,
                    "SELECT count(*) FROM code_files f WHERE NOT EXISTS"
                    " (SELECT 1 FROM code_chunks c WHERE c.file_id = f.id)")
        == 0;
}

std::vector<std::string> paths(const std::vector<storage::CodeFile>& files)
{
    std::vector<std::string> result;
    for (const storage::CodeFile& file : files)
        result.push_back(file.path);
    return result;
}

} // namespace

class TestRepoIndexService : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup() { m_db.reset(); }
    void firstIndexOfAGitRepository();
    void reindexAfterChanges();
    void cancelLeavesAConsistentDatabase();
    void refusesMissingFolderAndFile();
    void nonUtf8FolderIsRefusedByName_issue7();
    void repoMapRanksTheSharedHeaderFirst();
    void packStaysWithinBudget_data();
    void packStaysWithinBudget();
    void packFindsWhatTheQuestionAsks();

private:
    RepoIndexReport index(const QString& root, const app::RepoIndexOptions& options = {},
                          const ingest::IndexProgressFn& progress = {}, const ingest::CancelFlag* cancel = nullptr);
    std::int64_t indexedSmallRepository();

    QTemporaryDir m_dir;
    QString m_root;
    std::optional<storage::Database> m_db;
};

void TestRepoIndexService::init()
{
    m_root = m_dir.path() + "/" + QTest::currentTestFunction() + "/repo";
    QVERIFY(QDir().mkpath(m_root));
    auto db = storage::Database::open((m_dir.path() + "/" + QTest::currentTestFunction() + "/index.db").toStdString());
    QVERIFY(db.ok());
    m_db.emplace(std::move(db).value());
}

RepoIndexReport TestRepoIndexService::index(const QString& root, const app::RepoIndexOptions& options,
                                            const ingest::IndexProgressFn& progress, const ingest::CancelFlag* cancel)
{
    storage::Result<RepoIndexReport> report = app::RepoIndexService(*m_db).index(root, options, progress, cancel);
    if (!report.ok()) {
        qWarning("%s", report.error().message().c_str());
        return {};
    }
    return std::move(report).value();
}

std::int64_t TestRepoIndexService::indexedSmallRepository()
{
    writeSmallRepository(m_root);
    return index(m_root).repository.id;
}

void TestRepoIndexService::firstIndexOfAGitRepository()
{
    writeSmallRepository(m_root);
    const QString head = commitAll(m_root);
    QCOMPARE(head.size(), 40);
    const RepoIndexReport report = index(m_root);
    QCOMPARE(report.filesFound, 6);
    QCOMPARE(report.newFiles, 6);
    QCOMPARE(report.changedFiles + report.unchangedFiles + report.deletedFiles, 0);
    QCOMPARE(report.filesPerLanguage.value("c"), 5);
    QCOMPARE(report.filesPerLanguage.value(""), 1);
    QVERIFY(report.gitRepository);
    QCOMPARE(report.headRevision, head);
    QCOMPARE(QString::fromStdString(report.repository.headRevision), head);
    QCOMPARE(QString::fromStdString(report.repository.rootPath), QFileInfo(m_root).canonicalFilePath());
    QVERIFY(report.repository.indexedMs.has_value());
    QVERIFY(!report.cancelled);
    QVERIFY(report.symbols >= 6);
    QVERIFY(report.referencesLinked >= 4); // core_init x3 and helper at least

    const storage::RepoIndexStore store(*m_db);
    QCOMPARE(paths(store.files(report.repository.id).value()),
             (std::vector<std::string>{"README.md", "include/core.h", "src/a.c", "src/b.c", "src/c.c", "src/util.c"}));
    const auto coreInit = store.symbolsNamed("core_init", storage::NameMatch::Exact, report.repository.id, 10).value();
    QCOMPARE(coreInit.size(), 1u);
    QCOMPARE(coreInit.front().path, std::string("include/core.h"));
    QCOMPARE(coreInit.front().kind, std::string("function"));
    QCOMPARE(coreInit.front().startLine, 5);
    const auto calls = store.referencesTo(report.repository.id, "core_init").value();
    QCOMPARE(calls.size(), 3u);
    for (const storage::CodeReference& call : calls)
        QCOMPARE(call.toSymbolId, std::optional<std::int64_t>(coreInit.front().id));
    const storage::CodeFile util = *store.file(report.repository.id, "src/util.c").value();
    QCOMPARE(util.mtimeMs, kBaseSecs * 1000);
    QCOMPARE(util.contentHash.size(), 40u); // SHA-1 in hex
    QVERIFY(isConsistent(m_db->handle()));
}

void TestRepoIndexService::reindexAfterChanges()
{
    const std::int64_t repository = indexedSmallRepository();
    writeFile(m_root + "/src/util.c", "int helper2(void)\n{\n    return 43;\n}\n", kBaseSecs + 10);
    QVERIFY(QFile::remove(m_root + "/src/b.c"));
    writeFile(m_root + "/src/a.c", caller("run_a"), kBaseSecs + 20); // same bytes, new mtime
    writeFile(m_root + "/src/d.c", caller("run_d"));

    const RepoIndexReport second = index(m_root);
    QCOMPARE(second.repository.id, repository);
    QCOMPARE(second.filesFound, 6);
    QCOMPARE(second.newFiles, 1);
    QCOMPARE(second.changedFiles, 1);
    QCOMPARE(second.deletedFiles, 1);
    QCOMPARE(second.unchangedFiles, 4);
    QCOMPARE(second.touchedFiles, 1);
    QVERIFY(!second.gitRepository);
    QVERIFY(second.headRevision.isEmpty());

    const storage::RepoIndexStore store(*m_db);
    QCOMPARE(paths(store.files(repository).value()),
             (std::vector<std::string>{"README.md", "include/core.h", "src/a.c", "src/c.c", "src/d.c", "src/util.c"}));
    QVERIFY(store.symbolsNamed("helper", storage::NameMatch::Exact, repository, 10).value().empty());
    QCOMPARE(store.symbolsNamed("helper2", storage::NameMatch::Exact, repository, 10).value().size(), 1u);
    QVERIFY(store.symbolsNamed("run_b", storage::NameMatch::Exact, repository, 10).value().empty());
    QCOMPARE(store.symbolsNamed("run_d", storage::NameMatch::Exact, repository, 10).value().size(), 1u);
    QCOMPARE(store.file(repository, "src/a.c").value()->mtimeMs, (kBaseSecs + 20) * 1000);
    QCOMPARE(store.referencesTo(repository, "core_init").value().size(), 3u); // a, c, d
    QVERIFY(isConsistent(m_db->handle()));

    const RepoIndexReport third = index(m_root);
    QCOMPARE(third.unchangedFiles, 6);
    QCOMPARE(third.touchedFiles, 0);
    QCOMPARE(third.newFiles + third.changedFiles + third.deletedFiles, 0);
    QCOMPARE(third.referencesLinked, 0);
}

void TestRepoIndexService::cancelLeavesAConsistentDatabase()
{
    constexpr int kFiles = 300;
    for (int i = 0; i < kFiles; ++i) {
        writeFile(m_root + QStringLiteral("/f%1.py").arg(i, 3, 10, QLatin1Char('0')),
                  QStringLiteral("def f%1():\n    return g%1()\n\ndef g%1():\n    return %1\n").arg(i).toUtf8());
    }
    ingest::CancelFlag cancel;
    app::RepoIndexOptions options;
    options.batchFiles = 20;
    options.threads = 2;
    const RepoIndexReport cancelled = index(
        m_root, options,
        [&](const ingest::IndexProgress& progress) {
            if (progress.filesDone == 50)
                cancel.cancel();
        },
        &cancel);
    QVERIFY(cancelled.cancelled);
    QVERIFY(!cancelled.repository.indexedMs.has_value());
    QCOMPARE(cancelled.newFiles, 50);
    QCOMPARE(cancelled.deletedFiles, 0);
    const storage::RepoIndexStore store(*m_db);
    QCOMPARE(store.files(cancelled.repository.id).value().size(), 50u);
    QVERIFY(isConsistent(m_db->handle()));
    QCOMPARE(store.symbolsNamed("f49", storage::NameMatch::Exact, cancelled.repository.id, 1).value().size(), 1u);

    const RepoIndexReport finished = index(m_root, options);
    QVERIFY(!finished.cancelled);
    QCOMPARE(finished.newFiles, kFiles - 50);
    QCOMPARE(finished.unchangedFiles, 50);
    QVERIFY(finished.repository.indexedMs.has_value());
    QCOMPARE(store.files(finished.repository.id).value().size(), static_cast<std::size_t>(kFiles));
    QVERIFY(isConsistent(m_db->handle()));
}

void TestRepoIndexService::refusesMissingFolderAndFile()
{
    app::RepoIndexService service(*m_db);
    const auto missing = service.index(m_root + "/missing", {});
    QVERIFY(!missing.ok());
    QCOMPARE(missing.error().code, storage::ErrorCode::Io);
    QVERIFY(missing.error().message().find("no such folder") != std::string::npos);
    writeFile(m_root + "/file.c", "int x;\n");
    const auto file = service.index(m_root + "/file.c", {});
    QVERIFY(!file.ok());
    QCOMPARE(file.error().code, storage::ErrorCode::InvalidInput);
    QVERIFY(file.error().message().find("not a folder") != std::string::npos);
    QVERIFY(storage::RepoIndexStore(*m_db).listRepositories().value().empty());
}

void TestRepoIndexService::nonUtf8FolderIsRefusedByName_issue7()
{
    // "café" in Latin-1: its name reaches a QString as "caf\uFFFD", which names no folder.
    const std::filesystem::path native(QFile::encodeName(m_root).toStdString() + "/caf\xe9");
    QVERIFY(std::filesystem::create_directory(native));
    const QString shown = QFile::decodeName(QByteArray::fromStdString(native.string()));
    QVERIFY(shown.endsWith(QStringLiteral("caf\uFFFD")));
    const auto refused = app::RepoIndexService(*m_db).index(shown, {});
    QVERIFY(!refused.ok());
    const std::string message = refused.error().message();
    QVERIFY2(message.find(shown.toStdString()) != std::string::npos, message.c_str());
    QVERIFY2(message.find("not valid UTF-8") != std::string::npos, message.c_str());
    QVERIFY(storage::RepoIndexStore(*m_db).listRepositories().value().empty());
    QVERIFY(std::filesystem::remove(native));
}

void TestRepoIndexService::repoMapRanksTheSharedHeaderFirst()
{
    const std::int64_t repository = indexedSmallRepository();
    const auto graph = app::loadRepoGraph(*m_db, repository);
    QVERIFY(graph.ok());
    const app::RepoRanking uniform = app::rankRepository(graph.value());
    QCOMPARE(graph.value().files[uniform.files.front().file].path, std::string("include/core.h"));
    const app::RepoMapText map = app::renderRepoMap(graph.value(), uniform, 30);
    QVERIFY2(map.text.starts_with("include/core.h:\n  static inline int core_init(struct Core* core)\n")
                 || map.text.starts_with("include/core.h:\n  struct Core\n"),
             map.text.c_str());
    QVERIFY(map.tokens <= 30);

    app::RankOptions focus;
    focus.focusPaths = {"src/c.c"};
    const app::RepoRanking focused = app::rankRepository(graph.value(), focus);
    const auto fileId = [&](const char* path) {
        for (const storage::CodeFile& file : graph.value().files) {
            if (file.path == path)
                return file.id;
        }
        return std::int64_t{-1};
    };
    QVERIFY(focused.fileRank.at(fileId("src/util.c")) > uniform.fileRank.at(fileId("src/util.c")));
    QVERIFY(focused.fileRank.at(fileId("src/util.c")) > focused.fileRank.at(fileId("src/a.c")));
    QCOMPARE(focused.fileRank.at(fileId("src/a.c")), 0.0);
}

void TestRepoIndexService::packStaysWithinBudget_data()
{
    QTest::addColumn<int>("budget");
    QTest::addColumn<QString>("question");
    for (int budget : {1, 10, 40, 80, 150, 300, 2000}) {
        QTest::addRow("%d, no question", budget) << budget << QString();
        QTest::addRow("%d, question", budget) << budget << QStringLiteral("how is the core initialised by core_init");
    }
}

void TestRepoIndexService::packStaysWithinBudget()
{
    QFETCH(int, budget);
    QFETCH(QString, question);
    const std::int64_t repository = indexedSmallRepository();
    app::PackOptions options;
    options.tokenBudget = budget;
    options.question = question.toStdString();
    const auto pack = app::packContext(*m_db, repository, options);
    QVERIFY(pack.ok());
    QCOMPARE(pack.value().tokens, ingest::estimateTokens(pack.value().text));
    QVERIFY2(pack.value().tokens <= budget, pack.value().text.c_str());
    QVERIFY(pack.value().map.tokens <= budget / 4);
    for (const app::PackedBlock& block : pack.value().blocks) {
        const std::string header
            = "// " + block.path + ":" + std::to_string(block.startLine) + "-" + std::to_string(block.endLine) + "\n";
        QVERIFY2(pack.value().text.find(header) != std::string::npos, header.c_str());
    }
    if (budget == 2000) { // room for everything: every file whole, the map first
        QCOMPARE(pack.value().blocks.size(), question.isEmpty() ? 6u : 4u); // the question reaches 4 files
        QVERIFY(pack.value().text.starts_with("include/core.h:\n"));
        for (const app::PackedBlock& block : pack.value().blocks)
            QVERIFY(block.wholeFile);
        QVERIFY(pack.value().text.find("// src/util.c:1-5\n/* frobnicate the widgets */\nint helper(void)\n")
                    != std::string::npos
                || !question.isEmpty());
    }
}

void TestRepoIndexService::packFindsWhatTheQuestionAsks()
{
    const std::int64_t repository = indexedSmallRepository();
    app::PackOptions options;
    options.tokenBudget = 120;
    options.question = "where do we frobnicate widgets";
    const auto pack = app::packContext(*m_db, repository, options);
    QVERIFY(pack.ok());
    QVERIFY(!pack.value().blocks.empty());
    QCOMPARE(pack.value().blocks.front().path, std::string("src/util.c"));
    QVERIFY(pack.value().text.find("frobnicate the widgets") != std::string::npos);

    options.question = "helper"; // a symbol name: its definition comes first
    const auto byName = app::packContext(*m_db, repository, options);
    QVERIFY(byName.ok());
    QCOMPARE(byName.value().blocks.front().path, std::string("src/util.c"));
}

QTEST_GUILESS_MAIN(TestRepoIndexService)
#include "tst_repo_index_service.moc"
