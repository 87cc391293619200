// SPDX-License-Identifier: MIT
// FTS5 queries over message_fts: bm25 ranking and snippet() highlighting.

#include "storage/message_search.h"

#include "storage/database.h"

namespace cairn::storage {

namespace {

constexpr const char* kSearchMessages = "SELECT m.conversation_id, m.id, c.title, bm25(message_fts) AS rank,"
                                        " snippet(message_fts, 0, :begin, :end, :ellipsis, :tokens)"
                                        " FROM message_fts"
                                        " JOIN messages m ON m.id = message_fts.rowid"
                                        " JOIN conversations c ON c.id = m.conversation_id"
                                        " WHERE message_fts MATCH :query ORDER BY rank, m.id LIMIT :limit";

} // namespace

Result<std::vector<SearchHit>> MessageSearch::search(std::string_view query, int limit, const SnippetStyle& style) const
{
    const std::string match = ftsQueryFromUserText(query);
    if (match.empty() || limit <= 0)
        return std::vector<SearchHit>{};
    Result<Statement> select = prepareFtsSearch(m_db, kSearchMessages, match, style);
    if (!select)
        return select.error();
    Statement& statement = select.value();
    statement.bind(":limit", std::int64_t{limit});
    return readAll<SearchHit>(statement, [](const Statement& row) {
        SearchHit hit;
        hit.conversationId = row.columnInt(0);
        hit.messageId = row.columnInt(1);
        hit.conversationTitle = row.columnText(2);
        hit.rank = row.columnDouble(3);
        hit.snippet = row.columnText(4);
        return hit;
    });
}

} // namespace cairn::storage
