// SPDX-License-Identifier: MIT
// Opening profile databases: pragmas, default path, refusal of foreign, damaged and newer files
// (left untouched), moving a bad file aside, integrity check.

#include "storage/database.h"
#include "storage/migration.h"

#include <QtTest>

#include <sqlite3.h>

#include <unistd.h>

using cairn::storage::Database;
using cairn::storage::ErrorCode;

Q_DECLARE_METATYPE(cairn::storage::ErrorCode)

namespace {

QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void writeAll(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(file.write(bytes), bytes.size());
}

/// Runs SQL on a plain SQLite connection, outside storage, to build files storage must judge.
void rawExec(const QString& path, const char* sql)
{
    sqlite3* db = nullptr;
    QCOMPARE(sqlite3_open(path.toUtf8().constData(), &db), SQLITE_OK);
    char* error = nullptr;
    const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &error);
    const QString message = QString::fromUtf8(error != nullptr ? error : "");
    sqlite3_free(error);
    sqlite3_close(db);
    QVERIFY2(rc == SQLITE_OK, qPrintable(message));
}

qint64 pragmaValue(const Database& db, const char* sql)
{
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db.handle(), sql, -1, &statement, nullptr) != SQLITE_OK)
        return -1;
    const qint64 value = sqlite3_step(statement) == SQLITE_ROW ? sqlite3_column_int64(statement, 0) : -1;
    sqlite3_finalize(statement);
    return value;
}

QString pragmaText(const Database& db, const char* sql)
{
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db.handle(), sql, -1, &statement, nullptr) != SQLITE_OK)
        return {};
    QString value;
    if (sqlite3_step(statement) == SQLITE_ROW)
        value = QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)));
    sqlite3_finalize(statement);
    return value;
}

std::filesystem::path fsPath(const QString& path)
{
    return std::filesystem::path(path.toStdString());
}

} // namespace

class TestDatabase : public QObject {
    Q_OBJECT
private slots:
    void init();
    void createsFolderFileAndSetsPragmas();
    void reopeningKeepsRows();
    void missingFileWithoutCreateFails();
    void uncreatableFolderIsIoError();
    void readOnlyFolderIsIoError();
    void defaultPathFollowsXdg_data();
    void defaultPathFollowsXdg();
    void unusableFileIsRefusedAndUntouched_data();
    void unusableFileIsRefusedAndUntouched();
    void newerSchemaNamesBothVersions();
    void withoutMigrateOlderSchemaStaysAsIs();
    void moveAsideKeepsEveryFile();
    void integrityCheckFindsDamagedPage();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString file(const QString& name) const { return m_dir->filePath(name); }
};

void TestDatabase::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestDatabase::createsFolderFileAndSetsPragmas()
{
    const QString path = file(QStringLiteral("profile/nested/cairn.db"));
    auto db = Database::open(fsPath(path));
    QVERIFY2(db.ok(), db.ok() ? "" : db.error().message().c_str());
    QVERIFY(QFileInfo::exists(path));
    QCOMPARE(db.value().schemaVersion(), cairn::storage::latestSchemaVersion());
    QCOMPARE(pragmaValue(db.value(), "PRAGMA user_version"), cairn::storage::latestSchemaVersion());
    QCOMPARE(pragmaValue(db.value(), "PRAGMA application_id"), cairn::storage::kApplicationId);
    QCOMPARE(pragmaText(db.value(), "PRAGMA journal_mode"), QStringLiteral("wal"));
    QCOMPARE(pragmaValue(db.value(), "PRAGMA foreign_keys"), 1);
    QCOMPARE(pragmaValue(db.value(), "PRAGMA synchronous"), 1); // NORMAL
    QCOMPARE(pragmaValue(db.value(), "PRAGMA busy_timeout"), 5000);
    QCOMPARE(db.value().path(), fsPath(path));
}

void TestDatabase::reopeningKeepsRows()
{
    const QString path = file(QStringLiteral("cairn.db"));
    {
        auto db = Database::open(fsPath(path));
        QVERIFY(db.ok());
        QCOMPARE(sqlite3_exec(db.value().handle(),
                              "INSERT INTO conversations(title, created_ms, updated_ms) VALUES ('kept', 1, 1)", nullptr,
                              nullptr, nullptr),
                 SQLITE_OK);
    }
    auto db = Database::open(fsPath(path));
    QVERIFY(db.ok());
    QCOMPARE(pragmaText(db.value(), "SELECT title FROM conversations"), QStringLiteral("kept"));
}

void TestDatabase::missingFileWithoutCreateFails()
{
    const QString path = file(QStringLiteral("absent.db"));
    auto db = Database::open(fsPath(path), {.create = false, .migrate = false});
    QVERIFY(!db.ok());
    QCOMPARE(db.error().code, ErrorCode::Io);
    QCOMPARE(QString::fromStdString(db.error().message()), path + QStringLiteral(": no such file"));
    QVERIFY(!QFileInfo::exists(path));
}

void TestDatabase::uncreatableFolderIsIoError()
{
    // A regular file where the folder should be: refused even for root, unlike a read-only folder.
    const QString blocker = file(QStringLiteral("blocker"));
    writeAll(blocker, "x");
    auto db = Database::open(fsPath(blocker + QStringLiteral("/cairn.db")));
    QVERIFY(!db.ok());
    QCOMPARE(db.error().code, ErrorCode::Io);
    QVERIFY2(db.error().detail.find("cannot create the folder") != std::string::npos, db.error().message().c_str());
}

void TestDatabase::readOnlyFolderIsIoError()
{
    if (geteuid() == 0)
        QSKIP("root ignores folder permissions; run as another user to exercise this");
    const QString folder = file(QStringLiteral("locked"));
    QVERIFY(QDir().mkpath(folder));
    const QString existing = folder + QStringLiteral("/existing.db");
    QVERIFY(Database::open(fsPath(existing)).ok()); // closing removes -wal and -shm
    const QByteArray before = readAll(existing);
    QVERIFY(QFile::setPermissions(folder, QFile::ReadOwner | QFile::ExeOwner));

    auto fresh = Database::open(fsPath(folder + QStringLiteral("/new.db")));
    auto old = Database::open(fsPath(existing));
    QFile::setPermissions(folder, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);

    QVERIFY(!fresh.ok());
    QCOMPARE(fresh.error().code, ErrorCode::Io);
    QCOMPARE(QString::fromStdString(fresh.error().message()),
             folder + QStringLiteral("/new.db: cannot create files in ") + folder
                 + QStringLiteral(": Permission denied"));
    QVERIFY(!QFileInfo::exists(folder + QStringLiteral("/new.db")));
    QVERIFY(!old.ok()); // WAL needs its -shm file beside the database
    QCOMPARE(old.error().code, ErrorCode::Io);
    QVERIFY2(QString::fromStdString(old.error().message()).startsWith(existing + QStringLiteral(": ")),
             old.error().message().c_str());
    QCOMPARE(readAll(existing), before);
}

void TestDatabase::defaultPathFollowsXdg_data()
{
    QTest::addColumn<QByteArray>("dataHome");
    QTest::addColumn<QByteArray>("home");
    QTest::addColumn<QString>("expected");
    QTest::newRow("xdg set") << QByteArray("/data/x") << QByteArray("/home/a") << "/data/x/cairn/cairn.db";
    QTest::newRow("xdg unset") << QByteArray() << QByteArray("/home/a") << "/home/a/.local/share/cairn/cairn.db";
    QTest::newRow("xdg relative is ignored")
        << QByteArray("rel/dir") << QByteArray("/home/a") << "/home/a/.local/share/cairn/cairn.db";
    QTest::newRow("nothing usable") << QByteArray() << QByteArray() << QString();
}

void TestDatabase::defaultPathFollowsXdg()
{
    QFETCH(QByteArray, dataHome);
    QFETCH(QByteArray, home);
    QFETCH(QString, expected);
    const QByteArray savedData = qgetenv("XDG_DATA_HOME");
    const QByteArray savedHome = qgetenv("HOME");
    const auto setOrUnset = [](const char* name, const QByteArray& value) {
        if (value.isNull())
            qunsetenv(name);
        else
            qputenv(name, value);
    };
    setOrUnset("XDG_DATA_HOME", dataHome);
    setOrUnset("HOME", home);
    auto path = Database::defaultPath();
    setOrUnset("XDG_DATA_HOME", savedData.isEmpty() ? QByteArray() : savedData);
    setOrUnset("HOME", savedHome.isEmpty() ? QByteArray() : savedHome);
    if (expected.isEmpty()) {
        QVERIFY(!path.ok());
        QCOMPARE(path.error().code, ErrorCode::Io);
        return;
    }
    QVERIFY(path.ok());
    QCOMPARE(QString::fromStdString(path.value().string()), expected);
}

void TestDatabase::unusableFileIsRefusedAndUntouched_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("expectedDetail");
    QTest::newRow("random bytes") << "random"
                                  << "not a SQLite database";
    QTest::newRow("text file") << "text"
                               << "not a SQLite database";
    QTest::newRow("short file") << "short"
                                << "not a SQLite database";
    QTest::newRow("truncated cairn database") << "truncated"
                                              << "truncated: the header promises";
    QTest::newRow("another program's database") << "foreign"
                                                << "another program (application id 0x00000000";
    QTest::newRow("another application id") << "foreignId"
                                            << "another program (application id 0x12345678";
    QTest::newRow("a folder") << "folder"
                              << "not a regular file";
}

void TestDatabase::unusableFileIsRefusedAndUntouched()
{
    QFETCH(QString, kind);
    QFETCH(QString, expectedDetail);
    const QString path = file(QStringLiteral("cairn.db"));
    if (kind == QLatin1String("random")) {
        QByteArray bytes(8192, '\0');
        QRandomGenerator generator(7);
        for (char& byte : bytes)
            byte = static_cast<char>(generator.bounded(256));
        writeAll(path, bytes);
    } else if (kind == QLatin1String("text")) {
        writeAll(path, QByteArray("title,model\nhello,deepseek\n").repeated(50));
    } else if (kind == QLatin1String("short")) {
        writeAll(path, QByteArray("SQLite format 3"));
    } else if (kind == QLatin1String("truncated")) {
        {
            auto db = Database::open(fsPath(path));
            QVERIFY(db.ok());
            QCOMPARE(sqlite3_exec(db.value().handle(), "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr, nullptr),
                     SQLITE_OK);
        }
        QFile::remove(path + QStringLiteral("-wal"));
        const QByteArray whole = readAll(path);
        QVERIFY(whole.size() > 8192);
        writeAll(path, whole.left(whole.size() / 2));
    } else if (kind == QLatin1String("foreign")) {
        rawExec(path, "CREATE TABLE contacts(name TEXT); INSERT INTO contacts VALUES ('Ada')");
    } else if (kind == QLatin1String("foreignId")) {
        rawExec(path, "PRAGMA application_id = 305419896");
    } else {
        QVERIFY(QDir().mkpath(path));
    }
    const QByteArray before = readAll(path);

    auto db = Database::open(fsPath(path));
    QVERIFY(!db.ok());
    QCOMPARE(db.error().code, ErrorCode::NotADatabase);
    const QString message = QString::fromStdString(db.error().message());
    QVERIFY2(message.startsWith(path + QStringLiteral(": ")), qPrintable(message));
    QVERIFY2(message.contains(expectedDetail), qPrintable(message));
    QCOMPARE(readAll(path), before);
    QVERIFY(!QFileInfo::exists(path + QStringLiteral("-wal")));
}

void TestDatabase::newerSchemaNamesBothVersions()
{
    const QString path = file(QStringLiteral("cairn.db"));
    QVERIFY(Database::open(fsPath(path)).ok());
    const int newer = cairn::storage::latestSchemaVersion() + 5;
    rawExec(path, QByteArray("PRAGMA user_version = " + QByteArray::number(newer)).constData());

    auto db = Database::open(fsPath(path));
    QVERIFY(!db.ok());
    QCOMPARE(db.error().code, ErrorCode::TooNew);
    const QString expected = QStringLiteral("%1: schema version %2 was written by a newer Cairn; this Cairn knows "
                                            "schema versions up to %3")
                                 .arg(path)
                                 .arg(newer)
                                 .arg(cairn::storage::latestSchemaVersion());
    QCOMPARE(QString::fromStdString(db.error().message()), expected);
}

void TestDatabase::withoutMigrateOlderSchemaStaysAsIs()
{
    const QString path = file(QStringLiteral("cairn.db"));
    writeAll(path, QByteArray());
    auto db = Database::open(fsPath(path), {.create = false, .migrate = false});
    QVERIFY(db.ok());
    QCOMPARE(db.value().schemaVersion(), 0);
    QCOMPARE(pragmaValue(db.value(), "SELECT count(*) FROM sqlite_schema"), 0);
}

void TestDatabase::moveAsideKeepsEveryFile()
{
    const QString path = file(QStringLiteral("cairn.db"));
    writeAll(path, "first garbage");
    writeAll(path + QStringLiteral("-wal"), "first wal");
    auto first = Database::moveAside(fsPath(path));
    QVERIFY2(first.ok(), first.ok() ? "" : first.error().message().c_str());
    writeAll(path, "second garbage");
    auto second = Database::moveAside(fsPath(path));
    QVERIFY(second.ok());

    const QString firstPath = QString::fromStdString(first.value().string());
    const QString secondPath = QString::fromStdString(second.value().string());
    QVERIFY(firstPath != secondPath);
    QVERIFY2(firstPath.startsWith(path + QStringLiteral(".unusable-")), qPrintable(firstPath));
    QCOMPARE(readAll(firstPath), QByteArray("first garbage"));
    QCOMPARE(readAll(firstPath + QStringLiteral("-wal")), QByteArray("first wal"));
    QCOMPARE(readAll(secondPath), QByteArray("second garbage"));
    QVERIFY(!QFileInfo::exists(path));
    QVERIFY(!QFileInfo::exists(path + QStringLiteral("-wal")));
    QVERIFY(Database::open(fsPath(path)).ok());

    auto missing = Database::moveAside(fsPath(file(QStringLiteral("absent.db"))));
    QVERIFY(!missing.ok());
    QCOMPARE(missing.error().code, ErrorCode::Io);
}

void TestDatabase::integrityCheckFindsDamagedPage()
{
    const QString path = file(QStringLiteral("cairn.db"));
    {
        auto db = Database::open(fsPath(path));
        QVERIFY(db.ok());
        auto clean = db.value().integrityProblems();
        QVERIFY(clean.ok());
        QVERIFY(clean.value().empty());
        QCOMPARE(sqlite3_exec(db.value().handle(),
                              "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 400)"
                              " INSERT INTO conversations(title, created_ms, updated_ms)"
                              " SELECT printf('conversation %d %s', i, printf('%.80c', 'x')), i, i FROM n;"
                              "PRAGMA wal_checkpoint(TRUNCATE);",
                              nullptr, nullptr, nullptr),
                 SQLITE_OK);
    }
    // Scribble over the b-tree header of a page past the schema pages: the file header stays valid.
    QByteArray bytes = readAll(path);
    const int pageSize = 4096;
    QVERIFY(bytes.size() >= qsizetype{8} * pageSize);
    for (int i = 0; i < 16; ++i)
        bytes[5 * pageSize + i] = static_cast<char>(0xA5);
    writeAll(path, bytes);

    auto db = Database::open(fsPath(path), {.create = false, .migrate = false});
    QVERIFY(db.ok()); // the schema pages are intact, so opening cannot see the damage
    auto problems = db.value().integrityProblems();
    QVERIFY(problems.ok());
    QVERIFY(!problems.value().empty());
}

QTEST_GUILESS_MAIN(TestDatabase)
#include "tst_database.moc"
