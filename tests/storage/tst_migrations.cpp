// SPDX-License-Identifier: MIT
// Schema migrations: a database at every older version (built with the real embedded steps and
// holding rows of that version) opens, migrates to the latest version and keeps its rows.

#include "storage/database.h"
#include "storage/migration.h"

#include <QtTest>

#include <sqlite3.h>

using cairn::storage::Database;
using cairn::storage::Migration;

namespace {

/// Rows written in the shape of schema `version` (nothing for version 0, the empty file).
/// Add a branch here when a migration changes what older rows look like.
const char* seedSql(int version)
{
    if (version == 0)
        return "";
    return "INSERT INTO conversations(id, title, created_ms, updated_ms, active_message_id)"
           " VALUES (7, 'Borrowing', 1000, 2000, 11);"
           "INSERT INTO messages(id, conversation_id, parent_id, role, content, created_ms)"
           " VALUES (10, 7, NULL, 'user', 'why does the borrow checker reject this loop', 1000),"
           "        (11, 7, 10, 'assistant', 'the loop keeps a mutable reference alive', 2000);";
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
        QCOMPARE(sqlite3_exec(db, seedSql(fromVersion), nullptr, nullptr, nullptr), SQLITE_OK);
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
