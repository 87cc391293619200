// SPDX-License-Identifier: MIT
// ChatService with the real engine on the tiny synthetic model and a temporary database: replies
// stream and are stored with stats, branches come from regenerate and edit, stop keeps the text,
// a reopened database shows the conversation, and attachments and repositories reach the prompt.

#include "app/services/chat_prompt_source.h"
#include "app/services/chat_service.h"
#include "app/services/generation_settings.h"
#include "app/services/repo_index_service.h"
#include "storage/attachment_store.h"
#include "storage/conversation_store.h"
#include "storage/database.h"
#include "storage/settings_store.h"
#include "tests/common/event_loop_gap.h"

#include "engine/api/synthetic_model.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

using namespace cairn::app;
using cairn::storage::Database;

namespace {

constexpr int kWaitMs = 60000;

QString concatenated(const QSignalSpy& spy)
{
    QString text;
    for (const QList<QVariant>& signal : spy)
        text += signal.at(1).toString();
    return text;
}

} // namespace

class TestChatService : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();
    void sendStreamsAndStores();
    void twoSendsInARow();
    void regenerateMakesASibling();
    void editAndResendMakesAUserBranch();
    void stopKeepsThePartialText();
    void streamingReplyIsCommittedEveryTwoSeconds();
    void eventLoopKeepsTurningWhileStreaming();
    void reopenedDatabaseShowsTheConversation();
    void sendWithoutModelFails();
    void attachmentsReachThePromptAndTheView();
    void repositoryContextReachesThePrompt();
    void deleteRemovesTheBranchBelow();
    void failedReplyIsKeptIncomplete();

private:
    /// Sends `text` and waits for the reply; the finished message.
    ChatMessageView sendAndWait(ChatService& service, const QString& text, const QList<std::int64_t>& attachments = {});
    void setDefaults(const GenerationSettings& settings);

    QTemporaryDir m_dir;
    std::unique_ptr<EngineHost> m_engine;
    std::optional<Database> m_db;
    QString m_dbPath;
    int m_dbCount = 0;
};

void TestChatService::initTestCase()
{
    QVERIFY(m_dir.isValid());
    cairn::SyntheticModelOptions options;
    options.out = m_dir.filePath(QStringLiteral("tiny.gguf")).toStdString();
    QVERIFY(cairn::writeSyntheticModel(options).ok());
    m_engine = std::make_unique<EngineHost>();
    QSignalSpy loaded(m_engine.get(), &EngineHost::modelLoaded);
    ModelLoadOptions load;
    load.path = QString::fromStdString(options.out);
    load.threads = 1;
    load.contextLength = 2048;
    m_engine->loadModel(load);
    QVERIFY(loaded.wait(kWaitMs));
}

void TestChatService::init()
{
    m_dbPath = m_dir.filePath(QStringLiteral("profile-%1.db").arg(++m_dbCount));
    auto db = Database::open(m_dbPath.toStdString());
    QVERIFY(db.ok());
    m_db.emplace(std::move(db).value());
    GenerationSettings defaults;
    defaults.maxTokens = 12;
    defaults.temperature = 0.0;
    setDefaults(defaults);
}

void TestChatService::cleanup()
{
    m_db.reset();
}

void TestChatService::setDefaults(const GenerationSettings& settings)
{
    cairn::storage::SettingsStore store(*m_db);
    QVERIFY(store.setValue(kGenerationDefaultsKey, generationSettingsToJson(settings).toStdString()).ok());
}

ChatMessageView TestChatService::sendAndWait(ChatService& service, const QString& text,
                                             const QList<std::int64_t>& attachments)
{
    QSignalSpy finished(&service, &ChatService::replyFinished);
    QString problem;
    [&] { QVERIFY2(service.send(text, attachments, &problem), qPrintable(problem)); }();
    if (!finished.wait(kWaitMs))
        return {};
    return finished.first().at(0).value<ChatMessageView>();
}

void TestChatService::sendStreamsAndStores()
{
    ChatService service(*m_db, *m_engine);
    QSignalSpy started(&service, &ChatService::replyStarted);
    QSignalSpy text(&service, &ChatService::replyText);
    QSignalSpy finished(&service, &ChatService::replyFinished);
    QSignalSpy conversations(&service, &ChatService::conversationsChanged);
    QSignalSpy usage(&service, &ChatService::contextUsage);
    QString problem;
    QVERIFY2(service.send(QStringLiteral("Hello there, this is the very first message of a fine conversation "
                                         "that goes on"),
                          {}, &problem),
             qPrintable(problem));
    QVERIFY(service.isGenerating());
    QVERIFY(service.conversationId() > 0);
    QCOMPARE(started.count(), 1);
    const auto replyId = started.first().at(0).value<std::int64_t>();
    // While streaming, the view lists the reply as incomplete.
    QCOMPARE(service.messages().size(), 2);
    QVERIFY(!service.messages().last().complete);

    QVERIFY(finished.wait(kWaitMs));
    QVERIFY(!service.isGenerating());
    const auto reply = finished.first().at(0).value<ChatMessageView>();
    QCOMPARE(reply.id, replyId);
    QCOMPARE(reply.role, ChatRole::Assistant);
    QVERIFY(reply.complete);
    QVERIFY(!reply.content.isEmpty());
    QCOMPARE(reply.content, concatenated(text));
    QVERIFY2(reply.statsText.contains(QLatin1String("tokens")) && reply.statsText.contains(QLatin1String("tok/s")),
             qPrintable(reply.statsText));
    QVERIFY(!conversations.isEmpty());
    QCOMPARE(usage.count(), 1);
    QVERIFY(usage.first().at(0).value<std::int64_t>() > 0);
    QCOMPARE(usage.first().at(1).value<std::int64_t>(), 2048);

    const QList<ChatMessageView> views = service.messages();
    QCOMPARE(views.size(), 2);
    QCOMPARE(views.first().role, ChatRole::User);
    QCOMPARE(views.at(1).content, reply.content);
    QCOMPARE(views.at(1).statsText, reply.statsText);

    cairn::storage::ConversationStore store(*m_db);
    auto conversation = store.conversation(service.conversationId());
    QVERIFY(conversation.ok());
    QCOMPARE(QString::fromStdString(conversation.value().title),
             QStringLiteral("Hello there, this is the very first message of a fine") + QChar(0x2026));
    auto stored = store.message(replyId);
    QVERIFY(stored.ok());
    QVERIFY(stored.value().complete);
    QCOMPARE(QString::fromStdString(stored.value().content), reply.content);
    QVERIFY(stored.value().completionTokens > 0);
    QVERIFY(QString::fromStdString(stored.value().statsJson).contains(QLatin1String("\"stopReason\"")));
}

void TestChatService::twoSendsInARow()
{
    ChatService service(*m_db, *m_engine);
    const ChatMessageView first = sendAndWait(service, QStringLiteral("First question"));
    QVERIFY(first.id > 0);
    const ChatMessageView second = sendAndWait(service, QStringLiteral("Second question"));
    QVERIFY(second.id > first.id);
    const QList<ChatMessageView> views = service.messages();
    QCOMPARE(views.size(), 4);
    QCOMPARE(views.at(2).content, QStringLiteral("Second question"));
    QCOMPARE(views.at(2).parentId, first.id);
    QCOMPARE(views.at(3).parentId, views.at(2).id);
    for (const ChatMessageView& view : views)
        QCOMPARE(view.branchCount, 1);
}

void TestChatService::regenerateMakesASibling()
{
    ChatService service(*m_db, *m_engine);
    const ChatMessageView first = sendAndWait(service, QStringLiteral("Tell me something"));
    QVERIFY(first.id > 0);
    QSignalSpy finished(&service, &ChatService::replyFinished);
    QString problem;
    QVERIFY2(service.regenerate(first.id, &problem), qPrintable(problem));
    QVERIFY(finished.wait(kWaitMs));
    const auto second = finished.first().at(0).value<ChatMessageView>();
    QVERIFY(second.id != first.id);
    QCOMPARE(second.parentId, first.parentId);
    QCOMPARE(second.branchCount, 2);
    QCOMPARE(second.branchIndex, 1);

    QList<ChatMessageView> views = service.messages();
    QCOMPARE(views.size(), 2);
    QCOMPARE(views.last().id, second.id);

    QSignalSpy reset(&service, &ChatService::messagesReset);
    service.switchBranch(second.id, -1);
    QCOMPARE(reset.count(), 1);
    views = service.messages();
    QCOMPARE(views.last().id, first.id);
    QCOMPARE(views.last().content, first.content);
    QCOMPARE(views.last().branchIndex, 0);
    QCOMPARE(views.last().branchCount, 2);
    // Past the first sibling nothing changes.
    service.switchBranch(first.id, -1);
    QCOMPARE(reset.count(), 1);
    service.switchBranch(first.id, +1);
    QCOMPARE(service.messages().last().id, second.id);

    // A user message cannot be regenerated.
    QVERIFY(!service.regenerate(views.first().id, &problem));
    QVERIFY(!problem.isEmpty());
}

void TestChatService::editAndResendMakesAUserBranch()
{
    ChatService service(*m_db, *m_engine);
    const ChatMessageView first = sendAndWait(service, QStringLiteral("Original wording"));
    QVERIFY(first.id > 0);
    const std::int64_t originalUser = service.messages().first().id;
    QSignalSpy finished(&service, &ChatService::replyFinished);
    QString problem;
    QVERIFY2(service.editAndResend(originalUser, QStringLiteral("Better wording"), &problem), qPrintable(problem));
    QVERIFY(finished.wait(kWaitMs));
    QList<ChatMessageView> views = service.messages();
    QCOMPARE(views.size(), 2);
    QCOMPARE(views.first().content, QStringLiteral("Better wording"));
    QCOMPARE(views.first().branchIndex, 1);
    QCOMPARE(views.first().branchCount, 2);
    QCOMPARE(views.last().parentId, views.first().id);

    service.switchBranch(views.first().id, -1);
    views = service.messages();
    QCOMPARE(views.first().id, originalUser);
    QCOMPARE(views.first().content, QStringLiteral("Original wording"));
    QCOMPARE(views.last().id, first.id);
}

void TestChatService::stopKeepsThePartialText()
{
    GenerationSettings unlimited;
    unlimited.maxTokens = -1;
    unlimited.temperature = 0.0;
    setDefaults(unlimited);
    ChatService service(*m_db, *m_engine);
    QSignalSpy text(&service, &ChatService::replyText);
    QSignalSpy finished(&service, &ChatService::replyFinished);
    QString problem;
    QVERIFY2(service.send(QStringLiteral("Write a very long story."), {}, &problem), qPrintable(problem));
    QVERIFY(text.wait(kWaitMs));
    service.stop();
    QVERIFY(finished.wait(kWaitMs));
    const auto reply = finished.first().at(0).value<ChatMessageView>();
    QVERIFY(!reply.content.isEmpty());
    QCOMPARE(reply.content, concatenated(text));
    QVERIFY2(reply.statsText.endsWith(QLatin1String("stopped")), qPrintable(reply.statsText));
    cairn::storage::ConversationStore store(*m_db);
    auto stored = store.message(reply.id);
    QVERIFY(stored.ok());
    QCOMPARE(QString::fromStdString(stored.value().content), reply.content);
}

void TestChatService::streamingReplyIsCommittedEveryTwoSeconds()
{
    GenerationSettings unlimited;
    unlimited.maxTokens = -1;
    unlimited.temperature = 0.0;
    setDefaults(unlimited);
    ChatService service(*m_db, *m_engine);
    QSignalSpy started(&service, &ChatService::replyStarted);
    QSignalSpy text(&service, &ChatService::replyText);
    QSignalSpy finished(&service, &ChatService::replyFinished);
    QString problem;
    QVERIFY2(service.send(QStringLiteral("Write a very long story."), {}, &problem), qPrintable(problem));
    QVERIFY(text.wait(kWaitMs));
    const auto replyId = started.first().at(0).value<std::int64_t>();
    // A second connection, as a crash-and-restart would see the file.
    auto other = Database::open(m_dbPath.toStdString());
    QVERIFY(other.ok());
    cairn::storage::ConversationStore store(other.value());
    QCOMPARE(QString::fromStdString(store.message(replyId).value().content), QString());
    QTRY_VERIFY_WITH_TIMEOUT(!store.message(replyId).value().content.empty(), 5000);
    QVERIFY(finished.isEmpty()); // committed while still streaming
    const auto stored = store.message(replyId).value();
    QVERIFY(!stored.complete);
    QVERIFY(concatenated(text).startsWith(QString::fromStdString(stored.content)));
    service.stop();
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), kWaitMs);
    QVERIFY(store.message(replyId).value().complete);
}

void TestChatService::eventLoopKeepsTurningWhileStreaming()
{
    GenerationSettings longer;
    longer.maxTokens = 300;
    longer.temperature = 0.0;
    setDefaults(longer);
    ChatService service(*m_db, *m_engine);
    QSignalSpy finished(&service, &ChatService::replyFinished);
    cairn::test::EventLoopGap gap;
    QString problem;
    QVERIFY2(service.send(QStringLiteral("Write a very long story."), {}, &problem), qPrintable(problem));
    QVERIFY(finished.wait(kWaitMs));
    gap.stop();
    qInfo("longest gap between 5 ms ticks while a %lld ms reply streamed and was stored: %lld ms",
          static_cast<long long>(gap.elapsedMs()), static_cast<long long>(gap.longestMs()));
    // The GUI thread only appends text and commits one row every 2 s (about 10 ms measured here);
    // twice the issue's 50 ms so that a busy CI machine does not fail it.
    QVERIFY2(gap.longestMs() < 100, qPrintable(QString::number(gap.longestMs())));
}

void TestChatService::reopenedDatabaseShowsTheConversation()
{
    std::int64_t conversationId = 0;
    QList<ChatMessageView> before;
    {
        ChatService service(*m_db, *m_engine);
        QVERIFY(sendAndWait(service, QStringLiteral("Remember this")).id > 0);
        QVERIFY(sendAndWait(service, QStringLiteral("And this")).id > 0);
        conversationId = service.conversationId();
        before = service.messages();
    }
    m_db.reset();
    auto reopened = Database::open(m_dbPath.toStdString());
    QVERIFY(reopened.ok());
    m_db.emplace(std::move(reopened).value());
    ChatService service(*m_db, *m_engine);
    QCOMPARE(service.conversationId(), 0);
    QSignalSpy reset(&service, &ChatService::messagesReset);
    service.openConversation(conversationId);
    QCOMPARE(reset.count(), 1);
    const QList<ChatMessageView> after = service.messages();
    QCOMPARE(after.size(), 4);
    for (qsizetype i = 0; i < after.size(); ++i) {
        QCOMPARE(after.at(i).id, before.at(i).id);
        QCOMPARE(after.at(i).content, before.at(i).content);
        QCOMPARE(after.at(i).statsText, before.at(i).statsText);
        QVERIFY(after.at(i).complete);
    }
    // The conversation goes on where it stopped.
    QVERIFY(sendAndWait(service, QStringLiteral("Still there?")).id > 0);
    QCOMPARE(service.messages().size(), 6);

    service.startNewConversation();
    QCOMPARE(service.conversationId(), 0);
    QVERIFY(service.messages().isEmpty());
}

void TestChatService::sendWithoutModelFails()
{
    EngineHost empty;
    ChatService service(*m_db, empty);
    QSignalSpy conversations(&service, &ChatService::conversationsChanged);
    QString problem;
    QVERIFY(!service.send(QStringLiteral("Hello?"), {}, &problem));
    QVERIFY2(problem.contains(QLatin1String("No model")), qPrintable(problem));
    QCOMPARE(service.conversationId(), 0);
    QVERIFY(conversations.isEmpty());
    QVERIFY(!service.isGenerating());
    QVERIFY(!service.send(QStringLiteral("   "), {}, &problem));
    QVERIFY(!problem.isEmpty());

    // An attachment that is not stored is refused before anything is written.
    ChatService loaded(*m_db, *m_engine);
    problem.clear();
    QVERIFY(!loaded.send(QStringLiteral("See the file"), {424242}, &problem));
    QVERIFY(!problem.isEmpty());
    QCOMPARE(loaded.conversationId(), 0);
}

void TestChatService::attachmentsReachThePromptAndTheView()
{
    cairn::storage::AttachmentStore attachments(*m_db);
    cairn::storage::NewAttachment notes;
    notes.contentHash = std::string(64, 'a');
    notes.kind = cairn::storage::AttachmentKind::Document;
    notes.mime = "application/pdf";
    notes.sizeBytes = 2048;
    notes.originalPath = "/home/user/papers/notes.pdf";
    notes.extractedText = "The secret word is PAPAYA.";
    notes.metadataJson = R"({"contentKind":"document","pages":3})";
    auto added = attachments.addAttachment(notes);
    QVERIFY(added.ok());

    cairn::storage::NewAttachment song;
    song.contentHash = std::string(64, 'b');
    song.kind = cairn::storage::AttachmentKind::Audio;
    song.originalPath = "/music/song.mp3";
    song.metadataJson = R"({"contentKind":"audio","durationSeconds":42.2})";
    cairn::storage::NewAttachment photo;
    photo.contentHash = std::string(64, 'c');
    photo.kind = cairn::storage::AttachmentKind::Image;
    photo.originalPath = "/pictures/cat.png";
    photo.metadataJson = R"({"contentKind":"image","width":1024,"height":768})";
    cairn::storage::NewAttachment code;
    code.contentHash = std::string(64, 'd');
    code.originalPath = "/src/main.cpp";
    code.metadataJson = R"({"contentKind":"source","lines":120})";
    auto songId = attachments.addAttachment(song);
    auto photoId = attachments.addAttachment(photo);
    auto codeId = attachments.addAttachment(code);
    QVERIFY(songId.ok() && photoId.ok() && codeId.ok());

    ChatService service(*m_db, *m_engine);
    QVERIFY(sendAndWait(service, QStringLiteral("What is the secret word?"),
                        {added.value().id, songId.value().id, photoId.value().id, codeId.value().id})
                .id
            > 0);
    const QList<ChatMessageView> views = service.messages();
    QCOMPARE(views.first().attachments.size(), 4);
    const ChatAttachmentView attachment = views.first().attachments.first();
    QCOMPARE(attachment.id, added.value().id);
    QCOMPARE(attachment.name, QStringLiteral("notes.pdf"));
    QCOMPARE(attachment.kind, QStringLiteral("document"));
    QCOMPARE(attachment.summary, QStringLiteral("3 pages"));
    QCOMPARE(views.first().attachments.at(1).kind, QStringLiteral("audio"));
    QCOMPARE(views.first().attachments.at(1).summary, QStringLiteral("0:42"));
    QCOMPARE(views.first().attachments.at(2).kind, QStringLiteral("image"));
    QCOMPARE(views.first().attachments.at(2).summary, QStringLiteral("1024\u00d7768"));
    QCOMPARE(views.first().attachments.at(3).kind, QStringLiteral("text"));
    QCOMPARE(views.first().attachments.at(3).summary, QStringLiteral("120 lines"));

    PromptJob job;
    job.conversationId = service.conversationId();
    job.answeredMessageId = views.first().id;
    const PreparedPrompt prepared = preparePrompt(*m_db, job);
    QVERIFY2(prepared.problem.isEmpty(), qPrintable(prepared.problem));
    const QString prompt = QString::fromStdString(prepared.prompt);
    const qsizetype secret = prompt.indexOf(QLatin1String("The secret word is PAPAYA."));
    QVERIFY(secret > 0);
    QVERIFY(secret < prompt.indexOf(QLatin1String("What is the secret word?")));
    QVERIFY(prompt.contains(QLatin1String("<attachment name=\"notes.pdf\">")));
    QCOMPARE(prepared.sampling.maxTokens, 12); // the profile's defaults apply
}

void TestChatService::repositoryContextReachesThePrompt()
{
    const QString root = m_dir.filePath(QStringLiteral("repo-%1").arg(m_dbCount));
    QVERIFY(QDir().mkpath(root));
    QFile source(root + QStringLiteral("/fruit.py"));
    QVERIFY(source.open(QIODevice::WriteOnly));
    source.write("def papaya_ripeness(fruit):\n    return fruit.softness * 2\n");
    source.close();
    RepoIndexService indexer(*m_db);
    auto report = indexer.index(root, {});
    QVERIFY2(report.ok(), report.ok() ? "" : report.error().message().c_str());

    ChatService service(*m_db, *m_engine);
    service.addRepository(report.value().repository.id);
    QCOMPARE(service.repositories(), QList<std::int64_t>{report.value().repository.id});
    QVERIFY(sendAndWait(service, QStringLiteral("How is papaya ripeness computed?")).id > 0);
    // The repository moved from the new conversation's pending list into its settings.
    QCOMPARE(service.repositories(), QList<std::int64_t>{report.value().repository.id});
    cairn::storage::ConversationStore store(*m_db);
    auto conversation = store.conversation(service.conversationId());
    QVERIFY(conversation.ok());
    QCOMPARE(repositoriesFromSettingsJson(conversation.value().settingsJson),
             QList<std::int64_t>{report.value().repository.id});
    // Unknown keys do not disturb the generation settings.
    QVERIFY(generationSettingsFromJson(QByteArray::fromStdString(conversation.value().settingsJson)).has_value());

    PromptJob job;
    job.conversationId = service.conversationId();
    job.answeredMessageId = service.messages().first().id;
    const PreparedPrompt prepared = preparePrompt(m_dbPath.toStdString(), job);
    QVERIFY2(prepared.problem.isEmpty(), qPrintable(prepared.problem));
    const QString prompt = QString::fromStdString(prepared.prompt);
    const qsizetype code = prompt.indexOf(QLatin1String("return fruit.softness * 2"));
    QVERIFY2(code > 0, qPrintable(prompt));
    QVERIFY(prompt.indexOf(QLatin1String("<repository name=")) < code);
    QVERIFY(code < prompt.indexOf(QLatin1String("How is papaya ripeness computed?")));
    QVERIFY(prepared.repositoryTokens > 0);
}

void TestChatService::deleteRemovesTheBranchBelow()
{
    ChatService service(*m_db, *m_engine);
    QVERIFY(sendAndWait(service, QStringLiteral("One")).id > 0);
    QVERIFY(sendAndWait(service, QStringLiteral("Two")).id > 0);
    const QList<ChatMessageView> views = service.messages();
    QCOMPARE(views.size(), 4);
    QSignalSpy reset(&service, &ChatService::messagesReset);
    service.deleteMessage(views.at(2).id);
    QCOMPARE(reset.count(), 1);
    const QList<ChatMessageView> after = service.messages();
    QCOMPARE(after.size(), 2);
    QCOMPARE(after.last().id, views.at(1).id);
}

void TestChatService::failedReplyIsKeptIncomplete()
{
    EngineHost engine;
    QSignalSpy loaded(&engine, &EngineHost::modelLoaded);
    ModelLoadOptions load;
    load.path = m_dir.filePath(QStringLiteral("tiny.gguf"));
    load.contextLength = 256;
    engine.loadModel(load);
    QVERIFY(loaded.wait(kWaitMs));

    ChatService service(*m_db, engine);
    QSignalSpy failed(&service, &ChatService::replyFailed);
    QSignalSpy finished(&service, &ChatService::replyFinished);
    QSignalSpy started(&service, &ChatService::replyStarted);
    QString problem;
    QVERIFY2(service.send(QStringLiteral("Hello"), {}, &problem), qPrintable(problem));
    // The model goes away while the prompt is prepared: the reply cannot start.
    engine.unloadModel();
    QVERIFY(failed.wait(kWaitMs));
    QVERIFY(finished.isEmpty());
    QCOMPARE(failed.first().at(0).value<std::int64_t>(), started.first().at(0).value<std::int64_t>());
    QVERIFY2(failed.first().at(1).toString().contains(QLatin1String("No model")),
             qPrintable(failed.first().at(1).toString()));
    QVERIFY(!service.isGenerating());
    const QList<ChatMessageView> views = service.messages();
    QCOMPARE(views.size(), 2);
    QCOMPARE(views.first().content, QStringLiteral("Hello")); // the user's words are kept
    QVERIFY(!views.last().complete);
    QVERIFY(views.last().statsText.isEmpty());
}

QTEST_GUILESS_MAIN(TestChatService)
#include "tst_chat_service.moc"
