// SPDX-License-Identifier: MIT
// Forward-only schema migrations, one transaction each. The SQL lives in storage/migrations/.

#include "storage/migration.h"

#include "storage/embedded_migrations.h"
#include "storage/statement.h"
#include "storage/transaction.h"

#include <string>

namespace cairn::storage {

namespace {

constexpr bool versionsAreConsecutive()
{
    int expected = 1;
    for (const Migration& migration : kEmbeddedMigrations) {
        if (migration.version != expected)
            return false;
        ++expected;
    }
    return true;
}
static_assert(versionsAreConsecutive(), "storage/migrations/ must be numbered 0001, 0002, ... without gaps");

// PRAGMA takes no bound parameters; both values are integers we produce, never caller text.
std::string setVersionSql(int version)
{
    return "PRAGMA user_version = " + std::to_string(version);
}
std::string setApplicationIdSql()
{
    return "PRAGMA application_id = " + std::to_string(kApplicationId);
}

Status applyOne(sqlite3* db, const Migration& migration)
{
    Result<Transaction> transaction = Transaction::begin(db);
    if (!transaction)
        return transaction.error();
    Status applied = execute(db, migration.sql);
    if (applied && migration.version == 1)
        applied = execute(db, setApplicationIdSql().c_str());
    if (applied)
        applied = execute(db, setVersionSql(migration.version).c_str());
    if (applied)
        applied = transaction.value().commit();
    if (!applied) {
        Error error = applied.error();
        error.detail = "migration " + std::string(migration.name) + " failed: " + error.detail;
        return error;
    }
    return Ok{};
}

} // namespace

std::span<const Migration> embeddedMigrations()
{
    return kEmbeddedMigrations;
}

int latestSchemaVersion()
{
    return kEmbeddedMigrations[std::size(kEmbeddedMigrations) - 1].version;
}

Status applyMigrations(sqlite3* db, int fromVersion, std::span<const Migration> migrations)
{
    for (const Migration& migration : migrations) {
        if (migration.version <= fromVersion)
            continue;
        Status applied = applyOne(db, migration);
        if (!applied)
            return applied;
    }
    return Ok{};
}

} // namespace cairn::storage
