// SPDX-License-Identifier: MIT
// SourceExtractor: a single source file through the repository ingester's tagger and chunker:
// its definitions (name, kind, line, signature) and one section per definition-aligned chunk.

#include "ingest/document/source_extractor.h"

#include "ingest/document/text_decoding.h"
#include "ingest/repo/chunker.h"
#include "ingest/repo/language.h"
#include "ingest/repo/tags.h"

#include <QJsonArray>

namespace cairn::ingest {

namespace {

constexpr QLatin1StringView kSourcePrefix("text/x-source-");
constexpr qsizetype kMaxListedSymbols = 500; ///< the metadata lists at most this many definitions

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

    // Definitions and chunks as the repository indexer makes them; a file that does not parse
    // (timeout, grammar trouble) is kept whole with a note.
    const QByteArray source = decoded.value().text.toUtf8();
    const Language* grammar = languageById(language);
    TagExtractor tagger;
    TagOptions tagOptions;
    tagOptions.cancel = request.cancel;
    Result<FileTags> tags = tagger.extract(*grammar, source, tagOptions);
    if (!tags) {
        if (request.cancelled())
            return request.cancelledError();
        content.sections.append({0, {}, decoded.value().text});
        content.notes << QStringLiteral("not parsed: %1").arg(tags.error().message());
        return content;
    }
    QJsonArray symbols;
    for (const Symbol& symbol : tags.value().symbols) {
        if (symbols.size() == kMaxListedSymbols)
            break;
        symbols.append(QJsonObject{{QStringLiteral("name"), symbol.path},
                                   {QStringLiteral("kind"), symbolKindName(symbol.kind)},
                                   {QStringLiteral("line"), symbol.startLine},
                                   {QStringLiteral("signature"), symbol.signature}});
    }
    content.metadata.insert(QStringLiteral("symbolCount"), int(tags.value().symbols.size()));
    content.metadata.insert(QStringLiteral("symbols"), symbols);
    if (tags.value().syntaxErrors)
        content.notes << QStringLiteral("syntax errors: definitions are best effort");
    for (const Chunk& chunk : chunkFile(request.path, source, tags.value().symbols))
        content.sections.append({0, chunk.symbolPath, chunk.text});
    return content;
}

} // namespace cairn::ingest
