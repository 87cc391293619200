// SPDX-License-Identifier: MIT
// CodeSearch: full-text search over code chunks (FTS5 table code_chunk_fts, kept in step with
// code_chunks by triggers from migration 0005), ranked by bm25 with highlighted snippets.
#pragma once

#include "storage/message_search.h"
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
    double rank = 0; ///< FTS5 bm25(): lower is better (more negative for a better match)
    std::string snippet;
};

class CodeSearch {
public:
    explicit CodeSearch(Database& db) : m_db(db) { }

    /// Chunks containing every word of `query` (user text, taken literally as in MessageSearch), in
    /// one repository or in all, best first, at most `limit`. An empty query finds nothing.
    Result<std::vector<CodeHit>> search(std::string_view query, int limit,
                                        std::optional<std::int64_t> repositoryId = std::nullopt,
                                        const SnippetStyle& style = {}) const;

private:
    Database& m_db;
};

} // namespace cairn::storage
