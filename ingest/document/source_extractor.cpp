// SPDX-License-Identifier: MIT
// SourceExtractor: decoded text plus the language from the "text/x-source-<language>" type.

#include "ingest/document/source_extractor.h"

#include "ingest/document/text_decoding.h"
#include "ingest/repo/language.h"

namespace cairn::ingest {

namespace {

constexpr QLatin1StringView kSourcePrefix("text/x-source-");

} // namespace

bool SourceExtractor::accepts(const QString& mime) const
{
    return mime.startsWith(kSourcePrefix) && languageById(mime.mid(kSourcePrefix.size())) != nullptr;
}

Result<ExtractedContent> SourceExtractor::extract(const ExtractRequest& request) const
{
    Result<QByteArray> bytes = readFileCapped(request.path, request.options->maxTextBytes);
    if (!bytes)
        return bytes.error();
    Result<DecodedText> decoded = decodeText(bytes.value(), request.path);
    if (!decoded)
        return decoded.error();
    ExtractedContent content;
    content.kind = ContentKind::Source;
    const QString language = request.type.mime.mid(kSourcePrefix.size());
    content.metadata.insert(QStringLiteral("language"), language);
    content.metadata.insert(QStringLiteral("encoding"), decoded.value().encoding);
    content.metadata.insert(QStringLiteral("lines"), int(decoded.value().text.count(u'\n')) + 1);
    content.sections.append({0, {}, decoded.value().text});
    content.notes << QStringLiteral("%1 source: the repository indexer extracts its symbols").arg(language);
    return content;
}

} // namespace cairn::ingest
