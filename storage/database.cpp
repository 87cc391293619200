// SPDX-License-Identifier: MIT
// Opening a profile database: file checks before SQLite touches it, connection pragmas, schema
// version and application id checks, migrations; moving an unusable file aside.

#include "storage/database.h"

#include "storage/fts_ranking.h"
#include "storage/migration.h"
#include "storage/statement.h"

#include <sqlite3.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <fstream>
#include <unistd.h>
#include <utility>

namespace cairn::storage {

namespace {

namespace fs = std::filesystem;

constexpr const char* kReadIdentity = "SELECT (SELECT application_id FROM pragma_application_id),"
                                      " (SELECT user_version FROM pragma_user_version),"
                                      " (SELECT count(*) FROM sqlite_schema)";
constexpr const char* kSetJournalWal = "PRAGMA journal_mode = WAL";
// temp_store: the code index stages each batch's chunks (~3 MB) in a temp table, which otherwise
// spills to a temp file. wal_autocheckpoint: copy the WAL into the database every 64 MB, not
// every 4 MB, so pages a bulk write rewrites in each batch (B-tree interiors, FTS5 segments) are
// copied once. Both measured with bench_code_index: 41.5k -> 43.6-45.6k chunks/s inserted.
constexpr const char* kSetConnectionPragmas = "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;"
                                              " PRAGMA temp_store = MEMORY; PRAGMA wal_autocheckpoint = 16384;";
constexpr const char* kReadUserVersion = "PRAGMA user_version";
constexpr const char* kIntegrityCheck = "PRAGMA integrity_check";
constexpr int kBusyTimeoutMs = 5000;

constexpr std::size_t kHeaderSize = 100;
constexpr std::array<char, 16> kSqliteMagic
    = {'S', 'Q', 'L', 'i', 't', 'e', ' ', 'f', 'o', 'r', 'm', 'a', 't', ' ', '3', '\0'};

Error errorAbout(const fs::path& path, ErrorCode code, std::string detail)
{
    return Error{code, path.string(), std::move(detail)};
}

std::uint32_t readBigEndian(const std::array<unsigned char, kHeaderSize>& header, std::size_t offset, int bytes)
{
    std::uint32_t value = 0;
    for (int i = 0; i < bytes; ++i)
        value = (value << 8) | header[offset + static_cast<std::size_t>(i)];
    return value;
}

bool nonEmptyFile(const fs::path& path)
{
    std::error_code ec;
    return fs::is_regular_file(path, ec) && fs::file_size(path, ec) > 0 && !ec;
}

/// Looks at the file before SQLite does: SQLite's own errors for a foreign or cut-off file are
/// vaguer ("file is not a database") or only show on the first read of a missing page.
Status checkFileHeader(const fs::path& path, std::uintmax_t fileSize)
{
    std::array<unsigned char, kHeaderSize> header{};
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return errorAbout(path, ErrorCode::Io, std::string("cannot read the file: ") + std::strerror(errno));
    in.read(reinterpret_cast<char*>(header.data()), static_cast<std::streamsize>(header.size()));
    const auto got = static_cast<std::size_t>(in.gcount());
    if (got < kHeaderSize || std::memcmp(header.data(), kSqliteMagic.data(), kSqliteMagic.size()) != 0)
        return errorAbout(path, ErrorCode::NotADatabase, "not a SQLite database (no SQLite header)");

    // Header fields (https://www.sqlite.org/fileformat.html#the_database_header): page size at 16
    // (1 means 65536), change counter at 24, page count at 28, valid when "version-valid-for" at 92
    // equals the change counter. A WAL file may hold pages the main file does not have yet.
    const std::uint32_t rawPageSize = readBigEndian(header, 16, 2);
    const std::uint64_t pageSize = rawPageSize == 1 ? 65536 : rawPageSize;
    const std::uint32_t pageCount = readBigEndian(header, 28, 4);
    const bool countValid = pageCount > 0 && readBigEndian(header, 24, 4) == readBigEndian(header, 92, 4);
    fs::path wal = path;
    wal += "-wal";
    if (countValid && !nonEmptyFile(wal) && fileSize < pageSize * pageCount)
        return errorAbout(path, ErrorCode::NotADatabase,
                          "truncated: the header promises " + std::to_string(pageCount) + " pages of "
                              + std::to_string(pageSize) + " bytes, the file holds " + std::to_string(fileSize)
                              + " bytes");
    return Ok{};
}

Status prepareFile(const fs::path& path, const OpenOptions& options)
{
    std::error_code ec;
    const bool exists = fs::exists(path, ec);
    if (!exists) {
        if (!options.create)
            return errorAbout(path, ErrorCode::Io, "no such file");
        const fs::path folder = path.parent_path();
        if (!folder.empty() && !fs::create_directories(folder, ec) && ec)
            return errorAbout(path, ErrorCode::Io, "cannot create the folder " + folder.string() + ": " + ec.message());
        if (access(folder.empty() ? "." : folder.c_str(), W_OK) != 0)
            return errorAbout(path, ErrorCode::Io,
                              "cannot create files in " + folder.string() + ": " + std::strerror(errno));
        return Ok{};
    }
    if (!fs::is_regular_file(path, ec))
        return errorAbout(path, ErrorCode::NotADatabase, "not a regular file");
    const std::uintmax_t size = fs::file_size(path, ec);
    if (ec)
        return errorAbout(path, ErrorCode::Io, "cannot read the file size: " + ec.message());
    if (size == 0)
        return Ok{}; // an empty file is a new database (SQLite treats it so)
    return checkFileHeader(path, size);
}

struct Identity {
    std::int64_t applicationId = 0;
    int userVersion = 0;
    std::int64_t schemaObjects = 0;
};

Result<Identity> readIdentity(sqlite3* db)
{
    Result<Statement> statement = Statement::prepare(db, kReadIdentity);
    if (!statement)
        return statement.error();
    Result<bool> row = statement.value().step();
    if (!row)
        return row.error();
    Identity identity;
    identity.applicationId = statement.value().columnInt(0);
    identity.userVersion = static_cast<int>(statement.value().columnInt(1));
    identity.schemaObjects = statement.value().columnInt(2);
    return identity;
}

Result<int> readUserVersion(sqlite3* db)
{
    Result<Statement> statement = Statement::prepare(db, kReadUserVersion);
    if (!statement)
        return statement.error();
    Result<bool> row = statement.value().step();
    if (!row)
        return row.error();
    return static_cast<int>(statement.value().columnInt(0));
}

Status checkIdentity(const fs::path& path, const Identity& identity)
{
    if (identity.applicationId != kApplicationId && (identity.applicationId != 0 || identity.schemaObjects > 0)) {
        char id[16];
        std::snprintf(id, sizeof id, "0x%08llx", static_cast<unsigned long long>(identity.applicationId));
        return errorAbout(path, ErrorCode::NotADatabase,
                          std::string("a SQLite database of another program (application id ") + id + ", "
                              + std::to_string(identity.schemaObjects) + " tables and indexes), not Cairn's");
    }
    if (identity.userVersion > latestSchemaVersion())
        return errorAbout(path, ErrorCode::TooNew,
                          "schema version " + std::to_string(identity.userVersion)
                              + " was written by a newer Cairn; this Cairn knows schema versions up to "
                              + std::to_string(latestSchemaVersion()));
    return Ok{};
}

Status setJournalWal(sqlite3* db, const fs::path& path)
{
    Result<Statement> statement = Statement::prepare(db, kSetJournalWal);
    if (!statement)
        return statement.error();
    Result<bool> row = statement.value().step();
    if (!row)
        return row.error();
    if (statement.value().columnText(0) != "wal")
        return errorAbout(path, ErrorCode::Io,
                          "the file system does not allow WAL mode (journal mode is " + statement.value().columnText(0)
                              + ")");
    return Ok{};
}

std::string utcStamp()
{
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &utc);
    return text;
}

/// rename(2) that fails with EEXIST instead of replacing `to`.
bool renameNoReplace(const fs::path& from, const fs::path& to)
{
    return renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0;
}

} // namespace

Result<fs::path> Database::defaultPath()
{
    const char* dataHome = std::getenv("XDG_DATA_HOME");
    if (dataHome != nullptr && fs::path(dataHome).is_absolute())
        return fs::path(dataHome) / "cairn" / "cairn.db";
    const char* home = std::getenv("HOME");
    if (home != nullptr && fs::path(home).is_absolute())
        return fs::path(home) / ".local" / "share" / "cairn" / "cairn.db";
    return Error{ErrorCode::Io, "cairn.db", "neither XDG_DATA_HOME nor HOME names a folder for the database"};
}

Result<Database> Database::open(const fs::path& path, OpenOptions options)
{
    if (path.empty())
        return Error{ErrorCode::InvalidInput, "", "no database path given"};
    Status prepared = prepareFile(path, options);
    if (!prepared)
        return prepared.error();

    sqlite3* handle = nullptr;
    const int flags = SQLITE_OPEN_READWRITE | (options.create ? SQLITE_OPEN_CREATE : 0);
    const int rc = sqlite3_open_v2(path.c_str(), &handle, flags, nullptr);
    Database db(handle, path); // closes the handle on every return below
    if (rc != SQLITE_OK)
        return errorAbout(path, ErrorCode::Io, std::string("cannot open: ") + sqlite3_errstr(rc));
    sqlite3_extended_result_codes(handle, 1);
    sqlite3_busy_timeout(handle, kBusyTimeoutMs);
    Status ranking = registerFtsRanking(handle, path.string());
    if (!ranking)
        return ranking.error();

    // Nothing is written before the file proved to be ours (or empty).
    Result<Identity> identity = readIdentity(handle);
    if (!identity) {
        Error error = identity.error();
        error.subject = path.string();
        if (error.code == ErrorCode::NotADatabase)
            error.detail = "damaged or not a SQLite database (" + error.detail + ")";
        return error;
    }
    Status ours = checkIdentity(path, identity.value());
    if (!ours)
        return ours.error();

    // WAL is a property of the file (kept once set); a file opened "as it is" keeps its mode.
    Status configured = options.migrate ? setJournalWal(handle, path) : Status(Ok{});
    if (configured)
        configured = execute(handle, kSetConnectionPragmas);
    if (configured && options.migrate && identity.value().userVersion < latestSchemaVersion())
        configured = applyMigrations(handle, identity.value().userVersion, embeddedMigrations());
    if (!configured)
        return configured.error();
    Result<int> version = readUserVersion(handle);
    if (!version)
        return version.error();
    db.m_schemaVersion = version.value();
    return db;
}

Result<fs::path> Database::moveAside(const fs::path& path)
{
    const std::string stamp = utcStamp();
    for (int attempt = 1; attempt <= 100; ++attempt) {
        // Appended piecewise: `"-" + std::to_string(n)` in a longer sum trips GCC 12's -Wrestrict at -O3.
        std::string suffix = ".unusable-";
        suffix += stamp;
        if (attempt > 1) {
            suffix += '-';
            suffix += std::to_string(attempt);
        }
        fs::path target = path;
        target += suffix;
        if (!renameNoReplace(path, target)) {
            if (errno == EEXIST)
                continue;
            return errorAbout(path, ErrorCode::Io, "cannot rename to " + target.string() + ": " + std::strerror(errno));
        }
        // The -wal file belongs to the moved database: left behind, a new database would replay it.
        for (const char* companion : {"-wal", "-shm"}) {
            fs::path from = path;
            from += companion;
            fs::path to = target;
            to += companion;
            std::error_code ec;
            if (fs::exists(from, ec) && !renameNoReplace(from, to))
                return errorAbout(from, ErrorCode::Io, "cannot rename to " + to.string() + ": " + std::strerror(errno));
        }
        return target;
    }
    return errorAbout(path, ErrorCode::Io,
                      "100 files named " + path.filename().string() + ".unusable-" + stamp + "* exist already");
}

Database::Database(Database&& other) noexcept
    : m_db(std::exchange(other.m_db, nullptr)), m_path(std::move(other.m_path)), m_schemaVersion(other.m_schemaVersion)
{
}

Database& Database::operator=(Database&& other) noexcept
{
    if (this != &other) {
        sqlite3_close_v2(m_db);
        m_db = std::exchange(other.m_db, nullptr);
        m_path = std::move(other.m_path);
        m_schemaVersion = other.m_schemaVersion;
    }
    return *this;
}

Database::~Database()
{
    sqlite3_close_v2(m_db);
}

Result<std::vector<std::string>> Database::integrityProblems() const
{
    Result<Statement> statement = Statement::prepare(m_db, kIntegrityCheck);
    if (!statement)
        return statement.error();
    std::vector<std::string> problems;
    for (;;) {
        Result<bool> row = statement.value().step();
        if (!row && row.error().code == ErrorCode::NotADatabase) {
            problems.push_back(row.error().detail); // damage bad enough to stop the check itself
            break;
        }
        if (!row)
            return row.error();
        if (!row.value())
            break;
        std::string line = statement.value().columnText(0);
        if (line != "ok")
            problems.push_back(std::move(line));
    }
    return problems;
}

} // namespace cairn::storage
