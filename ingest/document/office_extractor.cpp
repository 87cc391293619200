// SPDX-License-Identifier: MIT
// OfficeExtractor: a streaming walk over each format's main XML part with QXmlStreamReader,
// collecting paragraphs; element names are matched by local name and namespace URI.

#include "ingest/document/office_extractor.h"

#include "ingest/document/zip_archive.h"
#include "ingest/file_type.h"

#include <QRegularExpression>
#include <QXmlStreamReader>

#include <algorithm>

namespace cairn::ingest {

namespace {

constexpr QLatin1StringView kWordNs("http://schemas.openxmlformats.org/wordprocessingml/2006/main");
constexpr QLatin1StringView kDrawingNs("http://schemas.openxmlformats.org/drawingml/2006/main");
constexpr QLatin1StringView kOdfTextNs("urn:oasis:names:tc:opendocument:xmlns:text:1.0");

/// Gathers paragraphs into sections; a heading starts a new one.
class SectionBuilder {
public:
    explicit SectionBuilder(int page = 0) { m_sections.append({page, {}, {}}); }

    void paragraph(const QString& raw, bool heading)
    {
        const QString text = raw.trimmed();
        if (text.isEmpty())
            return;
        Section* current = &m_sections.last();
        if (heading) {
            if (!current->text.isEmpty() || !current->title.isEmpty()) {
                m_sections.append({current->page, {}, {}});
                current = &m_sections.last();
            }
            current->title = text;
        }
        if (!current->text.isEmpty())
            current->text += u'\n';
        current->text += text;
    }
    /// Sections with text, in document order.
    QList<Section> take()
    {
        m_sections.removeIf([](const Section& section) { return section.text.isEmpty(); });
        return std::move(m_sections);
    }

private:
    QList<Section> m_sections;
};

Error xmlError(const QString& path, const QString& part, const QXmlStreamReader& xml)
{
    return Error{ErrorCode::InvalidInput, path,
                 QStringLiteral("%1 is not well-formed XML (line %2: %3)")
                     .arg(part)
                     .arg(xml.lineNumber())
                     .arg(xml.errorString())};
}

/// DOCX and PPTX share a shape: paragraphs (`p`) holding runs whose text is in `t` elements.
Result<QList<Section>> readOoxmlPart(const QString& path, const QString& part, const QByteArray& bytes,
                                     QLatin1StringView ns, int page)
{
    SectionBuilder builder(page);
    QXmlStreamReader xml(bytes);
    QString paragraph;
    bool heading = false;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement() && xml.namespaceUri() == ns) {
            const QStringView name = xml.name();
            if (name == u"p") {
                paragraph.clear();
                heading = false;
            } else if (name == u"t") {
                paragraph += xml.readElementText(QXmlStreamReader::IncludeChildElements);
            } else if (name == u"tab") {
                paragraph += u'\t';
            } else if (name == u"br" || name == u"cr") {
                paragraph += u'\n';
            } else if (name == u"pStyle") {
                const QStringView style = xml.attributes().value(ns, QLatin1String("val"));
                heading = style.startsWith(u"Heading") || style == u"Title";
            }
        } else if (xml.isEndElement() && xml.namespaceUri() == ns && xml.name() == u"p") {
            builder.paragraph(paragraph, heading);
        }
    }
    if (xml.hasError())
        return xmlError(path, part, xml);
    return builder.take();
}

/// ODT's content.xml: text:h and text:p paragraphs, with spans, spaces (text:s), tabs and breaks.
Result<QList<Section>> readOdt(const QString& path, const QByteArray& bytes)
{
    SectionBuilder builder;
    QXmlStreamReader xml(bytes);
    QString paragraph;
    int depth = 0; // nesting of text:p / text:h
    bool heading = false;
    while (!xml.atEnd()) {
        xml.readNext();
        const bool odf = xml.namespaceUri() == kOdfTextNs;
        if (xml.isStartElement() && odf) {
            const QStringView name = xml.name();
            if (name == u"p" || name == u"h") {
                if (depth++ == 0) {
                    paragraph.clear();
                    heading = name == u"h";
                }
            } else if (name == u"s") {
                paragraph += QString(qMax(1, xml.attributes().value(kOdfTextNs, QLatin1String("c")).toInt()), u' ');
            } else if (name == u"tab") {
                paragraph += u'\t';
            } else if (name == u"line-break") {
                paragraph += u'\n';
            }
        } else if (xml.isEndElement() && odf && (xml.name() == u"p" || xml.name() == u"h")) {
            if (--depth == 0)
                builder.paragraph(paragraph, heading);
        } else if (xml.isCharacters() && depth > 0) {
            paragraph += xml.text();
        }
    }
    if (xml.hasError())
        return xmlError(path, QStringLiteral("content.xml"), xml);
    return builder.take();
}

/// ppt/slides/slideN.xml in slide-number order.
QList<QString> slideParts(const QStringList& entries)
{
    static const QRegularExpression pattern(QStringLiteral("^ppt/slides/slide(\\d+)\\.xml$"));
    QList<std::pair<int, QString>> numbered;
    for (const QString& entry : entries) {
        const QRegularExpressionMatch match = pattern.match(entry);
        if (match.hasMatch())
            numbered.append({match.captured(1).toInt(), entry});
    }
    std::sort(numbered.begin(), numbered.end());
    QList<QString> parts;
    for (const auto& [number, part] : numbered)
        parts << part;
    return parts;
}

} // namespace

bool OfficeExtractor::accepts(const QString& mime) const
{
    return mime == QLatin1String(mime::kDocx) || mime == QLatin1String(mime::kPptx)
        || mime == QLatin1String(mime::kOdt);
}

Result<ExtractedContent> OfficeExtractor::extract(const ExtractRequest& request) const
{
    const ZipLimits limits{request.options->maxZipTotalBytes, request.options->maxZipRatio, 1024 * 1024};
    Result<ZipArchive> opened = ZipArchive::open(request.path, limits);
    if (!opened)
        return opened.error();
    ZipArchive& archive = opened.value();
    ExtractedContent content;
    content.kind = ContentKind::Document;
    const QString& mime = request.type.mime;

    if (mime == QLatin1String(mime::kPptx)) {
        const QList<QString> slides = slideParts(archive.entryNames());
        content.pageCount = int(slides.size());
        for (int i = 0; i < slides.size(); ++i) {
            if (request.cancelled())
                return request.cancelledError();
            request.report(double(i) / double(slides.size()),
                           QStringLiteral("slide %1 of %2").arg(i + 1).arg(slides.size()));
            Result<QByteArray> bytes = archive.read(slides[i]);
            if (!bytes)
                return bytes.error();
            Result<QList<Section>> sections = readOoxmlPart(request.path, slides[i], bytes.value(), kDrawingNs, i + 1);
            if (!sections)
                return sections.error();
            // One section per slide, titled by its first paragraph.
            QStringList texts;
            for (const Section& section : sections.value())
                texts << section.text;
            const QString text = texts.join(u'\n');
            content.sections.append({i + 1, text.section(u'\n', 0, 0), text});
        }
        content.metadata.insert(QStringLiteral("slides"), content.pageCount);
    } else {
        const bool docx = mime == QLatin1String(mime::kDocx);
        const QString part = docx ? QStringLiteral("word/document.xml") : QStringLiteral("content.xml");
        Result<QByteArray> bytes = archive.read(part);
        if (!bytes)
            return bytes.error();
        Result<QList<Section>> sections = docx ? readOoxmlPart(request.path, part, bytes.value(), kWordNs, 0)
                                               : readOdt(request.path, bytes.value());
        if (!sections)
            return sections.error();
        content.sections = std::move(sections.value());
    }
    content.metadata.insert(QStringLiteral("uncompressedBytes"), archive.bytesRead());
    request.report(1, QStringLiteral("done"));
    return content;
}

} // namespace cairn::ingest
