// SPDX-License-Identifier: MIT
// Database: one open Cairn profile database (SQLite, WAL). Opening checks that the file is ours and
// not newer than this binary, sets the connection's pragmas and runs pending migrations.
#pragma once

#include "storage/storage_result.h"

#include <filesystem>
#include <string>
#include <vector>

struct sqlite3;

namespace cairn::storage {

struct OpenOptions {
    bool create = true; ///< create the file and its folder when missing; false: a missing file is an error
    /// Bring an older schema up to date and switch the file to WAL. False opens the file as it is,
    /// writing nothing (inspection, backup).
    bool migrate = true;
};

class Database {
public:
    /// `$XDG_DATA_HOME/cairn/cairn.db`, or `$HOME/.local/share/cairn/cairn.db` when XDG_DATA_HOME is
    /// unset or relative (XDG Base Directory spec). Fails only when neither variable helps.
    static Result<std::filesystem::path> defaultPath();

    /// Opens (or creates) the database at `path`. Errors: Io (folder or file cannot be created or
    /// opened), NotADatabase (not SQLite, truncated, damaged, or another program's SQLite file),
    /// TooNew (schema version above latestSchemaVersion(); the message names both versions).
    /// A file that fails is left untouched; moveAside() is the caller's way to start over.
    static Result<Database> open(const std::filesystem::path& path, OpenOptions options = {});

    /// Renames `path` and its -wal and -shm companions to `<name>.unusable-<UTC time>` in the same
    /// folder and returns the new path. Never deletes and never replaces an existing file.
    static Result<std::filesystem::path> moveAside(const std::filesystem::path& path);

    Database(Database&& other) noexcept;
    Database& operator=(Database&& other) noexcept;
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;
    ~Database();

    [[nodiscard]] sqlite3* handle() const { return m_db; }
    [[nodiscard]] const std::filesystem::path& path() const { return m_path; }
    /// `PRAGMA user_version` after opening (and migrating, if OpenOptions::migrate).
    [[nodiscard]] int schemaVersion() const { return m_schemaVersion; }

    /// Runs `PRAGMA integrity_check`; the problems it lists (or the damage that stopped it), empty
    /// when the file is sound. Fails only when the check could not run (busy, I/O error).
    [[nodiscard]] Result<std::vector<std::string>> integrityProblems() const;

private:
    Database(sqlite3* db, std::filesystem::path path) : m_db(db), m_path(std::move(path)) { }

    sqlite3* m_db = nullptr;
    std::filesystem::path m_path;
    int m_schemaVersion = 0;
};

} // namespace cairn::storage
