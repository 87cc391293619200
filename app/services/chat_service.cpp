// SPDX-License-Identifier: MIT
// ChatService: the open conversation's messages and the one reply in flight. A reply goes through
// three steps: its message is created (GUI thread, single rows), its prompt is gathered on the
// thread pool with a connection of its own, then EngineHost streams it while ReplyWriter commits
// the text every 2 s (a timer keeps that pace when tokens stall).

#include "app/services/chat_service.h"

#include "app/services/chat_prompt_source.h"
#include "storage/attachment_store.h"
#include "storage/conversation_store.h"
#include "storage/database.h"
#include "storage/reply_writer.h"

#include <QFileInfo>
#include <QFutureWatcher>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QTimer>
#include <QtConcurrent>

#include <map>
#include <optional>

namespace cairn::app {

namespace {

/// How often a stalled stream is checked for a commit that is due.
constexpr int kFlushCheckMs = 500;
/// Conversation titles take this many characters of the first message.
constexpr qsizetype kTitleLength = 60;

QString fromStd(const std::string& text)
{
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

ChatRole viewRole(storage::Role role)
{
    switch (role) {
    case storage::Role::User:
        return ChatRole::User;
    case storage::Role::Assistant:
        return ChatRole::Assistant;
    case storage::Role::System:
    case storage::Role::Tool:
        break;
    }
    return ChatRole::System;
}

QString titleFor(const QString& text)
{
    const QString simple = text.simplified();
    if (simple.size() <= kTitleLength)
        return simple;
    qsizetype cut = simple.lastIndexOf(QLatin1Char(' '), kTitleLength);
    if (cut < kTitleLength / 2)
        cut = kTitleLength;
    return simple.left(cut) + QChar(0x2026);
}

QByteArray statsJsonFor(const GenerationSummary& summary)
{
    const QJsonObject stats{{QStringLiteral("promptTokens"), static_cast<qint64>(summary.promptTokens)},
                            {QStringLiteral("reusedTokens"), static_cast<qint64>(summary.reusedTokens)},
                            {QStringLiteral("generatedTokens"), static_cast<qint64>(summary.generatedTokens)},
                            {QStringLiteral("prefillSeconds"), summary.prefillSeconds},
                            {QStringLiteral("decodeSeconds"), summary.decodeSeconds},
                            {QStringLiteral("stopReason"), summary.stopReason},
                            {QStringLiteral("seed"), QString::number(summary.seed)},
                            {QStringLiteral("contextUsed"), static_cast<qint64>(summary.contextUsed)},
                            {QStringLiteral("contextTotal"), static_cast<qint64>(summary.contextTotal)}};
    return QJsonDocument(stats).toJson(QJsonDocument::Compact);
}

/// A summary from statsJsonFor's JSON; nothing for a message without stats.
std::optional<GenerationSummary> summaryFromStatsJson(const std::string& json)
{
    const QJsonObject stats = QJsonDocument::fromJson(QByteArray::fromStdString(json)).object();
    if (!stats.contains(QLatin1String("generatedTokens")))
        return std::nullopt;
    GenerationSummary summary;
    summary.promptTokens = stats.value(QLatin1String("promptTokens")).toInteger();
    summary.reusedTokens = stats.value(QLatin1String("reusedTokens")).toInteger();
    summary.generatedTokens = stats.value(QLatin1String("generatedTokens")).toInteger();
    summary.prefillSeconds = stats.value(QLatin1String("prefillSeconds")).toDouble();
    summary.decodeSeconds = stats.value(QLatin1String("decodeSeconds")).toDouble();
    summary.stopReason = stats.value(QLatin1String("stopReason")).toString();
    return summary;
}

QString summaryFromMetadata(const storage::Attachment& attachment)
{
    const QJsonObject metadata = QJsonDocument::fromJson(QByteArray::fromStdString(attachment.metadataJson)).object();
    const QLocale locale;
    if (const int pages = metadata.value(QLatin1String("pages")).toInt(); pages > 0)
        return pages == 1 ? ChatService::tr("1 page") : ChatService::tr("%1 pages").arg(locale.toString(pages));
    if (const int slides = metadata.value(QLatin1String("slides")).toInt(); slides > 0)
        return slides == 1 ? ChatService::tr("1 slide") : ChatService::tr("%1 slides").arg(locale.toString(slides));
    if (const double seconds = metadata.value(QLatin1String("durationSeconds")).toDouble(); seconds > 0) {
        const auto total = static_cast<qint64>(seconds + 0.5);
        const qint64 hours = total / 3600;
        const QString minutesSeconds
            = QStringLiteral("%1:%2")
                  .arg(hours > 0 ? (total / 60) % 60 : total / 60, hours > 0 ? 2 : 1, 10, QLatin1Char('0'))
                  .arg(total % 60, 2, 10, QLatin1Char('0'));
        return hours > 0 ? QStringLiteral("%1:%2").arg(hours).arg(minutesSeconds) : minutesSeconds;
    }
    const int width = metadata.value(QLatin1String("width")).toInt();
    const int height = metadata.value(QLatin1String("height")).toInt();
    if (width > 0 && height > 0)
        return QStringLiteral("%1\u00d7%2").arg(width).arg(height);
    if (const int lines = metadata.value(QLatin1String("lines")).toInt(); lines > 0)
        return lines == 1 ? ChatService::tr("1 line") : ChatService::tr("%1 lines").arg(locale.toString(lines));
    return locale.formattedDataSize(attachment.sizeBytes);
}

QString kindFor(const storage::Attachment& attachment)
{
    const QString contentKind = QJsonDocument::fromJson(QByteArray::fromStdString(attachment.metadataJson))
                                    .object()
                                    .value(QLatin1String("contentKind"))
                                    .toString();
    if (contentKind == QLatin1String("text") || contentKind == QLatin1String("source"))
        return QStringLiteral("text");
    return QString::fromLatin1(storage::attachmentKindName(attachment.kind));
}

QString statsText(const GenerationSummary& summary)
{
    const QLocale locale;
    const double perSecond
        = summary.decodeSeconds > 0 ? static_cast<double>(summary.generatedTokens) / summary.decodeSeconds : 0.0;
    QString text = ChatService::tr("%1 tokens · %2 tok/s · %3 s to first token")
                       .arg(locale.toString(summary.generatedTokens))
                       .arg(locale.toString(perSecond, 'f', 1))
                       .arg(locale.toString(summary.prefillSeconds, 'f', 2));
    QString reason;
    if (summary.stopReason == QLatin1String("cancelled") || summary.stopReason == QLatin1String("stopped"))
        reason = ChatService::tr("stopped");
    else if (summary.stopReason == QLatin1String("token-limit"))
        reason = ChatService::tr("token limit reached");
    else if (summary.stopReason == QLatin1String("context-full"))
        reason = ChatService::tr("context full");
    else if (summary.stopReason == QLatin1String("stop-string"))
        reason = ChatService::tr("stop string");
    if (!reason.isEmpty())
        text += QStringLiteral(" · ") + reason;
    return text;
}

bool failed(QString* problem, const std::string& message)
{
    if (problem != nullptr)
        *problem = fromStd(message);
    return false;
}

} // namespace

struct ChatService::State {
    State(ChatService& service, storage::Database& database, EngineHost& host)
        : q(service), db(database), engine(host), conversations(database), attachments(database)
    {
    }

    /// The reply being prepared or streamed.
    struct Reply {
        std::int64_t messageId = 0;
        std::int64_t conversationId = 0;
        std::uint64_t requestId = 0;  ///< 0 while the prompt is prepared
        bool awaitingRefusal = false; ///< EngineHost::generate refused; its reason is on the way
        bool stopped = false;
        std::unique_ptr<storage::ReplyWriter> writer;
    };

    [[nodiscard]] ChatMessageView viewOf(const storage::Message& message,
                                         const std::vector<std::int64_t>& siblings) const;
    [[nodiscard]] bool canStartReply(QString* problem) const;
    /// Begins the reply to `answeredMessageId` and has its prompt prepared off the GUI thread.
    bool startReply(std::int64_t answeredMessageId, QString* problem);
    void promptPrepared(std::int64_t messageId, const PreparedPrompt& prepared);
    void finishReply(const GenerationSummary& summary);
    void failReply(const QString& problem);

    ChatService& q;
    storage::Database& db;
    EngineHost& engine;
    storage::ConversationStore conversations;
    storage::AttachmentStore attachments;
    std::int64_t conversationId = 0;
    QList<std::int64_t> pendingRepositories; ///< for the conversation the next send() creates
    std::optional<Reply> reply;
    QTimer flushTimer;
};

ChatService::ChatService(storage::Database& db, EngineHost& engine, QObject* parent)
    : QObject(parent), m_state(std::make_unique<State>(*this, db, engine))
{
    m_state->flushTimer.setInterval(kFlushCheckMs);
    connect(&m_state->flushTimer, &QTimer::timeout, this, [this] {
        if (m_state->reply)
            (void)m_state->reply->writer->flushIfDue(); // a failed commit is retried on the next tick
    });
    connect(&engine, &EngineHost::textGenerated, this, [this](std::uint64_t id, const QString& text) {
        State::Reply* reply = m_state->reply ? &*m_state->reply : nullptr;
        if (reply == nullptr || id != reply->requestId)
            return;
        (void)reply->writer->append(text.toStdString()); // a failed commit keeps the text and retries
        if (reply->conversationId == m_state->conversationId)
            emit replyText(reply->messageId, text);
    });
    connect(&engine, &EngineHost::generationFinished, this, [this](std::uint64_t id, const GenerationSummary& summary) {
        if (m_state->reply && id == m_state->reply->requestId)
            m_state->finishReply(summary);
    });
    connect(&engine, &EngineHost::generationFailed, this, [this](std::uint64_t id, const QString& message) {
        if (!m_state->reply)
            return;
        const State::Reply& reply = *m_state->reply;
        if ((id != 0 && id == reply.requestId) || (id == 0 && reply.awaitingRefusal))
            m_state->failReply(message);
    });
}

ChatService::~ChatService()
{
    if (m_state->reply) {
        m_state->engine.stop();
        // What streamed so far stays, marked incomplete.
        (void)m_state->conversations.updateReply(m_state->reply->messageId, m_state->reply->writer->text());
    }
}

std::int64_t ChatService::conversationId() const
{
    return m_state->conversationId;
}

void ChatService::openConversation(std::int64_t conversationId)
{
    if (m_state->reply)
        stop(); // it finishes in the background, into its own conversation
    m_state->conversationId = conversationId;
    m_state->pendingRepositories.clear();
    emit messagesReset();
}

void ChatService::startNewConversation()
{
    openConversation(0);
}

QList<ChatMessageView> ChatService::messages() const
{
    QList<ChatMessageView> views;
    if (m_state->conversationId == 0)
        return views;
    const storage::Result<std::vector<storage::Message>> all = m_state->conversations.messages(m_state->conversationId);
    const storage::Result<std::vector<storage::Message>> path
        = m_state->conversations.activePath(m_state->conversationId);
    if (!all || !path)
        return views;
    std::map<std::int64_t, std::vector<std::int64_t>> siblings; // parent (0: root) -> children in creation order
    for (const storage::Message& message : all.value())
        siblings[message.parentId.value_or(0)].push_back(message.id);
    for (const storage::Message& message : path.value())
        views.append(m_state->viewOf(message, siblings[message.parentId.value_or(0)]));
    return views;
}

ChatMessageView ChatService::State::viewOf(const storage::Message& message,
                                           const std::vector<std::int64_t>& siblings) const
{
    ChatMessageView view;
    view.id = message.id;
    view.parentId = message.parentId.value_or(0);
    view.role = viewRole(message.role);
    view.content = fromStd(message.content);
    view.complete = message.complete;
    if (reply && reply->messageId == message.id) {
        view.content = fromStd(reply->writer->text());
        view.complete = false;
    }
    const auto at = std::find(siblings.begin(), siblings.end(), message.id);
    view.branchIndex = at == siblings.end() ? 0 : static_cast<int>(at - siblings.begin());
    view.branchCount = std::max(1, static_cast<int>(siblings.size()));
    if (message.role == storage::Role::Assistant && message.complete) {
        if (const std::optional<GenerationSummary> summary = summaryFromStatsJson(message.statsJson))
            view.statsText = statsText(*summary);
    }
    if (auto files = attachments.messageAttachments(message.id)) {
        for (const storage::Attachment& file : files.value()) {
            ChatAttachmentView attachment;
            attachment.id = file.id;
            attachment.name = QFileInfo(fromStd(file.originalPath)).fileName();
            attachment.kind = kindFor(file);
            attachment.summary = summaryFromMetadata(file);
            view.attachments.append(attachment);
        }
    }
    return view;
}

bool ChatService::State::canStartReply(QString* problem) const
{
    QString why;
    if (reply)
        why = ChatService::tr("A reply is being generated: stop it first.");
    else if (engine.isLoading())
        why = ChatService::tr("A model is still loading.");
    else if (!engine.model())
        why = ChatService::tr("No model is loaded: load one on the Models page first.");
    if (!why.isEmpty() && problem != nullptr)
        *problem = why;
    return why.isEmpty();
}

bool ChatService::send(const QString& text, const QList<std::int64_t>& attachmentIds, QString* problem)
{
    if (text.trimmed().isEmpty()) {
        if (problem != nullptr)
            *problem = tr("The message is empty.");
        return false;
    }
    if (!m_state->canStartReply(problem))
        return false;
    State& s = *m_state;
    for (const std::int64_t attachmentId : attachmentIds) {
        if (storage::Result<storage::Attachment> found = s.attachments.attachment(attachmentId); !found)
            return failed(problem, found.error().message());
    }
    if (s.conversationId == 0) {
        storage::NewConversation conversation;
        conversation.title = titleFor(text).toStdString();
        conversation.model = QFileInfo(s.engine.model()->path).fileName().toStdString();
        conversation.settingsJson = settingsJsonWithRepositories("{}", s.pendingRepositories);
        storage::Result<storage::Conversation> created = s.conversations.createConversation(conversation);
        if (!created)
            return failed(problem, created.error().message());
        s.conversationId = created.value().id;
        s.pendingRepositories.clear();
        emit conversationsChanged();
    }
    std::optional<std::int64_t> parent;
    storage::Result<std::vector<storage::Message>> path = s.conversations.activePath(s.conversationId);
    if (!path)
        return failed(problem, path.error().message());
    if (!path.value().empty())
        parent = path.value().back().id;

    storage::NewMessage message;
    message.parentId = parent;
    message.role = storage::Role::User;
    message.content = text.toStdString();
    storage::Result<storage::Message> appended = s.conversations.appendMessage(s.conversationId, message);
    if (!appended)
        return failed(problem, appended.error().message());
    int position = 0;
    for (const std::int64_t attachmentId : attachmentIds) {
        if (storage::Status linked = s.attachments.attachToMessage(appended.value().id, attachmentId, position++);
            !linked) {
            emit messagesReset(); // the message is stored, without this attachment
            return failed(problem, linked.error().message());
        }
    }
    return m_state->startReply(appended.value().id, problem);
}

bool ChatService::regenerate(std::int64_t assistantMessageId, QString* problem)
{
    if (!m_state->canStartReply(problem))
        return false;
    storage::Result<storage::Message> message = m_state->conversations.message(assistantMessageId);
    if (!message)
        return failed(problem, message.error().message());
    if (message.value().role != storage::Role::Assistant || !message.value().parentId
        || message.value().conversationId != m_state->conversationId) {
        if (problem != nullptr)
            *problem = tr("Only a reply in the open conversation can be regenerated.");
        return false;
    }
    return m_state->startReply(*message.value().parentId, problem);
}

bool ChatService::editAndResend(std::int64_t messageId, const QString& text, QString* problem)
{
    if (text.trimmed().isEmpty()) {
        if (problem != nullptr)
            *problem = tr("The message is empty.");
        return false;
    }
    if (!m_state->canStartReply(problem))
        return false;
    State& s = *m_state;
    storage::Result<storage::Message> original = s.conversations.message(messageId);
    if (!original)
        return failed(problem, original.error().message());
    if (original.value().role != storage::Role::User || original.value().conversationId != s.conversationId) {
        if (problem != nullptr)
            *problem = tr("Only your own messages in the open conversation can be edited.");
        return false;
    }
    storage::NewMessage edited;
    edited.parentId = original.value().parentId;
    edited.role = storage::Role::User;
    edited.content = text.toStdString();
    storage::Result<storage::Message> appended = s.conversations.appendMessage(s.conversationId, edited);
    if (!appended)
        return failed(problem, appended.error().message());
    // The edit keeps the original's attachments.
    if (auto files = s.attachments.messageAttachments(messageId)) {
        int position = 0;
        for (const storage::Attachment& file : files.value())
            (void)s.attachments.attachToMessage(appended.value().id, file.id, position++);
    }
    return m_state->startReply(appended.value().id, problem);
}

void ChatService::switchBranch(std::int64_t messageId, int step)
{
    State& s = *m_state;
    if (s.reply || step == 0)
        return;
    storage::Result<storage::Message> message = s.conversations.message(messageId);
    storage::Result<std::vector<storage::Message>> all = s.conversations.messages(s.conversationId);
    if (!message || !all || message.value().conversationId != s.conversationId)
        return;
    std::vector<std::int64_t> siblings;
    for (const storage::Message& other : all.value()) {
        if (other.parentId == message.value().parentId)
            siblings.push_back(other.id);
    }
    const auto at = std::find(siblings.begin(), siblings.end(), messageId) - siblings.begin();
    const auto target = std::clamp<std::ptrdiff_t>(at + step, 0, static_cast<std::ptrdiff_t>(siblings.size()) - 1);
    if (target == at)
        return;
    if (s.conversations.setActiveMessage(s.conversationId, siblings[static_cast<std::size_t>(target)]))
        emit messagesReset();
}

void ChatService::deleteMessage(std::int64_t messageId)
{
    State& s = *m_state;
    storage::Result<storage::Message> message = s.conversations.message(messageId);
    if (!message || message.value().conversationId != s.conversationId)
        return;
    if (s.reply && s.reply->conversationId == s.conversationId) {
        // The reply may sit below the deleted message: stop it and forget it.
        s.engine.stop();
        s.reply.reset();
        s.flushTimer.stop();
    }
    if (!s.conversations.deleteMessage(messageId))
        return;
    (void)s.attachments.deleteUnlinked();
    emit messagesReset();
    emit conversationsChanged();
}

void ChatService::stop()
{
    if (!m_state->reply)
        return;
    m_state->reply->stopped = true;
    if (m_state->reply->requestId != 0)
        m_state->engine.stop();
}

bool ChatService::isGenerating() const
{
    return m_state->reply.has_value();
}

void ChatService::addRepository(std::int64_t repositoryId)
{
    State& s = *m_state;
    if (repositoryId <= 0)
        return;
    if (s.conversationId == 0) {
        if (!s.pendingRepositories.contains(repositoryId))
            s.pendingRepositories.append(repositoryId);
        return;
    }
    storage::Result<storage::Conversation> conversation = s.conversations.conversation(s.conversationId);
    if (!conversation)
        return;
    QList<std::int64_t> repositories = repositoriesFromSettingsJson(conversation.value().settingsJson);
    if (repositories.contains(repositoryId))
        return;
    repositories.append(repositoryId);
    if (s.conversations.setConversationSettings(
            s.conversationId, settingsJsonWithRepositories(conversation.value().settingsJson, repositories)))
        emit conversationsChanged();
}

QList<std::int64_t> ChatService::repositories() const
{
    if (m_state->conversationId == 0)
        return m_state->pendingRepositories;
    storage::Result<storage::Conversation> conversation = m_state->conversations.conversation(m_state->conversationId);
    return conversation ? repositoriesFromSettingsJson(conversation.value().settingsJson) : QList<std::int64_t>();
}

bool ChatService::State::startReply(std::int64_t answeredMessageId, QString* problem)
{
    storage::Result<std::int64_t> replyId = conversations.beginReply(conversationId, answeredMessageId);
    if (!replyId) {
        emit q.messagesReset(); // the user's message may be stored already
        return failed(problem, replyId.error().message());
    }
    State::Reply started;
    started.messageId = replyId.value();
    started.conversationId = conversationId;
    started.writer = std::make_unique<storage::ReplyWriter>(conversations, started.messageId);
    reply = std::move(started);
    flushTimer.start();
    emit q.messagesReset();
    emit q.replyStarted(reply->messageId);

    PromptJob job;
    job.conversationId = conversationId;
    job.answeredMessageId = answeredMessageId;
    job.contextLength = engine.model() ? engine.model()->contextLength : job.contextLength;
    const std::filesystem::path path = db.path();
    const std::int64_t messageId = reply->messageId;
    auto* watcher = new QFutureWatcher<PreparedPrompt>(&q);
    QObject::connect(watcher, &QFutureWatcher<PreparedPrompt>::finished, &q, [this, watcher, messageId] {
        watcher->deleteLater();
        promptPrepared(messageId, watcher->result());
    });
    watcher->setFuture(QtConcurrent::run([path, job] { return preparePrompt(path, job); }));
    return true;
}

void ChatService::State::promptPrepared(std::int64_t messageId, const PreparedPrompt& prepared)
{
    if (!reply || reply->messageId != messageId)
        return; // deleted meanwhile
    if (reply->stopped) {
        GenerationSummary summary;
        summary.stopReason = QStringLiteral("cancelled");
        finishReply(summary);
        return;
    }
    if (!prepared.problem.isEmpty()) {
        failReply(prepared.problem);
        return;
    }
    GenerationRequest request;
    request.prompt = prepared.prompt;
    request.sampling = prepared.sampling;
    reply->requestId = engine.generate(request);
    reply->awaitingRefusal = reply->requestId == 0;
}

void ChatService::State::finishReply(const GenerationSummary& summary)
{
    State::Reply ended = std::move(*reply);
    reply.reset();
    flushTimer.stop();
    storage::ReplyStats stats;
    stats.promptTokens = summary.promptTokens;
    stats.completionTokens = summary.generatedTokens;
    stats.statsJson = statsJsonFor(summary).toStdString();
    if (storage::Status finished = ended.writer->finish(stats); !finished) {
        (void)conversations.updateReply(ended.messageId, ended.writer->text());
        emit q.replyFailed(ended.messageId, fromStd(finished.error().message()));
        return;
    }
    if (summary.contextTotal > 0)
        emit q.contextUsage(summary.contextUsed, summary.contextTotal);
    emit q.conversationsChanged();
    if (ended.conversationId != conversationId)
        return;
    storage::Result<storage::Message> message = conversations.message(ended.messageId);
    storage::Result<std::vector<storage::Message>> all = conversations.messages(ended.conversationId);
    if (!message || !all)
        return;
    std::vector<std::int64_t> siblings;
    for (const storage::Message& other : all.value()) {
        if (other.parentId == message.value().parentId)
            siblings.push_back(other.id);
    }
    emit q.replyFinished(viewOf(message.value(), siblings));
}

void ChatService::State::failReply(const QString& problem)
{
    State::Reply ended = std::move(*reply);
    reply.reset();
    flushTimer.stop();
    // The partial text stays, marked incomplete.
    (void)conversations.updateReply(ended.messageId, ended.writer->text());
    emit q.replyFailed(ended.messageId, problem);
}

} // namespace cairn::app
