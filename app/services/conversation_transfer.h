// SPDX-License-Identifier: MIT
// Exporting a stored conversation to a JSON or Markdown file and importing such a file as a new
// conversation: picks the format, reads and writes the bytes. The formats are conversation_json.h
// and conversation_markdown.h; storage does the writing in one transaction.
#pragma once

#include "app/services/conversation_markdown.h"
#include "storage/conversation_store.h"
#include "storage/storage_result.h"

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <optional>

namespace cairn::storage {
class Database;
}

namespace cairn::app {

enum class ConversationFormat { Markdown, Json };

/// The format of an export file: JSON when the content starts (after white space) with `{`, Markdown
/// when it holds the `<!-- cairn:conversation` line; otherwise by the extension (.json, .md,
/// .markdown). Empty when neither tells.
std::optional<ConversationFormat> sniffConversationFormat(const QByteArray& content, const QString& fileName);

/// The conversation `conversationId` of `db` in `format` (Markdown per `options`).
storage::Result<QByteArray> exportConversation(storage::Database& db, std::int64_t conversationId,
                                               ConversationFormat format, MarkdownOptions options = {});

/// Parses `content` (named `fileName` in errors), checks it and stores it as a new conversation in
/// one transaction: on any error nothing is written.
storage::Result<storage::Conversation> importConversation(storage::Database& db, const QByteArray& content,
                                                          const QString& fileName);

/// importConversation() on the file at `path`; an unreadable file is an Io error naming it.
storage::Result<storage::Conversation> importConversationFile(storage::Database& db, const QString& path);

} // namespace cairn::app
