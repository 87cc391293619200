// SPDX-License-Identifier: MIT
// The small shared pieces of extractor.h: kind names, joined text, the cancellation error.

#include "ingest/extractor.h"

namespace cairn::ingest {

QString contentKindName(ContentKind kind)
{
    switch (kind) {
    case ContentKind::Text:
        return QStringLiteral("text");
    case ContentKind::Document:
        return QStringLiteral("document");
    case ContentKind::Image:
        return QStringLiteral("image");
    case ContentKind::Audio:
        return QStringLiteral("audio");
    case ContentKind::Video:
        return QStringLiteral("video");
    case ContentKind::Source:
        return QStringLiteral("source");
    }
    return QStringLiteral("unknown");
}

QString ExtractedContent::text() const
{
    QStringList parts;
    for (const Section& section : sections) {
        if (!section.text.isEmpty())
            parts << section.text;
    }
    return parts.join(QStringLiteral("\n\n"));
}

Error ExtractRequest::cancelledError() const
{
    return Error{ErrorCode::Cancelled, path, QStringLiteral("cancelled")};
}

} // namespace cairn::ingest
