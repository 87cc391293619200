// SPDX-License-Identifier: MIT
// The system report behind `cairn-cli doctor` and the status bar.

#include "app/services/system_report.h"

#include <QtTest>

class TestSystemReport : public QObject {
    Q_OBJECT
private slots:
    void reportOfThisBuildIsHealthy();
    void doctorNamesEveryComponent();
    void unloadableGrammarMakesReportUnhealthy();
    void backendSummaryIsOneLine();
};

void TestSystemReport::reportOfThisBuildIsHealthy()
{
    const cairn::app::SystemReport report = cairn::app::collectSystemReport();
    QVERIFY(report.sqliteFts5);
    QCOMPARE(report.grammars.size(), 9);
    QVERIFY(report.healthy());
    QCOMPARE(report.qtRuntimeVersion, QString::fromLatin1(qVersion()));
}

void TestSystemReport::doctorNamesEveryComponent()
{
    const QString text = cairn::app::formatDoctor(cairn::app::collectSystemReport());
    for (const char* needle : {"Qt ", "FFmpeg", "SQLite", "FTS5: yes", "libgit2", "tree-sitter", "poppler-qt6",
                               "tesseract", "CUDA", "Vulkan", "CPU", "Status: ok"})
        QVERIFY2(text.contains(QLatin1String(needle)), needle);
    for (const char* grammar :
         {"tree-sitter-c ", "tree-sitter-cpp", "tree-sitter-go", "tree-sitter-java ", "tree-sitter-javascript",
          "tree-sitter-python", "tree-sitter-rust", "tree-sitter-typescript"})
        QVERIFY2(text.contains(QLatin1String(grammar)), grammar);
    // Nine grammars, each with its ABI version and whether it loads.
    QCOMPARE(text.count(QRegularExpression(QStringLiteral("ABI 1[3-5], loads: yes"))), 9);
}

void TestSystemReport::unloadableGrammarMakesReportUnhealthy()
{
    cairn::app::SystemReport report = cairn::app::collectLibraries();
    QVERIFY(report.healthy());
    report.grammars[0].loads = false;
    QVERIFY(!report.healthy());
    QVERIFY(cairn::app::formatDoctor(report).contains(QLatin1String("Status: PROBLEMS")));
}

void TestSystemReport::backendSummaryIsOneLine()
{
    cairn::BackendReport backends;
    backends.cpu.avx2 = true;
    backends.vulkan.devices.push_back({"llvmpipe", "cpu", "1.3.230", true, {}});
    backends.vulkan.devices.push_back({"broken", "discrete", "1.3.0", false, "vkCreateDevice failed"});
    QCOMPARE(cairn::app::backendSummary(backends),
             QStringLiteral("CPU: avx2  ·  CUDA: not built  ·  Vulkan: llvmpipe"));
}

QTEST_GUILESS_MAIN(TestSystemReport)
#include "tst_system_report.moc"
