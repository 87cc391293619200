// SPDX-License-Identifier: MIT
// Probes the SQLite library we link: version and a real FTS5 round trip in memory.

#include "storage/sqlite_info.h"

#include <sqlite3.h>

namespace cairn::storage {

namespace {

constexpr const char* kFtsProbe = "CREATE VIRTUAL TABLE probe USING fts5(body);"
                                  "INSERT INTO probe(body) VALUES ('local offline assistant');"
                                  "SELECT count(*) FROM probe WHERE probe MATCH 'offline';";

int storeCount(void* out, int columns, char** values, char** /*names*/)
{
    if (columns == 1 && values[0] != nullptr)
        *static_cast<int*>(out) = std::stoi(values[0]);
    return 0;
}

} // namespace

SqliteInfo probeSqlite()
{
    SqliteInfo info;
    info.version = sqlite3_libversion();
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
        info.problem = std::string("cannot open an in-memory database: ") + sqlite3_errmsg(db);
        sqlite3_close(db);
        return info;
    }
    int matches = 0;
    char* error = nullptr;
    if (sqlite3_exec(db, kFtsProbe, storeCount, &matches, &error) != SQLITE_OK) {
        info.problem = error != nullptr ? error : "FTS5 probe failed";
        sqlite3_free(error);
    } else if (matches != 1) {
        info.problem = "FTS5 MATCH returned " + std::to_string(matches) + " rows instead of 1";
    } else {
        info.fts5 = true;
    }
    sqlite3_close(db);
    return info;
}

} // namespace cairn::storage
