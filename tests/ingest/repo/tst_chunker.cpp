// SPDX-License-Identifier: MIT
// Chunks: every byte in exactly one chunk, definitions kept whole when they fit, split at nested
// definitions and then by lines with the enclosing signatures as header, giant lines cut at
// character boundaries, and the caller's token counter used throughout. Goldens per language.

#include "ingest/repo/chunker.h"
#include "ingest/repo/tags.h"

#include "tag_golden.h"

#include <QtTest>

using cairn::ingest::Chunk;
using cairn::ingest::ChunkOptions;
using cairn::ingest::FileTags;

namespace {

FileTags tagsOf(const QString& languageId, const QByteArray& source)
{
    cairn::ingest::TagExtractor extractor;
    auto result = extractor.extract(*cairn::ingest::languageById(languageId), source);
    return result.ok() ? std::move(result).value() : FileTags{};
}

/// Empty when the chunks tile the source exactly and stay within the budget.
QString checkTiling(const QByteArray& source, const QList<Chunk>& chunks, int budget)
{
    uint32_t at = 0;
    int line = 1;
    for (const Chunk& chunk : chunks) {
        if (chunk.startByte != at)
            return QStringLiteral("gap or overlap at byte %1 (chunk starts at %2)").arg(at).arg(chunk.startByte);
        if (chunk.endByte <= chunk.startByte)
            return QStringLiteral("empty chunk at %1").arg(at);
        if (chunk.text.toUtf8() != source.mid(chunk.startByte, chunk.endByte - chunk.startByte))
            return QStringLiteral("text differs from the source at %1").arg(at);
        if (chunk.startLine != line && chunk.startLine != line - 1) // a cut line repeats its number
            return QStringLiteral("chunk at %1 starts on line %2, expected %3").arg(at).arg(chunk.startLine).arg(line);
        if (chunk.tokens > budget)
            return QStringLiteral("chunk at %1 has %2 tokens > %3").arg(at).arg(chunk.tokens).arg(budget);
        line = chunk.startLine
            + static_cast<int>(source.mid(chunk.startByte, chunk.endByte - chunk.startByte).count('\n'));
        if (chunk.endLine != (source.at(chunk.endByte - 1) == '\n' ? line - 1 : line))
            return QStringLiteral("chunk at %1 ends on line %2").arg(at).arg(chunk.endLine);
        at = chunk.endByte;
    }
    if (at != static_cast<uint32_t>(source.size()))
        return QStringLiteral("chunks end at %1 of %2 bytes").arg(at).arg(source.size());
    return {};
}

QStringList renderChunks(const QList<Chunk>& chunks)
{
    QStringList lines;
    for (const Chunk& chunk : chunks) {
        QString header = chunk.header;
        header.replace(QLatin1Char('\n'), QLatin1String(" | "));
        lines << QStringLiteral("%1-%2 %3 tokens=%4 header=%5")
                     .arg(chunk.startLine)
                     .arg(chunk.endLine)
                     .arg(chunk.symbolPath.isEmpty() ? QStringLiteral("-") : chunk.symbolPath)
                     .arg(chunk.tokens)
                     .arg(header);
    }
    return lines;
}

} // namespace

class TestChunker : public QObject {
    Q_OBJECT
private slots:
    void perLanguage_data();
    void perLanguage();
    void wholeDefinitionsWhenTheyFit();
    void classSplitAtMethodsWithHeader();
    void longFunctionSplitByLines();
    void giantLineCutAtCharacters();
    void callerCounterIsUsed();
    void emptyAndPlainText();
};

void TestChunker::perLanguage_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<QString>("file");
    QTest::newRow("c") << "c"
                       << "c/sample.c";
    QTest::newRow("cpp") << "cpp"
                         << "cpp/sample.cpp";
    QTest::newRow("python") << "python"
                            << "python/sample.py";
    QTest::newRow("javascript") << "javascript"
                                << "javascript/sample.js";
    QTest::newRow("typescript") << "typescript"
                                << "typescript/sample.ts";
    QTest::newRow("tsx") << "tsx"
                         << "tsx/App.tsx";
    QTest::newRow("rust") << "rust"
                          << "rust/sample.rs";
    QTest::newRow("go") << "go"
                        << "go/sample.go";
    QTest::newRow("java") << "java"
                          << "java/Sample.java";
}

void TestChunker::perLanguage()
{
    QFETCH(QString, language);
    QFETCH(QString, file);
    const QString path = QStringLiteral(CAIRN_REPO_TEST_DATA "/") + file;
    QFile in(path);
    QVERIFY(in.open(QIODevice::ReadOnly));
    const QByteArray source = in.readAll();
    const FileTags tags = tagsOf(language, source);
    QVERIFY(!tags.symbols.isEmpty());
    // A small budget, so that classes and namespaces are split and their headers show.
    ChunkOptions options;
    options.maxTokens = 48;
    const QList<Chunk> chunks = cairn::ingest::chunkFile(file, source, tags.symbols, options);
    const QString tiling = checkTiling(source, chunks, options.maxTokens);
    QVERIFY2(tiling.isEmpty(), qPrintable(tiling));
    QCOMPARE(chunks.front().file, file);
    const QString diff = cairn::test::compareGolden(path + QStringLiteral(".chunks"), renderChunks(chunks));
    QVERIFY2(diff.isEmpty(), qPrintable(diff));
}

void TestChunker::wholeDefinitionsWhenTheyFit()
{
    const QByteArray source = "import os\n\n\ndef a():\n    return 1\n\n\ndef b():\n    return 2\nprint(a())\n";
    const FileTags tags = tagsOf("python", source);
    const QList<Chunk> chunks = cairn::ingest::chunkFile("m.py", source, tags.symbols);
    QCOMPARE(checkTiling(source, chunks, 512), QString());
    // Blank lines before a definition go with it; code and blank lines after it form a gap chunk.
    QCOMPARE(renderChunks(chunks),
             (QStringList{"1-3 - tokens=5 header=", "4-5 a tokens=7 header=", "6-9 b tokens=9 header=",
                          "10-10 - tokens=3 header="}));
}

void TestChunker::classSplitAtMethodsWithHeader()
{
    QByteArray source = "class Store:\n    \"\"\"Keeps things.\"\"\"\n\n";
    for (const char* name : {"get", "put", "drop"}) {
        source += QByteArray("    def ") + name + "(self, key):\n";
        for (int i = 0; i < 6; ++i)
            source += "        value = self.items[key] + " + QByteArray::number(i) + "\n";
        source += "\n";
    }
    const FileTags tags = tagsOf("python", source);
    ChunkOptions options;
    options.maxTokens = 120;
    const QList<Chunk> chunks = cairn::ingest::chunkFile("s.py", source, tags.symbols, options);
    QCOMPARE(checkTiling(source, chunks, options.maxTokens), QString());
    QCOMPARE(chunks.size(), 4);
    QCOMPARE(chunks[0].symbolPath, QStringLiteral("Store"));
    QCOMPARE(chunks[0].header, QString()); // it holds the class line itself
    QCOMPARE(chunks[0].startLine, 1);
    QCOMPARE(chunks[0].endLine, 3); // the class line, its docstring and the blank line after
    const QStringList methods{"Store.get", "Store.put", "Store.drop"};
    for (int i = 1; i < 4; ++i) {
        QCOMPARE(chunks[i].symbolPath, methods[i - 1]);
        QCOMPARE(chunks[i].header, QStringLiteral("class Store\n"));
        QVERIFY(chunks[i].text.contains(QStringLiteral("def ") + methods[i - 1].mid(6)));
    }
}

void TestChunker::longFunctionSplitByLines()
{
    QByteArray source = "int total(const int* v, int n)\n{\n    int s = 0;\n";
    for (int i = 0; i < 200; ++i)
        source += "    s += v[" + QByteArray::number(i) + "] * " + QByteArray::number(i) + ";\n";
    source += "    return s;\n}\n";
    const FileTags tags = tagsOf("c", source);
    QCOMPARE(tags.symbols.size(), 1);
    ChunkOptions options;
    options.maxTokens = 100;
    const QList<Chunk> chunks = cairn::ingest::chunkFile("t.c", source, tags.symbols, options);
    QCOMPARE(checkTiling(source, chunks, options.maxTokens), QString());
    QVERIFY(chunks.size() > 10);
    QCOMPARE(chunks.front().header, QString());
    QVERIFY(chunks.front().text.startsWith(QStringLiteral("int total(")));
    for (qsizetype i = 1; i < chunks.size(); ++i) {
        QCOMPARE(chunks[i].symbolPath, QStringLiteral("total"));
        QCOMPARE(chunks[i].header, QStringLiteral("int total(const int* v, int n)\n"));
    }
}

void TestChunker::giantLineCutAtCharacters()
{
    const QByteArray source = QByteArray("var s=\"\xc3\xa9\xe2\x82\xac\";").repeated(20000) + "\n"; // 260 KB, one line
    const QList<Chunk> chunks = cairn::ingest::chunkFile("min.js", source, {});
    QCOMPARE(checkTiling(source, chunks, 512), QString());
    QVERIFY(chunks.size() > 100);
    for (const Chunk& chunk : chunks) {
        QCOMPARE(chunk.startLine, 1);
        QVERIFY(!chunk.text.contains(QChar::ReplacementCharacter));
    }
}

void TestChunker::callerCounterIsUsed()
{
    const QByteArray source = "def f():\n    return one two three\n\ndef g():\n    pass\n";
    const FileTags tags = tagsOf("python", source);
    ChunkOptions options;
    int calls = 0;
    options.count = [&calls](std::string_view text) {
        ++calls;
        return static_cast<int>(std::count(text.begin(), text.end(), ' ')); // spaces stand in for tokens
    };
    const QList<Chunk> chunks = cairn::ingest::chunkFile("w.py", source, tags.symbols, options);
    QVERIFY(calls > 0);
    QCOMPARE(chunks.size(), 2);
    QCOMPARE(chunks[0].tokens, 1 + 7);     // "def f():" has 1 space, "    return one two three" 7
    QCOMPARE(chunks[1].tokens, 0 + 1 + 4); // the blank line before g, "def g():", "    pass"
}

void TestChunker::emptyAndPlainText()
{
    QVERIFY(cairn::ingest::chunkFile("e.txt", QByteArray(), {}).isEmpty());
    QByteArray text;
    for (int i = 0; i < 100; ++i)
        text += "line " + QByteArray::number(i) + " of a plain text file without definitions\n";
    ChunkOptions options;
    options.maxTokens = 64;
    const QList<Chunk> chunks = cairn::ingest::chunkFile("notes.txt", text, {}, options);
    QCOMPARE(checkTiling(text, chunks, 64), QString());
    QVERIFY(chunks.size() >= 20);
    QVERIFY(std::all_of(chunks.begin(), chunks.end(), [](const Chunk& c) { return c.symbolPath.isEmpty(); }));
    QCOMPARE(cairn::ingest::estimateTokens("abcde"), 2);
}

QTEST_GUILESS_MAIN(TestChunker)
#include "tst_chunker.moc"
