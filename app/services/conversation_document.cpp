// SPDX-License-Identifier: MIT
// Reading a conversation tree out of storage, checking a tree read from a file, and ordering it
// for ConversationStore::importConversation.

#include "app/services/conversation_document.h"

#include "storage/database.h"

#include <algorithm>
#include <unordered_map>

namespace cairn::app {

namespace {

/// Position of each message by id; the document has no repeated ids.
std::unordered_map<std::int64_t, std::size_t> positionsById(const ConversationDocument& document)
{
    std::unordered_map<std::int64_t, std::size_t> positions;
    for (std::size_t i = 0; i < document.messages.size(); ++i)
        positions.emplace(document.messages[i].id, i);
    return positions;
}

} // namespace

storage::Result<ConversationDocument> loadConversationDocument(storage::Database& db, std::int64_t conversationId)
{
    const storage::ConversationStore conversations(db);
    const storage::AttachmentStore attachments(db);
    storage::Result<storage::Conversation> conversation = conversations.conversation(conversationId);
    if (!conversation)
        return conversation.error();
    storage::Result<std::vector<storage::Message>> messages = conversations.messages(conversationId);
    if (!messages)
        return messages.error();

    ConversationDocument document;
    const storage::Conversation& header = conversation.value();
    document.title = header.title;
    document.model = header.model;
    document.systemPrompt = header.systemPrompt;
    document.settingsJson = header.settingsJson;
    document.createdMs = header.createdMs;
    document.updatedMs = header.updatedMs;
    document.pinned = header.pinned;
    document.archived = header.archived;
    document.activeMessageId = header.activeMessageId;
    document.messages.reserve(messages.value().size());
    for (const storage::Message& message : messages.value()) {
        DocumentMessage out;
        out.id = message.id;
        out.parentId = message.parentId;
        out.role = message.role;
        out.content = message.content;
        out.promptTokens = message.promptTokens;
        out.completionTokens = message.completionTokens;
        out.statsJson = message.statsJson;
        out.complete = message.complete;
        out.createdMs = message.createdMs;
        storage::Result<std::vector<storage::Attachment>> linked = attachments.messageAttachments(message.id);
        if (!linked)
            return linked.error();
        for (const storage::Attachment& attachment : linked.value()) {
            storage::NewAttachment meta;
            meta.contentHash = attachment.contentHash;
            meta.kind = attachment.kind;
            meta.mime = attachment.mime;
            meta.sizeBytes = attachment.sizeBytes;
            meta.originalPath = attachment.originalPath;
            meta.extractedText = attachment.extractedText;
            meta.metadataJson = attachment.metadataJson;
            out.attachments.push_back(std::move(meta));
        }
        document.messages.push_back(std::move(out));
    }
    return document;
}

std::optional<std::string> treeProblem(const ConversationDocument& document)
{
    std::unordered_map<std::int64_t, std::size_t> positions;
    for (std::size_t i = 0; i < document.messages.size(); ++i) {
        if (!positions.emplace(document.messages[i].id, i).second)
            return "message id " + std::to_string(document.messages[i].id) + " appears twice";
    }
    for (const DocumentMessage& message : document.messages) {
        if (message.parentId && !positions.contains(*message.parentId))
            return "message " + std::to_string(message.id) + " names parent " + std::to_string(*message.parentId)
                + ", which is not in the file";
    }
    // Walk up from every message; a walk longer than the message count has gone round a cycle.
    // Colouring keeps it linear: a message known to reach a root is not walked again.
    enum class Mark { Unknown, OnWalk, ReachesRoot };
    std::vector<Mark> marks(document.messages.size(), Mark::Unknown);
    for (std::size_t start = 0; start < document.messages.size(); ++start) {
        std::vector<std::size_t> walk;
        std::size_t at = start;
        for (;;) {
            if (marks[at] == Mark::ReachesRoot)
                break;
            if (marks[at] == Mark::OnWalk) {
                std::string cycle;
                const auto from = std::find(walk.begin(), walk.end(), at);
                for (auto it = from; it != walk.end(); ++it)
                    cycle += (cycle.empty() ? "" : " -> ") + std::to_string(document.messages[*it].id);
                return "messages form a cycle through their parents: " + cycle + " -> "
                    + std::to_string(document.messages[at].id);
            }
            marks[at] = Mark::OnWalk;
            walk.push_back(at);
            const std::optional<std::int64_t> parent = document.messages[at].parentId;
            if (!parent)
                break;
            at = positions.at(*parent);
        }
        for (const std::size_t visited : walk)
            marks[visited] = Mark::ReachesRoot;
    }
    if (document.activeMessageId && !positions.contains(*document.activeMessageId))
        return "the active message " + std::to_string(*document.activeMessageId) + " is not in the file";
    return std::nullopt;
}

storage::ImportedConversation toImportedConversation(const ConversationDocument& document)
{
    const std::unordered_map<std::int64_t, std::size_t> positions = positionsById(document);
    // Depth-first from each message to its root, emitting parents first: stable for a document
    // already in creation order, correct for any acyclic one.
    std::vector<std::size_t> order;
    std::vector<bool> emitted(document.messages.size(), false);
    order.reserve(document.messages.size());
    for (std::size_t start = 0; start < document.messages.size(); ++start) {
        std::vector<std::size_t> chain;
        for (std::size_t at = start; !emitted[at];) {
            chain.push_back(at);
            const std::optional<std::int64_t> parent = document.messages[at].parentId;
            if (!parent)
                break;
            at = positions.at(*parent);
        }
        for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
            if (!emitted[*it]) {
                emitted[*it] = true;
                order.push_back(*it);
            }
        }
    }
    std::vector<std::size_t> importIndex(document.messages.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        importIndex[order[i]] = i;

    storage::ImportedConversation imported;
    imported.title = document.title;
    imported.model = document.model;
    imported.systemPrompt = document.systemPrompt;
    imported.settingsJson = document.settingsJson;
    imported.createdMs = document.createdMs;
    imported.updatedMs = document.updatedMs;
    imported.pinned = document.pinned;
    imported.archived = document.archived;
    if (document.activeMessageId)
        imported.activeIndex = importIndex[positions.at(*document.activeMessageId)];
    imported.messages.reserve(order.size());
    for (const std::size_t position : order) {
        const DocumentMessage& message = document.messages[position];
        storage::ImportedMessage out;
        if (message.parentId)
            out.parentIndex = importIndex[positions.at(*message.parentId)];
        out.role = message.role;
        out.content = message.content;
        out.promptTokens = message.promptTokens;
        out.completionTokens = message.completionTokens;
        out.statsJson = message.statsJson;
        out.complete = message.complete;
        out.createdMs = message.createdMs;
        out.attachments = message.attachments;
        imported.messages.push_back(std::move(out));
    }
    return imported;
}

std::vector<std::size_t> activeBranch(const ConversationDocument& document)
{
    if (document.messages.empty())
        return {};
    const std::unordered_map<std::int64_t, std::size_t> positions = positionsById(document);
    const std::size_t active
        = document.activeMessageId ? positions.at(*document.activeMessageId) : document.messages.size() - 1;
    std::vector<std::size_t> branch;
    for (std::size_t at = active;;) {
        branch.push_back(at);
        const std::optional<std::int64_t> parent = document.messages[at].parentId;
        if (!parent)
            break;
        at = positions.at(*parent);
    }
    std::reverse(branch.begin(), branch.end());
    // Down through the newest child: the last one in creation order.
    std::unordered_map<std::int64_t, std::size_t> newestChild;
    for (std::size_t i = 0; i < document.messages.size(); ++i)
        if (document.messages[i].parentId)
            newestChild[*document.messages[i].parentId] = i;
    for (auto child = newestChild.find(document.messages[active].id); child != newestChild.end();
         child = newestChild.find(document.messages[child->second].id))
        branch.push_back(child->second);
    return branch;
}

} // namespace cairn::app
