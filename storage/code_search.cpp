// SPDX-License-Identifier: MIT
// FTS5 queries over code_chunk_fts: code_bm25 ranking, snippet() highlighting, optional repository filter.

#include "storage/code_search.h"

#include "storage/database.h"
#include "storage/statement.h"

#include <algorithm>

namespace cairn::storage {

namespace {

// The newest :window matches, newest first, each with its score: FTS5 walks its doclists once,
// in rowid order, and stops at :window; no sorter, no joins. The best are picked in C++ and read
// by kReadHit. The score is code_bm25 (fts_ranking.h), not bm25: bm25 counts each phrase's rows
// by walking its whole doclist, 15-50 ms a phrase on a million chunks.
constexpr const char* kScoreNewest = "SELECT rowid, code_bm25(code_chunk_fts) FROM code_chunk_fts"
                                     " WHERE code_chunk_fts MATCH :query ORDER BY rowid DESC LIMIT :window";
constexpr const char* kReadHit = "SELECT c.id, c.file_id, f.repository_id, f.path, c.start_line, c.end_line,"
                                 " snippet(code_chunk_fts, 0, :begin, :end, :ellipsis, :tokens)"
                                 " FROM code_chunk_fts"
                                 " JOIN code_chunks c ON c.id = code_chunk_fts.rowid"
                                 " JOIN code_files f ON f.id = c.file_id"
                                 " WHERE code_chunk_fts MATCH :query AND code_chunk_fts.rowid = :id";
// A repository filter is applied to the scored window best first (two lookups a row), and the
// window widens when the repository has fewer than `limit` hits in it: a repository's chunks are
// mostly written together.
constexpr const char* kChunkRepository
    = "SELECT f.repository_id FROM code_chunks c JOIN code_files f ON f.id = c.file_id WHERE c.id = :id";
constexpr std::int64_t kWindowGrowth = 8;
constexpr const char* kCountMatches = "SELECT count(*) FROM code_chunk_fts WHERE code_chunk_fts MATCH :query";
constexpr const char* kCountMatchesInRepository
    = "SELECT count(*) FROM code_chunk_fts"
      " JOIN code_chunks c ON c.id = code_chunk_fts.rowid"
      " JOIN code_files f ON f.id = c.file_id"
      " WHERE code_chunk_fts MATCH :query AND f.repository_id = :repository_id";

struct Scored {
    double rank;
    std::int64_t chunkId;
};

/// Heap order for "best first": the lower score, and among equal scores the older chunk, as
/// FTS5's rank sorter ordered them.
bool worse(const Scored& a, const Scored& b)
{
    return a.rank > b.rank || (a.rank == b.rank && a.chunkId > b.chunkId);
}

} // namespace

Result<std::vector<CodeHit>> CodeSearch::search(std::string_view query, int limit,
                                                std::optional<std::int64_t> repositoryId,
                                                const SnippetStyle& style) const
{
    const std::string match = ftsQueryFromUserText(query);
    if (match.empty() || limit <= 0)
        return std::vector<CodeHit>{};
    Result<Statement> score = Statement::prepare(m_db.handle(), kScoreNewest);
    if (!score)
        return score.error();
    score.value().bind(":query", std::string_view(match));
    std::optional<Statement> inRepository;
    if (repositoryId) {
        Result<Statement> lookup = Statement::prepare(m_db.handle(), kChunkRepository);
        if (!lookup)
            return lookup.error();
        inRepository.emplace(std::move(lookup).value());
    }
    std::vector<Scored> chosen;
    for (std::int64_t window = kRankedMatches;; window *= kWindowGrowth) {
        score.value().reset();
        score.value().bind(":window", window);
        Result<std::vector<Scored>> scored = readAll<Scored>(score.value(), [](const Statement& row) {
            return Scored{row.columnDouble(1), row.columnInt(0)};
        });
        if (!scored)
            return scored.error();
        std::vector<Scored>& heap = scored.value();
        std::make_heap(heap.begin(), heap.end(), worse);
        chosen.clear();
        for (auto end = heap.end(); end != heap.begin() && static_cast<int>(chosen.size()) < limit; --end) {
            std::pop_heap(heap.begin(), end, worse);
            const Scored& best = *(end - 1);
            if (inRepository) {
                inRepository->reset();
                inRepository->bind(":id", best.chunkId);
                Result<bool> row = inRepository->step();
                if (!row)
                    return row.error();
                if (!row.value() || inRepository->columnInt(0) != *repositoryId)
                    continue;
            }
            chosen.push_back(best);
        }
        if (static_cast<int>(chosen.size()) == limit || static_cast<std::int64_t>(heap.size()) < window)
            break; // enough hits, or the window held every match
    }

    Result<Statement> read = prepareFtsSearch(m_db, kReadHit, match, style);
    if (!read)
        return read.error();
    std::vector<CodeHit> hits;
    hits.reserve(chosen.size());
    for (const Scored& best : chosen) {
        Statement& statement = read.value();
        statement.reset();
        statement.bind(":id", best.chunkId);
        Result<bool> row = statement.step();
        if (!row)
            return row.error();
        if (!row.value())
            continue; // deleted by another connection since it was scored
        CodeHit hit;
        hit.chunkId = statement.columnInt(0);
        hit.fileId = statement.columnInt(1);
        hit.repositoryId = statement.columnInt(2);
        hit.path = statement.columnText(3);
        hit.startLine = statement.columnInt(4);
        hit.endLine = statement.columnInt(5);
        hit.rank = best.rank;
        hit.snippet = statement.columnText(6);
        hits.push_back(std::move(hit));
    }
    return hits;
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
