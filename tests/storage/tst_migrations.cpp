// SPDX-License-Identifier: MIT
// Schema migrations: a database at every older version (built with the real embedded steps and
// holding rows of that version) opens, migrates to the latest version and keeps its rows.

#include "storage/database.h"
#include "storage/migration.h"

#include <QtTest>

#include <string>

#include <sqlite3.h>

using cairn::storage::Database;
using cairn::storage::Migration;

namespace {

/// Rows written in the shape of schema `version` (nothing for version 0, the empty file): each
/// version's rows plus the rows of the tables it added. Add a branch when a migration adds a table
/// or changes what older rows look like.
std::string seedSql(int version)
{
    std::string sql;
    if (version >= 1)
        sql += "INSERT INTO conversations(id, title, created_ms, updated_ms, active_message_id)"
               " VALUES (7, 'Borrowing', 1000, 2000, 11);"
               "INSERT INTO messages(id, conversation_id, parent_id, role, content, created_ms)"
               " VALUES (10, 7, NULL, 'user', 'why does the borrow checker reject this loop', 1000),"
               "        (11, 7, 10, 'assistant', 'the loop keeps a mutable reference alive', 2000);";
    if (version >= 3)
        sql += "INSERT INTO attachments(id, content_hash, kind, extracted_text, created_ms)"
               " VALUES (21, printf('%064d', 21), 'document', 'the invoice total is due in march', 3000);";
    if (version >= 4)
        sql += "INSERT INTO repositories(id, root_path, name, created_ms) VALUES (31, '/src/tiny', 'tiny', 4000);"
               "INSERT INTO code_files(id, repository_id, path) VALUES (32, 31, 'src/header.c');"
               "INSERT INTO code_symbols(id, file_id, name, kind, start_byte, end_byte, start_line, end_line)"
               " VALUES (33, 32, 'parse_header', 'function', 0, 80, 1, 4);"
               "INSERT INTO code_chunks(id, file_id, symbol_id, start_line, end_line, start_byte, end_byte, text)"
               " VALUES (34, 32, 33, 1, 4, 0, 80, 'int parse_header(void) { return check_magic_bytes(); }');";
    if (version >= 6)
        sql += "INSERT INTO review_findings(repository_id, path, start_line, end_line, severity, message,"
               " conversation_id, created_ms, updated_ms)"
               " VALUES (31, 'src/header.c', 2, 2, 'warning', 'unchecked return value', 7, 5000, 5000);";
    return sql;
}

qint64 queryInt(sqlite3* db, const char* sql)
{
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) != SQLITE_OK)
        return -1;
    const qint64 value = sqlite3_step(statement) == SQLITE_ROW ? sqlite3_column_int64(statement, 0) : -1;
    sqlite3_finalize(statement);
    return value;
}

/// The schema as SQLite stores it: every table, index, trigger and view with its SQL.
QStringList schemaOf(sqlite3* db)
{
    QStringList entries;
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name", -1,
                           &statement, nullptr)
        != SQLITE_OK)
        return {QStringLiteral("cannot read the schema")};
    while (sqlite3_step(statement) == SQLITE_ROW) {
        QStringList columns;
        for (int i = 0; i < 4; ++i)
            columns.append(QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(statement, i))));
        entries.append(columns.join(QLatin1Char('|')));
    }
    sqlite3_finalize(statement);
    return entries;
}

} // namespace

class TestMigrations : public QObject {
    Q_OBJECT
private slots:
    void migratesFromEveryOlderVersion_data();
    void migratesFromEveryOlderVersion();
    void failedMigrationRollsBackAlone();
};

void TestMigrations::migratesFromEveryOlderVersion_data()
{
    QTest::addColumn<int>("fromVersion");
    for (int version = 0; version < cairn::storage::latestSchemaVersion(); ++version)
        QTest::newRow(qPrintable(QStringLiteral("from version %1").arg(version))) << version;
}

void TestMigrations::migratesFromEveryOlderVersion()
{
    QFETCH(int, fromVersion);
    QTemporaryDir dir;
    const QByteArray path = dir.filePath(QStringLiteral("cairn.db")).toUtf8();
    {
        // Build the old file as that version of Cairn did: its first `fromVersion` migrations.
        QFile empty(QString::fromUtf8(path));
        QVERIFY(empty.open(QIODevice::WriteOnly));
        empty.close();
        sqlite3* db = nullptr;
        QCOMPARE(sqlite3_open(path.constData(), &db), SQLITE_OK);
        const auto older = cairn::storage::embeddedMigrations().first(static_cast<std::size_t>(fromVersion));
        QVERIFY(cairn::storage::applyMigrations(db, 0, older).ok());
        QCOMPARE(sqlite3_exec(db, seedSql(fromVersion).c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
        QCOMPARE(queryInt(db, "PRAGMA user_version"), fromVersion);
        sqlite3_close(db);
    }

    auto db = Database::open(path.toStdString());
    QVERIFY2(db.ok(), db.ok() ? "" : db.error().message().c_str());
    QCOMPARE(db.value().schemaVersion(), cairn::storage::latestSchemaVersion());
    sqlite3* handle = db.value().handle();
    QCOMPARE(queryInt(handle, "PRAGMA application_id"), cairn::storage::kApplicationId);
    auto problems = db.value().integrityProblems();
    QVERIFY(problems.ok() && problems.value().empty());
    QCOMPARE(queryInt(handle, "PRAGMA foreign_key_check"), -1); // no rows: no dangling references

    // Migrating ends in exactly the schema a new database gets.
    auto fresh = Database::open(dir.filePath(QStringLiteral("fresh.db")).toStdString());
    QVERIFY(fresh.ok());
    QVERIFY(schemaOf(handle).size() > 10);
    QCOMPARE(schemaOf(handle), schemaOf(fresh.value().handle()));

    const qint64 expectedMessages = fromVersion == 0 ? 0 : 2;
    QCOMPARE(queryInt(handle, "SELECT count(*) FROM messages"), expectedMessages);
    // Messages written before search existed are searchable after the migration.
    QCOMPARE(queryInt(handle, "SELECT count(*) FROM message_fts WHERE message_fts MATCH 'borrow'"),
             fromVersion == 0 ? 0 : 1);
    QCOMPARE(queryInt(handle, "SELECT rowid FROM message_fts WHERE message_fts MATCH 'mutable'"),
             fromVersion == 0 ? -1 : 11);
    // Attachments and code chunks written before their search existed (schema 5) are searchable.
    QCOMPARE(queryInt(handle, "SELECT rowid FROM attachment_fts WHERE attachment_fts MATCH 'invoice'"),
             fromVersion >= 3 ? 21 : -1);
    QCOMPARE(queryInt(handle, "SELECT rowid FROM code_chunk_fts WHERE code_chunk_fts MATCH 'magic bytes'"),
             fromVersion >= 4 ? 34 : -1);
    QCOMPARE(queryInt(handle, "SELECT count(*) FROM code_chunk_fts WHERE code_chunk_fts MATCH 'parse'"),
             fromVersion >= 4 ? 1 : 0);
    // The FTS indexes agree with their content tables (rank 1: compare against the content too).
    for (const char* check : {"INSERT INTO message_fts(message_fts, rank) VALUES ('integrity-check', 1)",
                              "INSERT INTO attachment_fts(attachment_fts, rank) VALUES ('integrity-check', 1)",
                              "INSERT INTO code_chunk_fts(code_chunk_fts, rank) VALUES ('integrity-check', 1)"})
        QVERIFY2(sqlite3_exec(handle, check, nullptr, nullptr, nullptr) == SQLITE_OK, sqlite3_errmsg(handle));
    QCOMPARE(queryInt(handle, "SELECT count(*) FROM code_symbols"), fromVersion >= 4 ? 1 : 0);
    // Schema 7: code_chunk_fts flushes and merges in larger steps, whatever version it came from.
    QCOMPARE(queryInt(handle, "SELECT v FROM code_chunk_fts_config WHERE k = 'hashsize'"), 16777216);
    QCOMPARE(queryInt(handle, "SELECT v FROM code_chunk_fts_config WHERE k = 'automerge'"), 16);
    QCOMPARE(queryInt(handle, "SELECT count(*) FROM review_findings"), fromVersion >= 6 ? 1 : 0);
}

void TestMigrations::failedMigrationRollsBackAlone()
{
    const Migration steps[] = {
        {1, "0001_first", "CREATE TABLE first_table(a INTEGER);"},
        {2, "0002_broken", "CREATE TABLE second_table(b INTEGER); INSERT INTO no_such_table VALUES (1);"},
        {3, "0003_never", "CREATE TABLE third_table(c INTEGER);"},
    };
    sqlite3* db = nullptr;
    QCOMPARE(sqlite3_open(":memory:", &db), SQLITE_OK);
    const cairn::storage::Status status = cairn::storage::applyMigrations(db, 0, steps);
    QVERIFY(!status.ok());
    QVERIFY2(status.error().detail.starts_with("migration 0002_broken failed: no such table: no_such_table"),
             status.error().detail.c_str());
    QCOMPARE(queryInt(db, "PRAGMA user_version"), 1);
    QCOMPARE(queryInt(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'first_table'"), 1);
    QCOMPARE(queryInt(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'second_table'"), 0);
    QCOMPARE(queryInt(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'third_table'"), 0);
    QCOMPARE(sqlite3_get_autocommit(db), 1);
    sqlite3_close(db);
}

QTEST_GUILESS_MAIN(TestMigrations)
#include "tst_migrations.moc"
