// SPDX-License-Identifier: MIT
// SettingsStore: the profile's settings as text key/value pairs (the app decides keys and formats).
#pragma once

#include "storage/storage_result.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace cairn::storage {

class Database;

class SettingsStore {
public:
    explicit SettingsStore(Database& db) : m_db(db) { }

    /// The value of `key`, or empty when it was never set (or was removed).
    Result<std::optional<std::string>> value(std::string_view key) const;
    /// Sets or replaces the value of `key`; an empty key is InvalidInput.
    Status setValue(std::string_view key, std::string_view value);
    /// Removes `key`; removing a key that is not set is not an error.
    Status remove(std::string_view key);
    /// Every setting, ordered by key.
    Result<std::map<std::string, std::string>> all() const;

private:
    Database& m_db;
};

} // namespace cairn::storage
