// SPDX-License-Identifier: MIT
// Online backup of an open database into a new file (SQLite's backup API): other connections may
// keep reading and writing while it runs.
#pragma once

#include "storage/storage_result.h"

#include <filesystem>

namespace cairn::storage {

class Database;

/// Copies `source` page by page into `out`, which must not exist yet: the copy is written next to
/// it under a temporary name and renamed into place when complete, so `out` is never half a copy
/// and never replaces a file. Errors name `out` (Io) or the source database.
Status backupDatabase(const Database& source, const std::filesystem::path& out);

} // namespace cairn::storage
