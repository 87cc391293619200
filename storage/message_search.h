// SPDX-License-Identifier: MIT
// MessageSearch: full-text search over message content (FTS5 table message_fts, kept in step with
// messages by triggers from migration 0002), ranked by bm25 with highlighted snippets.
#pragma once

#include "storage/fts_query.h"
#include "storage/storage_result.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cairn::storage {

class Database;

struct SearchHit {
    std::int64_t conversationId = 0;
    std::int64_t messageId = 0;
    std::string conversationTitle;
    double rank = 0; ///< FTS5 bm25(): lower is better (more negative for a better match)
    std::string snippet;
};

class MessageSearch {
public:
    explicit MessageSearch(Database& db) : m_db(db) { }

    /// Messages containing every word of `query` (user text: quotes, operators and punctuation are
    /// taken literally), best first, at most `limit`. An empty query finds nothing.
    Result<std::vector<SearchHit>> search(std::string_view query, int limit, const SnippetStyle& style = {}) const;

private:
    Database& m_db;
};

} // namespace cairn::storage
