// SPDX-License-Identifier: MIT
// ConversationDocument: one conversation with its whole message tree as exported to or imported
// from a file, keyed by the ids the file uses. Loads from storage and turns into a storage import;
// the file formats themselves live in conversation_json.h and conversation_markdown.h.
#pragma once

#include "storage/attachment_store.h"
#include "storage/conversation_store.h"
#include "storage/storage_result.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cairn::storage {
class Database;
}

namespace cairn::app {

struct DocumentMessage {
    std::int64_t id = 0;                  ///< as the source numbered it; unique within the document
    std::optional<std::int64_t> parentId; ///< the id of another message of the document; empty for a root
    storage::Role role = storage::Role::User;
    std::string content;
    std::int64_t promptTokens = 0;
    std::int64_t completionTokens = 0;
    std::string statsJson = "{}";
    bool complete = true;
    std::int64_t createdMs = 0;
    std::vector<storage::NewAttachment> attachments; ///< in the order shown
};

struct ConversationDocument {
    std::string title;
    std::string model;
    std::string systemPrompt;
    std::string settingsJson = "{}";
    std::int64_t createdMs = 0;
    std::int64_t updatedMs = 0;
    bool pinned = false;
    bool archived = false;
    std::optional<std::int64_t> activeMessageId;
    std::vector<DocumentMessage> messages; ///< creation order: a parent before its children
};

/// The conversation `conversationId` of `db` with all its branches and attachment metadata.
storage::Result<ConversationDocument> loadConversationDocument(storage::Database& db, std::int64_t conversationId);

/// What is wrong with the document's tree, empty when nothing is: a repeated id, a parent that is
/// not in the document (dangling), parents that form a cycle, or an active message that is missing.
std::optional<std::string> treeProblem(const ConversationDocument& document);

/// The import storage writes: messages ordered parents first (otherwise in document order), ids
/// turned into positions. The document must have no treeProblem().
storage::ImportedConversation toImportedConversation(const ConversationDocument& document);

/// Positions in `document.messages` of the branch the user sees, root first: up from the active
/// message (the last message when none is set), then down through the newest child to a leaf, as
/// ConversationStore::activePath does. The document must have no treeProblem().
std::vector<std::size_t> activeBranch(const ConversationDocument& document);

} // namespace cairn::app
