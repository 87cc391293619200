// SPDX-License-Identifier: MIT
// backupDatabase: the copy holds the same conversations and passes integrity_check, it finishes while
// another connection keeps writing, and it never replaces a file or leaves a partial one.

#include "storage/backup.h"
#include "storage/conversation_store.h"
#include "storage/database.h"

#include <QtTest>

#include <atomic>
#include <thread>

using namespace cairn::storage;

namespace {

std::filesystem::path fsPath(const QString& path)
{
    return std::filesystem::path(path.toStdString());
}

/// Adds a conversation with `count` messages in one branch.
void fill(ConversationStore& store, int count)
{
    NewConversation conversation;
    conversation.title = "filled";
    const std::int64_t id = store.createConversation(conversation).value().id;
    std::optional<std::int64_t> parent;
    for (int i = 0; i < count; ++i) {
        NewMessage message;
        message.role = i % 2 == 0 ? Role::User : Role::Assistant;
        message.content = "message " + std::to_string(i) + " " + std::string(200, 'x');
        message.parentId = parent;
        parent = store.appendMessage(id, message).value().id;
    }
}

} // namespace

class TestBackup : public QObject {
    Q_OBJECT
private slots:
    void copyHoldsTheSameConversations();
    void finishesWhileAnotherConnectionWrites();
    void refusesAnExistingTarget();
    void missingFolderIsIoError();
};

void TestBackup::copyHoldsTheSameConversations()
{
    QTemporaryDir dir;
    auto db = Database::open(fsPath(dir.filePath(QStringLiteral("cairn.db"))));
    QVERIFY(db.ok());
    ConversationStore store(db.value());
    fill(store, 300);
    const QString out = dir.filePath(QStringLiteral("backup.db"));
    const Status copied = backupDatabase(db.value(), fsPath(out));
    QVERIFY2(copied.ok(), copied.ok() ? "" : copied.error().message().c_str());

    auto copy = Database::open(fsPath(out), {.create = false, .migrate = false});
    QVERIFY(copy.ok());
    QCOMPARE(copy.value().schemaVersion(), db.value().schemaVersion());
    QVERIFY(copy.value().integrityProblems().value().empty());
    ConversationStore copyStore(copy.value());
    const auto original = store.listConversations().value();
    const auto copiedList = copyStore.listConversations().value();
    QCOMPARE(copiedList.size(), original.size());
    const auto originalPath = store.activePath(original[0].id).value();
    const auto copiedPath = copyStore.activePath(copiedList[0].id).value();
    QCOMPARE(copiedPath.size(), std::size_t{300});
    for (std::size_t i = 0; i < copiedPath.size(); ++i)
        QCOMPARE(copiedPath[i].content, originalPath[i].content);
    QCOMPARE(QDir(dir.path()).entryList({QStringLiteral("*partial*")}, QDir::Files), QStringList());
}

void TestBackup::finishesWhileAnotherConnectionWrites()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cairn.db"));
    auto db = Database::open(fsPath(path));
    QVERIFY(db.ok());
    {
        ConversationStore store(db.value());
        fill(store, 2000); // several MB, so that the writer gets in while the copy runs
    }

    std::atomic<bool> done = false;
    std::atomic<bool> writerFailed = false;
    std::atomic<int> written = 0;
    std::thread writer([&] {
        auto own = Database::open(fsPath(path));
        if (!own.ok()) {
            writerFailed = true;
            return;
        }
        ConversationStore store(own.value());
        const std::int64_t id = store.createConversation({}).value().id;
        NewMessage message;
        message.content = "written during the backup";
        while (!done) {
            if (store.appendMessage(id, message).ok())
                ++written;
        }
    });
    while (written < 5 && !writerFailed)
        std::this_thread::yield();
    if (writerFailed) {
        writer.join();
        QFAIL("the writer could not open the database");
    }
    const QString out = dir.filePath(QStringLiteral("backup.db"));
    const Status copied = backupDatabase(db.value(), fsPath(out));
    done = true;
    writer.join();
    QVERIFY2(copied.ok(), copied.ok() ? "" : copied.error().message().c_str());
    QVERIFY(written >= 5);

    auto copy = Database::open(fsPath(out), {.create = false, .migrate = false});
    QVERIFY(copy.ok());
    QVERIFY(copy.value().integrityProblems().value().empty());
    ConversationStore copyStore(copy.value());
    const auto conversations = copyStore.listConversations(ConversationFilter::All).value();
    QCOMPARE(conversations.size(), std::size_t{2}); // the writer's conversation existed before the copy
    std::size_t messages = 0;
    for (const Conversation& conversation : conversations)
        messages += copyStore.messages(conversation.id).value().size();
    QVERIFY(messages >= 2000 + 5);
}

void TestBackup::refusesAnExistingTarget()
{
    QTemporaryDir dir;
    auto db = Database::open(fsPath(dir.filePath(QStringLiteral("cairn.db"))));
    QVERIFY(db.ok());
    const QString out = dir.filePath(QStringLiteral("taken.db"));
    QFile file(out);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("keep");
    file.close();
    const Status copied = backupDatabase(db.value(), fsPath(out));
    QVERIFY(!copied.ok());
    QCOMPARE(copied.error().code, ErrorCode::Io);
    QCOMPARE(QString::fromStdString(copied.error().message()),
             out + QStringLiteral(": exists already; a backup never replaces a file"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArray("keep"));
}

void TestBackup::missingFolderIsIoError()
{
    QTemporaryDir dir;
    auto db = Database::open(fsPath(dir.filePath(QStringLiteral("cairn.db"))));
    QVERIFY(db.ok());
    const QString out = dir.filePath(QStringLiteral("no/such/folder/backup.db"));
    const Status copied = backupDatabase(db.value(), fsPath(out));
    QVERIFY(!copied.ok());
    QCOMPARE(copied.error().code, ErrorCode::Io);
    QCOMPARE(QString::fromStdString(copied.error().message()),
             out + QStringLiteral(": cannot create a file there: No such file or directory"));
}

QTEST_GUILESS_MAIN(TestBackup)
#include "tst_backup.moc"
