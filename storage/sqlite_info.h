// SPDX-License-Identifier: MIT
// What the linked SQLite library is and whether it has the features storage relies on.
#pragma once

#include <string>

namespace cairn::storage {

struct SqliteInfo {
    std::string version; ///< e.g. "3.40.1"
    bool fts5 = false;   ///< an FTS5 table could be created and queried
    std::string problem; ///< why fts5 is false, empty otherwise
};

/// Opens a private in-memory database and tries an FTS5 table with a MATCH query.
SqliteInfo probeSqlite();

} // namespace cairn::storage
