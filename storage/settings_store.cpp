// SPDX-License-Identifier: MIT
// Settings key/value queries.

#include "storage/settings_store.h"

#include "storage/database.h"
#include "storage/statement.h"

namespace cairn::storage {

namespace {

constexpr const char* kSelectValue = "SELECT value FROM settings WHERE key = :key";
constexpr const char* kUpsertValue
    = "INSERT INTO settings(key, value) VALUES (:key, :value) ON CONFLICT(key) DO UPDATE SET value = excluded.value";
constexpr const char* kDeleteValue = "DELETE FROM settings WHERE key = :key";
constexpr const char* kSelectAll = "SELECT key, value FROM settings ORDER BY key";

} // namespace

Result<std::optional<std::string>> SettingsStore::value(std::string_view key) const
{
    Result<Statement> select = Statement::prepare(m_db.handle(), kSelectValue);
    if (!select)
        return select.error();
    select.value().bind(":key", key);
    Result<bool> row = select.value().step();
    if (!row)
        return row.error();
    if (!row.value())
        return std::optional<std::string>{};
    return std::optional<std::string>{select.value().columnText(0)};
}

Status SettingsStore::setValue(std::string_view key, std::string_view value)
{
    if (key.empty())
        return Error{ErrorCode::InvalidInput, m_db.path().string(), "a setting needs a non-empty key"};
    Result<Statement> upsert = Statement::prepare(m_db.handle(), kUpsertValue);
    if (!upsert)
        return upsert.error();
    upsert.value().bind(":key", key);
    upsert.value().bind(":value", value);
    return upsert.value().run();
}

Status SettingsStore::remove(std::string_view key)
{
    Result<Statement> remove = Statement::prepare(m_db.handle(), kDeleteValue);
    if (!remove)
        return remove.error();
    remove.value().bind(":key", key);
    return remove.value().run();
}

Result<std::map<std::string, std::string>> SettingsStore::all() const
{
    Result<Statement> select = Statement::prepare(m_db.handle(), kSelectAll);
    if (!select)
        return select.error();
    std::map<std::string, std::string> settings;
    for (;;) {
        Result<bool> row = select.value().step();
        if (!row)
            return row.error();
        if (!row.value())
            return settings;
        settings.emplace(select.value().columnText(0), select.value().columnText(1));
    }
}

} // namespace cairn::storage
