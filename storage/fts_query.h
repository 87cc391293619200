// SPDX-License-Identifier: MIT
// What every FTS5 search in storage shares: user text made a literal MATCH expression, the
// snippet style, and preparing a search statement with them bound.
#pragma once

#include "storage/statement.h"
#include "storage/storage_result.h"

#include <string>
#include <string_view>

namespace cairn::storage {

class Database;

/// How snippets mark matched terms. The defaults, STX/ETX control characters, do not occur in
/// normal text, so a view can escape the snippet first and then turn them into highlighting.
struct SnippetStyle {
    std::string begin = "\x02";
    std::string end = "\x03";
    std::string ellipsis = "\u2026";
    int tokens = 16; ///< words of context around the match, 1..64
};

/// The FTS5 MATCH expression for user text: each whitespace-separated word as a quoted string
/// (inner quotes doubled), all required. `c++ "x` becomes `"c++" """x"`.
std::string ftsQueryFromUserText(std::string_view text);

/// `sql` prepared with :begin, :end, :ellipsis and :tokens (for snippet()) and :query bound; an
/// error naming the database for a snippet length outside 1..64.
Result<Statement> prepareFtsSearch(const Database& db, const char* sql, std::string_view match,
                                   const SnippetStyle& style);

} // namespace cairn::storage
