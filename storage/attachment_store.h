// SPDX-License-Identifier: MIT
// AttachmentStore: files attached to messages, stored once per content hash however often they are
// attached, with the text ingest extracted from them. Owns the queries on attachments tables.
#pragma once

#include "storage/storage_result.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cairn::storage {

class Database;

enum class AttachmentKind { Image, Audio, Video, Document, Repository };

/// The names the database and exported files use: "image", "audio", "video", "document", "repository".
const char* attachmentKindName(AttachmentKind kind);
/// The kind named `name`, or empty for any other text.
std::optional<AttachmentKind> attachmentKindFromName(std::string_view name);

struct NewAttachment {
    std::string contentHash; ///< SHA-256 of the file's bytes, 64 lower-case hex digits
    AttachmentKind kind = AttachmentKind::Document;
    std::string mime;
    std::int64_t sizeBytes = 0;
    std::string originalPath;
    std::string extractedText; ///< text, transcript or OCR output
    std::string metadataJson = "{}";
};

struct Attachment {
    std::int64_t id = 0;
    std::string contentHash;
    AttachmentKind kind = AttachmentKind::Document;
    std::string mime;
    std::int64_t sizeBytes = 0;
    std::string originalPath;
    std::string extractedText;
    std::string metadataJson = "{}";
    std::int64_t createdMs = 0;
};

struct AddedAttachment {
    std::int64_t id = 0;
    bool created = false; ///< false: the same content was stored already, and that row is returned
};

class AttachmentStore {
public:
    using WallClock = std::function<std::int64_t()>; ///< Unix milliseconds, system clock if empty

    explicit AttachmentStore(Database& db, WallClock now = {});

    /// Stores the attachment unless one with the same content hash exists; either way returns its id.
    /// The first stored row wins: a later duplicate's path and text are not merged in.
    Result<AddedAttachment> addAttachment(const NewAttachment& attachment);
    Result<Attachment> attachment(std::int64_t id) const;
    /// Links an attachment to a message at `position` (the order shown); linking twice is an error.
    Status attachToMessage(std::int64_t messageId, std::int64_t attachmentId, int position);
    /// The message's attachments in position order.
    Result<std::vector<Attachment>> messageAttachments(std::int64_t messageId) const;
    /// Deletes attachments no message links to any more (after messages were deleted); how many.
    Result<std::int64_t> deleteUnlinked();

private:
    Database& m_db;
    WallClock m_now;
};

} // namespace cairn::storage
