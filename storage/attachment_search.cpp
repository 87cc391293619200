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
    Result<Statement> select = prepareFtsSearch(m_db, kSearchAttachments, match, style);
    if (!select)
        return select.error();
    Statement& statement = select.value();
    statement.bind(":limit", std::int64_t{limit});
    return readAll<AttachmentHit>(statement, [](const Statement& row) {
        AttachmentHit hit;
        hit.attachmentId = row.columnInt(0);
        hit.originalPath = row.columnText(1);
        hit.mime = row.columnText(2);
        hit.rank = row.columnDouble(3);
        hit.snippet = row.columnText(4);
        return hit;
    });
}

} // namespace cairn::storage
