// SPDX-License-Identifier: MIT
// Format choice and the glue between the export formats and storage.

#include "app/services/conversation_transfer.h"

#include "app/services/conversation_document.h"
#include "app/services/conversation_json.h"

#include <QFile>

namespace cairn::app {

std::optional<ConversationFormat> sniffConversationFormat(const QByteArray& content, const QString& fileName)
{
    const QByteArray start = content.left(4096).trimmed();
    if (start.startsWith('{'))
        return ConversationFormat::Json;
    if (start.contains("<!-- cairn:conversation"))
        return ConversationFormat::Markdown;
    if (fileName.endsWith(QLatin1String(".json"), Qt::CaseInsensitive))
        return ConversationFormat::Json;
    if (fileName.endsWith(QLatin1String(".md"), Qt::CaseInsensitive)
        || fileName.endsWith(QLatin1String(".markdown"), Qt::CaseInsensitive))
        return ConversationFormat::Markdown;
    return std::nullopt;
}

storage::Result<QByteArray> exportConversation(storage::Database& db, std::int64_t conversationId,
                                               ConversationFormat format, MarkdownOptions options)
{
    storage::Result<ConversationDocument> document = loadConversationDocument(db, conversationId);
    if (!document)
        return document.error();
    if (format == ConversationFormat::Json)
        return conversationToJson(document.value());
    return conversationToMarkdown(document.value(), options);
}

storage::Result<storage::Conversation> importConversation(storage::Database& db, const QByteArray& content,
                                                          const QString& fileName)
{
    const std::optional<ConversationFormat> format = sniffConversationFormat(content, fileName);
    if (!format)
        return storage::Error{storage::ErrorCode::InvalidInput, fileName.toStdString(),
                              "neither a JSON nor a Markdown conversation export (no '{' at the start, no "
                              "'<!-- cairn:conversation' line, and not named .json or .md)"};
    storage::Result<ConversationDocument> document = *format == ConversationFormat::Json
        ? conversationFromJson(content, fileName.toStdString())
        : conversationFromMarkdown(content, fileName.toStdString());
    if (!document)
        return document.error();
    storage::ConversationStore store(db);
    return store.importConversation(toImportedConversation(document.value()));
}

storage::Result<storage::Conversation> importConversationFile(storage::Database& db, const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return storage::Error{storage::ErrorCode::Io, path.toStdString(),
                              "cannot read the file: " + file.errorString().toStdString()};
    return importConversation(db, file.readAll(), path);
}

} // namespace cairn::app
