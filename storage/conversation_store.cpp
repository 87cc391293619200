// SPDX-License-Identifier: MIT
// Conversations and message trees: every query on conversations/messages, bound by name.

#include "storage/conversation_store.h"

#include "storage/attachment_store.h"
#include "storage/database.h"
#include "storage/statement.h"
#include "storage/transaction.h"

#include <sqlite3.h>

#include <chrono>
#include <utility>

namespace cairn::storage {

namespace {

constexpr const char* kInsertConversation
    = "INSERT INTO conversations(title, model, system_prompt, settings_json, created_ms, updated_ms)"
      " VALUES (:title, :model, :system_prompt, :settings_json, :now, :now) RETURNING id";
constexpr const char* kInsertImportedConversation
    = "INSERT INTO conversations(title, model, system_prompt, settings_json, created_ms, updated_ms, pinned, archived)"
      " VALUES (:title, :model, :system_prompt, :settings_json, :created_ms, :updated_ms, :pinned, :archived)"
      " RETURNING id";
constexpr const char* kSelectConversation
    = "SELECT id, title, model, system_prompt, settings_json, created_ms, updated_ms, pinned, archived,"
      " active_message_id FROM conversations WHERE id = :id";
// :archived is 0 or 1 to filter, 2 for all
constexpr const char* kListConversations
    = "SELECT id, title, model, system_prompt, settings_json, created_ms, updated_ms, pinned, archived,"
      " active_message_id FROM conversations WHERE :archived = 2 OR archived = :archived"
      " ORDER BY pinned DESC, updated_ms DESC, id DESC";
constexpr const char* kRenameConversation = "UPDATE conversations SET title = :title, updated_ms = :now WHERE id = :id";
constexpr const char* kSetPinned = "UPDATE conversations SET pinned = :value WHERE id = :id";
constexpr const char* kSetArchived = "UPDATE conversations SET archived = :value WHERE id = :id";
constexpr const char* kSetSettings = "UPDATE conversations SET settings_json = :settings_json WHERE id = :id";
constexpr const char* kDeleteConversation = "DELETE FROM conversations WHERE id = :id";
constexpr const char* kConversationExists = "SELECT 1 FROM conversations WHERE id = :id";
constexpr const char* kTouchConversation
    = "UPDATE conversations SET updated_ms = :now, active_message_id = coalesce(:active, active_message_id)"
      " WHERE id = :id";

constexpr const char* kInsertMessage
    = "INSERT INTO messages(conversation_id, parent_id, role, content, prompt_tokens, completion_tokens,"
      " stats_json, complete, created_ms) VALUES (:conversation_id, :parent_id, :role, :content,"
      " :prompt_tokens, :completion_tokens, :stats_json, :complete, :now) RETURNING id";
constexpr const char* kSelectMessage
    = "SELECT id, conversation_id, parent_id, role, content, prompt_tokens, completion_tokens, stats_json,"
      " complete, created_ms FROM messages WHERE id = :id";
constexpr const char* kSelectMessages
    = "SELECT id, conversation_id, parent_id, role, content, prompt_tokens, completion_tokens, stats_json,"
      " complete, created_ms FROM messages WHERE conversation_id = :conversation_id ORDER BY id";
constexpr const char* kSelectActiveMessage
    = "SELECT coalesce(active_message_id, (SELECT max(id) FROM messages WHERE conversation_id = :id))"
      " FROM conversations WHERE id = :id";
// From :id up to its root, root first.
constexpr const char* kSelectAncestors
    = "WITH RECURSIVE up(id, depth) AS (SELECT :id, 0 UNION ALL"
      "   SELECT m.parent_id, up.depth + 1 FROM messages m JOIN up ON m.id = up.id WHERE m.parent_id IS NOT NULL)"
      " SELECT m.id, m.conversation_id, m.parent_id, m.role, m.content, m.prompt_tokens, m.completion_tokens,"
      " m.stats_json, m.complete, m.created_ms FROM up JOIN messages m ON m.id = up.id ORDER BY up.depth DESC";
constexpr const char* kSelectNewestChild
    = "SELECT id, conversation_id, parent_id, role, content, prompt_tokens, completion_tokens, stats_json,"
      " complete, created_ms FROM messages WHERE parent_id = :id ORDER BY id DESC LIMIT 1";
constexpr const char* kSetActiveMessage
    = "UPDATE conversations SET active_message_id = :message_id WHERE id = :id"
      " AND EXISTS (SELECT 1 FROM messages WHERE id = :message_id AND conversation_id = :id)";
constexpr const char* kDeleteMessage = "DELETE FROM messages WHERE id = :id";
constexpr const char* kActivateParentIfActiveDeleted
    = "UPDATE conversations SET active_message_id = :parent_id, updated_ms = :now"
      " WHERE id = :id AND active_message_id IS NULL";
constexpr const char* kUpdateReply = "UPDATE messages SET content = :content WHERE id = :id AND complete = 0";
constexpr const char* kFinishReply = "UPDATE messages SET content = :content, prompt_tokens = :prompt_tokens,"
                                     " completion_tokens = :completion_tokens, stats_json = :stats_json, complete = 1"
                                     " WHERE id = :id AND complete = 0";
constexpr const char* kSynchronousFull = "PRAGMA synchronous = FULL";
constexpr const char* kSynchronousNormal = "PRAGMA synchronous = NORMAL";

std::int64_t systemNowMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

Conversation readConversation(const Statement& row)
{
    Conversation conversation;
    conversation.id = row.columnInt(0);
    conversation.title = row.columnText(1);
    conversation.model = row.columnText(2);
    conversation.systemPrompt = row.columnText(3);
    conversation.settingsJson = row.columnText(4);
    conversation.createdMs = row.columnInt(5);
    conversation.updatedMs = row.columnInt(6);
    conversation.pinned = row.columnInt(7) != 0;
    conversation.archived = row.columnInt(8) != 0;
    conversation.activeMessageId = row.columnOptionalInt(9);
    return conversation;
}

Message readMessage(const Statement& row)
{
    Message message;
    message.id = row.columnInt(0);
    message.conversationId = row.columnInt(1);
    message.parentId = row.columnOptionalInt(2);
    message.role = roleFromName(row.columnText(3)).value_or(Role::User); // CHECK admits nothing else
    message.content = row.columnText(4);
    message.promptTokens = row.columnInt(5);
    message.completionTokens = row.columnInt(6);
    message.statsJson = row.columnText(7);
    message.complete = row.columnInt(8) != 0;
    message.createdMs = row.columnInt(9);
    return message;
}

} // namespace

const char* roleName(Role role)
{
    switch (role) {
    case Role::System:
        return "system";
    case Role::User:
        return "user";
    case Role::Assistant:
        return "assistant";
    case Role::Tool:
        return "tool";
    }
    return "user";
}

std::optional<Role> roleFromName(std::string_view name)
{
    for (const Role role : {Role::System, Role::User, Role::Assistant, Role::Tool})
        if (name == roleName(role))
            return role;
    return std::nullopt;
}

ConversationStore::ConversationStore(Database& db, WallClock now) : m_db(db), m_now(std::move(now))
{
    if (!m_now)
        m_now = systemNowMs;
}

Result<Conversation> ConversationStore::createConversation(const NewConversation& conversation)
{
    Result<Statement> insert = Statement::prepare(m_db.handle(), kInsertConversation);
    if (!insert)
        return insert.error();
    Statement& statement = insert.value();
    statement.bind(":title", std::string_view(conversation.title));
    statement.bind(":model", std::string_view(conversation.model));
    statement.bind(":system_prompt", std::string_view(conversation.systemPrompt));
    statement.bind(":settings_json", std::string_view(conversation.settingsJson));
    statement.bind(":now", m_now());
    Result<bool> row = statement.step();
    if (!row)
        return row.error();
    const std::int64_t id = statement.columnInt(0);
    statement.reset(); // finishes the INSERT ... RETURNING
    return this->conversation(id);
}

Result<Conversation> ConversationStore::conversation(std::int64_t id) const
{
    Result<Statement> select = Statement::prepare(m_db.handle(), kSelectConversation);
    if (!select)
        return select.error();
    select.value().bind(":id", id);
    Result<bool> row = select.value().step();
    if (!row)
        return row.error();
    if (!row.value())
        return Error{ErrorCode::NotFound, m_db.path().string(), "no conversation " + std::to_string(id)};
    return readConversation(select.value());
}

Result<std::vector<Conversation>> ConversationStore::listConversations(ConversationFilter filter) const
{
    Result<Statement> select = Statement::prepare(m_db.handle(), kListConversations);
    if (!select)
        return select.error();
    const std::int64_t archived = filter == ConversationFilter::Unarchived ? 0
        : filter == ConversationFilter::Archived                           ? 1
                                                                           : 2;
    select.value().bind(":archived", archived);
    return readAll<Conversation>(select.value(), readConversation);
}

Status ConversationStore::renameConversation(std::int64_t id, std::string_view title)
{
    Result<Statement> update = Statement::prepare(m_db.handle(), kRenameConversation);
    if (!update)
        return update.error();
    update.value().bind(":title", title);
    update.value().bind(":now", m_now());
    update.value().bind(":id", id);
    Status done = update.value().run();
    if (done && sqlite3_changes(m_db.handle()) == 0)
        return Error{ErrorCode::NotFound, m_db.path().string(), "no conversation " + std::to_string(id)};
    return done;
}

Status ConversationStore::setConversationSettings(std::int64_t id, std::string_view settingsJson)
{
    Result<Statement> update = Statement::prepare(m_db.handle(), kSetSettings);
    if (!update)
        return update.error();
    update.value().bind(":settings_json", settingsJson);
    update.value().bind(":id", id);
    Status done = update.value().run();
    if (done && sqlite3_changes(m_db.handle()) == 0)
        return Error{ErrorCode::NotFound, m_db.path().string(), "no conversation " + std::to_string(id)};
    return done;
}

Status ConversationStore::setFlag(const char* sql, std::int64_t id, bool value)
{
    Result<Statement> update = Statement::prepare(m_db.handle(), sql);
    if (!update)
        return update.error();
    update.value().bind(":value", std::int64_t{value ? 1 : 0});
    update.value().bind(":id", id);
    Status done = update.value().run();
    if (done && sqlite3_changes(m_db.handle()) == 0)
        return Error{ErrorCode::NotFound, m_db.path().string(), "no conversation " + std::to_string(id)};
    return done;
}

Status ConversationStore::setPinned(std::int64_t id, bool pinned)
{
    return setFlag(kSetPinned, id, pinned);
}

Status ConversationStore::setArchived(std::int64_t id, bool archived)
{
    return setFlag(kSetArchived, id, archived);
}

Result<Conversation> ConversationStore::importConversation(const ImportedConversation& conversation)
{
    const std::string subject = m_db.path().string();
    for (std::size_t i = 0; i < conversation.messages.size(); ++i) {
        const std::optional<std::size_t> parent = conversation.messages[i].parentIndex;
        if (parent && *parent >= i)
            return Error{ErrorCode::InvalidInput, subject,
                         "imported message " + std::to_string(i) + ": its parent " + std::to_string(*parent)
                             + " does not come before it"};
    }
    if (conversation.activeIndex && *conversation.activeIndex >= conversation.messages.size())
        return Error{ErrorCode::InvalidInput, subject,
                     "imported conversation: active message " + std::to_string(*conversation.activeIndex)
                         + " is not one of its " + std::to_string(conversation.messages.size()) + " messages"};

    Result<Transaction> transaction = Transaction::begin(m_db.handle());
    if (!transaction)
        return transaction.error();
    Result<Statement> insertConversation = Statement::prepare(m_db.handle(), kInsertImportedConversation);
    if (!insertConversation)
        return insertConversation.error();
    Statement& header = insertConversation.value();
    header.bind(":title", std::string_view(conversation.title));
    header.bind(":model", std::string_view(conversation.model));
    header.bind(":system_prompt", std::string_view(conversation.systemPrompt));
    header.bind(":settings_json", std::string_view(conversation.settingsJson));
    header.bind(":created_ms", conversation.createdMs);
    header.bind(":updated_ms", conversation.updatedMs);
    header.bind(":pinned", std::int64_t{conversation.pinned ? 1 : 0});
    header.bind(":archived", std::int64_t{conversation.archived ? 1 : 0});
    Result<bool> headerRow = header.step();
    if (!headerRow)
        return headerRow.error();
    const std::int64_t conversationId = header.columnInt(0);
    header.reset();

    Result<Statement> insertMessage = Statement::prepare(m_db.handle(), kInsertMessage);
    if (!insertMessage)
        return insertMessage.error();
    AttachmentStore attachments(m_db, m_now);
    std::vector<std::int64_t> newIds;
    newIds.reserve(conversation.messages.size());
    for (const ImportedMessage& message : conversation.messages) {
        Statement& statement = insertMessage.value();
        statement.reset();
        statement.bind(":conversation_id", conversationId);
        statement.bind(":parent_id",
                       message.parentIndex ? std::optional<std::int64_t>(newIds[*message.parentIndex]) : std::nullopt);
        statement.bind(":role", std::string_view(roleName(message.role)));
        statement.bind(":content", std::string_view(message.content));
        statement.bind(":prompt_tokens", message.promptTokens);
        statement.bind(":completion_tokens", message.completionTokens);
        statement.bind(":stats_json", std::string_view(message.statsJson));
        statement.bind(":complete", std::int64_t{message.complete ? 1 : 0});
        statement.bind(":now", message.createdMs);
        Result<bool> row = statement.step();
        if (!row)
            return row.error();
        newIds.push_back(statement.columnInt(0));
        statement.reset();

        int position = 0;
        for (const NewAttachment& attachment : message.attachments) {
            Result<AddedAttachment> added = attachments.addAttachment(attachment);
            if (!added)
                return added.error();
            Status linked = attachments.attachToMessage(newIds.back(), added.value().id, position++);
            if (!linked)
                return linked.error();
        }
    }
    if (conversation.activeIndex) {
        Status activated = setActiveMessage(conversationId, newIds[*conversation.activeIndex]);
        if (!activated)
            return activated.error();
    }
    Status committed = transaction.value().commit();
    if (!committed)
        return committed.error();
    return this->conversation(conversationId);
}

Status ConversationStore::deleteConversation(std::int64_t id)
{
    Result<Statement> remove = Statement::prepare(m_db.handle(), kDeleteConversation);
    if (!remove)
        return remove.error();
    remove.value().bind(":id", id);
    Status done = remove.value().run();
    if (done && sqlite3_changes(m_db.handle()) == 0)
        return Error{ErrorCode::NotFound, m_db.path().string(), "no conversation " + std::to_string(id)};
    return done;
}

Status ConversationStore::touchConversation(std::int64_t conversationId, std::optional<std::int64_t> activeMessageId,
                                            std::int64_t now)
{
    Result<Statement> update = Statement::prepare(m_db.handle(), kTouchConversation);
    if (!update)
        return update.error();
    update.value().bind(":now", now);
    update.value().bind(":active", activeMessageId);
    update.value().bind(":id", conversationId);
    return update.value().run();
}

Result<Message> ConversationStore::insertMessage(std::int64_t conversationId, const NewMessage& message, bool complete)
{
    Result<Transaction> transaction = Transaction::begin(m_db.handle());
    if (!transaction)
        return transaction.error();

    Result<Statement> exists = Statement::prepare(m_db.handle(), kConversationExists);
    if (!exists)
        return exists.error();
    exists.value().bind(":id", conversationId);
    Result<bool> found = exists.value().step();
    if (!found)
        return found.error();
    if (!found.value())
        return Error{ErrorCode::NotFound, m_db.path().string(), "no conversation " + std::to_string(conversationId)};
    if (message.parentId) {
        Result<Message> parent = this->message(*message.parentId);
        if (!parent)
            return parent.error();
        if (parent.value().conversationId != conversationId)
            return Error{ErrorCode::InvalidInput, m_db.path().string(),
                         "message " + std::to_string(*message.parentId) + " belongs to conversation "
                             + std::to_string(parent.value().conversationId) + ", not "
                             + std::to_string(conversationId)};
    }

    Result<Statement> insert = Statement::prepare(m_db.handle(), kInsertMessage);
    if (!insert)
        return insert.error();
    Statement& statement = insert.value();
    const std::int64_t now = m_now();
    statement.bind(":conversation_id", conversationId);
    statement.bind(":parent_id", message.parentId);
    statement.bind(":role", std::string_view(roleName(message.role)));
    statement.bind(":content", std::string_view(message.content));
    statement.bind(":prompt_tokens", message.promptTokens);
    statement.bind(":completion_tokens", message.completionTokens);
    statement.bind(":stats_json", std::string_view(message.statsJson));
    statement.bind(":complete", std::int64_t{complete ? 1 : 0});
    statement.bind(":now", now);
    Result<bool> row = statement.step();
    if (!row)
        return row.error();
    Message stored;
    stored.id = statement.columnInt(0);
    statement.reset();
    stored.conversationId = conversationId;
    stored.parentId = message.parentId;
    stored.role = message.role;
    stored.content = message.content;
    stored.promptTokens = message.promptTokens;
    stored.completionTokens = message.completionTokens;
    stored.statsJson = message.statsJson;
    stored.complete = complete;
    stored.createdMs = now;

    Status touched = touchConversation(conversationId, stored.id, now);
    if (!touched)
        return touched.error();
    Status committed = transaction.value().commit();
    if (!committed)
        return committed.error();
    return stored;
}

Result<Message> ConversationStore::appendMessage(std::int64_t conversationId, const NewMessage& message)
{
    const bool durable = message.role == Role::User;
    if (durable) {
        Status full = execute(m_db.handle(), kSynchronousFull);
        if (!full)
            return full.error();
    }
    Result<Message> stored = insertMessage(conversationId, message, true);
    if (durable) {
        Status normal = execute(m_db.handle(), kSynchronousNormal);
        if (!normal && stored)
            return normal.error();
    }
    return stored;
}

Result<Message> ConversationStore::message(std::int64_t id) const
{
    Result<Statement> select = Statement::prepare(m_db.handle(), kSelectMessage);
    if (!select)
        return select.error();
    select.value().bind(":id", id);
    Result<bool> row = select.value().step();
    if (!row)
        return row.error();
    if (!row.value())
        return Error{ErrorCode::NotFound, m_db.path().string(), "no message " + std::to_string(id)};
    return readMessage(select.value());
}

Result<std::vector<Message>> ConversationStore::messages(std::int64_t conversationId) const
{
    Result<Statement> select = Statement::prepare(m_db.handle(), kSelectMessages);
    if (!select)
        return select.error();
    select.value().bind(":conversation_id", conversationId);
    return readAll<Message>(select.value(), readMessage);
}

Result<std::vector<Message>> ConversationStore::activePath(std::int64_t conversationId) const
{
    Result<Statement> active = Statement::prepare(m_db.handle(), kSelectActiveMessage);
    if (!active)
        return active.error();
    active.value().bind(":id", conversationId);
    Result<bool> found = active.value().step();
    if (!found)
        return found.error();
    if (!found.value())
        return Error{ErrorCode::NotFound, m_db.path().string(), "no conversation " + std::to_string(conversationId)};
    if (active.value().columnIsNull(0))
        return std::vector<Message>{}; // no messages yet
    const std::int64_t activeId = active.value().columnInt(0);

    Result<Statement> ancestors = Statement::prepare(m_db.handle(), kSelectAncestors);
    if (!ancestors)
        return ancestors.error();
    ancestors.value().bind(":id", activeId);
    Result<std::vector<Message>> path = readAll<Message>(ancestors.value(), readMessage);
    if (!path)
        return path;

    Result<Statement> newestChild = Statement::prepare(m_db.handle(), kSelectNewestChild);
    if (!newestChild)
        return newestChild.error();
    for (std::int64_t current = activeId;;) {
        newestChild.value().reset();
        newestChild.value().bind(":id", current);
        Result<bool> row = newestChild.value().step();
        if (!row)
            return row.error();
        if (!row.value())
            return path;
        path.value().push_back(readMessage(newestChild.value()));
        current = path.value().back().id;
    }
}

Status ConversationStore::setActiveMessage(std::int64_t conversationId, std::int64_t messageId)
{
    Result<Statement> update = Statement::prepare(m_db.handle(), kSetActiveMessage);
    if (!update)
        return update.error();
    update.value().bind(":message_id", messageId);
    update.value().bind(":id", conversationId);
    Status done = update.value().run();
    if (done && sqlite3_changes(m_db.handle()) == 0)
        return Error{ErrorCode::NotFound, m_db.path().string(),
                     "no message " + std::to_string(messageId) + " in conversation " + std::to_string(conversationId)};
    return done;
}

Status ConversationStore::deleteMessage(std::int64_t id)
{
    Result<Transaction> transaction = Transaction::begin(m_db.handle());
    if (!transaction)
        return transaction.error();
    Result<Message> doomed = message(id);
    if (!doomed)
        return doomed.error();

    Result<Statement> remove = Statement::prepare(m_db.handle(), kDeleteMessage);
    if (!remove)
        return remove.error();
    remove.value().bind(":id", id);
    Status removed = remove.value().run(); // replies below go by ON DELETE CASCADE
    if (!removed)
        return removed;

    Result<Statement> activate = Statement::prepare(m_db.handle(), kActivateParentIfActiveDeleted);
    if (!activate)
        return activate.error();
    activate.value().bind(":parent_id", doomed.value().parentId);
    activate.value().bind(":now", m_now());
    activate.value().bind(":id", doomed.value().conversationId);
    Status activated = activate.value().run();
    if (!activated)
        return activated;
    return transaction.value().commit();
}

Result<std::int64_t> ConversationStore::beginReply(std::int64_t conversationId, std::optional<std::int64_t> parentId)
{
    NewMessage reply;
    reply.parentId = parentId;
    reply.role = Role::Assistant;
    Result<Message> stored = insertMessage(conversationId, reply, false);
    if (!stored)
        return stored.error();
    return stored.value().id;
}

Status ConversationStore::updateReply(std::int64_t messageId, std::string_view text)
{
    Result<Statement> update = Statement::prepare(m_db.handle(), kUpdateReply);
    if (!update)
        return update.error();
    update.value().bind(":content", text);
    update.value().bind(":id", messageId);
    Status done = update.value().run();
    if (done && sqlite3_changes(m_db.handle()) == 0)
        return Error{ErrorCode::NotFound, m_db.path().string(),
                     "no reply " + std::to_string(messageId) + " being streamed"};
    return done;
}

Status ConversationStore::finishReply(std::int64_t messageId, std::string_view text, const ReplyStats& stats)
{
    Result<Transaction> transaction = Transaction::begin(m_db.handle());
    if (!transaction)
        return transaction.error();
    Result<Statement> update = Statement::prepare(m_db.handle(), kFinishReply);
    if (!update)
        return update.error();
    update.value().bind(":content", text);
    update.value().bind(":prompt_tokens", stats.promptTokens);
    update.value().bind(":completion_tokens", stats.completionTokens);
    update.value().bind(":stats_json", std::string_view(stats.statsJson));
    update.value().bind(":id", messageId);
    Status done = update.value().run();
    if (!done)
        return done;
    if (sqlite3_changes(m_db.handle()) == 0)
        return Error{ErrorCode::NotFound, m_db.path().string(),
                     "no reply " + std::to_string(messageId) + " being streamed"};
    Result<Message> finished = message(messageId);
    if (!finished)
        return finished.error();
    Status touched = touchConversation(finished.value().conversationId, std::nullopt, m_now());
    if (!touched)
        return touched;
    return transaction.value().commit();
}

} // namespace cairn::storage
