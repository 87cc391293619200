// SPDX-License-Identifier: MIT
// User text to FTS5 MATCH expressions, and search statements with their snippet style bound.

#include "storage/fts_query.h"

#include "storage/database.h"

namespace cairn::storage {

namespace {

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

} // namespace

std::string ftsQueryFromUserText(std::string_view text)
{
    std::string query;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && isSpace(text[i]))
            ++i;
        if (i == text.size())
            break;
        if (!query.empty())
            query += ' ';
        query += '"';
        for (; i < text.size() && !isSpace(text[i]); ++i) {
            if (text[i] == '"')
                query += '"';
            query += text[i];
        }
        query += '"';
    }
    return query;
}

Result<Statement> prepareFtsSearch(const Database& db, const char* sql, std::string_view match,
                                   const SnippetStyle& style)
{
    if (style.tokens < 1 || style.tokens > 64)
        return Error{ErrorCode::InvalidInput, db.path().string(),
                     "snippet length " + std::to_string(style.tokens) + " is outside 1..64"};
    Result<Statement> select = Statement::prepare(db.handle(), sql);
    if (!select)
        return select.error();
    Statement& statement = select.value();
    statement.bind(":begin", std::string_view(style.begin));
    statement.bind(":end", std::string_view(style.end));
    statement.bind(":ellipsis", std::string_view(style.ellipsis));
    statement.bind(":tokens", std::int64_t{style.tokens});
    statement.bind(":query", match);
    return select;
}

} // namespace cairn::storage
