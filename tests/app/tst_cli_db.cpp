// SPDX-License-Identifier: MIT
// `cairn-cli db check|backup|move-aside` as a user runs them: exit codes, messages, the profile
// default path, a backup that opens with the same conversations, and which files move aside.

#include "storage/conversation_store.h"
#include "storage/database.h"
#include "storage/message_search.h"
#include "storage/migration.h"

#include <QtTest>

#include <sqlite3.h>

using namespace cairn::storage;

namespace {

struct Run {
    int exitCode = -1;
    QString out;
    QString err;
};

Run runCli(const QStringList& args, const QProcessEnvironment& environment = QProcessEnvironment::systemEnvironment())
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(CAIRN_CLI_PATH), args);
    Run run;
    if (!process.waitForFinished(60'000))
        return run;
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

/// A Cairn database with one conversation of two messages.
void makeDatabase(const QString& path)
{
    auto db = Database::open(path.toStdString());
    QVERIFY2(db.ok(), db.ok() ? "" : db.error().message().c_str());
    ConversationStore store(db.value());
    NewConversation conversation;
    conversation.title = "Backups";
    const std::int64_t id = store.createConversation(conversation).value().id;
    NewMessage question;
    question.content = "how does the online backup work";
    const std::int64_t questionId = store.appendMessage(id, question).value().id;
    NewMessage answer;
    answer.role = Role::Assistant;
    answer.parentId = questionId;
    answer.content = "it copies pages while writers go on";
    QVERIFY(store.appendMessage(id, answer).ok());
}

} // namespace

class TestCliDb : public QObject {
    Q_OBJECT
private slots:
    void checkPassesSoundDatabase();
    void checkDefaultsToProfileDatabase();
    void checkReportsOlderSchema();
    void checkFailsOnUnusableFile_data();
    void checkFailsOnUnusableFile();
    void backupCopiesConversationsWhileOpen();
    void backupNeverReplacesAFile();
    void moveAsideRenamesOnlyUnusableFiles_data();
    void moveAsideRenamesOnlyUnusableFiles();
    void badUsageExitsTwo_data();
    void badUsageExitsTwo();
};

void TestCliDb::checkPassesSoundDatabase()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cairn.db"));
    makeDatabase(path);
    const Run run = runCli({QStringLiteral("db"), QStringLiteral("check"), QStringLiteral("--db"), path});
    QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
    const QString latest = QString::number(latestSchemaVersion());
    QCOMPARE(run.out,
             QStringLiteral("database: %1\nschema version: %2 (this Cairn: %2)\nintegrity: ok\nstatus: ok\n")
                 .arg(path, latest));
}

void TestCliDb::checkDefaultsToProfileDatabase()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cairn/cairn.db"));
    makeDatabase(path);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("XDG_DATA_HOME"), dir.path());
    const Run run = runCli({QStringLiteral("db"), QStringLiteral("check")}, environment);
    QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
    QVERIFY(run.out.startsWith(QStringLiteral("database: ") + path + QLatin1Char('\n')));
}

void TestCliDb::checkReportsOlderSchema()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cairn.db"));
    QFile empty(path);
    QVERIFY(empty.open(QIODevice::WriteOnly)); // version 0: a new, empty database
    empty.close();
    const Run run = runCli({QStringLiteral("db"), QStringLiteral("check"), QStringLiteral("--db"), path});
    QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
    QVERIFY2(run.out.contains(QStringLiteral("schema version: 0 (this Cairn: %1), migrated when Cairn next opens it")
                                  .arg(latestSchemaVersion())),
             qPrintable(run.out));
    QCOMPARE(readAll(path).size(), 0); // check changed nothing
}

void TestCliDb::checkFailsOnUnusableFile_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("expectedError");
    QTest::newRow("missing") << "missing"
                             << ": no such file";
    QTest::newRow("random bytes") << "random"
                                  << ": not a SQLite database";
    QTest::newRow("newer schema") << "newer"
                                  << QStringLiteral(
                                         ": schema version %1 was written by a newer Cairn; this Cairn knows "
                                         "schema versions up to %2")
                                         .arg(latestSchemaVersion() + 1)
                                         .arg(latestSchemaVersion());
    QTest::newRow("damaged page") << "damaged"
                                  << ": damaged (integrity check failed)";
}

void TestCliDb::checkFailsOnUnusableFile()
{
    QFETCH(QString, kind);
    QFETCH(QString, expectedError);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cairn.db"));
    if (kind == QLatin1String("random")) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QByteArray bytes(4096, '\0');
        QRandomGenerator generator(3);
        for (char& byte : bytes)
            byte = static_cast<char>(generator.bounded(256));
        file.write(bytes);
    } else if (kind == QLatin1String("newer")) {
        makeDatabase(path);
        auto db = Database::open(path.toStdString());
        QVERIFY(db.ok());
        const QByteArray sql = "PRAGMA user_version = " + QByteArray::number(latestSchemaVersion() + 1);
        QCOMPARE(sqlite3_exec(db.value().handle(), sql.constData(), nullptr, nullptr, nullptr), SQLITE_OK);
    } else if (kind == QLatin1String("damaged")) {
        {
            auto db = Database::open(path.toStdString());
            QVERIFY(db.ok());
            QCOMPARE(sqlite3_exec(db.value().handle(),
                                  "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 400)"
                                  " INSERT INTO conversations(title, created_ms, updated_ms)"
                                  " SELECT printf('conversation %d %.80c', i, 'x'), i, i FROM n;"
                                  "PRAGMA wal_checkpoint(TRUNCATE);",
                                  nullptr, nullptr, nullptr),
                     SQLITE_OK);
        }
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadWrite));
        QVERIFY(file.seek(qint64{5} * 4096));
        file.write(QByteArray(16, static_cast<char>(0xA5)));
    }
    const QByteArray before = readAll(path);
    const Run run = runCli({QStringLiteral("db"), QStringLiteral("check"), QStringLiteral("--db"), path});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(path + expectedError), qPrintable(run.err));
    QCOMPARE(readAll(path), before);
}

void TestCliDb::backupCopiesConversationsWhileOpen()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cairn.db"));
    makeDatabase(path);
    auto live = Database::open(path.toStdString()); // another connection stays open meanwhile
    QVERIFY(live.ok());
    const Run run = runCli({QStringLiteral("db"), QStringLiteral("backup"), QStringLiteral("--db"), path,
                            dir.filePath(QStringLiteral("copy.db"))});
    QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
    QVERIFY(
        run.out.startsWith(QStringLiteral("backed up %1 to %2 (").arg(path, dir.filePath(QStringLiteral("copy.db")))));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files),
             (QStringList{"cairn.db", "cairn.db-shm", "cairn.db-wal", "copy.db"}));

    auto backup = Database::open(dir.filePath(QStringLiteral("copy.db")).toStdString(), {.create = false});
    QVERIFY2(backup.ok(), backup.ok() ? "" : backup.error().message().c_str());
    QVERIFY(backup.value().integrityProblems().value().empty());
    ConversationStore store(backup.value());
    const auto conversations = store.listConversations().value();
    QCOMPARE(conversations.size(), std::size_t{1});
    QCOMPARE(conversations[0].title, std::string("Backups"));
    const auto branch = store.activePath(conversations[0].id).value();
    QCOMPARE(branch.size(), std::size_t{2});
    QCOMPARE(branch[1].content, std::string("it copies pages while writers go on"));
    QCOMPARE(MessageSearch(backup.value()).search("writers", 5).value().size(), std::size_t{1});
}

void TestCliDb::backupNeverReplacesAFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cairn.db"));
    const QString target = dir.filePath(QStringLiteral("precious.txt"));
    makeDatabase(path);
    QFile file(target);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("keep me");
    file.close();
    const Run run = runCli({QStringLiteral("db"), QStringLiteral("backup"), QStringLiteral("--db"), path, target});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(target + QStringLiteral(": exists already")), qPrintable(run.err));
    QCOMPARE(readAll(target), QByteArray("keep me"));
    QCOMPARE(QDir(dir.path()).entryList({QStringLiteral("*partial*")}, QDir::Files), QStringList());
}

void TestCliDb::moveAsideRenamesOnlyUnusableFiles_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<int>("expectedExit");
    QTest::addColumn<QString>("expectedText");
    QTest::newRow("foreign file moved") << "foreign" << 0 << "; Cairn starts a new database in its place";
    QTest::newRow("damaged page moved") << "damaged" << 0 << "; Cairn starts a new database in its place";
    QTest::newRow("sound database kept") << "sound" << 1 << ": a sound Cairn database; not moved";
    QTest::newRow("newer database kept") << "newer" << 1 << "Not moved: only a damaged or foreign file";
    QTest::newRow("missing file") << "missing" << 1 << ": no such file";
}

void TestCliDb::moveAsideRenamesOnlyUnusableFiles()
{
    QFETCH(QString, kind);
    QFETCH(int, expectedExit);
    QFETCH(QString, expectedText);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cairn.db"));
    if (kind == QLatin1String("foreign")) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray("these are notes, not a database\n").repeated(200));
    } else if (kind != QLatin1String("missing")) {
        makeDatabase(path);
    }
    if (kind == QLatin1String("damaged")) {
        auto db = Database::open(path.toStdString());
        QVERIFY(db.ok());
        QCOMPARE(sqlite3_exec(db.value().handle(),
                              "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 400)"
                              " INSERT INTO conversations(title, created_ms, updated_ms)"
                              " SELECT printf('conversation %d %.80c', i, 'x'), i, i FROM n;"
                              "PRAGMA wal_checkpoint(TRUNCATE);",
                              nullptr, nullptr, nullptr),
                 SQLITE_OK);
    } else if (kind == QLatin1String("newer")) {
        auto db = Database::open(path.toStdString());
        QVERIFY(db.ok());
        const QByteArray sql = "PRAGMA user_version = " + QByteArray::number(latestSchemaVersion() + 1);
        QCOMPARE(sqlite3_exec(db.value().handle(), sql.constData(), nullptr, nullptr, nullptr), SQLITE_OK);
    }
    if (kind == QLatin1String("damaged")) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadWrite));
        QVERIFY(file.seek(qint64{5} * 4096));
        file.write(QByteArray(16, static_cast<char>(0xA5)));
    }
    const QByteArray before = readAll(path);

    const Run run = runCli({QStringLiteral("db"), QStringLiteral("move-aside"), QStringLiteral("--db"), path});
    QVERIFY2(run.exitCode == expectedExit, qPrintable(run.out + run.err));
    QVERIFY2((run.out + run.err).contains(expectedText), qPrintable(run.out + run.err));
    const QStringList aside = QDir(dir.path()).entryList({QStringLiteral("cairn.db.unusable-*")}, QDir::Files);
    if (expectedExit != 0) {
        QVERIFY(aside.isEmpty());
        QCOMPARE(readAll(path), before);
        return;
    }
    QCOMPARE(aside.size(), 1);
    QVERIFY(run.out.startsWith(QStringLiteral("moved %1 to %2;").arg(path, dir.filePath(aside.first()))));
    QCOMPARE(readAll(dir.filePath(aside.first())), before);
    QVERIFY(!QFileInfo::exists(path));
    const Run check = runCli({QStringLiteral("db"), QStringLiteral("check"), QStringLiteral("--db"), path});
    QCOMPARE(check.exitCode, 1); // nothing there until Cairn creates the new database
    QVERIFY(Database::open(path.toStdString()).ok());
}

void TestCliDb::badUsageExitsTwo_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("expectedError");
    QTest::newRow("no action") << QStringList{"db"} << "cairn-cli db: missing action";
    QTest::newRow("unknown action") << QStringList{"db", "vacuum"} << "cairn-cli db: unknown action 'vacuum'";
    QTest::newRow("backup without target") << QStringList{"db", "backup"} << "needs one output file";
    QTest::newRow("check with extra argument") << QStringList{"db", "check", "x"} << "takes no arguments";
    QTest::newRow("move-aside with extra argument") << QStringList{"db", "move-aside", "x"} << "takes no arguments";
    QTest::newRow("unknown option") << QStringList{"db", "check", "--frob"} << "Unknown option 'frob'";
}

void TestCliDb::badUsageExitsTwo()
{
    QFETCH(QStringList, args);
    QFETCH(QString, expectedError);
    const Run run = runCli(args);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(expectedError), qPrintable(run.err));
    QVERIFY(run.err.contains(QLatin1String("Usage: cairn-cli db check")));
}

QTEST_GUILESS_MAIN(TestCliDb)
#include "tst_cli_db.moc"
