// SPDX-License-Identifier: MIT
// sqlite3_backup_* into a temporary file beside the target, then an atomic no-replace rename.

#include "storage/backup.h"

#include "storage/database.h"
#include "storage/statement.h"

#include <sqlite3.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <unistd.h>

namespace cairn::storage {

namespace {

namespace fs = std::filesystem;

// All pages in one step: one read transaction, so the copy is one consistent snapshot. In WAL mode
// that read does not block writers, and writers cannot restart it (stepping a few pages at a time
// restarts after every write by another connection, and may never finish while a reply streams).
constexpr int kAllPages = -1;
constexpr int kBusyRetryMs = 20;

Error ioError(const fs::path& path, std::string detail)
{
    return Error{ErrorCode::Io, path.string(), std::move(detail)};
}

/// Copies every page; sleeps and retries while the source or target is locked.
Status copyPages(sqlite3* from, sqlite3* to)
{
    sqlite3_backup* backup = sqlite3_backup_init(to, "main", from, "main");
    if (backup == nullptr)
        return sqliteError(to, sqlite3_errcode(to));
    int rc = SQLITE_OK;
    do {
        rc = sqlite3_backup_step(backup, kAllPages);
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
            sqlite3_sleep(kBusyRetryMs);
    } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
    sqlite3_backup_finish(backup);
    if (rc != SQLITE_DONE)
        return sqliteError(to, rc);
    return Ok{};
}

} // namespace

Status backupDatabase(const Database& source, const fs::path& out)
{
    std::error_code ec;
    if (fs::exists(out, ec))
        return ioError(out, "exists already; a backup never replaces a file");

    // A unique temporary name in the target folder, so that the final rename stays on one file system.
    std::string temporary = out.string() + ".partial-XXXXXX";
    const int fd = mkstemp(temporary.data());
    if (fd < 0)
        return ioError(out, std::string("cannot create a file there: ") + std::strerror(errno));
    close(fd);

    sqlite3* target = nullptr;
    int rc = sqlite3_open_v2(temporary.c_str(), &target, SQLITE_OPEN_READWRITE, nullptr);
    Status copied = rc == SQLITE_OK ? copyPages(source.handle(), target) : sqliteError(target, rc);
    rc = sqlite3_close(target); // also checkpoints and removes the copy's -wal
    if (copied && rc != SQLITE_OK)
        copied = ioError(out, std::string("cannot finish writing the copy: ") + sqlite3_errstr(rc));
    if (copied && renameat2(AT_FDCWD, temporary.c_str(), AT_FDCWD, out.c_str(), RENAME_NOREPLACE) != 0)
        copied = ioError(out, std::string("cannot move the finished copy into place: ") + std::strerror(errno));
    if (!copied) {
        for (const char* suffix : {"", "-wal", "-shm", "-journal"})
            fs::remove(temporary + suffix, ec);
        Error error = copied.error();
        if (error.code != ErrorCode::Io || error.subject != out.string())
            error.detail = "backup to " + out.string() + " failed: " + error.detail;
        return error;
    }
    return Ok{};
}

} // namespace cairn::storage
