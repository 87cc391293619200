// SPDX-License-Identifier: MIT
// FTS5 queries over attachment_fts: bm25 ranking and snippet() highlighting of extracted text.

#include "storage/attachment_search.h"

#include "storage/database.h"
#include "storage/statement.h"

namespace cairn::storage {

namespace {

constexpr const char* kSearchAttachments = "SELECT a.id, a.original_path, a.mime, bm25(attachment_fts) AS rank,"
                                           " snippet(attachment_fts, 0, :begin, :end, :ellipsis, :tokens)"
                                           " FROM attachment_fts JOIN attachments a ON a.id = attachment_fts.rowid"
                                           " WHERE attachment_fts MATCH :query ORDER BY rank, a.id LIMIT :limit";

} // namespace

Result<std::vector<AttachmentHit>> AttachmentSearch::search(std::string_view query, int limit,
                                                            const SnippetStyle& style) const
{
    const std::string match = ftsQueryFromUserText(query);
    if (match.empty() || limit <= 0)
        return std::vector<AttachmentHit>{};
    if (style.tokens < 1 || style.tokens > 64)
        return Error{ErrorCode::InvalidInput, m_db.path().string(),
                     "snippet length " + std::to_string(style.tokens) + " is outside 1..64"};
    Result<Statement> select = Statement::prepare(m_db.handle(), kSearchAttachments);
    if (!select)
        return select.error();
    Statement& statement = select.value();
    statement.bind(":begin", std::string_view(style.begin));
    statement.bind(":end", std::string_view(style.end));
    statement.bind(":ellipsis", std::string_view(style.ellipsis));
    statement.bind(":tokens", std::int64_t{style.tokens});
    statement.bind(":query", std::string_view(match));
    statement.bind(":limit", std::int64_t{limit});
    std::vector<AttachmentHit> hits;
    for (;;) {
        Result<bool> row = statement.step();
        if (!row)
            return row.error();
        if (!row.value())
            return hits;
        AttachmentHit hit;
        hit.attachmentId = statement.columnInt(0);
        hit.originalPath = statement.columnText(1);
        hit.mime = statement.columnText(2);
        hit.rank = statement.columnDouble(3);
        hit.snippet = statement.columnText(4);
        hits.push_back(std::move(hit));
    }
}

} // namespace cairn::storage
