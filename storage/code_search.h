// SPDX-License-Identifier: MIT
// CodeSearch: full-text search over code chunks (FTS5 table code_chunk_fts, kept in step with
// code_chunks by triggers from migration 0005), ranked by code_bm25 (bm25 with a bounded-cost
// document count, fts_ranking.h) with highlighted snippets.
#pragma once

#include "storage/fts_query.h"
#include "storage/storage_result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cairn::storage {

class Database;

struct CodeHit {
    std::int64_t chunkId = 0;
    std::int64_t fileId = 0;
    std::int64_t repositoryId = 0;
    std::string path; ///< relative to the repository root
    std::int64_t startLine = 1;
    std::int64_t endLine = 1;
    double rank = 0; ///< code_bm25 (FTS5's bm25() formula): lower is better (more negative for a better match)
    std::string snippet;
};

class CodeSearch {
public:
    explicit CodeSearch(Database& db) : m_db(db) { }

    /// Ranking costs about a microsecond a match, so a query is ranked over at most this many
    /// matches: the most recently written ones in the searched scope. Words in a large share of
    /// the chunks (`return`, `get`) thus cost a bounded time; code_bm25 still weighs each word by
    /// its frequency in the whole index (estimated for words in many chunks, see fts_ranking.h),
    /// so scores stay comparable between queries.
    static constexpr int kRankedMatches = 10000;

    /// Chunks containing every word of `query` (user text, taken literally as in MessageSearch), in
    /// one repository or in all, best first, at most `limit`. An empty query finds nothing. When
    /// more than kRankedMatches chunks match, the best of the newest kRankedMatches are returned;
    /// with a repository, of the newest matches that give `limit` hits in it (the window widens 8x
    /// at a time, so a common word in a small repository written long before others costs more).
    Result<std::vector<CodeHit>> search(std::string_view query, int limit,
                                        std::optional<std::int64_t> repositoryId = std::nullopt,
                                        const SnippetStyle& style = {}) const;

    /// How many chunks contain every word of `query` (read as search() reads it), in one repository
    /// or in all. Walks every match: meant for a "20 of N" line, not for each keystroke.
    Result<std::int64_t> countMatches(std::string_view query,
                                      std::optional<std::int64_t> repositoryId = std::nullopt) const;

private:
    Database& m_db;
};

} // namespace cairn::storage
