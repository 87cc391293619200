// SPDX-License-Identifier: MIT
// cairn-cli as a user runs it: exit codes and output of --version, doctor, and bad commands.

#include "cli_runner.h"

#include <QtTest>

namespace {

using cairn::test::runCli;
using Run = cairn::test::CliRun;

} // namespace

class TestCli : public QObject {
    Q_OBJECT
private slots:
    void versionListsLibraries();
    void doctorPrintsReportAndSucceeds();
    void unknownCommandFailsWithUsage();
    void noCommandPrintsUsageAndFails();
};

void TestCli::versionListsLibraries()
{
    const Run run = runCli({QStringLiteral("--version")});
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out.startsWith(QStringLiteral("cairn %1").arg(QLatin1String(CAIRN_VERSION))));
    for (const char* lib : {"Qt", "SQLite", "FFmpeg", "poppler-qt6", "tesseract", "libgit2", "tree-sitter-rust"})
        QVERIFY2(run.out.contains(QLatin1String(lib)), lib);
}

void TestCli::doctorPrintsReportAndSucceeds()
{
    const Run run = runCli({QStringLiteral("doctor")});
    QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
    QVERIFY(run.out.contains(QLatin1String("FTS5: yes")));
    QVERIFY(run.out.contains(QRegularExpression(QStringLiteral("CUDA +usable: (yes|no), compiled: (yes|no)"))));
    QVERIFY(run.out.contains(QRegularExpression(QStringLiteral("Vulkan +usable: (yes|no)"))));
    QVERIFY(run.out.trimmed().endsWith(QLatin1String("Status: ok")));
}

void TestCli::unknownCommandFailsWithUsage()
{
    const Run run = runCli({QStringLiteral("frobnicate")});
    QCOMPARE(run.exitCode, 2);
    QVERIFY(run.err.contains(QLatin1String("unknown command 'frobnicate'")));
    QVERIFY(run.err.contains(QLatin1String("Usage: cairn-cli")));
}

void TestCli::noCommandPrintsUsageAndFails()
{
    const Run run = runCli({});
    QCOMPARE(run.exitCode, 2);
    QVERIFY(run.err.contains(QLatin1String("doctor")));
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
