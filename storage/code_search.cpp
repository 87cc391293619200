// SPDX-License-Identifier: MIT
// FTS5 queries over code_chunk_fts: code_bm25 ranking, snippet() highlighting, optional repository filter.

#include "storage/code_search.h"

#include "storage/database.h"
#include "storage/statement.h"

#include <algorithm>

namespace cairn::storage {

namespace {

// Without a repository filter: the newest :window matches, newest first, each with its score.
// FTS5 walks its doclists once, in rowid order, and stops at :window; no sorter, no joins. The
// best are picked in C++ and read by kReadHit. The score is code_bm25 (fts_ranking.h), not
// bm25: bm25 counts each phrase's rows by walking its whole doclist, 15-50 ms a phrase on a
// million chunks.
constexpr const char* kScoreNewest = "SELECT rowid, code_bm25(code_chunk_fts) FROM code_chunk_fts"
                                     " WHERE code_chunk_fts MATCH :query ORDER BY rowid DESC LIMIT :window";
constexpr const char* kReadHit = "SELECT c.id, c.file_id, f.repository_id, f.path, c.start_line, c.end_line,"
                                 " snippet(code_chunk_fts, 0, :begin, :end, :ellipsis, :tokens)"
                                 " FROM code_chunk_fts"
                                 " JOIN code_chunks c ON c.id = code_chunk_fts.rowid"
                                 " JOIN code_files f ON f.id = c.file_id"
                                 " WHERE code_chunk_fts MATCH :query AND code_chunk_fts.rowid = :id";
// With a repository filter: ordered by the FTS table's own rank column and nothing else, so that
// FTS5 sorts the matches itself and the joins and snippet() run only for the rows read, until
// :limit of them are in the repository. FTS5 ranks and sorts every row it is given (~1 us each),
// so only the rows after :after are given (see findWindowStart()).
constexpr const char* kSearchChunksInRepository
    = "SELECT c.id, c.file_id, f.repository_id, f.path, c.start_line, c.end_line, code_chunk_fts.rank,"
      " snippet(code_chunk_fts, 0, :begin, :end, :ellipsis, :tokens)"
      " FROM code_chunk_fts"
      " JOIN code_chunks c ON c.id = code_chunk_fts.rowid"
      " JOIN code_files f ON f.id = c.file_id"
      " WHERE code_chunk_fts MATCH :query AND code_chunk_fts.rank MATCH 'code_bm25()'"
      " AND code_chunk_fts.rowid > :after AND f.repository_id = :repository_id"
      " ORDER BY code_chunk_fts.rank LIMIT :limit";
// The rowid just before the newest :window matches, if there are more: FTS5 walks its doclists in
// rowid order without ranking, ~20 ns a row.
constexpr const char* kFindWindowStart = "SELECT rowid FROM code_chunk_fts WHERE code_chunk_fts MATCH :query"
                                         " ORDER BY rowid DESC LIMIT 1 OFFSET :window";
// A repository filter is applied inside the window (two lookups a row), which widens when the
// repository has fewer than `limit` hits in it: a repository's chunks are mostly written together.
constexpr std::int64_t kWindowGrowth = 8;
constexpr const char* kCountMatches = "SELECT count(*) FROM code_chunk_fts WHERE code_chunk_fts MATCH :query";
constexpr const char* kCountMatchesInRepository
    = "SELECT count(*) FROM code_chunk_fts"
      " JOIN code_chunks c ON c.id = code_chunk_fts.rowid"
      " JOIN code_files f ON f.id = c.file_id"
      " WHERE code_chunk_fts MATCH :query AND f.repository_id = :repository_id";

/// A hit's columns as kReadHit and kSearchChunksInRepository order them (the snippet at
/// `snippetColumn`); the rank is set by the caller.
CodeHit readHit(const Statement& row, int snippetColumn)
{
    CodeHit hit;
    hit.chunkId = row.columnInt(0);
    hit.fileId = row.columnInt(1);
    hit.repositoryId = row.columnInt(2);
    hit.path = row.columnText(3);
    hit.startLine = row.columnInt(4);
    hit.endLine = row.columnInt(5);
    hit.snippet = row.columnText(snippetColumn);
    return hit;
}

} // namespace

Result<std::vector<CodeHit>> CodeSearch::search(std::string_view query, int limit,
                                                std::optional<std::int64_t> repositoryId,
                                                const SnippetStyle& style) const
{
    const std::string match = ftsQueryFromUserText(query);
    if (match.empty() || limit <= 0)
        return std::vector<CodeHit>{};
    if (repositoryId)
        return searchInRepository(match, limit, *repositoryId, style);

    Result<Statement> score = Statement::prepare(m_db.handle(), kScoreNewest);
    if (!score)
        return score.error();
    score.value().bind(":query", std::string_view(match));
    score.value().bind(":window", std::int64_t{kRankedMatches});
    struct Scored {
        double rank;
        std::int64_t chunkId;
    };
    Result<std::vector<Scored>> scored = readAll<Scored>(score.value(), [](const Statement& row) {
        return Scored{row.columnDouble(1), row.columnInt(0)};
    });
    if (!scored)
        return scored.error();
    std::vector<Scored>& best = scored.value();
    const auto count = std::min(best.size(), static_cast<std::size_t>(limit));
    // Best first; among equal scores the older chunk first, as FTS5's rank sorter orders them.
    std::partial_sort(best.begin(), best.begin() + static_cast<std::ptrdiff_t>(count), best.end(),
                      [](const Scored& a, const Scored& b) {
                          return a.rank < b.rank || (a.rank == b.rank && a.chunkId < b.chunkId);
                      });
    best.resize(count);

    Result<Statement> read = prepareFtsSearch(m_db, kReadHit, match, style);
    if (!read)
        return read.error();
    std::vector<CodeHit> hits;
    hits.reserve(best.size());
    for (const Scored& chosen : best) {
        Statement& statement = read.value();
        statement.reset();
        statement.bind(":id", chosen.chunkId);
        Result<std::vector<CodeHit>> hit = readAll<CodeHit>(statement, [&chosen](const Statement& row) {
            CodeHit found = readHit(row, 6);
            found.rank = chosen.rank;
            return found;
        });
        if (!hit)
            return hit.error();
        hits.insert(hits.end(), hit.value().begin(), hit.value().end());
    }
    return hits;
}

Result<std::vector<CodeHit>> CodeSearch::searchInRepository(const std::string& match, int limit,
                                                            std::int64_t repositoryId, const SnippetStyle& style) const
{
    Result<Statement> select = prepareFtsSearch(m_db, kSearchChunksInRepository, match, style);
    if (!select)
        return select.error();
    Statement& statement = select.value();
    statement.bind(":repository_id", repositoryId);
    statement.bind(":limit", std::int64_t{limit});
    for (std::int64_t window = kRankedMatches;; window *= kWindowGrowth) {
        Result<std::int64_t> after = findWindowStart(match, window);
        if (!after)
            return after.error();
        statement.reset();
        statement.bind(":after", after.value());
        Result<std::vector<CodeHit>> hits = readAll<CodeHit>(statement, [](const Statement& row) {
            CodeHit hit = readHit(row, 7);
            hit.rank = row.columnDouble(6);
            return hit;
        });
        if (!hits || after.value() == 0 || static_cast<int>(hits.value().size()) == limit)
            return hits;
    }
}

Result<std::int64_t> CodeSearch::findWindowStart(const std::string& match, std::int64_t window) const
{
    Result<Statement> select = Statement::prepare(m_db.handle(), kFindWindowStart);
    if (!select)
        return select.error();
    Statement& statement = select.value();
    statement.bind(":query", std::string_view(match));
    statement.bind(":window", window);
    Result<bool> row = statement.step();
    if (!row)
        return row.error();
    return row.value() ? statement.columnInt(0) : std::int64_t{0}; // chunk ids start at 1
}

Result<std::int64_t> CodeSearch::countMatches(std::string_view query, std::optional<std::int64_t> repositoryId) const
{
    const std::string match = ftsQueryFromUserText(query);
    if (match.empty())
        return std::int64_t{0};
    Result<Statement> select
        = Statement::prepare(m_db.handle(), repositoryId ? kCountMatchesInRepository : kCountMatches);
    if (!select)
        return select.error();
    Statement& statement = select.value();
    statement.bind(":query", std::string_view(match));
    if (repositoryId)
        statement.bind(":repository_id", *repositoryId);
    Result<bool> row = statement.step();
    if (!row)
        return row.error();
    return statement.columnInt(0);
}

} // namespace cairn::storage
