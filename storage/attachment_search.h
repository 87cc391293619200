// SPDX-License-Identifier: MIT
// AttachmentSearch: full-text search over the text extracted from attachments (FTS5 table
// attachment_fts, kept in step with attachments by triggers from migration 0005).
#pragma once

#include "storage/fts_query.h"
#include "storage/storage_result.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cairn::storage {

class Database;

struct AttachmentHit {
    std::int64_t attachmentId = 0;
    std::string originalPath;
    std::string mime;
    double rank = 0; ///< FTS5 bm25(): lower is better (more negative for a better match)
    std::string snippet;
};

class AttachmentSearch {
public:
    explicit AttachmentSearch(Database& db) : m_db(db) { }

    /// Attachments whose extracted text contains every word of `query` (user text, taken literally
    /// as in MessageSearch), best first, at most `limit`. An empty query finds nothing.
    Result<std::vector<AttachmentHit>> search(std::string_view query, int limit, const SnippetStyle& style = {}) const;

private:
    Database& m_db;
};

} // namespace cairn::storage
