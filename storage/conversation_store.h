// SPDX-License-Identifier: MIT
// ConversationStore: conversations and their message trees as value types, over one Database.
// Owns every query on the conversations and messages tables; search lives in message_search.h.
#pragma once

#include "storage/attachment_store.h"
#include "storage/storage_result.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cairn::storage {

class Database;

enum class Role { System, User, Assistant, Tool };

/// The names the database and exported files use: "system", "user", "assistant", "tool".
const char* roleName(Role role);
/// The role named `name`, or empty for any other text.
std::optional<Role> roleFromName(std::string_view name);

struct Conversation {
    std::int64_t id = 0;
    std::string title;
    std::string model;
    std::string systemPrompt;
    std::string settingsJson = "{}"; ///< sampling and other per-conversation settings, as the app writes them
    std::int64_t createdMs = 0;      ///< Unix time in milliseconds
    std::int64_t updatedMs = 0;      ///< last change to the conversation or any of its messages
    bool pinned = false;
    bool archived = false;
    /// The message the user last wrote or chose; the active branch runs through it (see activePath).
    std::optional<std::int64_t> activeMessageId;
};

struct NewConversation {
    std::string title;
    std::string model;
    std::string systemPrompt;
    std::string settingsJson = "{}";
};

struct Message {
    std::int64_t id = 0;
    std::int64_t conversationId = 0;
    /// The turn this one follows; siblings (same parent) are edits or regenerations. Empty for a root.
    std::optional<std::int64_t> parentId;
    Role role = Role::User;
    std::string content;
    std::int64_t promptTokens = 0;
    std::int64_t completionTokens = 0;
    std::string statsJson = "{}"; ///< generation statistics (speed, sampler, stop reason) as the app writes them
    bool complete = true;         ///< false while streaming, and for a reply a crash interrupted
    std::int64_t createdMs = 0;
};

struct NewMessage {
    std::optional<std::int64_t> parentId;
    Role role = Role::User;
    std::string content;
    std::int64_t promptTokens = 0;
    std::int64_t completionTokens = 0;
    std::string statsJson = "{}";
};

struct ReplyStats {
    std::int64_t promptTokens = 0;
    std::int64_t completionTokens = 0;
    std::string statsJson = "{}";
};

/// One message of an ImportedConversation: a Message without ids, its parent named by position.
struct ImportedMessage {
    /// Index of the parent in ImportedConversation::messages; it must come before this message.
    /// Empty for a root.
    std::optional<std::size_t> parentIndex;
    Role role = Role::User;
    std::string content;
    std::int64_t promptTokens = 0;
    std::int64_t completionTokens = 0;
    std::string statsJson = "{}";
    bool complete = true;
    std::int64_t createdMs = 0;
    std::vector<NewAttachment> attachments; ///< in the order shown; stored once per content hash
};

/// A whole conversation tree to write at once (an import from a file), with its own times and flags.
struct ImportedConversation {
    std::string title;
    std::string model;
    std::string systemPrompt;
    std::string settingsJson = "{}";
    std::int64_t createdMs = 0;
    std::int64_t updatedMs = 0;
    bool pinned = false;
    bool archived = false;
    std::optional<std::size_t> activeIndex; ///< index into messages of the active one, if any
    std::vector<ImportedMessage> messages;  ///< parents before children (creation order keeps that)
};

enum class ConversationFilter { Unarchived, Archived, All };

class ConversationStore {
public:
    /// Milliseconds since the Unix epoch; tests pass a counter so that orders are deterministic.
    using WallClock = std::function<std::int64_t()>;

    /// The store uses `db` for its whole life; `now` stamps created/updated times (system clock if empty).
    explicit ConversationStore(Database& db, WallClock now = {});

    Result<Conversation> createConversation(const NewConversation& conversation);
    Result<Conversation> conversation(std::int64_t id) const;
    /// Pinned first, then the most recently updated.
    Result<std::vector<Conversation>> listConversations(ConversationFilter filter
                                                        = ConversationFilter::Unarchived) const;
    Status renameConversation(std::int64_t id, std::string_view title);
    Status setPinned(std::int64_t id, bool pinned);
    Status setArchived(std::int64_t id, bool archived);
    /// Replaces the conversation's settings JSON (stored as given; the app owns its format). The
    /// update time is left alone: a settings change is not activity in the conversation.
    Status setConversationSettings(std::int64_t id, std::string_view settingsJson);
    /// Writes `conversation` as a new conversation with new ids, in one transaction: every message,
    /// its attachments (deduplicated by hash as addAttachment does) and the active message. Times,
    /// flags and completeness are kept as given. InvalidInput, with nothing written, when a parent
    /// or the active index does not point at an earlier message or an attachment is malformed.
    Result<Conversation> importConversation(const ImportedConversation& conversation);
    /// Deletes the conversation with all its messages (and their search entries).
    Status deleteConversation(std::int64_t id);

    /// Adds a message under `message.parentId` (empty: a new root) and makes it the active one.
    /// A user message is committed with synchronous=FULL: it survives power loss, not only a crash.
    Result<Message> appendMessage(std::int64_t conversationId, const NewMessage& message);
    Result<Message> message(std::int64_t id) const;
    /// Every message of the conversation, all branches, in creation order.
    Result<std::vector<Message>> messages(std::int64_t conversationId) const;
    /// The branch shown to the user: root to the active message, then on through the newest child
    /// at each step to a leaf. Without an active message, the newest message is taken as active.
    Result<std::vector<Message>> activePath(std::int64_t conversationId) const;
    /// Makes `messageId` (a message of this conversation) the one the active branch runs through.
    Status setActiveMessage(std::int64_t conversationId, std::int64_t messageId);
    /// Deletes the message and every message below it; the parent becomes active if the active one went.
    Status deleteMessage(std::int64_t id);

    /// Starts a streamed assistant reply under `parentId`: an empty, incomplete message, made active.
    Result<std::int64_t> beginReply(std::int64_t conversationId, std::optional<std::int64_t> parentId);
    /// Replaces the reply's text with everything streamed so far and commits (ReplyWriter paces this).
    Status updateReply(std::int64_t messageId, std::string_view text);
    /// Stores the final text and statistics and marks the reply complete.
    Status finishReply(std::int64_t messageId, std::string_view text, const ReplyStats& stats);

private:
    Status setFlag(const char* sql, std::int64_t id, bool value);
    Result<Message> insertMessage(std::int64_t conversationId, const NewMessage& message, bool complete);
    Status touchConversation(std::int64_t conversationId, std::optional<std::int64_t> activeMessageId,
                             std::int64_t now);

    Database& m_db;
    WallClock m_now;
};

} // namespace cairn::storage
