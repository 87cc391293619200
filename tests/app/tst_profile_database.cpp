// SPDX-License-Identifier: MIT
// The start-up decision about the profile database, with the dialog replaced by a recorded answer:
// a sound or missing file opens without asking; a damaged or foreign one is moved aside or kept as
// the user says; a newer or unopenable one is never touched and Cairn quits.

#include "app/services/profile_database.h"
#include "storage/conversation_store.h"
#include "storage/migration.h"

#include <QtTest>

#include <sqlite3.h>

using namespace cairn::app;
using cairn::storage::ConversationStore;
using cairn::storage::Database;

Q_DECLARE_METATYPE(cairn::app::DatabaseChoice)
Q_DECLARE_METATYPE(cairn::app::DatabaseProblem::Kind)

namespace {

QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void writeFile(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(bytes);
}

/// Creates the file `kind` describes at `path`.
void makeFile(const QString& kind, const QString& path)
{
    if (kind == QLatin1String("missing"))
        return;
    if (kind == QLatin1String("notes")) {
        writeFile(path, QByteArray("these are notes, not a database\n").repeated(200));
        return;
    }
    if (kind == QLatin1String("foreign")) {
        sqlite3* db = nullptr;
        QCOMPARE(sqlite3_open(path.toUtf8().constData(), &db), SQLITE_OK);
        QCOMPARE(sqlite3_exec(db, "CREATE TABLE bookmarks(url TEXT); PRAGMA application_id = 1234;", nullptr, nullptr,
                              nullptr),
                 SQLITE_OK);
        sqlite3_close(db);
        return;
    }
    auto db = Database::open(path.toStdString());
    QVERIFY(db.ok());
    ConversationStore store(db.value());
    cairn::storage::NewConversation conversation;
    conversation.title = "kept";
    QVERIFY(store.createConversation(conversation).ok());
    if (kind == QLatin1String("newer")) {
        const QByteArray sql = "PRAGMA user_version = " + QByteArray::number(cairn::storage::latestSchemaVersion() + 1);
        QCOMPARE(sqlite3_exec(db.value().handle(), sql.constData(), nullptr, nullptr, nullptr), SQLITE_OK);
    }
}

} // namespace

class TestProfileDatabase : public QObject {
    Q_OBJECT
private slots:
    void soundOrMissingDatabaseOpensWithoutAsking_data();
    void soundOrMissingDatabaseOpensWithoutAsking();
    void unusableDatabaseFollowsTheUsersChoice_data();
    void unusableDatabaseFollowsTheUsersChoice();
    void newerDatabaseOnlyQuits_data();
    void newerDatabaseOnlyQuits();
    void unopenableDatabaseOnlyQuits();
};

void TestProfileDatabase::soundOrMissingDatabaseOpensWithoutAsking_data()
{
    QTest::addColumn<QString>("kind");
    QTest::newRow("sound") << "sound";
    QTest::newRow("missing: created") << "missing";
}

void TestProfileDatabase::soundOrMissingDatabaseOpensWithoutAsking()
{
    QFETCH(QString, kind);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("profile/cairn.db"));
    QVERIFY(QDir().mkpath(dir.filePath(QStringLiteral("profile"))));
    makeFile(kind, path);
    int asked = 0;
    OpenedProfile profile = openProfileDatabase(path.toStdString(), [&asked](const DatabaseProblem&) {
        ++asked;
        return DatabaseChoice::Quit;
    });
    QCOMPARE(asked, 0);
    QVERIFY(profile.database.has_value());
    QCOMPARE(profile.database->schemaVersion(), cairn::storage::latestSchemaVersion());
    QVERIFY(profile.movedAsideTo.isEmpty());
    QVERIFY(profile.failure.isEmpty());
    const ConversationStore store(*profile.database);
    QCOMPARE(store.listConversations().value().size(),
             kind == QLatin1String("sound") ? std::size_t{1} : std::size_t{0});
}

void TestProfileDatabase::unusableDatabaseFollowsTheUsersChoice_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<DatabaseChoice>("choice");
    QTest::addColumn<QString>("expectedDetail");
    QTest::newRow("not SQLite, moved aside")
        << "notes" << DatabaseChoice::MoveAsideAndStartFresh << "not a SQLite database (no SQLite header)";
    QTest::newRow("not SQLite, quit") << "notes" << DatabaseChoice::Quit << "not a SQLite database (no SQLite header)";
    QTest::newRow("another program's, moved aside")
        << "foreign" << DatabaseChoice::MoveAsideAndStartFresh << "a SQLite database of another program";
    QTest::newRow("another program's, quit")
        << "foreign" << DatabaseChoice::Quit << "a SQLite database of another program";
}

void TestProfileDatabase::unusableDatabaseFollowsTheUsersChoice()
{
    QFETCH(QString, kind);
    QFETCH(DatabaseChoice, choice);
    QFETCH(QString, expectedDetail);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cairn.db"));
    makeFile(kind, path);
    const QByteArray before = readAll(path);
    QList<DatabaseProblem> asked;
    OpenedProfile profile = openProfileDatabase(path.toStdString(), [&](const DatabaseProblem& problem) {
        asked.append(problem);
        return choice;
    });
    QCOMPARE(asked.size(), 1);
    QCOMPARE(asked[0].kind, DatabaseProblem::Kind::Unusable);
    QVERIFY(asked[0].canMoveAside());
    QCOMPARE(asked[0].path, path);
    QVERIFY2(asked[0].detail.startsWith(expectedDetail), qPrintable(asked[0].detail));
    QVERIFY(profile.failure.isEmpty());

    if (choice == DatabaseChoice::Quit) {
        QVERIFY(!profile.database);
        QVERIFY(profile.movedAsideTo.isEmpty());
        QCOMPARE(readAll(path), before);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{QStringLiteral("cairn.db")});
        return;
    }
    QVERIFY(profile.database.has_value());
    QVERIFY(profile.movedAsideTo.startsWith(path + QStringLiteral(".unusable-")));
    QCOMPARE(readAll(profile.movedAsideTo), before); // moved, not rewritten
    const ConversationStore store(*profile.database);
    QCOMPARE(store.listConversations().value().size(), std::size_t{0}); // a fresh database in its place
    QCOMPARE(QString::fromStdString(profile.database->path().string()), path);
}

void TestProfileDatabase::newerDatabaseOnlyQuits_data()
{
    QTest::addColumn<DatabaseChoice>("choice");
    QTest::newRow("user quits") << DatabaseChoice::Quit;
    QTest::newRow("a move-aside answer is not followed") << DatabaseChoice::MoveAsideAndStartFresh;
}

void TestProfileDatabase::newerDatabaseOnlyQuits()
{
    QFETCH(DatabaseChoice, choice);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cairn.db"));
    makeFile(QStringLiteral("newer"), path);
    const QStringList filesBefore = QDir(dir.path()).entryList(QDir::Files);
    const QByteArray before = readAll(path);
    QList<DatabaseProblem> asked;
    OpenedProfile profile = openProfileDatabase(path.toStdString(), [&](const DatabaseProblem& problem) {
        asked.append(problem);
        return choice;
    });
    QCOMPARE(asked.size(), 1);
    QCOMPARE(asked[0].kind, DatabaseProblem::Kind::TooNew);
    QVERIFY(!asked[0].canMoveAside());
    const int latest = cairn::storage::latestSchemaVersion();
    QCOMPARE(asked[0].appSchemaVersion, latest);
    QCOMPARE(asked[0].detail,
             QStringLiteral("schema version %1 was written by a newer Cairn; this Cairn knows schema versions up to %2")
                 .arg(latest + 1)
                 .arg(latest));
    QVERIFY(!profile.database);
    QVERIFY(profile.movedAsideTo.isEmpty());
    QCOMPARE(readAll(path), before);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), filesBefore);
}

void TestProfileDatabase::unopenableDatabaseOnlyQuits()
{
    QTemporaryDir dir;
    const QString blocker = dir.filePath(QStringLiteral("file"));
    writeFile(blocker, "a file where the folder should be");
    const QString path = blocker + QStringLiteral("/cairn.db");
    QList<DatabaseProblem> asked;
    OpenedProfile profile = openProfileDatabase(path.toStdString(), [&](const DatabaseProblem& problem) {
        asked.append(problem);
        return DatabaseChoice::MoveAsideAndStartFresh;
    });
    QCOMPARE(asked.size(), 1);
    QCOMPARE(asked[0].kind, DatabaseProblem::Kind::Unreadable);
    QVERIFY(!asked[0].canMoveAside());
    QVERIFY2(asked[0].detail.startsWith(QStringLiteral("cannot create the folder")), qPrintable(asked[0].detail));
    QVERIFY(!profile.database);
    QCOMPARE(readAll(blocker), QByteArray("a file where the folder should be"));
}

QTEST_GUILESS_MAIN(TestProfileDatabase)
#include "tst_profile_database.moc"
