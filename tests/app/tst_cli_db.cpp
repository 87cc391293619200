// SPDX-License-Identifier: MIT
// `cairn-cli db check|backup|move-aside|list|export|import` as a user runs them: exit codes,
// messages, the profile default path, a backup that opens with the same conversations, which files
// move aside, and conversations listed, exported and imported back.

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
    void listShowsEveryConversation();
    void exportedJsonImportsAsNewConversation();
    void markdownExportGoesToStandardOutputAndImports();
    void exportNeverReplacesAFile();
    void exportOfMissingConversationFails();
    void malformedImportWritesNothing();
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

void TestCliDb::listShowsEveryConversation()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cairn.db"));
    makeDatabase(path);
    {
        auto db = Database::open(path.toStdString());
        QVERIFY(db.ok());
        ConversationStore store(db.value());
        NewConversation other;
        other.title = "Old  notes";
        const std::int64_t id = store.createConversation(other).value().id;
        QVERIFY(store.setArchived(id, true).ok());
    }
    const Run run = runCli({QStringLiteral("db"), QStringLiteral("list"), QStringLiteral("--db"), path});
    QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
    const QStringList lines = run.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2);
    const QRegularExpression line(QStringLiteral("^(\\d+)\t\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\t(.*)$"));
    QCOMPARE(line.match(lines[0]).captured(1), QStringLiteral("2"));
    QCOMPARE(line.match(lines[0]).captured(2), QStringLiteral("Old notes (archived)"));
    QCOMPARE(line.match(lines[1]).captured(1), QStringLiteral("1"));
    QCOMPARE(line.match(lines[1]).captured(2), QStringLiteral("Backups"));

    const QString empty = dir.filePath(QStringLiteral("empty.db"));
    QVERIFY(Database::open(empty.toStdString()).ok());
    const Run none = runCli({QStringLiteral("db"), QStringLiteral("list"), QStringLiteral("--db"), empty});
    QCOMPARE(none.exitCode, 0);
    QCOMPARE(none.out, QString());
    QVERIFY2(none.err.contains(empty + QStringLiteral(": no conversations")), qPrintable(none.err));
}

void TestCliDb::exportedJsonImportsAsNewConversation()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cairn.db"));
    const QString file = dir.filePath(QStringLiteral("backups.json"));
    makeDatabase(path);
    const Run exported = runCli({QStringLiteral("db"), QStringLiteral("export"), QStringLiteral("--db"), path,
                                 QStringLiteral("--conversation"), QStringLiteral("1"), QStringLiteral("--format"),
                                 QStringLiteral("json"), file});
    QVERIFY2(exported.exitCode == 0, qPrintable(exported.out + exported.err));
    QVERIFY(readAll(file).contains("\"format\": \"cairn.conversation\""));

    // Into another database, which the import creates.
    const QString other = dir.filePath(QStringLiteral("other.db"));
    const Run imported = runCli({QStringLiteral("db"), QStringLiteral("import"), QStringLiteral("--db"), other, file});
    QVERIFY2(imported.exitCode == 0, qPrintable(imported.out + imported.err));
    QCOMPARE(imported.out, QStringLiteral("1\n"));
    // And into the same one: a second conversation.
    const Run again = runCli({QStringLiteral("db"), QStringLiteral("import"), QStringLiteral("--db"), path, file});
    QVERIFY2(again.exitCode == 0, qPrintable(again.out + again.err));
    QCOMPARE(again.out, QStringLiteral("2\n"));
    QVERIFY2(again.err.contains(QStringLiteral("imported %1 as conversation 2").arg(file)), qPrintable(again.err));

    auto db = Database::open(path.toStdString());
    QVERIFY(db.ok());
    ConversationStore store(db.value());
    const auto branch = store.activePath(2).value();
    QCOMPARE(branch.size(), std::size_t{2});
    QCOMPARE(branch[0].content, std::string("how does the online backup work"));
    QCOMPARE(branch[1].content, std::string("it copies pages while writers go on"));
    QCOMPARE(store.conversation(2).value().title, std::string("Backups"));
}

void TestCliDb::markdownExportGoesToStandardOutputAndImports()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cairn.db"));
    makeDatabase(path);
    const Run exported = runCli({QStringLiteral("db"), QStringLiteral("export"), QStringLiteral("--db"), path,
                                 QStringLiteral("--conversation"), QStringLiteral("1"), QStringLiteral("-")});
    QVERIFY2(exported.exitCode == 0, qPrintable(exported.out + exported.err));
    QVERIFY2(exported.out.startsWith(QStringLiteral("<!-- cairn:conversation version=1 -->\n# Backups\n")),
             qPrintable(exported.out));
    QVERIFY(exported.out.contains(QStringLiteral("## 2. Assistant\n\nit copies pages while writers go on\n")));
    const Run all = runCli({QStringLiteral("db"), QStringLiteral("export"), QStringLiteral("--db"), path,
                            QStringLiteral("--conversation"), QStringLiteral("1"), QStringLiteral("--all-branches"),
                            QStringLiteral("-")});
    QCOMPARE(all.exitCode, 0);
    QVERIFY(all.out.contains(QStringLiteral("- Showing: all branches, 2 messages")));

    const QString file = dir.filePath(QStringLiteral("notes.txt")); // the content tells the format
    QFile out(file);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(exported.out.toUtf8());
    out.close();
    const Run imported = runCli({QStringLiteral("db"), QStringLiteral("import"), QStringLiteral("--db"), path, file});
    QVERIFY2(imported.exitCode == 0, qPrintable(imported.out + imported.err));
    QCOMPARE(imported.out, QStringLiteral("2\n"));
    const Run list = runCli({QStringLiteral("db"), QStringLiteral("list"), QStringLiteral("--db"), path});
    QCOMPARE(list.out.count(QStringLiteral("\tBackups\n")), 2);
}

void TestCliDb::exportNeverReplacesAFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cairn.db"));
    const QString target = dir.filePath(QStringLiteral("precious.md"));
    makeDatabase(path);
    QFile file(target);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("keep me");
    file.close();
    const Run run = runCli({QStringLiteral("db"), QStringLiteral("export"), QStringLiteral("--db"), path,
                            QStringLiteral("--conversation"), QStringLiteral("1"), target});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(target + QStringLiteral(": exists already; not replaced")), qPrintable(run.err));
    QCOMPARE(readAll(target), QByteArray("keep me"));
}

void TestCliDb::exportOfMissingConversationFails()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cairn.db"));
    const QString target = dir.filePath(QStringLiteral("out.md"));
    makeDatabase(path);
    const Run run = runCli({QStringLiteral("db"), QStringLiteral("export"), QStringLiteral("--db"), path,
                            QStringLiteral("--conversation"), QStringLiteral("7"), target});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(path + QStringLiteral(": no conversation 7")), qPrintable(run.err));
    QVERIFY(!QFileInfo::exists(target));
    const Run missingDb = runCli({QStringLiteral("db"), QStringLiteral("list"), QStringLiteral("--db"),
                                  dir.filePath(QStringLiteral("absent.db"))});
    QCOMPARE(missingDb.exitCode, 1);
    QVERIFY2(missingDb.err.contains(QStringLiteral("absent.db: no such file")), qPrintable(missingDb.err));
    QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("absent.db"))));
}

void TestCliDb::malformedImportWritesNothing()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cairn.db"));
    const QString file = dir.filePath(QStringLiteral("loop.json"));
    makeDatabase(path);
    QFile out(file);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(R"({"format": "cairn.conversation", "version": 1, "messages": [
        {"id": 1, "parentId": 2, "role": "user", "content": "a"},
        {"id": 2, "parentId": 1, "role": "assistant", "content": "b"}]})");
    out.close();
    const Run run = runCli({QStringLiteral("db"), QStringLiteral("import"), QStringLiteral("--db"), path, file});
    QCOMPARE(run.exitCode, 1);
    QCOMPARE(run.out, QString());
    QVERIFY2(run.err.contains(file + QStringLiteral(": messages form a cycle through their parents: 1 -> 2 -> 1")),
             qPrintable(run.err));
    QVERIFY(run.err.contains(QStringLiteral("Nothing was imported.")));
    const Run list = runCli({QStringLiteral("db"), QStringLiteral("list"), QStringLiteral("--db"), path});
    QCOMPARE(list.out.count(QLatin1Char('\n')), 1);
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
    QTest::newRow("export without conversation") << QStringList{"db", "export", "-"} << "needs --conversation ID";
    QTest::newRow("export with non-numeric id")
        << QStringList{"db", "export", "--conversation", "abc", "-"} << "conversation id 'abc' is not a number";
    QTest::newRow("export in an unknown format")
        << QStringList{"db", "export", "--conversation", "1", "--format", "html", "-"}
        << "format 'html' is neither md nor json";
    QTest::newRow("all branches with json")
        << QStringList{"db", "export", "--conversation", "1", "--format", "json", "--all-branches", "-"}
        << "--all-branches is for Markdown";
    QTest::newRow("export without target")
        << QStringList{"db", "export", "--conversation", "1"} << "needs one output file";
    QTest::newRow("import without file") << QStringList{"db", "import"} << "needs one file to import";
    QTest::newRow("conversation option on list")
        << QStringList{"db", "list", "--conversation", "1"} << "Unknown option 'conversation'";
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
