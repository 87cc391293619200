// SPDX-License-Identifier: MIT
// attachmentFor: the metadata JSON keeps the format facts from ingest plus where each section
// starts in the stored text, so a cited "page 12" can be found again.

#include "app/services/attachment_ingest.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

namespace cairn::app {

namespace {

storage::AttachmentKind storageKind(ingest::ContentKind kind)
{
    switch (kind) {
    case ingest::ContentKind::Image:
        return storage::AttachmentKind::Image;
    case ingest::ContentKind::Audio:
        return storage::AttachmentKind::Audio;
    case ingest::ContentKind::Video:
        return storage::AttachmentKind::Video;
    case ingest::ContentKind::Text:
    case ingest::ContentKind::Document:
    case ingest::ContentKind::Source:
        break;
    }
    return storage::AttachmentKind::Document;
}

} // namespace

QByteArray fileSha256Hex(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!hash.addData(&file))
        return {};
    return hash.result().toHex();
}

std::optional<storage::NewAttachment> attachmentFor(const ingest::ExtractedContent& content)
{
    const QByteArray hash = fileSha256Hex(content.path);
    if (hash.isEmpty())
        return std::nullopt;
    QJsonObject metadata = content.metadata;
    metadata.insert(QStringLiteral("contentKind"), ingest::contentKindName(content.kind));
    if (content.pageCount > 0)
        metadata.insert(QStringLiteral("pages"), content.pageCount);
    if (!content.notes.isEmpty())
        metadata.insert(QStringLiteral("notes"), QJsonArray::fromStringList(content.notes));
    // Sections in the order of the stored text, which joins them with blank lines (ExtractedContent::text).
    QJsonArray sections;
    qsizetype offset = 0;
    for (const ingest::Section& section : content.sections) {
        if (section.text.isEmpty())
            continue;
        QJsonObject entry{{QStringLiteral("offset"), offset}, {QStringLiteral("length"), section.text.size()}};
        if (section.page > 0)
            entry.insert(QStringLiteral("page"), section.page);
        if (!section.title.isEmpty())
            entry.insert(QStringLiteral("title"), section.title);
        sections.append(entry);
        offset += section.text.size() + 2;
    }
    metadata.insert(QStringLiteral("sections"), sections);

    storage::NewAttachment attachment;
    attachment.contentHash = hash.toStdString();
    attachment.kind = storageKind(content.kind);
    attachment.mime = content.type.mime.toStdString();
    attachment.sizeBytes = content.sizeBytes;
    attachment.originalPath = content.path.toStdString();
    attachment.extractedText = content.text().toStdString();
    attachment.metadataJson = QJsonDocument(metadata).toJson(QJsonDocument::Compact).toStdString();
    return attachment;
}

} // namespace cairn::app
