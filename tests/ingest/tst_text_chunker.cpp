// SPDX-License-Identifier: MIT
// chunkSections: budgets hold, sections and pages are kept for citations, nothing is lost.

#include "ingest/text_chunker.h"

#include <QtTest>

using namespace cairn::ingest;

class TestTextChunker : public QObject {
    Q_OBJECT

private slots:
    void keepsPagesForCitation()
    {
        const QList<Section> pages{{1, {}, QStringLiteral("First page.")}, {12, {}, QStringLiteral("Twelfth page.")}};
        const QList<TextChunk> chunks = chunkSections(pages);
        QCOMPARE(chunks.size(), 2);
        QCOMPARE(chunks[1].text, QStringLiteral("Twelfth page."));
        QCOMPARE(chunks[1].citation(), QStringLiteral("page 12"));
        QCOMPARE(chunks[1].section, 1);
    }

    void sectionTitleCitation()
    {
        const QList<TextChunk> chunks = chunkSections({{0, QStringLiteral("Setup"), QStringLiteral("Install it.")}});
        QCOMPARE(chunks.value(0).citation(), QStringLiteral("section “Setup”"));
        QCOMPARE(chunkSections({{0, {}, QStringLiteral("x")}}).value(0).citation(), QString());
    }

    void splitsAtParagraphsUnderBudget()
    {
        QStringList paragraphs;
        for (int i = 0; i < 20; ++i)
            paragraphs << QStringLiteral("Paragraph %1 has a few words in it.").arg(i);
        const QString text = paragraphs.join(QStringLiteral("\n\n"));
        const QList<TextChunk> chunks = chunkSections({{3, {}, text}}, {100, {}});
        QVERIFY(chunks.size() > 5);
        QString rejoined;
        for (const TextChunk& chunk : chunks) {
            QVERIFY(chunk.text.size() <= 100);
            QCOMPARE(chunk.page, 3);
            // A chunk starts at a paragraph start.
            QVERIFY(chunk.text.startsWith(QStringLiteral("Paragraph")));
            rejoined += (rejoined.isEmpty() ? QString() : QStringLiteral("\n\n")) + chunk.text;
        }
        QCOMPARE(rejoined, text);
    }

    void cutsOverlongWordsAndUsesCounter()
    {
        const QString word(250, u'a');
        const QList<TextChunk> chunks = chunkSections({{0, {}, word}}, {100, {}});
        QCOMPARE(chunks.size(), 3);
        QCOMPARE(chunks[0].text.size(), 100);
        QCOMPARE(chunks[2].text.size(), 50);
        // A counter of words: 5 words per chunk.
        auto words = [](const QString& text) { return int(text.split(u' ', Qt::SkipEmptyParts).size()); };
        const QList<TextChunk> byWords = chunkSections(
            {{0, {}, QStringLiteral("one two three four five six seven eight nine ten eleven")}}, {5, words});
        QCOMPARE(byWords.size(), 3);
        QCOMPARE(byWords[0].text, QStringLiteral("one two three four five"));
        QCOMPARE(byWords[2].text, QStringLiteral("eleven"));
    }
};

QTEST_MAIN(TestTextChunker)
#include "tst_text_chunker.moc"
