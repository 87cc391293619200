// SPDX-License-Identifier: MIT
// Text formats through ingest::open: encodings detected and converted to UTF-8, Markdown sections,
// HTML to Markdown-ish text, CSV/TSV as Markdown tables with quoted fields, the size cap.

#include "ingest/document/csv_table.h"
#include "ingest/registry.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace cairn::ingest;

namespace {

QString writeFile(const QTemporaryDir& dir, const QString& name, const QByteArray& bytes)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write(bytes);
    return path;
}

Result<ExtractedContent> openBytes(const QTemporaryDir& dir, const QString& name, const QByteArray& bytes)
{
    return open(writeFile(dir, name, bytes));
}

} // namespace

class TestText : public QObject {
    Q_OBJECT

private slots:
    void detectsEncoding_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("encoding");
        QTest::addColumn<QString>("text");
        const QString french = QStringLiteral("Le café est très chaud, déjà prêt à être servi à la fenêtre.");
        QTest::newRow("utf-8") << french.toUtf8() << QStringLiteral("UTF-8") << french;
        QByteArray latin1 = french.toLatin1();
        QTest::newRow("latin-1") << latin1.repeated(4) << QStringLiteral("ISO-8859-1") << french.repeated(4);
        QByteArray utf16("\xFF\xFE", 2);
        for (QChar c : french)
            utf16 += QByteArray(1, char(c.unicode() & 0xFF)) + QByteArray(1, char(c.unicode() >> 8));
        QTest::newRow("utf-16 with BOM") << utf16 << QStringLiteral("UTF-16LE") << french;
        // "中文文本的编码检测" repeated, in GB18030 (bytes spelled out so the test needs no codec).
        const QByteArray gb = QByteArray::fromHex("d6d0cec4cec4b1beb5c4b1e0c2ebbcecb2e2").repeated(8);
        QTest::newRow("gb18030") << gb << QStringLiteral("GB18030") << QStringLiteral("中文文本的编码检测").repeated(8);
    }

    void detectsEncoding()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, encoding);
        QFETCH(QString, text);
        QTemporaryDir dir;
        Result<ExtractedContent> content = openBytes(dir, QStringLiteral("note.txt"), bytes);
        QVERIFY2(content.ok(), content.ok() ? "" : qPrintable(content.error().message()));
        QCOMPARE(content.value().kind, ContentKind::Text);
        QCOMPARE(content.value().metadata.value(QStringLiteral("encoding")).toString(), encoding);
        QCOMPARE(content.value().text(), text);
    }

    void markdownSectionsAtHeadings()
    {
        QTemporaryDir dir;
        Result<ExtractedContent> content = openBytes(dir, QStringLiteral("guide.md"),
                                                     "Intro line.\n\n# Install\nRun it.\n```\n# not a heading\n```\n"
                                                     "## Use\nCall it.\n");
        QVERIFY(content.ok());
        QCOMPARE(content.value().type.mime, QStringLiteral("text/markdown"));
        const QList<Section>& sections = content.value().sections;
        QCOMPARE(sections.size(), 3);
        QCOMPARE(sections[0].title, QString());
        QCOMPARE(sections[1].title, QStringLiteral("Install"));
        QCOMPARE(sections[1].text, QStringLiteral("# Install\nRun it.\n```\n# not a heading\n```"));
        QCOMPARE(sections[2].title, QStringLiteral("Use"));
    }

    void htmlBecomesMarkdown()
    {
        QTemporaryDir dir;
        const QByteArray html
            = "<!DOCTYPE html><html><head><title>Trip &amp; notes</title><style>p{}</style></head><body>"
              "<h1>Plan</h1><p>Go <b>early</b>, see <a href=\"https://example.org\">the map</a>."
              "<script>alert(1)</script></p><ul><li>water</li><li>bread</li></ul>"
              "<table><tr><th>Day</th><th>Km</th></tr><tr><td>Mon</td><td>12</td></tr></table>"
              "<p>Caf&eacute; &lt;3</body></html>";
        Result<ExtractedContent> content = openBytes(dir, QStringLiteral("page.html"), html);
        QVERIFY2(content.ok(), content.ok() ? "" : qPrintable(content.error().message()));
        QCOMPARE(content.value().type.mime, QStringLiteral("text/html"));
        QCOMPARE(content.value().metadata.value(QStringLiteral("title")).toString(), QStringLiteral("Trip & notes"));
        QCOMPARE(content.value().text(),
                 QStringLiteral("# Plan\n\nGo **early**, see [the map](https://example.org).\n\n"
                                "- water\n\n- bread\n\n| Day | Km |\n| --- | --- |\n| Mon | 12 |\n\n"
                                "Café <3"));
        QCOMPARE(content.value().sections.value(0).title, QStringLiteral("Plan"));
    }

    void csvBecomesMarkdownTable()
    {
        QTemporaryDir dir;
        Result<ExtractedContent> content = openBytes(
            dir, QStringLiteral("prices.csv"),
            "item,price,note\r\napple,1.20,\"red, sweet\"\r\n\"pear \"\"green\"\"\",0.90,\"two\nlines\"\r\nplum,2\r\n");
        QVERIFY(content.ok());
        QCOMPARE(content.value().type.mime, QStringLiteral("text/csv"));
        QCOMPARE(content.value().metadata.value(QStringLiteral("rows")).toInt(), 4);
        QCOMPARE(content.value().text(),
                 QStringLiteral("| item | price | note |\n| --- | --- | --- |\n"
                                "| apple | 1.20 | red, sweet |\n"
                                "| pear \"green\" | 0.90 | two<br>lines |\n| plum | 2 |  |"));
    }

    void tsvAndPipesInCells()
    {
        QTemporaryDir dir;
        Result<ExtractedContent> content = openBytes(dir, QStringLiteral("data.tsv"), "a\tb\nx|y\t1,5\n");
        QVERIFY(content.ok());
        QCOMPARE(content.value().text(), QStringLiteral("| a | b |\n| --- | --- |\n| x\\|y | 1,5 |"));
    }

    void tableRowCap()
    {
        QList<QStringList> rows{{QStringLiteral("n")}};
        for (int i = 0; i < 5; ++i)
            rows << QStringList{QString::number(i)};
        QCOMPARE(markdownTable(rows, 2), QStringLiteral("| n |\n| --- |\n| 0 |\n| 1 |\n(3 more rows not shown)"));
        QCOMPARE(parseDelimited(QStringLiteral("\"unterminated,still"), u',').value(0),
                 QStringList{QStringLiteral("unterminated,still")});
    }

    void oversizedTextIsRefused()
    {
        QTemporaryDir dir;
        const QString path = writeFile(dir, QStringLiteral("big.txt"), QByteArray(5000, 'x'));
        ExtractOptions options;
        options.maxTextBytes = 4096;
        Result<ExtractedContent> content = open(path, options);
        QVERIFY(!content.ok());
        QCOMPARE(content.error().message(), path + QStringLiteral(": 5000 bytes of text, over the limit of 4096"));
    }
};

QTEST_MAIN(TestText)
#include "tst_text.moc"
