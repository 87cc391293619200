// SPDX-License-Identifier: MIT
// FTS5 queries over message_fts: bm25 ranking, snippet() highlighting, user text made literal.

#include "storage/message_search.h"

#include "storage/database.h"
#include "storage/statement.h"

namespace cairn::storage {

namespace {

constexpr const char* kSearchMessages = "SELECT m.conversation_id, m.id, c.title, bm25(message_fts) AS rank,"
                                        " snippet(message_fts, 0, :begin, :end, :ellipsis, :tokens)"
                                        " FROM message_fts"
                                        " JOIN messages m ON m.id = message_fts.rowid"
                                        " JOIN conversations c ON c.id = m.conversation_id"
                                        " WHERE message_fts MATCH :query ORDER BY rank, m.id LIMIT :limit";

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

Result<std::vector<SearchHit>> MessageSearch::search(std::string_view query, int limit, const SnippetStyle& style) const
{
    const std::string match = ftsQueryFromUserText(query);
    if (match.empty() || limit <= 0)
        return std::vector<SearchHit>{};
    if (style.tokens < 1 || style.tokens > 64)
        return Error{ErrorCode::InvalidInput, m_db.path().string(),
                     "snippet length " + std::to_string(style.tokens) + " is outside 1..64"};
    Result<Statement> select = Statement::prepare(m_db.handle(), kSearchMessages);
    if (!select)
        return select.error();
    Statement& statement = select.value();
    statement.bind(":begin", std::string_view(style.begin));
    statement.bind(":end", std::string_view(style.end));
    statement.bind(":ellipsis", std::string_view(style.ellipsis));
    statement.bind(":tokens", std::int64_t{style.tokens});
    statement.bind(":query", std::string_view(match));
    statement.bind(":limit", std::int64_t{limit});
    std::vector<SearchHit> hits;
    for (;;) {
        Result<bool> row = statement.step();
        if (!row)
            return row.error();
        if (!row.value())
            return hits;
        SearchHit hit;
        hit.conversationId = statement.columnInt(0);
        hit.messageId = statement.columnInt(1);
        hit.conversationTitle = statement.columnText(2);
        hit.rank = statement.columnDouble(3);
        hit.snippet = statement.columnText(4);
        hits.push_back(std::move(hit));
    }
}

} // namespace cairn::storage
