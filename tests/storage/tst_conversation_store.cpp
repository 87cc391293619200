// SPDX-License-Identifier: MIT
// ConversationStore and ReplyWriter: conversation lifecycle, message trees with branches, the
// active path, cascading deletes, streamed replies and their commit pacing, whole-tree imports.

#include "storage/attachment_store.h"
#include "storage/conversation_store.h"
#include "storage/database.h"
#include "storage/reply_writer.h"

#include <QtTest>

#include <sqlite3.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <sys/resource.h>

using namespace cairn::storage;

Q_DECLARE_METATYPE(cairn::storage::ConversationFilter)

namespace {

qint64 queryInt(sqlite3* db, const char* sql)
{
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) != SQLITE_OK)
        return -1;
    const qint64 value = sqlite3_step(statement) == SQLITE_ROW ? sqlite3_column_int64(statement, 0) : -1;
    sqlite3_finalize(statement);
    return value;
}

QList<qint64> ids(const std::vector<Message>& messages)
{
    QList<qint64> out;
    for (const Message& message : messages)
        out.append(message.id);
    return out;
}

QList<QString> titles(const std::vector<Conversation>& conversations)
{
    QList<QString> out;
    for (const Conversation& conversation : conversations)
        out.append(QString::fromStdString(conversation.title));
    return out;
}

NewMessage newMessage(Role role, const char* content, std::optional<std::int64_t> parent)
{
    NewMessage message;
    message.role = role;
    message.content = content;
    message.parentId = parent;
    return message;
}

ImportedMessage importedMessage(Role role, const char* content, std::optional<std::size_t> parent,
                                std::int64_t createdMs)
{
    ImportedMessage message;
    message.role = role;
    message.content = content;
    message.parentIndex = parent;
    message.createdMs = createdMs;
    return message;
}

/// A question (0) with two answers (1, 2), a follow-up under the first (3), an interrupted reply (4).
ImportedConversation branchedImport()
{
    ImportedConversation conversation;
    conversation.title = "Imported";
    conversation.model = "deepseek-v2-lite";
    conversation.systemPrompt = "Be brief.";
    conversation.settingsJson = R"({"temperature":0.5})";
    conversation.createdMs = 500;
    conversation.updatedMs = 900;
    conversation.pinned = true;
    conversation.archived = true;
    conversation.messages.push_back(importedMessage(Role::User, "question", std::nullopt, 501));
    conversation.messages.push_back(importedMessage(Role::Assistant, "first answer", 0, 502));
    conversation.messages.push_back(importedMessage(Role::Assistant, "second answer", 0, 503));
    conversation.messages.push_back(importedMessage(Role::User, "follow-up", 1, 504));
    conversation.messages.push_back(importedMessage(Role::Assistant, "cut o", 3, 505));
    conversation.messages[1].promptTokens = 12;
    conversation.messages[1].completionTokens = 34;
    conversation.messages[1].statsJson = R"({"tokensPerSecond":20.5})";
    conversation.messages[4].complete = false;
    NewAttachment attachment;
    attachment.contentHash = std::string(64, 'a');
    attachment.kind = AttachmentKind::Image;
    attachment.mime = "image/png";
    attachment.sizeBytes = 2048;
    attachment.originalPath = "/home/a/cat.png";
    attachment.extractedText = "a cat";
    conversation.messages[0].attachments.push_back(attachment);
    attachment.contentHash = std::string(64, 'b');
    attachment.kind = AttachmentKind::Document;
    attachment.originalPath = "/home/a/notes.txt";
    conversation.messages[0].attachments.push_back(attachment);
    conversation.activeIndex = 3;
    return conversation;
}

NewAttachment malformedAttachment()
{
    NewAttachment attachment;
    attachment.contentHash = "not a hash";
    return attachment;
}

} // namespace

class TestConversationStore : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void createdConversationRoundTrips();
    void listOrdersPinnedThenRecent_data();
    void listOrdersPinnedThenRecent();
    void renameChangesTitleAndTime();
    void settingsReplaceJsonAndKeepTime();
    void missingConversationIsNotFound_data();
    void missingConversationIsNotFound();
    void messagesRoundTrip();
    void editsAndRegenerationsBranch();
    void appendRejectsForeignOrMissingParent();
    void deleteMessageTakesSubtreeAndActivatesParent();
    void deleteConversationCascades();
    void userMessageLeavesSynchronousNormal();
    void streamedReplyIsIncompleteUntilFinished();
    void replyWriterCommitsOncePerInterval();
    void replyWriterFlushesAfterStall();
    void fullDiskFailsCleanlyAndKeepsEarlierMessages();
    void importWritesWholeTreeWithNewIds();
    void importRejectsBadTreeWithoutWriting_data();
    void importRejectsBadTreeWithoutWriting();
    void importInsideOuterTransactionIsOneStep();

private:
    std::int64_t tick() { return ++m_clockMs; }
    std::unique_ptr<QTemporaryDir> m_dir;
    std::optional<Database> m_db;
    std::unique_ptr<ConversationStore> m_store;
    std::int64_t m_clockMs = 1000;
};

void TestConversationStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    auto db = Database::open(m_dir->filePath(QStringLiteral("cairn.db")).toStdString());
    QVERIFY2(db.ok(), db.ok() ? "" : db.error().message().c_str());
    m_db.emplace(std::move(db).value());
    m_clockMs = 1000;
    m_store = std::make_unique<ConversationStore>(*m_db, [this] { return tick(); });
}

void TestConversationStore::cleanup()
{
    m_store.reset();
    m_db.reset();
    m_dir.reset();
}

void TestConversationStore::createdConversationRoundTrips()
{
    NewConversation fresh;
    fresh.title = "Plan the trip";
    fresh.model = "deepseek-v2-lite-q4_k_m.gguf";
    fresh.systemPrompt = "Answer briefly.";
    fresh.settingsJson = R"({"temperature":0.6})";
    auto created = m_store->createConversation(fresh);
    QVERIFY(created.ok());
    auto read = m_store->conversation(created.value().id);
    QVERIFY(read.ok());
    const Conversation& conversation = read.value();
    QCOMPARE(conversation.title, fresh.title);
    QCOMPARE(conversation.model, fresh.model);
    QCOMPARE(conversation.systemPrompt, fresh.systemPrompt);
    QCOMPARE(conversation.settingsJson, fresh.settingsJson);
    QCOMPARE(conversation.createdMs, 1001);
    QCOMPARE(conversation.updatedMs, 1001);
    QVERIFY(!conversation.pinned);
    QVERIFY(!conversation.archived);
    QVERIFY(!conversation.activeMessageId);
}

void TestConversationStore::listOrdersPinnedThenRecent_data()
{
    QTest::addColumn<ConversationFilter>("filter");
    QTest::addColumn<QList<QString>>("expected");
    // a (pinned) is oldest; b gets a message last; c is archived; d is newest.
    QTest::newRow("unarchived") << ConversationFilter::Unarchived << QList<QString>{"a", "b", "d"};
    QTest::newRow("archived") << ConversationFilter::Archived << QList<QString>{"c"};
    QTest::newRow("all") << ConversationFilter::All << QList<QString>{"a", "b", "d", "c"};
}

void TestConversationStore::listOrdersPinnedThenRecent()
{
    QFETCH(ConversationFilter, filter);
    QFETCH(QList<QString>, expected);
    std::map<std::string, std::int64_t> idOf;
    for (const char* title : {"a", "b", "c", "d"}) {
        NewConversation fresh;
        fresh.title = title;
        idOf[title] = m_store->createConversation(fresh).value().id;
    }
    QVERIFY(m_store->setPinned(idOf["a"], true).ok());
    QVERIFY(m_store->setArchived(idOf["c"], true).ok());
    QVERIFY(m_store->appendMessage(idOf["b"], newMessage(Role::User, "bump", std::nullopt)).ok());
    auto list = m_store->listConversations(filter);
    QVERIFY(list.ok());
    QCOMPARE(titles(list.value()), expected);
    QVERIFY(m_store->conversation(idOf["a"]).value().pinned);
    QVERIFY(m_store->conversation(idOf["c"]).value().archived);
}

void TestConversationStore::renameChangesTitleAndTime()
{
    const std::int64_t id = m_store->createConversation({}).value().id;
    QVERIFY(m_store->renameConversation(id, "Renamed").ok());
    const Conversation conversation = m_store->conversation(id).value();
    QCOMPARE(conversation.title, std::string("Renamed"));
    QCOMPARE(conversation.createdMs, 1001);
    QCOMPARE(conversation.updatedMs, 1002);
}

void TestConversationStore::settingsReplaceJsonAndKeepTime()
{
    NewConversation fresh;
    fresh.settingsJson = R"({"temperature":0.6})";
    const std::int64_t id = m_store->createConversation(fresh).value().id;
    const std::string replaced = R"({"repositories":[3],"topK":20})";
    QVERIFY(m_store->setConversationSettings(id, replaced).ok());
    const Conversation conversation = m_store->conversation(id).value();
    QCOMPARE(conversation.settingsJson, replaced);
    QCOMPARE(conversation.updatedMs, 1001);
}

void TestConversationStore::missingConversationIsNotFound_data()
{
    QTest::addColumn<QString>("operation");
    for (const char* operation :
         {"read", "rename", "pin", "archive", "settings", "delete", "append", "activePath", "beginReply"})
        QTest::newRow(operation) << QString::fromLatin1(operation);
}

void TestConversationStore::missingConversationIsNotFound()
{
    QFETCH(QString, operation);
    const std::int64_t missing = 4242;
    std::optional<Error> error;
    const auto note = [&error](const auto& result) {
        if (!result.ok())
            error = result.error();
    };
    if (operation == QLatin1String("read"))
        note(m_store->conversation(missing));
    else if (operation == QLatin1String("rename"))
        note(m_store->renameConversation(missing, "x"));
    else if (operation == QLatin1String("pin"))
        note(m_store->setPinned(missing, true));
    else if (operation == QLatin1String("archive"))
        note(m_store->setArchived(missing, true));
    else if (operation == QLatin1String("settings"))
        note(m_store->setConversationSettings(missing, "{}"));
    else if (operation == QLatin1String("delete"))
        note(m_store->deleteConversation(missing));
    else if (operation == QLatin1String("append"))
        note(m_store->appendMessage(missing, newMessage(Role::User, "hi", std::nullopt)));
    else if (operation == QLatin1String("activePath"))
        note(m_store->activePath(missing));
    else
        note(m_store->beginReply(missing, std::nullopt));
    QVERIFY(error.has_value());
    QCOMPARE(error->code, ErrorCode::NotFound);
    QCOMPARE(error->detail, std::string("no conversation 4242"));
}

void TestConversationStore::messagesRoundTrip()
{
    const std::int64_t conversation = m_store->createConversation({}).value().id;
    NewMessage fresh = newMessage(Role::Tool, "{\"result\": 42}", std::nullopt);
    fresh.promptTokens = 17;
    fresh.completionTokens = 5;
    fresh.statsJson = R"({"tokensPerSecond":12.5})";
    auto appended = m_store->appendMessage(conversation, fresh);
    QVERIFY(appended.ok());
    auto read = m_store->message(appended.value().id);
    QVERIFY(read.ok());
    QCOMPARE(read.value().conversationId, conversation);
    QVERIFY(!read.value().parentId);
    QCOMPARE(read.value().role, Role::Tool);
    QCOMPARE(read.value().content, fresh.content);
    QCOMPARE(read.value().promptTokens, 17);
    QCOMPARE(read.value().completionTokens, 5);
    QCOMPARE(read.value().statsJson, fresh.statsJson);
    QVERIFY(read.value().complete);
    QCOMPARE(read.value().createdMs, appended.value().createdMs);
    QCOMPARE(m_store->conversation(conversation).value().updatedMs, read.value().createdMs);
    QCOMPARE(m_store->message(999).error().code, ErrorCode::NotFound);
}

void TestConversationStore::editsAndRegenerationsBranch()
{
    const std::int64_t conversation = m_store->createConversation({}).value().id;
    QVERIFY(m_store->activePath(conversation).value().empty());
    const auto append = [&](Role role, const char* text, std::optional<std::int64_t> parent) {
        return m_store->appendMessage(conversation, newMessage(role, text, parent)).value().id;
    };
    const std::int64_t u1 = append(Role::User, "hello", std::nullopt);
    const std::int64_t a1 = append(Role::Assistant, "hi", u1);
    const std::int64_t u2 = append(Role::User, "what is MLA", a1);
    const std::int64_t a2 = append(Role::Assistant, "latent attention", u2);
    QCOMPARE(ids(m_store->activePath(conversation).value()), (QList<qint64>{u1, a1, u2, a2}));

    // Editing u2 adds a sibling under a1 and follows it.
    const std::int64_t u2Edit = append(Role::User, "what is MLA, briefly", a1);
    QCOMPARE(ids(m_store->activePath(conversation).value()), (QList<qint64>{u1, a1, u2Edit}));
    const std::int64_t a2Edit = append(Role::Assistant, "compressed KV", u2Edit);
    QCOMPARE(ids(m_store->activePath(conversation).value()), (QList<qint64>{u1, a1, u2Edit, a2Edit}));

    // Choosing the old branch again; choosing a1 continues through its newest child.
    QVERIFY(m_store->setActiveMessage(conversation, u2).ok());
    QCOMPARE(ids(m_store->activePath(conversation).value()), (QList<qint64>{u1, a1, u2, a2}));
    QVERIFY(m_store->setActiveMessage(conversation, a1).ok());
    QCOMPARE(ids(m_store->activePath(conversation).value()), (QList<qint64>{u1, a1, u2Edit, a2Edit}));

    // Regenerating a2 adds a sibling under u2.
    const std::int64_t a2Regen = append(Role::Assistant, "multi-head latent attention", u2);
    QCOMPARE(ids(m_store->activePath(conversation).value()), (QList<qint64>{u1, a1, u2, a2Regen}));
    QCOMPARE(m_store->conversation(conversation).value().activeMessageId, a2Regen);

    QCOMPARE(ids(m_store->messages(conversation).value()), (QList<qint64>{u1, a1, u2, a2, u2Edit, a2Edit, a2Regen}));
    QCOMPARE(m_store->message(a2Regen).value().parentId, u2);

    const auto other = m_store->createConversation({}).value().id;
    QCOMPARE(m_store->setActiveMessage(other, u1).error().code, ErrorCode::NotFound);
}

void TestConversationStore::appendRejectsForeignOrMissingParent()
{
    const std::int64_t first = m_store->createConversation({}).value().id;
    const std::int64_t second = m_store->createConversation({}).value().id;
    const std::int64_t root = m_store->appendMessage(first, newMessage(Role::User, "x", std::nullopt)).value().id;
    auto foreign = m_store->appendMessage(second, newMessage(Role::Assistant, "y", root));
    QVERIFY(!foreign.ok());
    QCOMPARE(foreign.error().code, ErrorCode::InvalidInput);
    auto missing = m_store->appendMessage(first, newMessage(Role::Assistant, "y", 999));
    QVERIFY(!missing.ok());
    QCOMPARE(missing.error().code, ErrorCode::NotFound);
    QCOMPARE(m_store->messages(second).value().size(), std::size_t{0});
    QCOMPARE(m_store->messages(first).value().size(), std::size_t{1});
}

void TestConversationStore::deleteMessageTakesSubtreeAndActivatesParent()
{
    const std::int64_t conversation = m_store->createConversation({}).value().id;
    const auto append = [&](Role role, const char* text, std::optional<std::int64_t> parent) {
        return m_store->appendMessage(conversation, newMessage(role, text, parent)).value().id;
    };
    const std::int64_t u1 = append(Role::User, "q", std::nullopt);
    const std::int64_t a1 = append(Role::Assistant, "a", u1);
    const std::int64_t u2 = append(Role::User, "q2", a1);
    append(Role::Assistant, "a2", u2);
    const std::int64_t u2Edit = append(Role::User, "q2 edited", a1);
    const std::int64_t a2Edit = append(Role::Assistant, "a2 edited", u2Edit);
    QVERIFY(m_store->setActiveMessage(conversation, u2).ok());

    QVERIFY(m_store->deleteMessage(u2).ok());
    QCOMPARE(m_store->conversation(conversation).value().activeMessageId, a1);
    QCOMPARE(ids(m_store->activePath(conversation).value()), (QList<qint64>{u1, a1, u2Edit, a2Edit}));
    QCOMPARE(ids(m_store->messages(conversation).value()), (QList<qint64>{u1, a1, u2Edit, a2Edit}));
    QCOMPARE(m_store->deleteMessage(u2).error().code, ErrorCode::NotFound);
}

void TestConversationStore::deleteConversationCascades()
{
    const std::int64_t doomed = m_store->createConversation({}).value().id;
    const std::int64_t kept = m_store->createConversation({}).value().id;
    const std::int64_t root = m_store->appendMessage(doomed, newMessage(Role::User, "x", std::nullopt)).value().id;
    QVERIFY(m_store->appendMessage(doomed, newMessage(Role::Assistant, "y", root)).ok());
    QVERIFY(m_store->appendMessage(kept, newMessage(Role::User, "z", std::nullopt)).ok());

    QVERIFY(m_store->deleteConversation(doomed).ok());
    QCOMPARE(m_store->conversation(doomed).error().code, ErrorCode::NotFound);
    QCOMPARE(queryInt(m_db->handle(), "SELECT count(*) FROM messages"), 1);
    QCOMPARE(m_store->messages(kept).value().size(), std::size_t{1});
    QCOMPARE(m_store->listConversations().value().size(), std::size_t{1});
}

void TestConversationStore::userMessageLeavesSynchronousNormal()
{
    const std::int64_t conversation = m_store->createConversation({}).value().id;
    QVERIFY(m_store->appendMessage(conversation, newMessage(Role::User, "x", std::nullopt)).ok());
    QCOMPARE(queryInt(m_db->handle(), "PRAGMA synchronous"), 1);
}

void TestConversationStore::streamedReplyIsIncompleteUntilFinished()
{
    const std::int64_t conversation = m_store->createConversation({}).value().id;
    const std::int64_t question
        = m_store->appendMessage(conversation, newMessage(Role::User, "q", std::nullopt)).value().id;
    auto reply = m_store->beginReply(conversation, question);
    QVERIFY(reply.ok());
    Message streaming = m_store->message(reply.value()).value();
    QVERIFY(!streaming.complete);
    QCOMPARE(streaming.role, Role::Assistant);
    QCOMPARE(streaming.parentId, question);
    QCOMPARE(streaming.content, std::string());
    QCOMPARE(ids(m_store->activePath(conversation).value()), (QList<qint64>{question, reply.value()}));

    QVERIFY(m_store->updateReply(reply.value(), "Hel").ok());
    QCOMPARE(m_store->message(reply.value()).value().content, std::string("Hel"));
    QVERIFY(m_store->finishReply(reply.value(), "Hello.", {12, 3, R"({"stop":"eos"})"}).ok());
    const Message done = m_store->message(reply.value()).value();
    QVERIFY(done.complete);
    QCOMPARE(done.content, std::string("Hello."));
    QCOMPARE(done.promptTokens, 12);
    QCOMPARE(done.completionTokens, 3);
    QCOMPARE(done.statsJson, std::string(R"({"stop":"eos"})"));

    // A finished reply no longer takes streamed text; an ordinary message never did.
    QCOMPARE(m_store->updateReply(reply.value(), "more").error().code, ErrorCode::NotFound);
    QCOMPARE(m_store->finishReply(reply.value(), "more", {}).error().code, ErrorCode::NotFound);
    QCOMPARE(m_store->updateReply(question, "changed").error().code, ErrorCode::NotFound);
    QCOMPARE(m_store->message(question).value().content, std::string("q"));
}

void TestConversationStore::replyWriterCommitsOncePerInterval()
{
    const std::int64_t conversation = m_store->createConversation({}).value().id;
    const std::int64_t reply = m_store->beginReply(conversation, std::nullopt).value();
    std::chrono::steady_clock::time_point now{};
    ReplyWriter writer(*m_store, reply, [&now] { return now; });
    const auto stored = [&] { return m_store->message(reply).value().content; };

    struct Step {
        int atMs;
        const char* piece;
        bool commits;
        const char* storedAfter;
    };
    const Step steps[] = {
        {500, "a", false, ""},        {1999, "b", false, ""},        {2000, "c", true, "abc"},
        {2100, "d", false, "abc"},    {3999, "e", false, "abc"},     {4000, "f", true, "abcdef"},
        {9000, "g", true, "abcdefg"}, {9001, "h", false, "abcdefg"},
    };
    for (const Step& step : steps) {
        now = std::chrono::steady_clock::time_point{} + std::chrono::milliseconds(step.atMs);
        auto committed = writer.append(step.piece);
        QVERIFY(committed.ok());
        QCOMPARE(committed.value(), step.commits);
        QCOMPARE(stored(), std::string(step.storedAfter));
        QCOMPARE(writer.committedSize(), std::string(step.storedAfter).size());
    }
    QCOMPARE(writer.text(), std::string("abcdefgh"));
    QVERIFY(writer.finish({1, 8, "{}"}).ok());
    QCOMPARE(stored(), std::string("abcdefgh"));
    QVERIFY(m_store->message(reply).value().complete);
    QCOMPARE(writer.committedSize(), std::size_t{8});
}

void TestConversationStore::replyWriterFlushesAfterStall()
{
    const std::int64_t conversation = m_store->createConversation({}).value().id;
    const std::int64_t reply = m_store->beginReply(conversation, std::nullopt).value();
    std::chrono::steady_clock::time_point now{};
    ReplyWriter writer(*m_store, reply, [&now] { return now; });
    QVERIFY(!writer.append("tokens before the stall").value());
    now += std::chrono::milliseconds(1500);
    QVERIFY(!writer.flushIfDue().value());
    now += std::chrono::milliseconds(500);
    QVERIFY(writer.flushIfDue().value());
    QCOMPARE(m_store->message(reply).value().content, std::string("tokens before the stall"));
    now += std::chrono::milliseconds(5000);
    QVERIFY(!writer.flushIfDue().value()); // nothing new to commit
}

void TestConversationStore::fullDiskFailsCleanlyAndKeepsEarlierMessages()
{
    const std::int64_t conversation = m_store->createConversation({}).value().id;
    const std::int64_t kept
        = m_store->appendMessage(conversation, newMessage(Role::User, "kept", std::nullopt)).value().id;

    // RLIMIT_FSIZE makes every write past 8 MiB fail (EFBIG) as a full disk would; a 12 MiB message
    // cannot fit in the WAL.
    rlimit saved{};
    QCOMPARE(getrlimit(RLIMIT_FSIZE, &saved), 0);
    const auto previousHandler = std::signal(SIGXFSZ, SIG_IGN);
    rlimit small = saved;
    small.rlim_cur = 8u << 20;
    QCOMPARE(setrlimit(RLIMIT_FSIZE, &small), 0);
    const std::string huge(12u << 20, 'x');
    auto failed = m_store->appendMessage(conversation, newMessage(Role::Assistant, huge.c_str(), kept));
    setrlimit(RLIMIT_FSIZE, &saved);
    std::signal(SIGXFSZ, previousHandler);

    QVERIFY(!failed.ok());
    QCOMPARE(failed.error().code, ErrorCode::Io);
    QVERIFY2(failed.error().subject.ends_with("cairn.db"), failed.error().message().c_str());
    QCOMPARE(failed.error().detail, std::string("disk I/O error (") + std::strerror(EFBIG) + ")");
    // The connection goes on working, and nothing of the failed write is visible.
    QCOMPARE(ids(m_store->messages(conversation).value()), QList<qint64>{kept});
    QCOMPARE(m_store->conversation(conversation).value().activeMessageId, kept);
    QVERIFY(m_store->appendMessage(conversation, newMessage(Role::Assistant, "after", kept)).ok());

    m_store.reset();
    m_db.reset();
    auto reopened = Database::open(m_dir->filePath(QStringLiteral("cairn.db")).toStdString());
    QVERIFY(reopened.ok());
    QVERIFY(reopened.value().integrityProblems().value().empty());
    ConversationStore store(reopened.value());
    const auto messages = store.messages(conversation).value();
    QCOMPARE(messages.size(), std::size_t{2});
    QCOMPARE(messages[0].content, std::string("kept"));
    QCOMPARE(messages[1].content, std::string("after"));
}

void TestConversationStore::importWritesWholeTreeWithNewIds()
{
    auto existing = m_store->createConversation(NewConversation{}); // so that new ids differ from indexes
    QVERIFY(existing.ok());
    QVERIFY(m_store->appendMessage(existing.value().id, newMessage(Role::User, "older", std::nullopt)).ok());

    const ImportedConversation source = branchedImport();
    auto imported = m_store->importConversation(source);
    QVERIFY2(imported.ok(), imported.ok() ? "" : imported.error().message().c_str());
    const Conversation& conversation = imported.value();
    QVERIFY(conversation.id != existing.value().id);
    QCOMPARE(conversation.title, source.title);
    QCOMPARE(conversation.model, source.model);
    QCOMPARE(conversation.systemPrompt, source.systemPrompt);
    QCOMPARE(conversation.settingsJson, source.settingsJson);
    QCOMPARE(conversation.createdMs, 500);
    QCOMPARE(conversation.updatedMs, 900);
    QVERIFY(conversation.pinned);
    QVERIFY(conversation.archived);

    const auto messages = m_store->messages(conversation.id).value();
    QCOMPARE(messages.size(), source.messages.size());
    for (std::size_t i = 0; i < messages.size(); ++i) {
        const ImportedMessage& expected = source.messages[i];
        QCOMPARE(messages[i].role, expected.role);
        QCOMPARE(messages[i].content, expected.content);
        QCOMPARE(messages[i].promptTokens, expected.promptTokens);
        QCOMPARE(messages[i].completionTokens, expected.completionTokens);
        QCOMPARE(messages[i].statsJson, expected.statsJson);
        QCOMPARE(messages[i].complete, expected.complete);
        QCOMPARE(messages[i].createdMs, expected.createdMs);
        QCOMPARE(messages[i].parentId.has_value(), expected.parentIndex.has_value());
        if (expected.parentIndex)
            QCOMPARE(*messages[i].parentId, messages[*expected.parentIndex].id);
    }
    QCOMPARE(conversation.activeMessageId, std::optional<std::int64_t>(messages[3].id));
    QCOMPARE(ids(m_store->activePath(conversation.id).value()),
             (QList<qint64>{messages[0].id, messages[1].id, messages[3].id, messages[4].id}));

    AttachmentStore attachments(*m_db);
    const auto linked = attachments.messageAttachments(messages[0].id).value();
    QCOMPARE(linked.size(), std::size_t{2});
    QCOMPARE(linked[0].contentHash, std::string(64, 'a'));
    QCOMPARE(linked[0].kind, AttachmentKind::Image);
    QCOMPARE(linked[0].mime, std::string("image/png"));
    QCOMPARE(linked[0].sizeBytes, 2048);
    QCOMPARE(linked[0].originalPath, std::string("/home/a/cat.png"));
    QCOMPARE(linked[0].extractedText, std::string("a cat"));
    QCOMPARE(linked[1].originalPath, std::string("/home/a/notes.txt"));

    // Importing the same file again shares the stored attachments instead of failing on their hashes.
    auto again = m_store->importConversation(source);
    QVERIFY(again.ok());
    QCOMPARE(queryInt(m_db->handle(), "SELECT count(*) FROM attachments"), 2);
    QCOMPARE(queryInt(m_db->handle(), "SELECT count(*) FROM message_attachments"), 4);
}

void TestConversationStore::importRejectsBadTreeWithoutWriting_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("expectedError");
    QTest::newRow("parent after child") << "parentAfter"
                                        << "imported message 1: its parent 3 does not come before it";
    QTest::newRow("own parent") << "ownParent"
                                << "imported message 2: its parent 2 does not come before it";
    QTest::newRow("active out of range") << "activeOutOfRange"
                                         << "imported conversation: active message 9 is not one of its 5 messages";
    QTest::newRow("bad attachment hash on a later message") << "badHash"
                                                            << "is not 64 lower-case hex digits";
}

void TestConversationStore::importRejectsBadTreeWithoutWriting()
{
    QFETCH(QString, kind);
    QFETCH(QString, expectedError);
    ImportedConversation source = branchedImport();
    if (kind == QLatin1String("parentAfter"))
        source.messages[1].parentIndex = 3;
    else if (kind == QLatin1String("ownParent"))
        source.messages[2].parentIndex = 2;
    else if (kind == QLatin1String("activeOutOfRange"))
        source.activeIndex = 9;
    else if (kind == QLatin1String("badHash"))
        source.messages[4].attachments.push_back(malformedAttachment());
    auto imported = m_store->importConversation(source);
    QVERIFY(!imported.ok());
    QCOMPARE(imported.error().code, ErrorCode::InvalidInput);
    QVERIFY2(QString::fromStdString(imported.error().message()).contains(expectedError),
             imported.error().message().c_str());
    QCOMPARE(queryInt(m_db->handle(), "SELECT count(*) FROM conversations"), 0);
    QCOMPARE(queryInt(m_db->handle(), "SELECT count(*) FROM messages"), 0);
    QCOMPARE(queryInt(m_db->handle(), "SELECT count(*) FROM attachments"), 0);
}

void TestConversationStore::importInsideOuterTransactionIsOneStep()
{
    // The import's own transaction becomes a savepoint: rolling the outer one back undoes it.
    QCOMPARE(sqlite3_exec(m_db->handle(), "BEGIN", nullptr, nullptr, nullptr), SQLITE_OK);
    QVERIFY(m_store->importConversation(branchedImport()).ok());
    QCOMPARE(queryInt(m_db->handle(), "SELECT count(*) FROM messages"), 5);
    QCOMPARE(sqlite3_get_autocommit(m_db->handle()), 0); // still inside the outer transaction
    QCOMPARE(sqlite3_exec(m_db->handle(), "ROLLBACK", nullptr, nullptr, nullptr), SQLITE_OK);
    QCOMPARE(queryInt(m_db->handle(), "SELECT count(*) FROM conversations"), 0);
    QCOMPARE(queryInt(m_db->handle(), "SELECT count(*) FROM messages"), 0);

    // A failing step inside an outer transaction undoes only itself; the outer one goes on.
    QCOMPARE(sqlite3_exec(m_db->handle(), "BEGIN", nullptr, nullptr, nullptr), SQLITE_OK);
    QVERIFY(m_store->createConversation(NewConversation{}).ok());
    ImportedConversation bad = branchedImport();
    bad.messages[4].attachments.push_back(malformedAttachment());
    QVERIFY(!m_store->importConversation(bad).ok());
    QCOMPARE(sqlite3_get_autocommit(m_db->handle()), 0);
    QCOMPARE(sqlite3_exec(m_db->handle(), "COMMIT", nullptr, nullptr, nullptr), SQLITE_OK);
    QCOMPARE(queryInt(m_db->handle(), "SELECT count(*) FROM conversations"), 1);
    QCOMPARE(queryInt(m_db->handle(), "SELECT count(*) FROM messages"), 0);
}

QTEST_GUILESS_MAIN(TestConversationStore)
#include "tst_conversation_store.moc"
