// SPDX-License-Identifier: MIT
// ChatService: the open conversation as the chat window shows it. Sends a message (with its
// attachments and the conversation's repositories as context), streams the reply from EngineHost
// into the view and, paced by storage's ReplyWriter, into the database; regenerates, edits into a
// new branch, switches branches, deletes. Lives on the GUI thread; its database writes are single
// rows (the reply every 2 s), the engine work is on EngineHost's thread.
#pragma once

#include "app/services/engine_host.h"

#include <QList>
#include <QObject>
#include <QString>

#include <cstdint>
#include <memory>

namespace cairn::storage {
class Database;
}

namespace cairn::app {

enum class ChatRole { System, User, Assistant };

struct ChatAttachmentView {
    std::int64_t id = 0;
    QString name;    ///< file or folder name
    QString kind;    ///< "image", "audio", "video", "document", "text", "repository"
    QString summary; ///< "3 pages", "0:42", "1024x768", "1,204 files"
};

struct ChatMessageView {
    std::int64_t id = 0;
    std::int64_t parentId = 0; ///< 0 for a root
    ChatRole role = ChatRole::User;
    QString content;      ///< as generated: may hold <think>...</think>
    bool complete = true; ///< false while streaming or when a crash cut the reply
    int branchIndex = 0;  ///< position among the messages with the same parent (creation order)
    int branchCount = 1;
    /// "128 tokens · 23.4 tok/s · 0.41 s to first token · stopped" for assistant replies; empty otherwise.
    QString statsText;
    QList<ChatAttachmentView> attachments;
};

class ChatService : public QObject {
    Q_OBJECT
public:
    ChatService(storage::Database& db, EngineHost& engine, QObject* parent = nullptr);
    ~ChatService() override;

    /// The conversation shown; 0 for a new one that is created by the first send().
    [[nodiscard]] std::int64_t conversationId() const;
    void openConversation(std::int64_t conversationId);
    void startNewConversation();
    /// The active branch from the root, with branch positions and attachments.
    [[nodiscard]] QList<ChatMessageView> messages() const;

    /// Appends the user's message (with attachments from AttachmentStore ids) and starts the reply.
    /// False with `problem` set when no model is loaded, a reply is running or the text is empty.
    bool send(const QString& text, const QList<std::int64_t>& attachmentIds, QString* problem = nullptr);
    /// A new reply to the same user message, as a sibling of `assistantMessageId`.
    bool regenerate(std::int64_t assistantMessageId, QString* problem = nullptr);
    /// A sibling of user message `messageId` with `text` (a new branch), then its reply.
    bool editAndResend(std::int64_t messageId, const QString& text, QString* problem = nullptr);
    /// Shows the previous (-1) or next (+1) sibling of `messageId` and its newest descendants.
    void switchBranch(std::int64_t messageId, int step);
    /// Deletes the message and everything below it.
    void deleteMessage(std::int64_t messageId);
    void stop();
    [[nodiscard]] bool isGenerating() const;

    /// Repositories (by storage id) given to the conversation as context: their map and the code
    /// most relevant to each question go before the prompt.
    void addRepository(std::int64_t repositoryId);
    [[nodiscard]] QList<std::int64_t> repositories() const;

signals:
    /// The whole list changed (conversation opened, branch switched, message sent or deleted).
    void messagesReset();
    /// A reply began streaming into a new (or regenerated) assistant message.
    void replyStarted(std::int64_t messageId);
    void replyText(std::int64_t messageId, const QString& appended);
    /// The reply is final; `message` carries the final text and stats.
    void replyFinished(const cairn::app::ChatMessageView& message);
    void replyFailed(std::int64_t messageId, const QString& problem);
    /// A conversation was created, retitled or updated (the sidebar refreshes).
    void conversationsChanged();
    /// Tokens in the KV cache and its size, after every reply.
    void contextUsage(std::int64_t used, std::int64_t total);

private:
    struct State;
    std::unique_ptr<State> m_state;
};

} // namespace cairn::app
