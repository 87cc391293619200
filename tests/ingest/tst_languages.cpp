// SPDX-License-Identifier: MIT
// The compiled-in tree-sitter grammars: each loads on the linked runtime, parses real code to the
// expected tree, and file extensions map to the right language.

#include "ingest/repo/language.h"

#include <tree_sitter/api.h>

#include <QtTest>

#include <memory>

using cairn::ingest::Language;

namespace {

const Language* findLanguage(const QString& id)
{
    for (const Language& language : cairn::ingest::languages()) {
        if (language.id == id)
            return &language;
    }
    return nullptr;
}

} // namespace

class TestLanguages : public QObject {
    Q_OBJECT
private slots:
    void everyGrammarLoadsWithinRuntimeAbi();
    void parsesSource_data();
    void parsesSource();
    void languageForFile_data();
    void languageForFile();
    void detectLanguage_data();
    void detectLanguage();
};

void TestLanguages::everyGrammarLoadsWithinRuntimeAbi()
{
    const cairn::ingest::AbiRange range = cairn::ingest::treeSitterAbiRange();
    QVERIFY(range.min >= 13);
    QVERIFY(range.max >= range.min);
    const QStringList required{"c", "cpp", "go", "java", "javascript", "python", "rust", "tsx", "typescript"};
    QStringList ids;
    for (const Language& language : cairn::ingest::languages()) {
        ids << language.id;
        QVERIFY2(language.abiVersion() >= range.min && language.abiVersion() <= range.max, qPrintable(language.id));
        QVERIFY2(language.loads(), qPrintable(language.id));
        QVERIFY(language.grammarPackage.startsWith(QLatin1String("tree-sitter-")));
        QVERIFY(!QVersionNumber::fromString(language.grammarVersion).isNull());
    }
    QCOMPARE(ids, required);
}

void TestLanguages::parsesSource_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<QByteArray>("source");
    QTest::addColumn<QString>("expectedTree");

    QTest::newRow("c") << "c" << QByteArray("int add(int a, int b) { return a + b; }\n")
                       << "translation_unit/function_definition";
    QTest::newRow("cpp") << "cpp" << QByteArray("template <typename T> struct Box { T value; };\n")
                         << "translation_unit/template_declaration";
    QTest::newRow("go") << "go" << QByteArray("package main\n\nfunc main() {}\n") << "source_file/package_clause";
    QTest::newRow("java") << "java" << QByteArray("class A { void f() {} }\n") << "program/class_declaration";
    QTest::newRow("javascript") << "javascript" << QByteArray("const f = (x) => x * 2;\n")
                                << "program/lexical_declaration";
    QTest::newRow("python") << "python" << QByteArray("def f(x):\n    return x\n") << "module/function_definition";
    QTest::newRow("rust") << "rust" << QByteArray("fn main() { let x = 1; }\n") << "source_file/function_item";
    QTest::newRow("typescript") << "typescript" << QByteArray("interface P { x: number }\n")
                                << "program/interface_declaration";
    QTest::newRow("tsx") << "tsx" << QByteArray("const e = <div>{1}</div>;\n") << "program/lexical_declaration";
}

void TestLanguages::parsesSource()
{
    QFETCH(QString, language);
    QFETCH(QByteArray, source);
    QFETCH(QString, expectedTree);

    const Language* lang = findLanguage(language);
    QVERIFY(lang != nullptr);
    const std::unique_ptr<TSParser, decltype(&ts_parser_delete)> parser(ts_parser_new(), ts_parser_delete);
    QVERIFY(ts_parser_set_language(parser.get(), lang->grammar()));
    const std::unique_ptr<TSTree, decltype(&ts_tree_delete)> tree(
        ts_parser_parse_string(parser.get(), nullptr, source.constData(), static_cast<uint32_t>(source.size())),
        ts_tree_delete);
    QVERIFY(tree != nullptr);
    const TSNode root = ts_tree_root_node(tree.get());
    QVERIFY(!ts_node_has_error(root));
    QVERIFY(ts_node_named_child_count(root) >= 1);
    const QString shape = QStringLiteral("%1/%2").arg(QString::fromLatin1(ts_node_type(root)),
                                                      QString::fromLatin1(ts_node_type(ts_node_named_child(root, 0))));
    QCOMPARE(shape, expectedTree);
}

void TestLanguages::languageForFile_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QString>("language");
    QTest::newRow("header") << "src/engine.h"
                            << "c";
    QTest::newRow("upper-case") << "Main.CPP"
                                << "cpp";
    QTest::newRow("cuda") << "kernels/mul_mat.cu"
                          << "cpp";
    QTest::newRow("tsx") << "ui/App.tsx"
                         << "tsx";
    QTest::newRow("python stub") << "pkg/__init__.pyi"
                                 << "python";
    QTest::newRow("no extension") << "Makefile"
                                  << "";
    QTest::newRow("unknown") << "notes.txt"
                             << "";
}

void TestLanguages::languageForFile()
{
    QFETCH(QString, fileName);
    QFETCH(QString, language);
    const Language* found = cairn::ingest::languageForFile(fileName);
    QCOMPARE(found != nullptr ? found->id : QString(), language);
}

void TestLanguages::detectLanguage_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<QString>("language");
    QTest::newRow("extension wins") << "a.rs" << QByteArray("#!/usr/bin/env python3\n") << "rust";
    QTest::newRow("env python3") << "tool" << QByteArray("#!/usr/bin/env python3\nprint(1)\n") << "python";
    QTest::newRow("env -S with setting") << "tool" << QByteArray("#!/usr/bin/env -S NODE_ENV=x node --flag\n")
                                         << "javascript";
    QTest::newRow("direct python3.11") << "run" << QByteArray("#! /usr/local/bin/python3.11 -u\n") << "python";
    QTest::newRow("unknown interpreter") << "run" << QByteArray("#!/bin/sh\necho\n") << "";
    QTest::newRow("emacs bare mode") << "vector" << QByteArray("// <vector> -*- C++ -*-\n") << "cpp";
    QTest::newRow("emacs mode setting") << "x" << QByteArray("# -*- coding: utf-8; mode: python -*-\n") << "python";
    QTest::newRow("emacs after shebang") << "x" << QByteArray("#!/bin/sh\n// -*- mode: c -*-\n") << "c";
    QTest::newRow("emacs on line 3 is not read") << "x" << QByteArray("\n\n// -*- mode: c -*-\n") << "";
    QTest::newRow("vim set ft") << "x" << QByteArray("// a\n// vim: set ft=rust:\n") << "rust";
    QTest::newRow("vim filetype") << "x" << QByteArray("/* vi: filetype=typescriptreact */\n") << "tsx";
    QTest::newRow("vim in a word") << "x" << QByteArray("xvim: ft=go\n") << "";
    QTest::newRow("vim on line 6 is not read") << "x" << QByteArray("\n\n\n\n\n// vim: ft=go\n") << "";
    QTest::newRow("empty") << "x" << QByteArray() << "";
}

void TestLanguages::detectLanguage()
{
    QFETCH(QString, fileName);
    QFETCH(QByteArray, head);
    QFETCH(QString, language);
    const Language* found = cairn::ingest::detectLanguage(fileName, head);
    QCOMPARE(found != nullptr ? found->id : QString(), language);
}

QTEST_GUILESS_MAIN(TestLanguages)
#include "tst_languages.moc"
