// SPDX-License-Identifier: MIT
// PDF through ingest::open: page texts in order with page numbers, a page with no text layer read
// by OCR, cancellation of a long document between pages, an encrypted and a truncated PDF.

#include "ingest/registry.h"

#include <QFile>
#include <QFont>
#include <QPainter>
#include <QPdfWriter>
#include <QTemporaryDir>
#include <QtTest>

using namespace cairn::ingest;

namespace {

QFont bigFont(int pixels)
{
    QFont font(QStringLiteral("DejaVu Sans"));
    font.setPixelSize(pixels);
    return font;
}

/// Writes a PDF whose pages hold `texts`; an entry starting with "image:" is drawn into a bitmap
/// first, so that page has no text layer.
void writePdf(const QString& path, const QStringList& texts)
{
    QPdfWriter writer(path);
    writer.setResolution(300);
    writer.setPageSize(QPageSize(QPageSize::A4));
    QPainter painter(&writer);
    for (qsizetype i = 0; i < texts.size(); ++i) {
        if (i > 0)
            writer.newPage();
        if (texts[i].startsWith(QLatin1String("image:"))) {
            QImage image(1800, 200, QImage::Format_RGB32);
            image.fill(Qt::white);
            QPainter imagePainter(&image);
            imagePainter.setFont(bigFont(56));
            imagePainter.setPen(Qt::black);
            imagePainter.drawText(QRect(40, 0, 1760, 200), Qt::AlignVCenter | Qt::AlignLeft, texts[i].mid(6));
            imagePainter.end();
            painter.drawImage(QRect(100, 200, 1800, 200), image);
        } else {
            painter.setFont(bigFont(60));
            const QStringList lines = texts[i].split(u'\n');
            for (qsizetype line = 0; line < lines.size(); ++line)
                painter.drawText(QPoint(150, 300 + int(line) * 120), lines[line]);
        }
    }
}

/// A one-page PDF encrypted with the standard handler (RC4, revision 2) under a password nobody
/// knows: its /O and /U entries match no password, so it cannot be opened.
QByteArray encryptedPdf()
{
    QByteArray pdf = "%PDF-1.4\n";
    QList<qsizetype> offsets;
    const QList<QByteArray> objects{
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        "<< /Filter /Standard /V 1 /R 2 /O <" + QByteArray(64, '1') + "> /U <" + QByteArray(64, '2') + "> /P -4 >>",
    };
    for (qsizetype i = 0; i < objects.size(); ++i) {
        offsets << pdf.size();
        pdf += QByteArray::number(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
    }
    const qsizetype xref = pdf.size();
    pdf += "xref\n0 5\n0000000000 65535 f \n";
    for (qsizetype offset : offsets)
        pdf += QByteArray::number(offset).rightJustified(10, '0') + " 00000 n \n";
    const QByteArray id = "<" + QByteArray(32, 'a') + ">";
    pdf += "trailer\n<< /Size 5 /Root 1 0 R /Encrypt 4 0 R /ID [" + id + id + "] >>\nstartxref\n"
        + QByteArray::number(xref) + "\n%%EOF\n";
    return pdf;
}

} // namespace

class TestPdf : public QObject {
    Q_OBJECT

private slots:
    void pagesInOrderWithNumbers()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("report.pdf"));
        writePdf(path,
                 {QStringLiteral("Quarterly report\nRevenue grew in spring"), QStringLiteral("Second page about costs"),
                  QStringLiteral("Third page conclusion")});
        ExtractOptions options;
        options.ocr = false;
        Result<ExtractedContent> content = open(path, options);
        QVERIFY2(content.ok(), content.ok() ? "" : qPrintable(content.error().message()));
        const ExtractedContent& pdf = content.value();
        QCOMPARE(pdf.kind, ContentKind::Document);
        QCOMPARE(pdf.type.mime, QStringLiteral("application/pdf"));
        QCOMPARE(pdf.pageCount, 3);
        QCOMPARE(pdf.sections.size(), 3);
        QCOMPARE(pdf.sections[0].page, 1);
        QCOMPARE(pdf.sections[0].text.simplified(), QStringLiteral("Quarterly report Revenue grew in spring"));
        QCOMPARE(pdf.sections[1].page, 2);
        QCOMPARE(pdf.sections[1].text.simplified(), QStringLiteral("Second page about costs"));
        QCOMPARE(pdf.sections[2].text.simplified(), QStringLiteral("Third page conclusion"));
        QVERIFY(pdf.notes.isEmpty());
    }

    void pageWithoutTextLayerGoesToOcr()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("scan.pdf"));
        writePdf(path, {QStringLiteral("Typed first page"), QStringLiteral("image:The scanned contract is signed")});
        QList<QString> stages;
        Result<ExtractedContent> content
            = open(path, {}, nullptr, [&stages](double, const QString& stage) { stages << stage; });
        QVERIFY2(content.ok(), content.ok() ? "" : qPrintable(content.error().message()));
        QCOMPARE(content.value().sections.size(), 2);
        QCOMPARE(content.value().sections[0].text.simplified(), QStringLiteral("Typed first page"));
        QCOMPARE(content.value().sections[1].text.simplified(), QStringLiteral("The scanned contract is signed"));
        QVERIFY(content.value().notes.contains(QStringLiteral("no text layer on page 2: read by OCR")));
        QVERIFY(stages.contains(QStringLiteral("page 2 of 2")));
    }

    void longDocumentCancelsBetweenPages()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("long.pdf"));
        QStringList pages;
        for (int i = 1; i <= 150; ++i)
            pages << QStringLiteral("Page number %1").arg(i);
        writePdf(path, pages);
        CancelFlag cancel;
        int reports = 0;
        Result<ExtractedContent> content = open(path, {}, &cancel, [&](double, const QString&) {
            if (++reports == 5)
                cancel.cancel();
        });
        QVERIFY(!content.ok());
        QCOMPARE(content.error().code, ErrorCode::Cancelled);
        QCOMPARE(reports, 5);
        // Uncancelled, every page arrives.
        cancel.reset();
        ExtractOptions options;
        options.ocr = false;
        Result<ExtractedContent> all = open(path, options, &cancel);
        QVERIFY(all.ok());
        QCOMPARE(all.value().pageCount, 150);
        QCOMPARE(all.value().sections.last().text, QStringLiteral("Page number 150"));
    }

    void encryptedPdfIsAClearError()
    {
        QTemporaryDir dir;
        QFile file(dir.filePath(QStringLiteral("secret.pdf")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(encryptedPdf());
        file.close();
        Result<ExtractedContent> content = open(file.fileName());
        QVERIFY(!content.ok());
        QVERIFY2(content.error().message().startsWith(file.fileName() + QStringLiteral(": the PDF is encrypted")),
                 qPrintable(content.error().message()));
    }

    void truncatedPdfIsAnError()
    {
        QTemporaryDir dir;
        const QString whole = dir.filePath(QStringLiteral("whole.pdf"));
        writePdf(whole, {QStringLiteral("Some text")});
        QFile source(whole);
        QVERIFY(source.open(QIODevice::ReadOnly));
        QFile cut(dir.filePath(QStringLiteral("cut.pdf")));
        QVERIFY(cut.open(QIODevice::WriteOnly));
        cut.write(source.read(200));
        cut.close();
        Result<ExtractedContent> content = open(cut.fileName());
        QVERIFY(!content.ok());
        QVERIFY(content.error().message().startsWith(cut.fileName()));
    }
};

QTEST_MAIN(TestPdf)
#include "tst_pdf.moc"
