// SPDX-License-Identifier: MIT
// MessageSearch: full-text search over message content (FTS5 table message_fts, kept in step with
// messages by triggers from migration 0002), ranked by bm25 with highlighted snippets.
#pragma once

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

/// How snippets mark matched terms. The defaults, STX/ETX control characters, do not occur in
/// normal text, so a view can escape the snippet first and then turn them into highlighting.
struct SnippetStyle {
    std::string begin = "\x02";
    std::string end = "\x03";
    std::string ellipsis = "\u2026";
    int tokens = 16; ///< words of context around the match, 1..64
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

/// The FTS5 MATCH expression for user text: each whitespace-separated word as a quoted string
/// (inner quotes doubled), all required. `c++ "x` becomes `"c++" """x"`.
std::string ftsQueryFromUserText(std::string_view text);

} // namespace cairn::storage
