// SPDX-License-Identifier: MIT
// The code index: repositories, batched writes with progress and cancel, replacing and removing
// files (old rows and search hits really go), cascades, lookups, and bad input that writes nothing.

#include "storage/code_search.h"
#include "storage/database.h"
#include "storage/repo_index_store.h"

#include <QtTest>

#include <sqlite3.h>

using namespace cairn::storage;

namespace {

qint64 queryInt(sqlite3* db, const char* sql)
{
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) != SQLITE_OK)
        return -1;
    const qint64 value = sqlite3_step(statement) == SQLITE_ROW ? sqlite3_column_int64(statement, 0) : -1;
    sqlite3_finalize(statement);
    return value;
}

/// A small C file: a struct `name` holding a method `name_run` that calls `callee`, one chunk
/// per symbol whose text carries `word`.
FileIndex cFile(const std::string& path, const std::string& name, const std::string& word,
                const std::string& callee = "printf")
{
    FileIndex file;
    file.file.path = path;
    file.file.language = "c";
    file.file.sizeBytes = 120;
    file.file.mtimeMs = 1000;
    file.file.contentHash = "hash-of-" + path;
    file.symbols.push_back({name, "struct", 0, 120, 1, 6, "struct " + name, std::nullopt});
    file.symbols.push_back({name + "_run", "method", 20, 100, 2, 5, "void " + name + "_run(void)", 0});
    file.references.push_back({1, 3, callee, std::nullopt, "call"});
    file.references.push_back({std::nullopt, 1, name, 0, "type"});
    file.chunks.push_back({1, 1, 0, 19, 0, "struct " + name + " { int " + word + "; };", 8});
    file.chunks.push_back({2, 5, 20, 100, 1, "void " + name + "_run(void) { " + callee + "(\"" + word + "\"); }", 12});
    return file;
}

bool isConsistent(sqlite3* db)
{
    return queryInt(db, "SELECT count(*) FROM pragma_foreign_key_check") == 0
        && sqlite3_exec(db, "INSERT INTO code_chunk_fts(code_chunk_fts, rank) VALUES ('integrity-check', 1)", nullptr,
                        nullptr, nullptr)
        == SQLITE_OK
        && queryInt(db, "SELECT count(*) FROM code_chunks") == queryInt(db, "SELECT count(*) FROM code_chunk_fts");
}

} // namespace

class TestRepoIndexStore : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void repositoriesAddFindListDelete();
    void upsertWritesSymbolsReferencesAndChunks();
    void upsertReportsProgressPerBatch();
    void cancelBetweenBatchesKeepsCommittedOnes();
    void upsertOfAKnownPathReplacesIt();
    void replaceFileDropsOldRowsAndSearchHits();
    void removeFilesNotInDropsVanishedFiles();
    void deleteRepositoryCascades();
    void badInputWritesNothing_data();
    void badInputWritesNothing();
    void symbolsByNameAndPrefix_data();
    void symbolsByNameAndPrefix();
    void resolveReferencesLinksUnambiguousNames();

private:
    sqlite3* handle() { return m_db->handle(); }
    std::unique_ptr<QTemporaryDir> m_dir;
    std::optional<Database> m_db;
    std::unique_ptr<RepoIndexStore> m_store;
    std::int64_t m_clock = 0;
    std::int64_t m_repository = 0;
};

void TestRepoIndexStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    auto db = Database::open(m_dir->filePath(QStringLiteral("cairn.db")).toStdString());
    QVERIFY(db.ok());
    m_db.emplace(std::move(db).value());
    m_clock = 1000;
    m_store = std::make_unique<RepoIndexStore>(*m_db, [this] { return ++m_clock; });
    auto repository = m_store->addRepository({"/src/zeta", "zeta", "abc123"});
    QVERIFY(repository.ok());
    m_repository = repository.value().id;
}

void TestRepoIndexStore::cleanup()
{
    m_store.reset();
    m_db.reset();
    m_dir.reset();
}

void TestRepoIndexStore::repositoriesAddFindListDelete()
{
    auto zeta = m_store->repository(m_repository);
    QVERIFY(zeta.ok());
    QCOMPARE(zeta.value().rootPath, "/src/zeta");
    QCOMPARE(zeta.value().headRevision, "abc123");
    QCOMPARE(zeta.value().createdMs, 1001);
    QVERIFY(!zeta.value().indexedMs);

    auto alpha = m_store->addRepository({"/src/alpha", "alpha", ""});
    QVERIFY(alpha.ok());
    auto list = m_store->listRepositories();
    QVERIFY(list.ok());
    QCOMPARE(list.value().size(), 2u);
    QCOMPARE(list.value()[0].name, "alpha"); // by name
    QCOMPARE(list.value()[1].name, "zeta");

    auto duplicate = m_store->addRepository({"/src/zeta", "again", ""});
    QVERIFY(!duplicate.ok());
    QCOMPARE(duplicate.error().code, ErrorCode::InvalidInput);
    QVERIFY2(duplicate.error().detail.find("/src/zeta is indexed already") != std::string::npos,
             duplicate.error().detail.c_str());
    QCOMPARE(m_store->addRepository({"", "nameless", ""}).error().code, ErrorCode::InvalidInput);

    auto found = m_store->findRepository("/src/alpha");
    QVERIFY(found.ok() && found.value());
    QCOMPARE(found.value()->id, alpha.value().id);
    auto missing = m_store->findRepository("/src/none");
    QVERIFY(missing.ok() && !missing.value());

    QVERIFY(m_store->markIndexed(m_repository, "def456").ok());
    zeta = m_store->repository(m_repository);
    QCOMPARE(zeta.value().headRevision, "def456");
    QCOMPARE(zeta.value().indexedMs, std::optional<std::int64_t>(m_clock)); // the latest time taken
    QCOMPARE(m_store->markIndexed(999, "x").error().code, ErrorCode::NotFound);

    QVERIFY(m_store->deleteRepository(alpha.value().id).ok());
    QCOMPARE(m_store->deleteRepository(alpha.value().id).error().code, ErrorCode::NotFound);
    QCOMPARE(m_store->repository(alpha.value().id).error().code, ErrorCode::NotFound);
    QCOMPARE(m_store->listRepositories().value().size(), 1u);
}

void TestRepoIndexStore::upsertWritesSymbolsReferencesAndChunks()
{
    auto outcome = m_store->upsertFiles(m_repository,
                                        {cFile("src/b.c", "beta", "kestrel"), cFile("src/a.c", "alpha", "osprey")}, 10);
    QVERIFY(outcome.ok());
    QCOMPARE(outcome.value().filesWritten, 2u);
    QVERIFY(!outcome.value().cancelled);

    auto files = m_store->files(m_repository);
    QVERIFY(files.ok());
    QCOMPARE(files.value().size(), 2u);
    QCOMPARE(files.value()[0].path, "src/a.c"); // by path
    QCOMPARE(files.value()[0].language, "c");
    QCOMPARE(files.value()[0].sizeBytes, 120);
    QCOMPARE(files.value()[0].mtimeMs, 1000);
    QCOMPARE(files.value()[0].contentHash, "hash-of-src/a.c");
    QCOMPARE(files.value()[0].repositoryId, m_repository);
    auto one = m_store->file(m_repository, "src/b.c");
    QVERIFY(one.ok() && one.value());
    QCOMPARE(one.value()->id, files.value()[1].id);
    QVERIFY(!m_store->file(m_repository, "src/none.c").value());

    const std::int64_t fileId = files.value()[0].id;
    auto symbols = m_store->fileSymbols(fileId);
    QVERIFY(symbols.ok());
    QCOMPARE(symbols.value().size(), 2u);
    const CodeSymbol& type = symbols.value()[0];
    const CodeSymbol& method = symbols.value()[1];
    QCOMPARE(type.name, "alpha");
    QCOMPARE(type.kind, "struct");
    QVERIFY(!type.parentId);
    QCOMPARE(method.name, "alpha_run");
    QCOMPARE(method.parentId, std::optional<std::int64_t>(type.id)); // index 0 became the struct's id
    QCOMPARE(method.startByte, 20);
    QCOMPARE(method.endByte, 100);
    QCOMPARE(method.startLine, 2);
    QCOMPARE(method.endLine, 5);
    QCOMPARE(method.signature, "void alpha_run(void)");
    QCOMPARE(method.path, "src/a.c");

    auto references = m_store->fileReferences(fileId);
    QVERIFY(references.ok());
    QCOMPARE(references.value().size(), 2u);
    QCOMPARE(references.value()[0].line, 1); // by line
    QCOMPARE(references.value()[0].toName, "alpha");
    QCOMPARE(references.value()[0].toSymbolId, std::optional<std::int64_t>(type.id));
    QVERIFY(!references.value()[0].fromSymbolId);
    QCOMPARE(references.value()[1].fromSymbolId, std::optional<std::int64_t>(method.id));
    QCOMPARE(references.value()[1].kind, "call");
    QVERIFY(!references.value()[1].toSymbolId);

    auto chunks = m_store->fileChunks(fileId);
    QVERIFY(chunks.ok());
    QCOMPARE(chunks.value().size(), 2u);
    QCOMPARE(chunks.value()[0].symbolId, std::optional<std::int64_t>(type.id));
    QCOMPARE(chunks.value()[1].symbolId, std::optional<std::int64_t>(method.id));
    QCOMPARE(chunks.value()[1].text, "void alpha_run(void) { printf(\"osprey\"); }");
    QCOMPARE(chunks.value()[1].tokenCount, 12);
    QCOMPARE(chunks.value()[1].startByte, 20);
    QCOMPARE(chunks.value()[1].endLine, 5);

    auto callers = m_store->referencesTo(m_repository, "printf");
    QVERIFY(callers.ok());
    QCOMPARE(callers.value().size(), 2u);
    QCOMPARE(callers.value()[0].fileId, fileId); // src/a.c before src/b.c
    QVERIFY(isConsistent(handle()));
}

void TestRepoIndexStore::upsertReportsProgressPerBatch()
{
    std::vector<FileIndex> files;
    for (int i = 0; i < 5; ++i)
        files.push_back(cFile("f" + std::to_string(i) + ".c", "s" + std::to_string(i), "word"));
    std::vector<std::pair<std::size_t, std::size_t>> reports;
    std::vector<qint64> cacheSizes; // the write runs with a 64 MB page cache and gives it back
    auto outcome = m_store->upsertFiles(m_repository, files, 2, [&](std::size_t done, std::size_t total) {
        reports.emplace_back(done, total);
        cacheSizes.push_back(queryInt(handle(), "PRAGMA cache_size"));
    });
    QVERIFY(outcome.ok());
    QCOMPARE(outcome.value().filesWritten, 5u);
    const std::vector<std::pair<std::size_t, std::size_t>> expected{{2, 5}, {4, 5}, {5, 5}};
    QCOMPARE(reports, expected);
    QCOMPARE(cacheSizes, (std::vector<qint64>{-65536, -65536, -65536}));
    QCOMPARE(queryInt(handle(), "PRAGMA cache_size"), -2000);
    QCOMPARE(queryInt(handle(), "SELECT count(*) FROM code_chunks"), 10);
}

void TestRepoIndexStore::cancelBetweenBatchesKeepsCommittedOnes()
{
    std::vector<FileIndex> files;
    for (int i = 0; i < 7; ++i)
        files.push_back(cFile("f" + std::to_string(i) + ".c", "s" + std::to_string(i), "heron"));
    int asked = 0;
    auto outcome = m_store->upsertFiles(m_repository, files, 3, {}, [&] { return ++asked > 2; });
    QVERIFY(outcome.ok());
    QVERIFY(outcome.value().cancelled);
    QCOMPARE(outcome.value().filesWritten, 6u); // two whole batches, none of the third
    QCOMPARE(asked, 3);
    QCOMPARE(m_store->files(m_repository).value().size(), 6u);
    QCOMPARE(queryInt(handle(), "SELECT count(*) FROM code_symbols"), 12);
    QCOMPARE(queryInt(handle(), "SELECT count(*) FROM code_references"), 12);
    QCOMPARE(queryInt(handle(), "SELECT count(*) FROM code_chunks"), 12);
    QCOMPARE(sqlite3_get_autocommit(handle()), 1);            // no transaction left open
    QCOMPARE(queryInt(handle(), "PRAGMA cache_size"), -2000); // nor the bulk write's page cache
    QVERIFY(isConsistent(handle()));
    QCOMPARE(CodeSearch(*m_db).search("heron", 100).value().size(), 12u);

    // Running the same write again finishes it; the files written before are replaced, not doubled.
    outcome = m_store->upsertFiles(m_repository, files, 3);
    QVERIFY(outcome.ok());
    QCOMPARE(m_store->files(m_repository).value().size(), 7u);
    QCOMPARE(queryInt(handle(), "SELECT count(*) FROM code_chunks"), 14);
    QVERIFY(isConsistent(handle()));
}

void TestRepoIndexStore::upsertOfAKnownPathReplacesIt()
{
    QVERIFY(m_store->upsertFiles(m_repository, {cFile("a.c", "alpha", "pelican")}, 1).ok());
    const std::int64_t id = m_store->file(m_repository, "a.c").value()->id;
    FileIndex changed = cFile("a.c", "gamma", "albatross");
    changed.file.sizeBytes = 999;
    QVERIFY(m_store->upsertFiles(m_repository, {changed}, 1).ok());
    auto file = m_store->file(m_repository, "a.c");
    QCOMPARE(file.value()->id, id);
    QCOMPARE(file.value()->sizeBytes, 999);
    QCOMPARE(m_store->fileSymbols(id).value().front().name, "gamma");
    QCOMPARE(queryInt(handle(), "SELECT count(*) FROM code_symbols"), 2);
    QVERIFY(CodeSearch(*m_db).search("pelican", 10).value().empty());
    QCOMPARE(CodeSearch(*m_db).search("albatross", 10).value().size(), 2u);
}

void TestRepoIndexStore::replaceFileDropsOldRowsAndSearchHits()
{
    QVERIFY(m_store
                ->upsertFiles(m_repository,
                              {cFile("lib.c", "lib", "frobnicate"), cFile("main.c", "app", "x", "lib_run")}, 10)
                .ok());
    QCOMPARE(m_store->resolveReferences(m_repository).value(), 1); // main.c's call of lib_run
    const std::int64_t main = m_store->file(m_repository, "main.c").value()->id;
    QVERIFY(m_store->fileReferences(main).value()[1].toSymbolId);
    const auto oldSymbols = m_store->fileSymbols(m_store->file(m_repository, "lib.c").value()->id).value();

    auto replaced = m_store->replaceFile(m_repository, cFile("lib.c", "lib", "defenestrate"));
    QVERIFY(replaced.ok());
    QCOMPARE(replaced.value(), oldSymbols.front().fileId); // the file keeps its id

    CodeSearch search(*m_db);
    QVERIFY(search.search("frobnicate", 10).value().empty()); // only in the old version
    auto hits = search.search("defenestrate", 10);
    QCOMPARE(hits.value().size(), 2u);
    QCOMPARE(hits.value()[0].path, "lib.c");
    const auto newSymbols = m_store->fileSymbols(replaced.value()).value();
    QCOMPARE(newSymbols.size(), 2u);
    for (const CodeSymbol& symbol : newSymbols)
        for (const CodeSymbol& old : oldSymbols)
            QVERIFY(symbol.id != old.id);
    QCOMPARE(queryInt(handle(), "SELECT count(*) FROM code_symbols"), 4);
    QCOMPARE(queryInt(handle(), "SELECT count(*) FROM code_chunks"), 4);
    QCOMPARE(queryInt(handle(), "SELECT count(*) FROM code_references"), 4);
    // main.c's resolved call pointed at the old lib_run: unresolved now, then linked to the new one.
    QVERIFY(!m_store->fileReferences(main).value()[1].toSymbolId);
    QCOMPARE(m_store->resolveReferences(m_repository).value(), 1);
    QCOMPARE(m_store->fileReferences(main).value()[1].toSymbolId, std::optional<std::int64_t>(newSymbols[1].id));
    QVERIFY(isConsistent(handle()));

    // A path not indexed yet is added.
    auto added = m_store->replaceFile(m_repository, cFile("new.c", "fresh", "y"));
    QVERIFY(added.ok());
    QCOMPARE(m_store->files(m_repository).value().size(), 3u);
}

void TestRepoIndexStore::removeFilesNotInDropsVanishedFiles()
{
    QVERIFY(m_store
                ->upsertFiles(
                    m_repository,
                    {cFile("a.c", "a", "stays"), cFile("b.c", "b", "vanishes"), cFile("c.c", "c", "vanishes")}, 10)
                .ok());
    auto other = m_store->addRepository({"/src/other", "other", ""});
    QVERIFY(m_store->upsertFiles(other.value().id, {cFile("b.c", "b", "elsewhere")}, 10).ok());

    auto removed = m_store->removeFilesNotIn(m_repository, {"a.c", "not-indexed.c"});
    QVERIFY(removed.ok());
    QCOMPARE(removed.value(), 2);
    auto files = m_store->files(m_repository).value();
    QCOMPARE(files.size(), 1u);
    QCOMPARE(files[0].path, "a.c");
    QCOMPARE(m_store->files(other.value().id).value().size(), 1u); // another repository's b.c stays
    QVERIFY(CodeSearch(*m_db).search("vanishes", 10).value().empty());
    QCOMPARE(queryInt(handle(), "SELECT count(*) FROM code_symbols"), 4);
    QCOMPARE(m_store->removeFilesNotIn(m_repository, {"a.c"}).value(), 0);
    QCOMPARE(m_store->removeFilesNotIn(999, {}).error().code, ErrorCode::NotFound);
    QVERIFY(isConsistent(handle()));
}

void TestRepoIndexStore::deleteRepositoryCascades()
{
    QVERIFY(
        m_store->upsertFiles(m_repository, {cFile("a.c", "a", "cormorant"), cFile("b.c", "b", "cormorant")}, 1).ok());
    auto other = m_store->addRepository({"/src/other", "other", ""});
    QVERIFY(m_store->upsertFiles(other.value().id, {cFile("a.c", "a", "gannet")}, 1).ok());
    QVERIFY(m_store->deleteRepository(m_repository).ok());
    QCOMPARE(queryInt(handle(), "SELECT count(*) FROM code_files"), 1);
    QCOMPARE(queryInt(handle(), "SELECT count(*) FROM code_symbols"), 2);
    QCOMPARE(queryInt(handle(), "SELECT count(*) FROM code_references"), 2);
    QCOMPARE(queryInt(handle(), "SELECT count(*) FROM code_chunks"), 2);
    QVERIFY(CodeSearch(*m_db).search("cormorant", 10).value().empty());
    QCOMPARE(CodeSearch(*m_db).search("gannet", 10).value().size(), 2u);
    QVERIFY(isConsistent(handle()));
}

void TestRepoIndexStore::badInputWritesNothing_data()
{
    QTest::addColumn<int>("defect");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("message");
    const int invalid = static_cast<int>(ErrorCode::InvalidInput);
    QTest::newRow("duplicate path in one batch") << 0 << invalid << "two.c: listed twice in one write";
    QTest::newRow("unknown repository") << 1 << static_cast<int>(ErrorCode::NotFound) << "no repository 999";
    QTest::newRow("parent after its child")
        << 2 << invalid << "symbol 0 names parent 1; a parent must be one of the 0 symbols before it";
    QTest::newRow("chunk symbol out of range") << 3 << invalid << "chunk 0 names symbol 7; the file has 2 symbols";
    QTest::newRow("end line before start") << 4 << invalid << "symbol 1 has lines 5..2";
    QTest::newRow("empty path") << 5 << invalid << "a file without a path";
    QTest::newRow("batch size 0") << 6 << invalid << "a batch size of 0 files";
    QTest::newRow("reference without a name") << 7 << invalid << "reference 0 has no target name";
    QTest::newRow("negative byte offset") << 8 << invalid << "chunk 1 has bytes -1..100";
}

void TestRepoIndexStore::badInputWritesNothing()
{
    QFETCH(int, defect);
    QFETCH(int, code);
    QFETCH(QString, message);
    QVERIFY(m_store->upsertFiles(m_repository, {cFile("kept.c", "kept", "original")}, 1).ok());

    // The bad file comes last: the good ones before it in the same write must not be written either.
    std::vector<FileIndex> files{cFile("one.c", "one", "fresh"), cFile("two.c", "two", "fresh")};
    std::int64_t repository = m_repository;
    std::size_t batchSize = 1;
    FileIndex& bad = files.back();
    switch (defect) {
    case 0:
        files.push_back(cFile("two.c", "again", "fresh"));
        break;
    case 1:
        repository = 999;
        break;
    case 2:
        bad.symbols[0].parent = 1;
        bad.symbols[1].parent = std::nullopt;
        break;
    case 3:
        bad.chunks[0].symbol = 7;
        break;
    case 4:
        bad.symbols[1].startLine = 5;
        bad.symbols[1].endLine = 2;
        break;
    case 5:
        bad.file.path.clear();
        break;
    case 6:
        batchSize = 0;
        break;
    case 7:
        bad.references[0].toName.clear();
        break;
    case 8:
        bad.chunks[1].startByte = -1;
        break;
    }
    auto outcome = m_store->upsertFiles(repository, files, batchSize);
    QVERIFY(!outcome.ok());
    QCOMPARE(static_cast<int>(outcome.error().code), code);
    QVERIFY2(outcome.error().message().find(message.toStdString()) != std::string::npos,
             outcome.error().message().c_str());
    if (defect != 0 && defect != 6) { // the single-file path checks the same way
        auto replaced = m_store->replaceFile(repository, bad);
        QVERIFY(!replaced.ok());
        QCOMPARE(static_cast<int>(replaced.error().code), code);
    }

    auto kept = m_store->files(m_repository);
    QCOMPARE(kept.value().size(), 1u);
    QCOMPARE(kept.value()[0].path, "kept.c");
    QCOMPARE(queryInt(handle(), "SELECT count(*) FROM code_chunks"), 2);
    QCOMPARE(CodeSearch(*m_db).search("original", 10).value().size(), 2u);
    QVERIFY(CodeSearch(*m_db).search("fresh", 10).value().empty());
    QVERIFY(isConsistent(handle()));
}

void TestRepoIndexStore::symbolsByNameAndPrefix_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("prefix");
    QTest::addColumn<bool>("onlyFirstRepository");
    QTest::addColumn<int>("limit");
    QTest::addColumn<QStringList>("expected"); // name@path
    QTest::newRow("exact") << "parse" << false << false << 10 << QStringList{"parse@a.c", "parse@b.c"};
    QTest::newRow("exact in one repository") << "parse" << false << true << 10 << QStringList{"parse@a.c"};
    QTest::newRow("prefix, case-sensitive")
        << "parse" << true << true << 10 << QStringList{"parse@a.c",      "parseHeader@a.c",    "parseHeader_run@a.c",
                                                        "parse_body@a.c", "parse_body_run@a.c", "parse_run@a.c"};
    QTest::newRow("prefix, limited") << "parse" << true << true << 2 << QStringList{"parse@a.c", "parseHeader@a.c"};
    QTest::newRow("prefix with multi-byte text")
        << "über" << true << false << 10 << QStringList{"überSetzer@a.c", "überSetzer_run@a.c"};
    QTest::newRow("no match") << "zzz" << true << false << 10 << QStringList{};
    QTest::newRow("empty name finds nothing") << "" << true << false << 10 << QStringList{};
}

void TestRepoIndexStore::symbolsByNameAndPrefix()
{
    QFETCH(QString, name);
    QFETCH(bool, prefix);
    QFETCH(bool, onlyFirstRepository);
    QFETCH(int, limit);
    QFETCH(QStringList, expected);
    FileIndex a = cFile("a.c", "parse", "w");
    for (const char* extra : {"parseHeader", "parse_body", "Parser", "überSetzer", "other"}) {
        const FileIndex more = cFile("x.c", extra, "w");
        a.symbols.push_back(more.symbols[0]);
        a.symbols.push_back(more.symbols[1]);
        a.symbols.back().parent = a.symbols.size() - 2;
    }
    QVERIFY(m_store->upsertFiles(m_repository, {a}, 1).ok());
    auto other = m_store->addRepository({"/src/other", "other", ""});
    QVERIFY(m_store->upsertFiles(other.value().id, {cFile("b.c", "parse", "w")}, 1).ok());

    const std::string text = name.toStdString();
    auto symbols
        = m_store->symbolsNamed(text, prefix ? NameMatch::Prefix : NameMatch::Exact,
                                onlyFirstRepository ? std::optional<std::int64_t>(m_repository) : std::nullopt, limit);
    QVERIFY(symbols.ok());
    QStringList names;
    for (const CodeSymbol& symbol : symbols.value())
        names.append(QString::fromStdString(symbol.name + "@" + symbol.path));
    QCOMPARE(names, expected);
}

void TestRepoIndexStore::resolveReferencesLinksUnambiguousNames()
{
    // `helper` is defined once, `dup` twice: calls of helper get linked, calls of dup stay open.
    QVERIFY(
        m_store
            ->upsertFiles(m_repository,
                          {cFile("helper.c", "helper", "w"), cFile("dup1.c", "dup", "w"), cFile("dup2.c", "dup", "w"),
                           cFile("use1.c", "u1", "w", "helper_run"), cFile("use2.c", "u2", "w", "dup_run")},
                          2)
            .ok());
    auto other = m_store->addRepository({"/src/other", "other", ""});
    QVERIFY(m_store->upsertFiles(other.value().id, {cFile("use.c", "u3", "w", "helper_run")}, 1).ok());

    QCOMPARE(m_store->resolveReferences(m_repository).value(), 1);
    const auto helperRun = m_store->symbolsNamed("helper_run", NameMatch::Exact, m_repository, 1).value();
    QCOMPARE(helperRun.size(), 1u);
    auto calls = m_store->referencesTo(m_repository, "helper_run").value();
    QCOMPARE(calls.size(), 1u);
    QCOMPARE(calls[0].toSymbolId, std::optional<std::int64_t>(helperRun[0].id));
    QVERIFY(!m_store->referencesTo(m_repository, "dup_run").value()[0].toSymbolId);
    // Another repository's references are not linked into this one.
    QVERIFY(!m_store->referencesTo(other.value().id, "helper_run").value()[0].toSymbolId);
    QCOMPARE(m_store->resolveReferences(m_repository).value(), 0);
    QCOMPARE(m_store->resolveReferences(999).error().code, ErrorCode::NotFound);
}

QTEST_GUILESS_MAIN(TestRepoIndexStore)
#include "tst_repo_index_store.moc"
