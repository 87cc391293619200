// SPDX-License-Identifier: MIT
// Migration: one numbered schema step (storage/migrations/NNNN_name.sql, compiled into the binary)
// and applyMigrations, which moves a database forward through them.
#pragma once

#include "storage/storage_result.h"

#include <cstdint>
#include <span>

struct sqlite3;

namespace cairn::storage {

/// `PRAGMA application_id` of every Cairn database ("CAIR"); set together with schema version 1.
inline constexpr std::int32_t kApplicationId = 0x43414952;

struct Migration {
    int version;      ///< the schema version the database has after this step (1, 2, ...)
    const char* name; ///< file name without .sql, e.g. "0001_conversations"
    const char* sql;  ///< the whole script
};

/// The migrations built into this binary, versions 1..N in order.
std::span<const Migration> embeddedMigrations();

/// The schema version this binary writes: the last embedded migration's.
int latestSchemaVersion();

/// Applies every migration whose version is above `fromVersion`, each in its own transaction that
/// also sets `PRAGMA user_version` (and the application id with version 1). A failing step rolls
/// back alone, leaving the database at the previous version; its Error names the migration.
Status applyMigrations(sqlite3* db, int fromVersion, std::span<const Migration> migrations);

} // namespace cairn::storage
