// SPDX-License-Identifier: MIT
// A conversation as JSON: the lossless export format. Holds the whole tree (every branch) with
// times, flags, token counts, generation statistics and attachment metadata (not the files).
#pragma once

#include "app/services/conversation_document.h"

#include <QByteArray>

#include <string>

namespace cairn::app {

/// The "version" field this Cairn writes and the only one it reads.
constexpr int kConversationJsonVersion = 1;
/// The "format" field that marks the file as a Cairn conversation.
constexpr const char* kConversationJsonFormat = "cairn.conversation";

/// Pretty-printed UTF-8 JSON:
/// `{"format": "cairn.conversation", "version": 1, "title", "model", "systemPrompt",
///   "settings" (an object, or the stored text when it is not a JSON object), "pinned", "archived",
///   "createdMs", "updatedMs" (Unix ms), "activeMessageId" (or null),
///   "messages": [{"id", "parentId" (or null), "role", "content", "promptTokens",
///   "completionTokens", "stats" (like settings), "complete", "createdMs",
///   "attachments": [{"contentHash", "kind", "mime", "sizeBytes", "originalPath",
///                    "extractedText", "metadata"}]}]}`.
/// Ids are the exporting database's; an import gives new ones.
QByteArray conversationToJson(const ConversationDocument& document);

/// Parses what conversationToJson writes. `fileName` becomes the error's subject. Errors
/// (InvalidInput): not JSON, not a Cairn conversation, another version, a missing or mistyped
/// field (named with its message), and every treeProblem(): repeated ids, dangling parents, cycles.
storage::Result<ConversationDocument> conversationFromJson(const QByteArray& json, const std::string& fileName);

} // namespace cairn::app
