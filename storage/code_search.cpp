// SPDX-License-Identifier: MIT
// FTS5 queries over code_chunk_fts: code_bm25 ranking, snippet() highlighting, optional repository filter.

#include "storage/code_search.h"

#include "storage/database.h"
#include "storage/statement.h"

namespace cairn::storage {

namespace {

// Ordered by the FTS table's own rank column and nothing else, so that FTS5 sorts the
// matches itself and the joins and snippet() run only for the rows returned, not for every match.
// FTS5 ranks and sorts every row it is given (~1 us each), so only the rows after :after are
// given: the newest CodeSearch::kRankedMatches matches (see findWindowStart()). The rank is
// code_bm25, not bm25: bm25 counts each phrase's rows by walking its whole doclist, 15-50 ms a
// phrase on a million chunks, twice a query (the rank column is computed again for the rows read).
constexpr const char* kSearchChunks
    = "SELECT c.id, c.file_id, f.repository_id, f.path, c.start_line, c.end_line, code_chunk_fts.rank,"
      " snippet(code_chunk_fts, 0, :begin, :end, :ellipsis, :tokens)"
      " FROM code_chunk_fts"
      " JOIN code_chunks c ON c.id = code_chunk_fts.rowid"
      " JOIN code_files f ON f.id = c.file_id"
      " WHERE code_chunk_fts MATCH :query AND code_chunk_fts.rank MATCH 'code_bm25()'"
      " AND code_chunk_fts.rowid > :after"
      " AND (:repository_id IS NULL OR f.repository_id = :repository_id)"
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

} // namespace

Result<std::vector<CodeHit>> CodeSearch::search(std::string_view query, int limit,
                                                std::optional<std::int64_t> repositoryId,
                                                const SnippetStyle& style) const
{
    const std::string match = ftsQueryFromUserText(query);
    if (match.empty() || limit <= 0)
        return std::vector<CodeHit>{};
    Result<Statement> select = prepareFtsSearch(m_db, kSearchChunks, match, style);
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
            CodeHit hit;
            hit.chunkId = row.columnInt(0);
            hit.fileId = row.columnInt(1);
            hit.repositoryId = row.columnInt(2);
            hit.path = row.columnText(3);
            hit.startLine = row.columnInt(4);
            hit.endLine = row.columnInt(5);
            hit.rank = row.columnDouble(6);
            hit.snippet = row.columnText(7);
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
