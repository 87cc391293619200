// SPDX-License-Identifier: MIT
// Attachments deduplicated by content hash, their links to messages, and unlinked clean-up.

#include "storage/attachment_store.h"

#include "storage/database.h"
#include "storage/statement.h"
#include "storage/transaction.h"

#include <sqlite3.h>

#include <chrono>
#include <utility>

namespace cairn::storage {

namespace {

constexpr const char* kInsertAttachment
    = "INSERT INTO attachments(content_hash, kind, mime, size_bytes, original_path, extracted_text, metadata_json,"
      " created_ms) VALUES (:content_hash, :kind, :mime, :size_bytes, :original_path, :extracted_text,"
      " :metadata_json, :now) ON CONFLICT(content_hash) DO NOTHING RETURNING id";
constexpr const char* kSelectIdByHash = "SELECT id FROM attachments WHERE content_hash = :content_hash";
constexpr const char* kSelectAttachment
    = "SELECT id, content_hash, kind, mime, size_bytes, original_path, extracted_text, metadata_json, created_ms"
      " FROM attachments WHERE id = :id";
constexpr const char* kLinkAttachment = "INSERT INTO message_attachments(message_id, attachment_id, position)"
                                        " VALUES (:message_id, :attachment_id, :position)";
constexpr const char* kSelectMessageAttachments
    = "SELECT a.id, a.content_hash, a.kind, a.mime, a.size_bytes, a.original_path, a.extracted_text,"
      " a.metadata_json, a.created_ms FROM message_attachments l JOIN attachments a ON a.id = l.attachment_id"
      " WHERE l.message_id = :message_id ORDER BY l.position, a.id";
constexpr const char* kDeleteUnlinked = "DELETE FROM attachments WHERE NOT EXISTS"
                                        " (SELECT 1 FROM message_attachments l WHERE l.attachment_id = attachments.id)";

bool isSha256Hex(std::string_view hash)
{
    if (hash.size() != 64)
        return false;
    for (const char c : hash)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    return true;
}

Attachment readAttachment(const Statement& row)
{
    Attachment attachment;
    attachment.id = row.columnInt(0);
    attachment.contentHash = row.columnText(1);
    attachment.kind
        = attachmentKindFromName(row.columnText(2)).value_or(AttachmentKind::Document); // CHECK admits nothing else
    attachment.mime = row.columnText(3);
    attachment.sizeBytes = row.columnInt(4);
    attachment.originalPath = row.columnText(5);
    attachment.extractedText = row.columnText(6);
    attachment.metadataJson = row.columnText(7);
    attachment.createdMs = row.columnInt(8);
    return attachment;
}

std::int64_t systemNowMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

} // namespace

const char* attachmentKindName(AttachmentKind kind)
{
    switch (kind) {
    case AttachmentKind::Image:
        return "image";
    case AttachmentKind::Audio:
        return "audio";
    case AttachmentKind::Video:
        return "video";
    case AttachmentKind::Document:
        return "document";
    case AttachmentKind::Repository:
        return "repository";
    }
    return "document";
}

std::optional<AttachmentKind> attachmentKindFromName(std::string_view name)
{
    for (const AttachmentKind kind : {AttachmentKind::Image, AttachmentKind::Audio, AttachmentKind::Video,
                                      AttachmentKind::Document, AttachmentKind::Repository})
        if (name == attachmentKindName(kind))
            return kind;
    return std::nullopt;
}

AttachmentStore::AttachmentStore(Database& db, WallClock now) : m_db(db), m_now(std::move(now))
{
    if (!m_now)
        m_now = systemNowMs;
}

Result<AddedAttachment> AttachmentStore::addAttachment(const NewAttachment& attachment)
{
    if (!isSha256Hex(attachment.contentHash))
        return Error{ErrorCode::InvalidInput, m_db.path().string(),
                     "attachment hash '" + attachment.contentHash + "' is not 64 lower-case hex digits (SHA-256)"};
    Result<Transaction> transaction = Transaction::begin(m_db.handle());
    if (!transaction)
        return transaction.error();
    Result<Statement> insert = Statement::prepare(m_db.handle(), kInsertAttachment);
    if (!insert)
        return insert.error();
    Statement& statement = insert.value();
    statement.bind(":content_hash", std::string_view(attachment.contentHash));
    statement.bind(":kind", std::string_view(attachmentKindName(attachment.kind)));
    statement.bind(":mime", std::string_view(attachment.mime));
    statement.bind(":size_bytes", attachment.sizeBytes);
    statement.bind(":original_path", std::string_view(attachment.originalPath));
    statement.bind(":extracted_text", std::string_view(attachment.extractedText));
    statement.bind(":metadata_json", std::string_view(attachment.metadataJson));
    statement.bind(":now", m_now());
    Result<bool> inserted = statement.step();
    if (!inserted)
        return inserted.error();
    AddedAttachment added;
    if (inserted.value()) {
        added.id = statement.columnInt(0);
        added.created = true;
        statement.reset();
    } else {
        Result<Statement> select = Statement::prepare(m_db.handle(), kSelectIdByHash);
        if (!select)
            return select.error();
        select.value().bind(":content_hash", std::string_view(attachment.contentHash));
        Result<bool> found = select.value().step();
        if (!found)
            return found.error();
        added.id = select.value().columnInt(0); // the conflict proves the row exists
    }
    Status committed = transaction.value().commit();
    if (!committed)
        return committed.error();
    return added;
}

Result<Attachment> AttachmentStore::attachment(std::int64_t id) const
{
    Result<Statement> select = Statement::prepare(m_db.handle(), kSelectAttachment);
    if (!select)
        return select.error();
    select.value().bind(":id", id);
    Result<bool> row = select.value().step();
    if (!row)
        return row.error();
    if (!row.value())
        return Error{ErrorCode::NotFound, m_db.path().string(), "no attachment " + std::to_string(id)};
    return readAttachment(select.value());
}

Status AttachmentStore::attachToMessage(std::int64_t messageId, std::int64_t attachmentId, int position)
{
    Result<Statement> insert = Statement::prepare(m_db.handle(), kLinkAttachment);
    if (!insert)
        return insert.error();
    insert.value().bind(":message_id", messageId);
    insert.value().bind(":attachment_id", attachmentId);
    insert.value().bind(":position", std::int64_t{position});
    Status linked = insert.value().run();
    if (!linked && sqlite3_extended_errcode(m_db.handle()) == SQLITE_CONSTRAINT_FOREIGNKEY)
        return Error{ErrorCode::NotFound, m_db.path().string(),
                     "no message " + std::to_string(messageId) + " or no attachment " + std::to_string(attachmentId)};
    if (!linked && sqlite3_extended_errcode(m_db.handle()) == SQLITE_CONSTRAINT_PRIMARYKEY)
        return Error{ErrorCode::InvalidInput, m_db.path().string(),
                     "attachment " + std::to_string(attachmentId) + " is linked to message " + std::to_string(messageId)
                         + " already"};
    return linked;
}

Result<std::vector<Attachment>> AttachmentStore::messageAttachments(std::int64_t messageId) const
{
    Result<Statement> select = Statement::prepare(m_db.handle(), kSelectMessageAttachments);
    if (!select)
        return select.error();
    select.value().bind(":message_id", messageId);
    std::vector<Attachment> attachments;
    for (;;) {
        Result<bool> row = select.value().step();
        if (!row)
            return row.error();
        if (!row.value())
            return attachments;
        attachments.push_back(readAttachment(select.value()));
    }
}

Result<std::int64_t> AttachmentStore::deleteUnlinked()
{
    Result<Statement> remove = Statement::prepare(m_db.handle(), kDeleteUnlinked);
    if (!remove)
        return remove.error();
    Status removed = remove.value().run();
    if (!removed)
        return removed.error();
    return static_cast<std::int64_t>(sqlite3_changes64(m_db.handle()));
}

} // namespace cairn::storage
