// SPDX-License-Identifier: MIT
// `cairn-cli index|find|refs|search|repomap|pack` as a user runs them on a small repository:
// summaries, a second index that finds everything unchanged, lookups with file:line output,
// budgets kept, and the errors for bad paths, an empty database and an unindexed folder.

#include "cli_runner.h"

#include <QtTest>

using cairn::test::runCli;

namespace {

void writeFile(const QString& path, const QByteArray& content)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(file.write(content), content.size());
}

QByteArray caller(const char* name)
{
    return QByteArray("#include \"shapes.h\"\n\ndouble ") + name
        + "(void)\n{\n    struct Shape shape = make_square(2.0);\n    return shape_area(&shape);\n}\n";
}

int estimateTokens(const QString& text)
{
    return static_cast<int>((text.toUtf8().size() + 3) / 4);
}

} // namespace

class TestCliCodeIndex : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void indexThenIndexAgain();
    void findByPrefixAndFuzzy();
    void refsShowsDefinitionsAndCallers();
    void searchShowsLinesAndSnippets();
    void repomapKeepsItsBudget();
    void packKeepsItsBudget();
    void badInput_data();
    void badInput();

private:
    QStringList db() const { return {QStringLiteral("--db"), m_db}; }

    QTemporaryDir m_dir;
    QString m_root;
    QString m_db;
};

void TestCliCodeIndex::initTestCase()
{
    m_root = m_dir.path() + "/geometry";
    m_db = m_dir.path() + "/index.db";
    writeFile(m_root + "/include/shapes.h",
              "struct Shape {\n    double side;\n};\n\nstruct Shape make_square(double side);\n"
              "double shape_area(const struct Shape* shape);\n");
    writeFile(m_root + "/src/shapes.c",
              "#include \"shapes.h\"\n\nstruct Shape make_square(double side)\n{\n"
              "    struct Shape shape = {side};\n    return shape;\n}\n\n"
              "double shape_area(const struct Shape* shape)\n{\n"
              "    /* the tessellation rule */\n    return shape->side * shape->side;\n}\n");
    writeFile(m_root + "/src/one.c", caller("first_area"));
    writeFile(m_root + "/src/two.c", caller("second_area"));
    writeFile(m_root + "/tools/report.py", "def report(areas):\n    return sum(areas)\n");
    const cairn::test::CliRun run = runCli(QStringList{"index", m_root} + db());
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
}

void TestCliCodeIndex::indexThenIndexAgain()
{
    // initTestCase indexed it; a second run reads nothing
    const cairn::test::CliRun again = runCli(QStringList{"index", m_root, "--threads", "2"} + db());
    QCOMPARE(again.exitCode, 0);
    QVERIFY2(again.out.contains("files: 5 found, 0 new, 0 changed, 5 unchanged, 0 deleted"), qPrintable(again.out));
    QVERIFY(again.out.contains("nothing to parse"));
    QVERIFY(again.out.contains("indexed " + QFileInfo(m_root).canonicalFilePath()));

    const QString other = m_dir.path() + "/fresh";
    writeFile(other + "/a.py", "def alpha():\n    return 1\n");
    writeFile(other + "/b.py", "def beta():\n    return alpha()\n");
    writeFile(other + "/blob.bin", QByteArray("\0\1\2\3", 4));
    const QString otherDb = m_dir.path() + "/fresh.db";
    const cairn::test::CliRun first = runCli({"index", other, "--db", otherDb});
    QCOMPARE(first.exitCode, 0);
    QVERIFY2(first.out.contains("files: 2 found, 2 new, 0 changed, 0 unchanged, 0 deleted"), qPrintable(first.out));
    QVERIFY(first.out.contains("parsed by language: python 2"));
    QVERIFY(first.out.contains("parsed: symbols 2,"));
    QVERIFY(first.out.contains("skipped 1: binary 1"));
    QVERIFY(first.out.contains("  blob.bin: binary"));
    QVERIFY(first.err.contains("indexing: 100% 2/2 files")); // not a terminal: plain progress lines
}

void TestCliCodeIndex::findByPrefixAndFuzzy()
{
    const cairn::test::CliRun prefix = runCli(QStringList{"find", "shape_"} + db());
    QCOMPARE(prefix.exitCode, 0);
    QVERIFY2(prefix.out.contains("src/shapes.c:9  function  double shape_area(const struct Shape* shape)"),
             qPrintable(prefix.out));
    QVERIFY(!prefix.out.contains("make_square"));

    const cairn::test::CliRun fuzzy = runCli(QStringList{"find", "mksq", "--fuzzy"} + db());
    QCOMPARE(fuzzy.exitCode, 0);
    QVERIFY2(fuzzy.out.startsWith("src/shapes.c:3  function  struct Shape make_square(double side)")
                 || fuzzy.out.startsWith("include/shapes.h:5"),
             qPrintable(fuzzy.out));
    const cairn::test::CliRun typo = runCli(QStringList{"find", "reprot", "--fuzzy"} + db());
    QCOMPARE(typo.exitCode, 0);
    QVERIFY2(typo.out.contains("tools/report.py:1  function  def report(areas)"), qPrintable(typo.out));

    const cairn::test::CliRun none = runCli(QStringList{"find", "zzz_nothing"} + db());
    QCOMPARE(none.exitCode, 1);
    QVERIFY(none.err.contains("no symbol starting with 'zzz_nothing'"));
}

void TestCliCodeIndex::refsShowsDefinitionsAndCallers()
{
    const cairn::test::CliRun run = runCli(QStringList{"refs", "shape_area", "--repo", m_root} + db());
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.contains("defined:\n"), qPrintable(run.out));
    QVERIFY(run.out.contains("  src/shapes.c:9  function  double shape_area(const struct Shape* shape)\n"));
    QVERIFY(run.out.contains("referenced:\n"));
    QVERIFY(run.out.contains("  src/one.c:6  call  in first_area\n"));
    QVERIFY(run.out.contains("  src/two.c:6  call  in second_area\n"));
    QVERIFY(run.out.contains(" references\n"));
    const cairn::test::CliRun none = runCli(QStringList{"refs", "unknown_name"} + db());
    QCOMPARE(none.exitCode, 1);
    QVERIFY(none.err.contains("nothing is named 'unknown_name'"));
}

void TestCliCodeIndex::searchShowsLinesAndSnippets()
{
    const cairn::test::CliRun run = runCli(QStringList{"search", "tessellation", "rule"} + db());
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.startsWith("src/shapes.c:") && run.out.section('\n', 0, 0).endsWith("-13"), qPrintable(run.out));
    QVERIFY(run.out.contains(QStringLiteral("the \u00abtessellation\u00bb \u00abrule\u00bb")));
    const cairn::test::CliRun limited = runCli(QStringList{"search", "shape", "--limit", "1"} + db());
    QCOMPARE(limited.exitCode, 0);
    QCOMPARE(limited.out.count('\n'), 2); // one hit: its location and its snippet
    QCOMPARE(runCli(QStringList{"search", "absentword"} + db()).exitCode, 1);
}

void TestCliCodeIndex::repomapKeepsItsBudget()
{
    const cairn::test::CliRun run = runCli(QStringList{"repomap", m_root, "--tokens", "40"} + db());
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.startsWith("include/shapes.h:\n") || run.out.startsWith("src/shapes.c:\n"), qPrintable(run.out));
    QVERIFY(estimateTokens(run.out) <= 40);
    QVERIFY(run.err.contains("of 40 tokens (bytes/4 estimate)"));

    const cairn::test::CliRun focused
        = runCli(QStringList{"repomap", m_root, "--tokens", "400", "--focus", "tools/report.py"} + db());
    QCOMPARE(focused.exitCode, 0);
    QVERIFY2(focused.out.startsWith("tools/report.py:\n"), qPrintable(focused.out)); // nothing else leads there
    const cairn::test::CliRun absolute
        = runCli(QStringList{"repomap", m_root, "--tokens", "400", "--focus", m_root + "/tools/report.py"} + db());
    QCOMPARE(absolute.out, focused.out);
}

void TestCliCodeIndex::packKeepsItsBudget()
{
    for (int budget : {20, 60, 120, 400}) {
        const cairn::test::CliRun run = runCli(
            QStringList{"pack", m_root, "--tokens", QString::number(budget), "--question", "tessellation rule"} + db());
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(estimateTokens(run.out) <= budget, qPrintable(run.out));
        if (budget >= 120)
            QVERIFY2(run.out.contains("\n// src/shapes.c:"), qPrintable(run.out));
    }
    const cairn::test::CliRun all = runCli(QStringList{"pack", m_root, "--tokens", "2000"} + db());
    QCOMPARE(all.exitCode, 0);
    QVERIFY(all.out.contains("// tools/report.py:1-2\ndef report(areas):\n    return sum(areas)\n"));
    QVERIFY(all.err.contains("5 whole files and 0 chunks"));
}

void TestCliCodeIndex::badInput_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");
    const QString missing = m_dir.path() + "/missing";
    const QString file = m_root + "/src/one.c";
    const QString emptyDb = m_dir.path() + "/empty.db";
    const QString unindexed = m_dir.path() + "/unindexed";
    QDir().mkpath(unindexed);
    QTest::newRow("index missing") << QStringList{"index", missing, "--db", m_db} << 1 << "no such folder";
    QTest::newRow("index file") << QStringList{"index", file, "--db", m_db} << 1 << "not a folder";
    QTest::newRow("index no path") << QStringList{"index", "--db", m_db} << 2 << "needs one folder";
    QTest::newRow("find no db") << QStringList{"find", "x", "--db", emptyDb} << 1 << "no database yet";
    QTest::newRow("repomap unindexed") << QStringList{"repomap", unindexed, "--tokens", "100", "--db", m_db} << 1
                                       << "not indexed in this database; index it first: cairn-cli index";
    QTest::newRow("repomap missing") << QStringList{"repomap", missing, "--tokens", "100", "--db", m_db} << 1
                                     << "no such folder";
    QTest::newRow("repomap no tokens") << QStringList{"repomap", m_root, "--db", m_db} << 2 << "needs --tokens N";
    QTest::newRow("pack file") << QStringList{"pack", file, "--tokens", "100", "--db", m_db} << 1 << "not a folder";
    QTest::newRow("focus unknown") << QStringList{"repomap", m_root, "--tokens", "9", "--focus", "nope.c", "--db", m_db}
                                   << 1 << "--focus nope.c: not an indexed file";
    QTest::newRow("refs other repo") << QStringList{"refs", "x", "--repo", unindexed, "--db", m_db} << 1
                                     << "not indexed";
}

void TestCliCodeIndex::badInput()
{
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    const cairn::test::CliRun run = runCli(args);
    QCOMPARE(run.exitCode, exitCode);
    QVERIFY2(run.err.contains(message), qPrintable(run.err));
    QVERIFY(run.out.isEmpty());
}

QTEST_GUILESS_MAIN(TestCliCodeIndex)
#include "tst_cli_code_index.moc"
