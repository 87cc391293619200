// SPDX-License-Identifier: MIT
// Tag extraction per language on sources we wrote (data/<language>/, expected tags in *.tags next to
// each), the details the outline depends on (paths, methods, signatures, docs), and hostile input:
// deep nesting, a huge single line under a short timeout, cancellation, invalid UTF-8.

#include "ingest/repo/tag_query.h"
#include "ingest/repo/tags.h"

#include "tag_golden.h"

#include <QtTest>

using cairn::ingest::FileTags;
using cairn::ingest::Language;
using cairn::ingest::ReferenceKind;
using cairn::ingest::Symbol;
using cairn::ingest::SymbolKind;

namespace {

QString dataDir()
{
    return QStringLiteral(CAIRN_REPO_TEST_DATA);
}

QByteArray readData(const QString& relative)
{
    QFile file(dataDir() + QLatin1Char('/') + relative);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

FileTags tagsOf(const QString& languageId, const QByteArray& source)
{
    const Language* language = cairn::ingest::languageById(languageId);
    if (language == nullptr)
        return {};
    cairn::ingest::TagExtractor extractor;
    auto result = extractor.extract(*language, source);
    if (!result.ok()) {
        qWarning("%s", qPrintable(result.error().message()));
        return {};
    }
    return std::move(result).value();
}

const Symbol* findSymbol(const FileTags& tags, const QString& path)
{
    for (const Symbol& symbol : tags.symbols) {
        if (symbol.path == path)
            return &symbol;
    }
    return nullptr;
}

bool hasReference(const FileTags& tags, ReferenceKind kind, const QString& name, int line)
{
    for (const auto& reference : tags.references) {
        if (reference.kind == kind && reference.name == name && reference.line == line)
            return true;
    }
    return false;
}

} // namespace

class TestTags : public QObject {
    Q_OBJECT
private slots:
    void everyQueryCompiles();
    void perLanguage_data();
    void perLanguage();
    void cppDetails();
    void pythonDetails();
    void rustAndGoDetails();
    void javascriptAndJavaDetails();
    void deeplyNestedCode();
    void hugeSingleLineTimesOut();
    void cancelledParse();
    void invalidUtf8AndSyntaxErrors();
};

void TestTags::everyQueryCompiles()
{
    for (const Language& language : cairn::ingest::languages()) {
        auto query = cairn::ingest::TagQuery::forLanguage(language);
        QVERIFY2(query.ok(), qPrintable(query.ok() ? QString() : query.error().message()));
        QVERIFY(ts_query_pattern_count(query.value()->query()) > 3);
        // Compiled once: the second call hands out the same query.
        QCOMPARE(cairn::ingest::TagQuery::forLanguage(language).value(), query.value());
    }
}

void TestTags::perLanguage_data()
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

void TestTags::perLanguage()
{
    QFETCH(QString, language);
    QFETCH(QString, file);
    const QByteArray source = readData(file);
    QVERIFY(!source.isEmpty());
    const FileTags tags = tagsOf(language, source);
    QVERIFY(!tags.syntaxErrors);
    QVERIFY(tags.symbols.size() >= 4);
    QVERIFY(!tags.references.isEmpty());
    // Structural rules every file must keep: ranges inside the file, parents enclose children.
    const int lines = static_cast<int>(source.count('\n'));
    for (const Symbol& symbol : tags.symbols) {
        QVERIFY(symbol.startLine >= 1 && symbol.startLine <= symbol.endLine && symbol.endLine <= lines);
        QVERIFY(symbol.startByte < symbol.endByte && symbol.endByte <= static_cast<uint32_t>(source.size()));
        QVERIFY(!symbol.signature.isEmpty());
        if (symbol.parent >= 0) {
            const Symbol& parent = tags.symbols[symbol.parent];
            QVERIFY(parent.startByte <= symbol.startByte && symbol.endByte <= parent.endByte);
            QVERIFY(symbol.path.startsWith(parent.path));
        }
    }
    const QString golden = dataDir() + QLatin1Char('/') + file + QStringLiteral(".tags");
    const QString diff = cairn::test::compareGolden(golden, cairn::test::renderTags(tags));
    QVERIFY2(diff.isEmpty(), qPrintable(diff));
}

void TestTags::cppDetails()
{
    const FileTags tags = tagsOf("cpp", readData("cpp/sample.cpp"));
    const Symbol* shape = findSymbol(tags, "geo::Shape");
    QVERIFY(shape != nullptr);
    QCOMPARE(shape->kind, SymbolKind::Class);
    QCOMPARE(shape->doc, QStringLiteral("A shape with an area."));
    QCOMPARE(shape->docStartLine, 6);
    QCOMPARE(shape->startLine, 7);
    QCOMPARE(shape->endLine, 15);
    const Symbol* sides = findSymbol(tags, "geo::Shape::sides");
    QVERIFY(sides != nullptr);
    QCOMPARE(sides->kind, SymbolKind::Method);
    QCOMPARE(sides->signature, QStringLiteral("int sides() const"));
    // Out of line: the class comes from the qualified name, the namespace from nesting.
    const Symbol* area = nullptr;
    for (const Symbol& symbol : tags.symbols) {
        if (symbol.path == "geo::Shape::area" && symbol.startLine == 27)
            area = &symbol;
    }
    QVERIFY(area != nullptr);
    QCOMPARE(area->kind, SymbolKind::Method);
    QCOMPARE(area->signature, QStringLiteral("double Shape::area() const"));
    // A template's range and signature start at `template`.
    const Symbol* twice = findSymbol(tags, "geo::twice");
    QVERIFY(twice != nullptr);
    QCOMPARE(twice->startLine, 21);
    QCOMPARE(twice->signature, QStringLiteral("template <typename T>\nT twice(T value)"));
    QVERIFY(hasReference(tags, ReferenceKind::Import, "vector", 1));
    QVERIFY(hasReference(tags, ReferenceKind::Import, "shape.h", 2));
    QVERIFY(hasReference(tags, ReferenceKind::Call, "helper", 29));
    QVERIFY(hasReference(tags, ReferenceKind::Call, "twice", 40));
    QVERIFY(hasReference(tags, ReferenceKind::Type, "Point", 39));
}

void TestTags::pythonDetails()
{
    const FileTags tags = tagsOf("python", readData("python/sample.py"));
    QVERIFY(findSymbol(tags, "MAX_SIZE") != nullptr);
    QCOMPARE(findSymbol(tags, "MAX_SIZE")->kind, SymbolKind::Constant);
    QVERIFY(findSymbol(tags, "lower_name") == nullptr);
    const Symbol* load = findSymbol(tags, "load");
    QVERIFY(load != nullptr);
    QCOMPARE(load->doc, QStringLiteral("Reads settings."));
    QCOMPARE(load->signature, QStringLiteral("def load(path: str) -> dict"));
    const Symbol* store = findSymbol(tags, "Store");
    QCOMPARE(store->doc, QStringLiteral("A key-value store."));
    const Symbol* size = findSymbol(tags, "Store.size");
    QVERIFY(size != nullptr);
    QCOMPARE(size->kind, SymbolKind::Method);
    QCOMPARE(size->startLine, 21); // the decorator belongs to it
    QCOMPARE(size->signature, QStringLiteral("@property\n    def size(self) -> int"));
    const Symbol* ping = findSymbol(tags, "Store.Inner.ping");
    QVERIFY(ping != nullptr);
    QCOMPARE(tags.symbols[ping->parent].path, QStringLiteral("Store.Inner"));
    QVERIFY(hasReference(tags, ReferenceKind::Import, "os", 1));
    QVERIFY(hasReference(tags, ReferenceKind::Import, "collections", 2));
    QVERIFY(hasReference(tags, ReferenceKind::Type, "Base", 15));
    QVERIFY(hasReference(tags, ReferenceKind::Call, "join", 12));
}

void TestTags::rustAndGoDetails()
{
    const FileTags rust = tagsOf("rust", readData("rust/sample.rs"));
    const Symbol* point = findSymbol(rust, "Point");
    QVERIFY(point != nullptr);
    QCOMPARE(point->kind, SymbolKind::Struct);
    QCOMPARE(point->doc, QStringLiteral("A point in the plane."));
    const Symbol* newFn = findSymbol(rust, "Point::new");
    QVERIFY(newFn != nullptr);
    QCOMPARE(newFn->kind, SymbolKind::Method);
    QCOMPARE(rust.symbols[newFn->parent].kind, SymbolKind::Impl);
    QCOMPARE(findSymbol(rust, "Area::area")->kind, SymbolKind::Method);
    QCOMPARE(findSymbol(rust, "inner::helper")->kind, SymbolKind::Function);
    QCOMPARE(findSymbol(rust, "LIMIT")->kind, SymbolKind::Constant);
    QVERIFY(hasReference(rust, ReferenceKind::Call, "println", 39));
    QVERIFY(hasReference(rust, ReferenceKind::Import, "std::collections::HashMap", 1));

    const FileTags go = tagsOf("go", readData("go/sample.go"));
    const Symbol* area = findSymbol(go, "Circle.Area");
    QVERIFY(area != nullptr);
    QCOMPARE(area->kind, SymbolKind::Method);
    QCOMPARE(area->doc, QStringLiteral("Area of the circle."));
    QCOMPARE(area->signature, QStringLiteral("func (c *Circle) Area() float64"));
    QCOMPARE(findSymbol(go, "Shape")->kind, SymbolKind::Interface);
    QCOMPARE(findSymbol(go, "Shape")->doc, QStringLiteral("Shape has an area."));
    QCOMPARE(findSymbol(go, "Radius")->kind, SymbolKind::Type);
    QVERIFY(hasReference(go, ReferenceKind::Import, "math", 5));
    QVERIFY(hasReference(go, ReferenceKind::Call, "Pow", 23));
}

void TestTags::javascriptAndJavaDetails()
{
    const FileTags js = tagsOf("javascript", readData("javascript/sample.js"));
    QCOMPARE(findSymbol(js, "greet")->doc, QStringLiteral("Greets someone."));
    QCOMPARE(findSymbol(js, "shout")->kind, SymbolKind::Function);
    QCOMPARE(findSymbol(js, "API_URL")->kind, SymbolKind::Constant);
    QCOMPARE(findSymbol(js, "Greeter.run")->kind, SymbolKind::Method);
    QCOMPARE(findSymbol(js, "main")->startLine, 26); // `export` belongs to it
    QVERIFY(hasReference(js, ReferenceKind::Import, "fs", 1));
    QVERIFY(hasReference(js, ReferenceKind::Import, "path", 2));
    QVERIFY(hasReference(js, ReferenceKind::Type, "Greeter", 27));

    const FileTags java = tagsOf("java", readData("java/Sample.java"));
    QCOMPARE(findSymbol(java, "Circle.PI")->kind, SymbolKind::Constant);
    QCOMPARE(findSymbol(java, "Circle.area")->kind, SymbolKind::Method);
    QCOMPARE(findSymbol(java, "Circle.Unit")->kind, SymbolKind::Enum);
    QCOMPARE(findSymbol(java, "Shape")->doc, QStringLiteral("A shape with an area."));
    QVERIFY(hasReference(java, ReferenceKind::Import, "java.util.List", 3));
    QVERIFY(hasReference(java, ReferenceKind::Call, "pow", 21));
}

void TestTags::deeplyNestedCode()
{
    // 20,000 nested blocks and 20,000 nested parentheses: no recursion of ours follows the tree.
    QByteArray c = "int f(void) {\n";
    c += QByteArray("{").repeated(20000) + QByteArray("}").repeated(20000) + "\n";
    c += "return " + QByteArray("(").repeated(20000) + "1" + QByteArray(")").repeated(20000) + ";\n}\n";
    const FileTags tags = tagsOf("c", c);
    QCOMPARE(tags.symbols.size(), 1);
    QCOMPARE(tags.symbols.front().name, QStringLiteral("f"));

    // Python's scanner stores indents in bytes, so nesting stays below column 256 here.
    QByteArray py;
    for (int depth = 0; depth < 120; ++depth)
        py += QByteArray(depth * 2, ' ') + "def f" + QByteArray::number(depth) + "():\n";
    py += QByteArray(240, ' ') + "pass\n";
    const FileTags nested = tagsOf("python", py);
    QVERIFY(!nested.syntaxErrors);
    QCOMPARE(nested.symbols.size(), 120);
    QCOMPARE(nested.symbols.back().parent, 118);
    QCOMPARE(nested.symbols.back().path.count(QLatin1Char('.')), 119);
}

void TestTags::hugeSingleLineTimesOut()
{
    const QByteArray line = QByteArray("var a=function(b){return b+1};").repeated(70000); // ~2 MB, one line
    cairn::ingest::TagExtractor extractor;
    cairn::ingest::TagOptions options;
    options.timeoutMicros = 1000;
    const auto result = extractor.extract(*cairn::ingest::languageById("javascript"), line, options);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, cairn::ingest::ErrorCode::Timeout);
    // The same extractor parses normally afterwards.
    const auto next = extractor.extract(*cairn::ingest::languageById("javascript"), "function ok() {}\n");
    QVERIFY(next.ok());
    QCOMPARE(next.value().symbols.size(), 1);
}

void TestTags::cancelledParse()
{
    cairn::ingest::CancelFlag cancel;
    cancel.cancel();
    cairn::ingest::TagExtractor extractor;
    cairn::ingest::TagOptions options;
    options.cancel = &cancel;
    const QByteArray source = QByteArray("int f(void) { return 1; }\n").repeated(20000);
    const auto result = extractor.extract(*cairn::ingest::languageById("c"), source, options);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, cairn::ingest::ErrorCode::Cancelled);
}

void TestTags::invalidUtf8AndSyntaxErrors()
{
    const FileTags tags
        = tagsOf("python", "def caf\xe9(x):\n    return x\n\ndef ok(:\n    pass\ndef good():\n    pass\n");
    QVERIFY(tags.syntaxErrors);
    QVERIFY(findSymbol(tags, "good") != nullptr);
}

QTEST_GUILESS_MAIN(TestTags)
#include "tst_tags.moc"
