// SPDX-License-Identifier: MIT
// The tree-sitter highlighter: every language's highlight query compiles on the linked runtime, and
// C++, Python, Rust and TypeScript snippets get keyword, string and comment spans at the right bytes.

#include "ingest/repo/highlighter.h"

#include <QtTest>

using cairn::ingest::HighlightSpan;

namespace {

/// The capture of the span covering exactly `text` (its first occurrence at or after `from`).
QByteArray captureOf(const QList<HighlightSpan>& spans, const QByteArray& source, const QByteArray& text)
{
    const qsizetype at = source.indexOf(text);
    if (at < 0)
        return "<not in source>";
    QByteArray found;
    for (const HighlightSpan& span : spans) {
        if (span.start == static_cast<std::uint32_t>(at) && span.length == static_cast<std::uint32_t>(text.size()))
            found = span.capture; // the innermost equal span comes last
    }
    return found;
}

} // namespace

class TestHighlighter : public QObject {
    Q_OBJECT
private slots:
    void everyQueryCompiles();
    void fenceInfoNamesLanguage_data();
    void fenceInfoNamesLanguage();
    void spans_data();
    void spans();
    void spansAreOrderedOutsideIn();
    void unknownLanguageHasNoSpans();
    void multibyteTextKeepsByteOffsets();
};

void TestHighlighter::everyQueryCompiles()
{
    // A query that fails to compile warns and yields nothing; a working one marks the comment.
    QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
    for (const cairn::ingest::Language& language : cairn::ingest::languages()) {
        QVERIFY2(QFile::exists(QStringLiteral(":/highlights/%1.scm").arg(language.id)), qPrintable(language.id));
        const QByteArray snippet = language.id == QLatin1String("python") ? "# note\n" : "// note\n";
        QElapsedTimer firstUse;
        firstUse.start();
        const QList<HighlightSpan> spans = cairn::ingest::highlight(language, snippet);
        qInfo("%s: query compiled and first snippet highlighted in %lld ms", qPrintable(language.id),
              firstUse.elapsed());
        QVERIFY2(!spans.isEmpty(), qPrintable(language.id));
        QCOMPARE(spans.front().capture, QByteArray("comment"));
    }
}

void TestHighlighter::fenceInfoNamesLanguage_data()
{
    QTest::addColumn<QString>("info");
    QTest::addColumn<QString>("id");
    QTest::newRow("cpp") << "cpp"
                         << "cpp";
    QTest::newRow("c++") << "c++"
                         << "cpp";
    QTest::newRow("hpp") << "hpp"
                         << "cpp";
    QTest::newRow("C") << "C"
                       << "c";
    QTest::newRow("py") << "py"
                        << "python";
    QTest::newRow("python3") << "python3"
                             << "python";
    QTest::newRow("rust") << "rust"
                          << "rust";
    QTest::newRow("rs") << "rs"
                        << "rust";
    QTest::newRow("ts") << "ts"
                        << "typescript";
    QTest::newRow("tsx") << "tsx"
                         << "tsx";
    QTest::newRow("js") << "js"
                        << "javascript";
    QTest::newRow("golang") << "golang"
                            << "go";
    QTest::newRow("with attributes") << "  python title=\"x.py\""
                                     << "python";
    QTest::newRow("pandoc class") << "{.rust}"
                                  << "";
    QTest::newRow("unknown") << "brainfuck"
                             << "";
    QTest::newRow("empty") << ""
                           << "";
}

void TestHighlighter::fenceInfoNamesLanguage()
{
    QFETCH(QString, info);
    QFETCH(QString, id);
    const cairn::ingest::Language* language = cairn::ingest::languageForFenceInfo(info);
    QCOMPARE(language != nullptr ? language->id : QString(), id);
}

void TestHighlighter::spans_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<QByteArray>("source");
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArray>("capture");

    const QByteArray cpp = "// sum\n#include <vector>\nint add(int a) { return a + 42; }\n"
                           "const char* s = \"hi\";\nclass Box {};\n";
    QTest::newRow("cpp comment") << "cpp" << cpp << QByteArray("// sum") << QByteArray("comment");
    QTest::newRow("cpp return") << "cpp" << cpp << QByteArray("return") << QByteArray("keyword");
    QTest::newRow("cpp class") << "cpp" << cpp << QByteArray("class") << QByteArray("keyword");
    QTest::newRow("cpp string") << "cpp" << cpp << QByteArray("\"hi\"") << QByteArray("string");
    QTest::newRow("cpp number") << "cpp" << cpp << QByteArray("42") << QByteArray("number");
    QTest::newRow("cpp function") << "c++" << cpp << QByteArray("add") << QByteArray("function");
    QTest::newRow("cpp type") << "cpp" << cpp << QByteArray("Box") << QByteArray("type");

    const QByteArray python = "# say hello\ndef greet(name):\n    return f\"hi {name}\" if name else 'nobody'\n";
    QTest::newRow("python comment") << "py" << python << QByteArray("# say hello") << QByteArray("comment");
    QTest::newRow("python def") << "python" << python << QByteArray("def") << QByteArray("keyword");
    QTest::newRow("python return") << "python" << python << QByteArray("return") << QByteArray("keyword");
    QTest::newRow("python string") << "python" << python << QByteArray("'nobody'") << QByteArray("string");
    QTest::newRow("python function") << "python" << python << QByteArray("greet") << QByteArray("function");

    const QByteArray rust = "/// Doubles.\nfn double(x: i32) -> i32 {\n    let s = \"two\";\n    x * 2 // twice\n}\n";
    QTest::newRow("rust fn") << "rust" << rust << QByteArray("fn") << QByteArray("keyword");
    QTest::newRow("rust let") << "rs" << rust << QByteArray("let") << QByteArray("keyword");
    QTest::newRow("rust string") << "rust" << rust << QByteArray("\"two\"") << QByteArray("string");
    QTest::newRow("rust comment") << "rust" << rust << QByteArray("// twice") << QByteArray("comment");
    QTest::newRow("rust type") << "rust" << rust << QByteArray("i32") << QByteArray("type.builtin");

    const QByteArray ts = "interface P { x: number }\nconst p: P = { x: 1 }; // one\n";
    QTest::newRow("ts interface") << "ts" << ts << QByteArray("interface") << QByteArray("keyword");
    QTest::newRow("ts const") << "typescript" << ts << QByteArray("const") << QByteArray("keyword");
    QTest::newRow("ts comment") << "ts" << ts << QByteArray("// one") << QByteArray("comment");
}

void TestHighlighter::spans()
{
    QFETCH(QString, language);
    QFETCH(QByteArray, source);
    QFETCH(QByteArray, text);
    QFETCH(QByteArray, capture);
    const QList<HighlightSpan> spans = cairn::ingest::highlight(language, source);
    QVERIFY(!spans.isEmpty());
    QCOMPARE(captureOf(spans, source, text), capture);
}

void TestHighlighter::spansAreOrderedOutsideIn()
{
    const QByteArray source = "fn main() { let s = \"a\\nb\"; }\n";
    const QList<HighlightSpan> spans = cairn::ingest::highlight(u"rust", source);
    QVERIFY(!spans.isEmpty());
    for (qsizetype i = 1; i < spans.size(); ++i) {
        const HighlightSpan& before = spans[i - 1];
        const HighlightSpan& after = spans[i];
        QVERIFY(before.start < after.start || (before.start == after.start && before.length > after.length));
        QVERIFY(after.start + after.length <= source.size());
    }
    // The escape inside the string is its own span, after the string that encloses it.
    QCOMPARE(captureOf(spans, source, "\"a\\nb\""), QByteArray("string"));
    QCOMPARE(captureOf(spans, source, "\\n"), QByteArray("escape"));
}

void TestHighlighter::unknownLanguageHasNoSpans()
{
    QVERIFY(cairn::ingest::highlight(u"brainfuck", "+[->+<]").isEmpty());
    QVERIFY(cairn::ingest::highlight(u"", "int x;").isEmpty());
    QVERIFY(cairn::ingest::highlight(u"cpp", "").isEmpty());
}

void TestHighlighter::multibyteTextKeepsByteOffsets()
{
    const QByteArray source = QStringLiteral("s = \"héllo wörld\"  # ünïcode\n").toUtf8();
    const QList<HighlightSpan> spans = cairn::ingest::highlight(u"python", source);
    QCOMPARE(captureOf(spans, source, QStringLiteral("\"héllo wörld\"").toUtf8()), QByteArray("string"));
    QCOMPARE(captureOf(spans, source, QStringLiteral("# ünïcode").toUtf8()), QByteArray("comment"));
}

QTEST_GUILESS_MAIN(TestHighlighter)
#include "tst_highlighter.moc"
