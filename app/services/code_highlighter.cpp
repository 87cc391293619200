// SPDX-License-Identifier: MIT
// UTF-8 byte spans from ingest::highlight() mapped to UTF-16 positions with one pass over the code.

#include "app/services/code_highlighter.h"

#include "ingest/repo/highlighter.h"

#include <vector>

namespace cairn::app {

namespace {

/// For every byte offset of `utf8` (and its end), the UTF-16 position of the character it is in.
std::vector<int> utf16Positions(const QByteArray& utf8)
{
    std::vector<int> positions(static_cast<std::size_t>(utf8.size()) + 1, 0);
    int position = 0;
    qsizetype i = 0;
    while (i < utf8.size()) {
        const auto lead = static_cast<unsigned char>(utf8[i]);
        const qsizetype bytes = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
        for (qsizetype b = 0; b < bytes && i + b < utf8.size(); ++b)
            positions[static_cast<std::size_t>(i + b)] = position;
        position += bytes == 4 ? 2 : 1; // four-byte characters are surrogate pairs in UTF-16
        i += bytes;
    }
    positions.back() = position;
    return positions;
}

} // namespace

QString codeLanguageId(const QString& fenceInfo)
{
    const ingest::Language* language = ingest::languageForFenceInfo(fenceInfo);
    return language != nullptr ? language->id : QString();
}

QList<CodeSpan> highlightCode(const QString& fenceInfo, const QString& code)
{
    const ingest::Language* language = ingest::languageForFenceInfo(fenceInfo);
    if (language == nullptr)
        return {};
    const QByteArray utf8 = code.toUtf8();
    const QList<ingest::HighlightSpan> spans = ingest::highlight(*language, utf8);
    if (spans.isEmpty())
        return {};
    const std::vector<int> positions = utf16Positions(utf8);
    QList<CodeSpan> out;
    out.reserve(spans.size());
    for (const ingest::HighlightSpan& span : spans) {
        const int start = positions[span.start];
        const int end = positions[span.start + span.length];
        if (end > start)
            out.append({start, end - start, QString::fromLatin1(span.capture)});
    }
    return out;
}

} // namespace cairn::app
