// SPDX-License-Identifier: MIT
// DOCX, ODT and PPTX through ingest::open, built in the test with libzip from minimal valid parts
// (plain string literals: moc 6.4 loses the class after raw strings holding quotes);
// bad input: a zip bomb DOCX, a truncated DOCX, a DOCX with broken XML.

#include "ingest/registry.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <zip.h>

using namespace cairn::ingest;

namespace {

struct Part {
    QByteArray name;
    QByteArray bytes;
};

/// Writes a zip holding `parts` in order, deflated except a leading ODF "mimetype" (stored).
bool writeZip(const QString& path, const QList<Part>& parts)
{
    int error = 0;
    zip_t* archive = zip_open(QFile::encodeName(path).constData(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    if (archive == nullptr)
        return false;
    for (const Part& part : parts) {
        zip_source_t* source = zip_source_buffer(archive, part.bytes.constData(), zip_uint64_t(part.bytes.size()), 0);
        const zip_int64_t index = zip_file_add(archive, part.name.constData(), source, ZIP_FL_ENC_UTF_8);
        if (index < 0) {
            zip_source_free(source);
            zip_discard(archive);
            return false;
        }
        if (part.name == "mimetype")
            zip_set_file_compression(archive, zip_uint64_t(index), ZIP_CM_STORE, 0);
    }
    return zip_close(archive) == 0; // the buffers are read here, so `parts` must outlive it
}

const QByteArray kContentTypesDocx
    = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types "
      "xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
      "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
      "<Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" "
      "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";
const QByteArray kRels = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships "
                         "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                         "<Relationship Id=\"rId1\" "
                         "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
                         "Target=\"word/document.xml\"/></Relationships>";

QByteArray docxBody(const QByteArray& body)
{
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document "
           "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>"
        + body + "</w:body></w:document>";
}

QByteArray wordParagraph(const QByteArray& text, const QByteArray& style = {})
{
    const QByteArray properties = style.isEmpty() ? QByteArray() : "<w:pPr><w:pStyle w:val=\"" + style + "\"/></w:pPr>";
    return "<w:p>" + properties + "<w:r><w:t xml:space=\"preserve\">" + text + "</w:t></w:r></w:p>";
}

QByteArray slide(const QByteArray& title, const QByteArray& body)
{
    auto shape = [](const QByteArray& text) {
        return "<p:sp><p:txBody><a:p><a:r><a:t>" + text + "</a:t></a:r></a:p></p:txBody></p:sp>";
    };
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><p:sld "
           "xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" "
           "xmlns:p=\"http://schemas.openxmlformats.org/presentationml/2006/main\"><p:cSld><p:spTree>"
        + shape(title) + shape(body) + "</p:spTree></p:cSld></p:sld>";
}

} // namespace

class TestOffice : public QObject {
    Q_OBJECT

private slots:
    void docxParagraphsAndHeadings()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("letter.docx"));
        const QList<Part> parts{
            {"[Content_Types].xml", kContentTypesDocx},
            {"_rels/.rels", kRels},
            {"word/document.xml",
             docxBody(wordParagraph("Introduction", "Heading1") + wordParagraph("Dear reader, caf\xC3\xA9 &amp; more.")
                      + "<w:p><w:r><w:t>Tab</w:t><w:tab/><w:t>bed</w:t></w:r></w:p>"
                      + wordParagraph("Results", "Heading1") + wordParagraph("It works."))},
        };
        QVERIFY(writeZip(path, parts));
        Result<ExtractedContent> content = open(path);
        QVERIFY2(content.ok(), content.ok() ? "" : qPrintable(content.error().message()));
        const ExtractedContent& docx = content.value();
        QCOMPARE(docx.kind, ContentKind::Document);
        QCOMPARE(docx.type.mime,
                 QStringLiteral("application/vnd.openxmlformats-officedocument.wordprocessingml.document"));
        QCOMPARE(docx.sections.size(), 2);
        QCOMPARE(docx.sections[0].title, QStringLiteral("Introduction"));
        QCOMPARE(docx.sections[0].text, QStringLiteral("Introduction\nDear reader, café & more.\nTab\tbed"));
        QCOMPARE(docx.sections[1].title, QStringLiteral("Results"));
        QCOMPARE(docx.sections[1].text, QStringLiteral("Results\nIt works."));
    }

    void odtWithSpansAndSpaces()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("minutes.odt"));
        const QByteArray content
            = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content "
              "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
              "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" "
              "office:version=\"1.2\"><office:body><office:text>"
              "<text:h text:outline-level=\"1\">Minutes</text:h><text:p>Present: <text:span>Ann</text:span> and<text:s "
              "text:c=\"3\"/>Bo</text:p>"
              "<text:p>Next<text:line-break/>meeting</text:p></office:text></office:body></office:document-content>";
        QVERIFY(writeZip(path,
                         {{"mimetype", "application/vnd.oasis.opendocument.text"},
                          {"content.xml", content},
                          {"META-INF/manifest.xml",
                           "<?xml version=\"1.0\"?><manifest:manifest "
                           "xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\"/>"}}));
        Result<ExtractedContent> result = open(path);
        QVERIFY2(result.ok(), result.ok() ? "" : qPrintable(result.error().message()));
        QCOMPARE(result.value().type.mime, QStringLiteral("application/vnd.oasis.opendocument.text"));
        QCOMPARE(result.value().sections.size(), 1);
        QCOMPARE(result.value().sections[0].title, QStringLiteral("Minutes"));
        QCOMPARE(result.value().text(), QStringLiteral("Minutes\nPresent: Ann and   Bo\nNext\nmeeting"));
    }

    void pptxSlidesInNumberOrder()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("deck.pptx"));
        // slide10 before slide2 in the archive: the order must come from the numbers.
        QVERIFY(writeZip(
            path,
            {{"[Content_Types].xml",
              "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"},
             {"ppt/presentation.xml",
              "<?xml version=\"1.0\"?><p:presentation "
              "xmlns:p=\"http://schemas.openxmlformats.org/presentationml/2006/main\"/>"},
             {"ppt/slides/slide1.xml", slide("Welcome", "Agenda for today")},
             {"ppt/slides/slide10.xml", slide("Questions", "Thank you")},
             {"ppt/slides/slide2.xml", slide("Numbers", "Up 12 percent")}}));
        Result<ExtractedContent> result = open(path);
        QVERIFY2(result.ok(), result.ok() ? "" : qPrintable(result.error().message()));
        const ExtractedContent& deck = result.value();
        QCOMPARE(deck.type.mime,
                 QStringLiteral("application/vnd.openxmlformats-officedocument.presentationml.presentation"));
        QCOMPARE(deck.pageCount, 3);
        QCOMPARE(deck.sections.size(), 3);
        QCOMPARE(deck.sections[0].title, QStringLiteral("Welcome"));
        QCOMPARE(deck.sections[1].page, 2);
        QCOMPARE(deck.sections[1].text, QStringLiteral("Numbers\nUp 12 percent"));
        QCOMPARE(deck.sections[2].page, 3);
        QCOMPARE(deck.sections[2].title, QStringLiteral("Questions"));
    }

    void zipBombDocxIsRefused()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("bomb.docx"));
        // 64 MiB of one repeated paragraph deflates to a few hundred KiB: a ratio far over 200:1.
        const QByteArray paragraph = wordParagraph("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
        const QByteArray huge = docxBody(paragraph.repeated(64 * 1024 * 1024 / paragraph.size()));
        QVERIFY(writeZip(
            path, {{"[Content_Types].xml", kContentTypesDocx}, {"_rels/.rels", kRels}, {"word/document.xml", huge}}));
        Result<ExtractedContent> result = open(path);
        QVERIFY(!result.ok());
        QVERIFY2(result.error().message().startsWith(path + QStringLiteral(": zip bomb guard: part word/document.xml")),
                 qPrintable(result.error().message()));
        // A total cap below the part's size refuses it too, whatever the ratio.
        ExtractOptions options;
        options.maxZipRatio = 1'000'000;
        options.maxZipTotalBytes = 1024 * 1024;
        QVERIFY(open(path, options).error().detail.contains(QStringLiteral("zip bomb guard")));
    }

    void truncatedDocxIsAnError()
    {
        QTemporaryDir dir;
        const QString whole = dir.filePath(QStringLiteral("whole.docx"));
        QVERIFY(writeZip(whole,
                         {{"[Content_Types].xml", kContentTypesDocx},
                          {"_rels/.rels", kRels},
                          {"word/document.xml", docxBody(wordParagraph("Hello"))}}));
        QFile source(whole);
        QVERIFY(source.open(QIODevice::ReadOnly));
        const QByteArray bytes = source.readAll();
        QFile cut(dir.filePath(QStringLiteral("cut.docx")));
        QVERIFY(cut.open(QIODevice::WriteOnly));
        cut.write(bytes.left(bytes.size() / 2));
        cut.close();
        Result<ExtractedContent> result = open(cut.fileName());
        QVERIFY(!result.ok());
        QVERIFY(result.error().message().startsWith(cut.fileName() + u':'));
    }

    void brokenXmlIsAnError()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("broken.docx"));
        QVERIFY(writeZip(path,
                         {{"[Content_Types].xml", kContentTypesDocx},
                          {"_rels/.rels", kRels},
                          {"word/document.xml", "<w:document xmlns:w=\"x\"><w:body><w:p>"}}));
        Result<ExtractedContent> result = open(path);
        QVERIFY(!result.ok());
        QVERIFY2(result.error().detail.contains(QStringLiteral("word/document.xml is not well-formed XML")),
                 qPrintable(result.error().message()));
    }
};

QTEST_MAIN(TestOffice)
#include "tst_office.moc"
