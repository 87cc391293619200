// SPDX-License-Identifier: MIT
// TextExtractor: read (capped), decode, then shape by subtype.

#include "ingest/document/text_extractor.h"

#include "ingest/document/csv_table.h"
#include "ingest/document/html_to_markdown.h"
#include "ingest/document/text_decoding.h"

#include <QRegularExpression>

namespace cairn::ingest {

QList<Section> markdownSections(const QString& markdown)
{
    static const QRegularExpression heading(QStringLiteral("^#{1,6}\\s+(.+?)\\s*#*\\s*$"));
    QList<Section> sections{{0, {}, {}}};
    bool inFence = false;
    for (const QString& line : markdown.split(u'\n')) {
        if (line.trimmed().startsWith(QLatin1String("```")))
            inFence = !inFence;
        const QRegularExpressionMatch match = inFence ? QRegularExpressionMatch() : heading.match(line);
        if (match.hasMatch()) {
            if (!sections.last().text.trimmed().isEmpty())
                sections.append({0, {}, {}});
            sections.last().title = match.captured(1);
        }
        Section& current = sections.last();
        if (!current.text.isEmpty())
            current.text += u'\n';
        current.text += line;
    }
    for (Section& section : sections)
        section.text = section.text.trimmed();
    sections.removeIf([](const Section& section) { return section.text.isEmpty(); });
    return sections;
}

bool TextExtractor::accepts(const QString& mime) const
{
    if (mime.startsWith(QLatin1String("text/x-source-")))
        return false;
    return mime.startsWith(QLatin1String("text/")) || mime == QLatin1String("application/json")
        || mime == QLatin1String("application/xml") || mime == QLatin1String("application/csv");
}

Result<ExtractedContent> TextExtractor::extract(const ExtractRequest& request) const
{
    Result<QByteArray> bytes = readFileCapped(request.path, request.options->maxTextBytes);
    if (!bytes)
        return bytes.error();
    Result<DecodedText> decoded = decodeText(bytes.value(), request.path);
    if (!decoded)
        return decoded.error();
    if (request.cancelled())
        return request.cancelledError();
    ExtractedContent content;
    content.kind = ContentKind::Text;
    content.metadata.insert(QStringLiteral("encoding"), decoded.value().encoding);
    const QString& mime = request.type.mime;
    const QString& text = decoded.value().text;
    if (mime == QLatin1String("text/html")) {
        const HtmlText html = htmlToMarkdown(text.toUtf8());
        if (!html.title.isEmpty())
            content.metadata.insert(QStringLiteral("title"), html.title);
        content.sections = markdownSections(html.markdown);
    } else if (mime == QLatin1String("text/csv") || mime == QLatin1String("application/csv")
               || mime == QLatin1String("text/tab-separated-values")) {
        const QChar delimiter = mime == QLatin1String("text/tab-separated-values") ? QChar(u'\t') : QChar(u',');
        const QList<QStringList> rows = parseDelimited(text, delimiter);
        content.metadata.insert(QStringLiteral("rows"), int(rows.size()));
        content.sections.append({0, {}, markdownTable(rows)});
    } else if (mime == QLatin1String("text/markdown")) {
        content.sections = markdownSections(text);
    } else {
        content.sections.append({0, {}, text.trimmed()});
    }
    if (decoded.value().encoding != QLatin1String("UTF-8"))
        content.notes << QStringLiteral("converted from %1 to UTF-8").arg(decoded.value().encoding);
    return content;
}

} // namespace cairn::ingest
