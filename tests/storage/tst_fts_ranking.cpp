// SPDX-License-Identifier: MIT
// code_bm25 against FTS5's bm25(): equal scores where every phrase is counted exactly, the
// estimated document count of a phrase in more than kExactDocumentCount rows within its stated
// error on an evenly spread word, and within its proven bounds on a clustered one.

#include "storage/code_search.h"
#include "storage/database.h"
#include "storage/fts_ranking.h"
#include "storage/repo_index_store.h"
#include "storage/statement.h"

#include <QtTest>

#include <algorithm>
#include <cmath>

using namespace cairn::storage;

namespace {

// Every row's bm25() and code_bm25() for one MATCH expression, in rowid order.
constexpr const char* kScores = "SELECT rowid, bm25(code_chunk_fts), code_bm25(code_chunk_fts) FROM code_chunk_fts"
                                " WHERE code_chunk_fts MATCH :query ORDER BY rowid";
constexpr const char* kCount = "SELECT count(*) FROM code_chunk_fts WHERE code_chunk_fts MATCH :query";

struct Scores {
    std::vector<double> bm25;
    std::vector<double> ours;
};

FileIndex fileWithChunks(const std::string& path, const std::vector<std::string>& texts)
{
    FileIndex file;
    file.file.path = path;
    std::int64_t line = 1;
    for (const std::string& text : texts) {
        file.chunks.push_back({line, line, 0, static_cast<std::int64_t>(text.size()), std::nullopt, text, 1});
        ++line;
    }
    return file;
}

/// A deterministic hash of `i`, 0..99 (splitmix64's finalizer).
int percentile(std::uint64_t i)
{
    std::uint64_t z = i * 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return static_cast<int>((z ^ (z >> 31)) % 100);
}

/// The document count an idf was computed from (the inverse of bm25's idf formula).
double documentCountOf(double idf, double rows)
{
    return (rows + 1.0) / (std::exp(idf) + 1.0) - 0.5;
}

} // namespace

class TestFtsRanking : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void equalsBm25WhereCountsAreExact_data();
    void equalsBm25WhereCountsAreExact();
    void estimatesAnEvenlySpreadWord();
    void boundsTheEstimateOfAClusteredWord();
    void searchRanksWithIt();
    void countsFollowWritesOfAnyConnection();

private:
    void writeChunks(const std::vector<std::string>& texts);
    Scores scores(const char* match);
    std::int64_t count(const char* match);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::optional<Database> m_db;
    std::int64_t m_repository = 0;
    int m_files = 0;
};

void TestFtsRanking::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    auto db = Database::open(m_dir->filePath(QStringLiteral("cairn.db")).toStdString());
    QVERIFY(db.ok());
    m_db.emplace(std::move(db).value());
    m_repository = RepoIndexStore(*m_db).addRepository({"/src/r", "r", ""}).value().id;
    m_files = 0;
}

void TestFtsRanking::cleanup()
{
    m_db.reset();
    m_dir.reset();
}

void TestFtsRanking::writeChunks(const std::vector<std::string>& texts)
{
    std::vector<FileIndex> files;
    for (std::size_t first = 0; first < texts.size(); first += 100) {
        const auto end = texts.begin() + static_cast<std::ptrdiff_t>(std::min(texts.size(), first + 100));
        files.push_back(fileWithChunks("f" + std::to_string(m_files++) + ".c",
                                       {texts.begin() + static_cast<std::ptrdiff_t>(first), end}));
    }
    QVERIFY(RepoIndexStore(*m_db).upsertFiles(m_repository, files, 20).ok());
}

Scores TestFtsRanking::scores(const char* match)
{
    Scores result;
    auto select = Statement::prepare(m_db->handle(), kScores);
    if (!select.ok())
        return result;
    select.value().bind(":query", std::string_view(match));
    for (;;) {
        auto row = select.value().step();
        if (!row.ok() || !row.value())
            return result;
        result.bm25.push_back(select.value().columnDouble(1));
        result.ours.push_back(select.value().columnDouble(2));
    }
}

std::int64_t TestFtsRanking::count(const char* match)
{
    auto select = Statement::prepare(m_db->handle(), kCount);
    if (!select.ok())
        return -1;
    select.value().bind(":query", std::string_view(match));
    auto row = select.value().step();
    return row.ok() && row.value() ? select.value().columnInt(0) : -1;
}

void TestFtsRanking::equalsBm25WhereCountsAreExact_data()
{
    QTest::addColumn<QString>("match");
    QTest::newRow("one word") << "\"cache\"";
    QTest::newRow("two words") << "\"cache\" \"header\"";
    QTest::newRow("a phrase") << "\"parse header\"";
    QTest::newRow("a rare word beside a common one") << "\"zebra\" \"common\"";
    QTest::newRow("OR") << "\"zebra\" OR \"header\"";
}

void TestFtsRanking::equalsBm25WhereCountsAreExact()
{
    // 6,000 chunks: "common" in each (over kExactDocumentCount, so estimated; in every row, the
    // estimate is exact too), the other words in a few; lengths vary so that length counts.
    QFETCH(QString, match);
    std::vector<std::string> texts;
    for (int i = 0; i < 6000; ++i) {
        std::string text = "common filler" + std::string(static_cast<std::size_t>(i % 7) * 7, ' ') + " word"
            + std::to_string(i % 50);
        if (i % 97 == 0)
            text += " cache cache header";
        if (i % 131 == 0)
            text += " int parse_header(buffer) cache";
        if (i % 1500 == 0)
            text += " zebra";
        texts.push_back(text);
    }
    writeChunks(texts);
    const Scores found = scores(match.toUtf8().constData());
    QVERIFY(!found.bm25.empty());
    QCOMPARE(found.ours.size(), found.bm25.size());
    for (std::size_t i = 0; i < found.bm25.size(); ++i)
        QVERIFY2(found.ours[i] == found.bm25[i], // the same formula in the same order: bit for bit
                 qPrintable(QStringLiteral("row %1: code_bm25 %2, bm25 %3")
                                .arg(i)
                                .arg(found.ours[i], 0, 'g', 17)
                                .arg(found.bm25[i], 0, 'g', 17)));
}

void TestFtsRanking::estimatesAnEvenlySpreadWord()
{
    // "spread" in 40 % of 12,000 rows at pseudo-random places: about 4,800 rows, more than
    // kExactDocumentCount, so code_bm25 estimates. Its stated error for such a word is ~1.6 %
    // (1 / sqrt(4096)); 5 % is three of those. Every row has the same length and one "spread", so
    // one row's scores give both idfs' ratio, and the estimated count follows.
    const double rows = 12000;
    std::vector<std::string> texts;
    for (int i = 0; i < static_cast<int>(rows); ++i)
        texts.push_back(percentile(static_cast<std::uint64_t>(i)) < 40 ? "spread alpha beta" : "other alpha beta");
    writeChunks(texts);
    const std::int64_t truth = count("\"spread\"");
    QVERIFY(truth > kExactDocumentCount);
    const Scores found = scores("\"spread\"");
    QCOMPARE(static_cast<std::int64_t>(found.bm25.size()), truth);
    const double trueIdf = std::log((rows - static_cast<double>(truth) + 0.5) / (static_cast<double>(truth) + 0.5));
    const double estimatedIdf = trueIdf * found.ours[0] / found.bm25[0];
    const double estimate = documentCountOf(estimatedIdf, rows);
    const double error = std::abs(estimate - static_cast<double>(truth)) / static_cast<double>(truth);
    QVERIFY2(error < 0.05, qPrintable(QStringLiteral("estimated %1 rows, %2 hold the word").arg(estimate).arg(truth)));
    QVERIFY(found.ours[0] != found.bm25[0]); // it did estimate: counted exactly, the scores would be equal
}

void TestFtsRanking::boundsTheEstimateOfAClusteredWord()
{
    // "cluster" in each of the last 5,000 of 12,000 rows: the first 4,096 matches fill 4,096 of
    // the 11,096 rowids up to the last of them, so the spread-evenly estimate says ~4,430 rows,
    // too few by the cluster's density ratio, as documented. It stays within what the count
    // proves: at least the 4,096 counted, at most those plus every row after the last of them.
    const double rows = 12000;
    const double clustered = 5000;
    std::vector<std::string> texts;
    for (int i = 0; i < static_cast<int>(rows); ++i)
        texts.push_back(i >= static_cast<int>(rows - clustered) ? "cluster gamma delta" : "plain gamma delta");
    writeChunks(texts);
    const Scores found = scores("\"cluster\"");
    QCOMPARE(found.bm25.size(), static_cast<std::size_t>(clustered));
    const double trueIdf = std::log((rows - clustered + 0.5) / (clustered + 0.5));
    const double estimate = documentCountOf(trueIdf * found.ours[0] / found.bm25[0], rows);
    const double lastCounted = rows - clustered + static_cast<double>(kExactDocumentCount);
    const double expected = static_cast<double>(kExactDocumentCount) * rows / lastCounted;
    QVERIFY2(std::abs(estimate - expected) < 1.0, qPrintable(QStringLiteral("estimated %1 rows").arg(estimate)));
    QVERIFY(estimate >= static_cast<double>(kExactDocumentCount) - 0.5);
    QVERIFY(estimate <= static_cast<double>(kExactDocumentCount) + (rows - lastCounted) + 0.5);
}

void TestFtsRanking::searchRanksWithIt()
{
    // CodeSearch's rank is code_bm25's, not bm25's: here "lambda" is in more rows than
    // kExactDocumentCount, spread evenly, and the chunk that repeats it in fewest words ranks first.
    std::vector<std::string> texts;
    for (int i = 0; i < 12000; ++i)
        texts.push_back(percentile(static_cast<std::uint64_t>(i)) < 40 ? "lambda kappa mu nu xi omicron pi rho"
                                                                       : "kappa mu nu xi omicron pi rho sigma");
    texts[4321] = "lambda lambda lambda";
    writeChunks(texts);
    auto hits = CodeSearch(*m_db).search("lambda", 3);
    QVERIFY(hits.ok());
    QCOMPARE(hits.value().size(), 3u);
    QCOMPARE(hits.value()[0].chunkId, 4322); // chunk ids count from 1 in a new database
    const Scores found = scores("\"lambda\"");
    QVERIFY(!found.ours.empty());
    const double best = *std::min_element(found.ours.begin(), found.ours.end());
    QCOMPARE(hits.value()[0].rank, best);
    QVERIFY(best != *std::min_element(found.bm25.begin(), found.bm25.end()));
}

void TestFtsRanking::countsFollowWritesOfAnyConnection()
{
    // code_bm25 keeps the last query's counts for FTS5's second cursor on the same statement; a
    // write in between, by this connection or another, must not leave them stale. The other
    // connection's update keeps the row and token counts, so only SQLite's data version tells.
    std::vector<std::string> texts;
    for (int i = 0; i < 100; ++i)
        texts.push_back(i % 2 == 0 ? "cache alpha" : "other alpha");
    writeChunks(texts);
    const auto agrees = [this] {
        const Scores found = scores("\"cache\"");
        return !found.bm25.empty() && found.ours == found.bm25;
    };
    QVERIFY(agrees());
    QVERIFY(agrees()); // the same query again: its counts are reused, and still right

    writeChunks({"cache beta gamma"}); // this connection
    QVERIFY(agrees());

    auto other = Database::open(m_dir->filePath(QStringLiteral("cairn.db")).toStdString());
    QVERIFY(other.ok());
    QVERIFY(execute(other.value().handle(), "UPDATE code_chunks SET text = 'other alpha' WHERE id = 1").ok());
    QCOMPARE(scores("\"cache\"").bm25.size(), 50u); // 50 of 51 rows still hold the word
    QVERIFY(agrees());
}

QTEST_GUILESS_MAIN(TestFtsRanking)
#include "tst_fts_ranking.moc"
