// SPDX-License-Identifier: MIT
// OCR: a sentence drawn with QPainter in a large clear font comes back as text with word boxes;
// the image extractor runs the same through ingest::open; a set cancel flag stops it.

#include "ingest/image/ocr.h"
#include "ingest/registry.h"

#include <QFont>
#include <QFontDatabase>
#include <QPainter>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

using namespace cairn::ingest;

namespace {

const QString kSentence = QStringLiteral("The quick brown fox jumps over the lazy dog");

QImage drawText(const QString& text, const QString& family = QStringLiteral("DejaVu Sans"))
{
    QImage image(1800, 200, QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    QFont font(family);
    font.setPixelSize(56);
    painter.setFont(font);
    painter.setPen(Qt::black);
    painter.drawText(QRect(40, 0, 1760, 200), Qt::AlignVCenter | Qt::AlignLeft, text);
    return image;
}

} // namespace

class TestOcr : public QObject {
    Q_OBJECT

private slots:
    void recognisesDrawnSentence()
    {
        Result<OcrResult> ocr = recognizeText(drawText(kSentence));
        QVERIFY2(ocr.ok(), ocr.ok() ? "" : qPrintable(ocr.error().message()));
        QCOMPARE(ocr.value().text.simplified(), kSentence);
        QCOMPARE(ocr.value().words.size(), 9);
        QCOMPARE(ocr.value().words.first().text, QStringLiteral("The"));
        QCOMPARE(ocr.value().words.last().text, QStringLiteral("dog"));
        // Boxes lie on the drawn line, left to right, and Tesseract is sure of clean print.
        for (qsizetype i = 0; i < ocr.value().words.size(); ++i) {
            const OcrWord& word = ocr.value().words[i];
            QVERIFY(word.box.top() > 40 && word.box.bottom() < 160);
            QVERIFY(word.confidence > 80);
            if (i > 0)
                QVERIFY(word.box.left() > ocr.value().words[i - 1].box.right());
        }
        QVERIFY(ocr.value().meanConfidence > 80);
    }

    void recognisesSimplifiedChinese()
    {
        // scripts/install-deps brings the chi_sim data and a CJK font (WenQuanYi Micro Hei) to draw with.
        if (!QFontDatabase::families().contains(QStringLiteral("WenQuanYi Micro Hei")))
            QSKIP("no CJK font to draw the test text (fonts-wqy-microhei)");
        const QString sentence = QStringLiteral("今天天气很好");
        Result<OcrResult> ocr = recognizeText(drawText(sentence, QStringLiteral("WenQuanYi Micro Hei")),
                                              OcrOptions{QStringLiteral("chi_sim"), 300});
        QVERIFY2(ocr.ok(), ocr.ok() ? "" : qPrintable(ocr.error().message()));
        QString text = ocr.value().text;
        text.remove(QRegularExpression(QStringLiteral("\\s")));
        QCOMPARE(text, sentence);
    }

    void engineIsReusable()
    {
        Result<OcrEngine> engine = OcrEngine::create();
        QVERIFY(engine.ok());
        Result<OcrResult> first = engine.value().recognize(drawText(QStringLiteral("First image here")));
        Result<OcrResult> second = engine.value().recognize(drawText(QStringLiteral("Second picture there")));
        QVERIFY(first.ok() && second.ok());
        QCOMPARE(first.value().text.simplified(), QStringLiteral("First image here"));
        QCOMPARE(second.value().text.simplified(), QStringLiteral("Second picture there"));
        QCOMPARE(second.value().words.size(), 3);
    }

    void missingLanguageIsAnError()
    {
        Result<OcrResult> ocr = recognizeText(drawText(kSentence), OcrOptions{QStringLiteral("xx_none"), 300});
        QVERIFY(!ocr.ok());
        QCOMPARE(ocr.error().code, ErrorCode::Unsupported);
    }

    void cancelledBeforeStart()
    {
        CancelFlag cancel;
        cancel.cancel();
        Result<OcrResult> ocr = recognizeText(drawText(kSentence), {}, &cancel);
        QVERIFY(!ocr.ok());
        QCOMPARE(ocr.error().code, ErrorCode::Cancelled);
    }

    void imageFileThroughOpen()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("screenshot.png"));
        QVERIFY(drawText(kSentence).save(path));
        Result<ExtractedContent> content = open(path);
        QVERIFY2(content.ok(), content.ok() ? "" : qPrintable(content.error().message()));
        QCOMPARE(content.value().kind, ContentKind::Image);
        QCOMPARE(content.value().type.mime, QStringLiteral("image/png"));
        QCOMPARE(content.value().metadata.value(QStringLiteral("width")).toInt(), 1800);
        QCOMPARE(content.value().text().simplified(), kSentence);
    }
};

QTEST_MAIN(TestOcr)
#include "tst_ocr.moc"
