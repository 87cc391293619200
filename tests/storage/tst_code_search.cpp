// SPDX-License-Identifier: MIT
// Code and attachment search: bm25 ranking order, snippet markers, the repository filter, limits,
// user text taken literally, match counts, the ranked window for common words, optimize, and the
// attachment index following inserts and deletes.

#include "storage/attachment_search.h"
#include "storage/attachment_store.h"
#include "storage/code_search.h"
#include "storage/database.h"
#include "storage/repo_index_store.h"

#include <QtTest>

using namespace cairn::storage;

namespace {

FileIndex fileWithChunks(const std::string& path, const std::vector<std::string>& texts)
{
    FileIndex file;
    file.file.path = path;
    std::int64_t line = 1;
    for (const std::string& text : texts) {
        file.chunks.push_back({line, line + 2, 0, static_cast<std::int64_t>(text.size()), std::nullopt, text, 5});
        line += 3;
    }
    return file;
}

} // namespace

class TestCodeSearch : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void ranksByRelevance_data();
    void ranksByRelevance();
    void hitsNameFileAndLines();
    void repositoryFilterAndLimit();
    void snippetMarksMatchedWords();
    void badSnippetLengthIsAnError();
    void attachmentTextIsSearchable();
    void countsMatches();
    void ranksTheNewestMatchesOfACommonWord();
    void optimizeKeepsResults();

private:
    QStringList search(const char* query, std::optional<std::int64_t> repository = std::nullopt, int limit = 10);
    std::unique_ptr<QTemporaryDir> m_dir;
    std::optional<Database> m_db;
    std::int64_t m_first = 0;
    std::int64_t m_second = 0;
};

void TestCodeSearch::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    auto db = Database::open(m_dir->filePath(QStringLiteral("cairn.db")).toStdString());
    QVERIFY(db.ok());
    m_db.emplace(std::move(db).value());
    RepoIndexStore store(*m_db);
    m_first = store.addRepository({"/src/first", "first", ""}).value().id;
    m_second = store.addRepository({"/src/second", "second", ""}).value().id;
    QVERIFY(store
                .upsertFiles(m_first,
                             {fileWithChunks("dense.c", {"cache_lookup(cache); cache_insert(cache); // cache"}),
                              fileWithChunks("sparse.c",
                                             {"the cache is consulted before the slow path reads the "
                                              "file from disk and parses its header into a record"}),
                              fileWithChunks("parse.c",
                                             {"int parse_header(struct buffer* b) { return 0; }",
                                              "static void c_plus_plus(void) { /* c++ \"quoted\" */ }"})},
                             2)
                .ok());
    QVERIFY(store.upsertFiles(m_second, {fileWithChunks("other.c", {"cache cache cache in the second repo"})}, 2).ok());
}

void TestCodeSearch::cleanup()
{
    m_db.reset();
    m_dir.reset();
}

QStringList TestCodeSearch::search(const char* query, std::optional<std::int64_t> repository, int limit)
{
    auto hits = CodeSearch(*m_db).search(query, limit, repository);
    if (!hits.ok())
        return {QString::fromStdString("error: " + hits.error().message())};
    QStringList paths;
    double previousRank = -1e300;
    for (const CodeHit& hit : hits.value()) {
        if (hit.rank < previousRank)
            return {QStringLiteral("not ordered by rank")};
        previousRank = hit.rank;
        paths.append(QString::fromStdString(hit.path));
    }
    return paths;
}

void TestCodeSearch::ranksByRelevance_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("more occurrences in a shorter chunk first")
        << "cache" << QStringList{"dense.c", "other.c", "sparse.c"};
    QTest::newRow("every word required") << "cache header" << QStringList{"sparse.c"};
    QTest::newRow("snake_case as a phrase") << "parse_header" << QStringList{"parse.c"};
    QTest::newRow("word inside an identifier") << "header" << QStringList{"parse.c", "sparse.c"};
    QTest::newRow("case folded") << "PARSE_HEADER" << QStringList{"parse.c"};
    QTest::newRow("FTS syntax taken literally") << "c++ \"quoted\"" << QStringList{"parse.c"};
    QTest::newRow("operators are words") << "cache OR header" << QStringList{};
    QTest::newRow("no match") << "transformer" << QStringList{};
    QTest::newRow("empty query") << "  " << QStringList{};
}

void TestCodeSearch::ranksByRelevance()
{
    QFETCH(QString, query);
    QFETCH(QStringList, expected);
    QCOMPARE(search(query.toUtf8().constData()), expected);
}

void TestCodeSearch::hitsNameFileAndLines()
{
    auto hits = CodeSearch(*m_db).search("quoted", 10);
    QVERIFY(hits.ok());
    QCOMPARE(hits.value().size(), 1u);
    const CodeHit& hit = hits.value()[0];
    QCOMPARE(hit.path, "parse.c");
    QCOMPARE(hit.repositoryId, m_first);
    QCOMPARE(hit.startLine, 4); // the file's second chunk
    QCOMPARE(hit.endLine, 6);
    QVERIFY(hit.rank < 0);
    auto file = RepoIndexStore(*m_db).file(m_first, "parse.c");
    QCOMPARE(hit.fileId, file.value()->id);
    QCOMPARE(RepoIndexStore(*m_db).fileChunks(hit.fileId).value()[1].id, hit.chunkId);
}

void TestCodeSearch::repositoryFilterAndLimit()
{
    QCOMPARE(search("cache", m_first), (QStringList{"dense.c", "sparse.c"}));
    QCOMPARE(search("cache", m_second), QStringList{"other.c"});
    QCOMPARE(search("cache", 999), QStringList{});
    QCOMPARE(search("cache", std::nullopt, 2), (QStringList{"dense.c", "other.c"}));
    QCOMPARE(search("cache", std::nullopt, 0), QStringList{});
}

void TestCodeSearch::snippetMarksMatchedWords()
{
    SnippetStyle style;
    style.begin = "[";
    style.end = "]";
    style.ellipsis = "...";
    style.tokens = 4;
    auto hits = CodeSearch(*m_db).search("slow path", 10, std::nullopt, style);
    QVERIFY(hits.ok());
    QCOMPARE(hits.value().size(), 1u);
    QCOMPARE(QString::fromStdString(hits.value()[0].snippet), QStringLiteral("...the [slow] [path] reads..."));
}

void TestCodeSearch::badSnippetLengthIsAnError()
{
    SnippetStyle style;
    style.tokens = 65;
    auto code = CodeSearch(*m_db).search("cache", 10, std::nullopt, style);
    QVERIFY(!code.ok());
    QCOMPARE(code.error().code, ErrorCode::InvalidInput);
    auto attachments = AttachmentSearch(*m_db).search("cache", 10, style);
    QVERIFY(!attachments.ok());
    QCOMPARE(attachments.error().code, ErrorCode::InvalidInput);
}

void TestCodeSearch::attachmentTextIsSearchable()
{
    AttachmentStore store(*m_db);
    NewAttachment invoice;
    invoice.contentHash = std::string(64, 'a');
    invoice.originalPath = "/home/a/invoice.pdf";
    invoice.mime = "application/pdf";
    invoice.extractedText = "invoice: the total is due in march; invoice number 42";
    NewAttachment talk;
    talk.contentHash = std::string(64, 'b');
    talk.kind = AttachmentKind::Audio;
    talk.originalPath = "/home/a/talk.mp3";
    talk.extractedText = "a talk about the invoice pipeline and the march release, recorded live on stage";
    const std::int64_t invoiceId = store.addAttachment(invoice).value().id;
    const std::int64_t talkId = store.addAttachment(talk).value().id;

    AttachmentSearch search(*m_db);
    auto hits = search.search("invoice march", 10);
    QVERIFY(hits.ok());
    QCOMPARE(hits.value().size(), 2u);
    QCOMPARE(hits.value()[0].attachmentId, invoiceId); // two mentions in a shorter text
    QCOMPARE(hits.value()[0].originalPath, "/home/a/invoice.pdf");
    QCOMPARE(hits.value()[0].mime, "application/pdf");
    QVERIFY(hits.value()[0].rank <= hits.value()[1].rank);
    QCOMPARE(hits.value()[1].attachmentId, talkId);
    QVERIFY(hits.value()[1].snippet.find("\x02"
                                         "invoice"
                                         "\x03")
            != std::string::npos);
    QCOMPARE(search.search("stage", 10).value().size(), 1u);
    QVERIFY(search.search("", 10).value().empty());

    // Unlinked attachments are deleted, and their text leaves the index with them.
    QCOMPARE(store.deleteUnlinked().value(), 2);
    QVERIFY(search.search("invoice", 10).value().empty());
}

void TestCodeSearch::countsMatches()
{
    CodeSearch search(*m_db);
    QCOMPARE(search.countMatches("cache").value(), 3);
    QCOMPARE(search.countMatches("cache", m_second).value(), 1);
    QCOMPARE(search.countMatches("parse_header").value(), 1);
    QCOMPARE(search.countMatches("cache OR header").value(), 0);
    QCOMPARE(search.countMatches("  ").value(), 0);
}

void TestCodeSearch::ranksTheNewestMatchesOfACommonWord()
{
    // A small repository written first, where "widget" is dense, then more than kRankedMatches
    // chunks that mention it once: only the newest kRankedMatches are ranked, unless a
    // repository filter needs the window to widen to reach its hits.
    RepoIndexStore store(*m_db);
    const std::int64_t old = store.addRepository({"/src/old", "old", ""}).value().id;
    QVERIFY(
        store.upsertFiles(old, {fileWithChunks("old.c", std::vector<std::string>(5, "widget widget widget"))}, 1).ok());
    std::vector<FileIndex> files;
    const int chunksPerFile = 100;
    const int fileCount = CodeSearch::kRankedMatches / chunksPerFile + 1;
    for (int f = 0; f < fileCount; ++f) {
        std::vector<std::string> texts;
        for (int c = 0; c < chunksPerFile; ++c)
            texts.push_back("a widget among many other words in chunk " + std::to_string(f * chunksPerFile + c));
        files.push_back(fileWithChunks("many_" + std::to_string(f) + ".c", texts));
    }
    QVERIFY(store.upsertFiles(m_first, files, 50).ok());

    CodeSearch search(*m_db);
    QCOMPARE(search.countMatches("widget").value(), 5 + fileCount * chunksPerFile);
    const auto all = search.search("widget", 5);
    QVERIFY(all.ok());
    QCOMPARE(all.value().size(), 5u);
    for (const CodeHit& hit : all.value())
        QVERIFY2(hit.path != "old.c", "a match older than the ranked window was ranked");
    const auto inOld = search.search("widget", 10, old);
    QVERIFY(inOld.ok());
    QCOMPARE(inOld.value().size(), 5u); // the window widened to the repository's hits
    for (const CodeHit& hit : inOld.value())
        QCOMPARE(hit.path, "old.c");
}

void TestCodeSearch::optimizeKeepsResults()
{
    RepoIndexStore store(*m_db);
    // Several write transactions make several index segments for optimize to merge.
    for (int i = 0; i < 4; ++i)
        QVERIFY(store.replaceFile(m_second, fileWithChunks("more_" + std::to_string(i) + ".c", {"cache line"})).ok());
    const QStringList before = search("cache");
    const QStringList filtered = search("cache", m_first);
    QCOMPARE(before.size(), 7);
    QVERIFY(store.optimizeSearchIndex().ok());
    QCOMPARE(search("cache"), before);
    QCOMPARE(search("cache", m_first), filtered);
    QVERIFY(store.optimizeSearchIndex().ok()); // again: nothing to merge, still fine
    QCOMPARE(search("parse_header"), QStringList{"parse.c"});
    // The index keeps following writes after an optimize.
    QVERIFY(store.replaceFile(m_first, fileWithChunks("dense.c", {"no longer about that"})).ok());
    QCOMPARE(search("cache", m_first), QStringList{"sparse.c"});
}

QTEST_GUILESS_MAIN(TestCodeSearch)
#include "tst_code_search.moc"
