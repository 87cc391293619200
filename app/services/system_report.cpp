// SPDX-License-Identifier: MIT
// Builds and formats the SystemReport. Formatting lives here so CLI and GUI show the same facts.

#include "app/services/system_report.h"

#include "ingest/repo/language.h"
#include "storage/sqlite_info.h"

#include <QStringList>
#include <QtGlobal>

namespace cairn::app {

namespace {

constexpr qsizetype kNameWidth = 14;

QString row(const QString& name, const QString& value)
{
    return QStringLiteral("  %1 %2\n").arg(name.leftJustified(kNameWidth), value);
}

QString yesNo(bool value)
{
    return value ? QStringLiteral("yes") : QStringLiteral("no");
}

QString cudaLine(const CudaInfo& cuda)
{
    if (!cuda.compiled)
        return QStringLiteral("compiled: no, %1").arg(QString::fromStdString(cuda.status));
    QStringList devices;
    for (const CudaDevice& d : cuda.devices)
        devices << QStringLiteral("%1 (sm_%2%3, %4 GiB)")
                       .arg(QString::fromStdString(d.name))
                       .arg(d.computeMajor)
                       .arg(d.computeMinor)
                       .arg(static_cast<double>(d.memoryBytes) / (1024.0 * 1024.0 * 1024.0), 0, 'f', 1);
    return QStringLiteral("compiled: yes (runtime %1), devices: %2%3, %4")
        .arg(QString::fromStdString(cuda.runtimeVersion))
        .arg(cuda.devices.size())
        .arg(devices.isEmpty() ? QString() : QStringLiteral(" [%1]").arg(devices.join(QStringLiteral("; "))),
             QString::fromStdString(cuda.status));
}

QString vulkanLine(const VulkanInfo& vulkan)
{
    if (!vulkan.compiled || vulkan.devices.empty())
        return QStringLiteral("compiled: %1, %2").arg(yesNo(vulkan.compiled), QString::fromStdString(vulkan.status));
    QString out = QStringLiteral("compiled: yes, %1").arg(QString::fromStdString(vulkan.status));
    for (const VulkanDevice& d : vulkan.devices)
        out += QStringLiteral("\n  %1   %2 [%3, Vulkan %4], compute check: %5")
                   .arg(QString().leftJustified(kNameWidth), QString::fromStdString(d.name),
                        QString::fromStdString(d.type), QString::fromStdString(d.apiVersion),
                        d.computeOk ? QStringLiteral("passed")
                                    : QStringLiteral("failed (%1)").arg(QString::fromStdString(d.problem)));
    return out;
}

bool vulkanUsable(const VulkanInfo& vulkan)
{
    for (const VulkanDevice& d : vulkan.devices) {
        if (d.computeOk)
            return true;
    }
    return false;
}

bool cudaUsable(const CudaInfo& cuda)
{
    return cuda.kernelOk;
}

} // namespace

bool SystemReport::healthy() const
{
    if (!sqliteFts5)
        return false;
    for (const GrammarStatus& g : grammars) {
        if (!g.loads)
            return false;
    }
    return !grammars.isEmpty();
}

SystemReport collectLibraries()
{
    SystemReport report;
    report.appVersion = QStringLiteral(CAIRN_VERSION);
    report.qtRuntimeVersion = QString::fromLatin1(qVersion());
    report.qtBuildVersion = QStringLiteral(QT_VERSION_STR);
    const storage::SqliteInfo sqlite = storage::probeSqlite();
    report.sqliteVersion = QString::fromStdString(sqlite.version);
    report.sqliteFts5 = sqlite.fts5;
    report.sqliteProblem = QString::fromStdString(sqlite.problem);
    report.libraries = ingest::libraryVersions();
    for (const ingest::Language& language : ingest::languages())
        report.grammars.append(
            {language.id, language.grammarPackage, language.grammarVersion, language.abiVersion(), language.loads()});
    return report;
}

SystemReport collectSystemReport()
{
    SystemReport report = collectLibraries();
    report.backends = probeBackends();
    return report;
}

QString backendSummary(const BackendReport& backends)
{
    QStringList parts;
    parts << QStringLiteral("CPU: %1").arg(QString::fromStdString(backends.cpu.featureList()));
    parts << (backends.cuda.compiled ? QStringLiteral("CUDA: %1 device(s)").arg(backends.cuda.devices.size())
                                     : QStringLiteral("CUDA: not built"));
    QStringList vulkanNames;
    for (const VulkanDevice& d : backends.vulkan.devices) {
        if (d.computeOk)
            vulkanNames << QString::fromStdString(d.name);
    }
    parts << (vulkanNames.isEmpty() ? QStringLiteral("Vulkan: none")
                                    : QStringLiteral("Vulkan: %1").arg(vulkanNames.join(QStringLiteral(", "))));
    return parts.join(QStringLiteral("  ·  "));
}

QString formatVersions(const SystemReport& report)
{
    QString out = QStringLiteral("cairn %1 (engine %2)\n").arg(report.appVersion, QString::fromLatin1(engineVersion()));
    out += row(QStringLiteral("Qt"),
               QStringLiteral("%1 (built with %2)").arg(report.qtRuntimeVersion, report.qtBuildVersion));
    out += row(QStringLiteral("SQLite"), report.sqliteVersion);
    for (const ingest::LibraryVersion& lib : report.libraries)
        out += row(lib.name, lib.version);
    QStringList packages; // tree-sitter-typescript holds two grammars: list it once
    for (const GrammarStatus& g : report.grammars) {
        if (packages.contains(g.package))
            continue;
        packages << g.package;
        out += row(g.package, g.version);
    }
    return out;
}

QString formatDoctor(const SystemReport& report)
{
    QString out = QStringLiteral("Cairn %1 (engine %2)\n\nLibraries\n")
                      .arg(report.appVersion, QString::fromLatin1(engineVersion()));
    out += row(QStringLiteral("Qt"),
               QStringLiteral("%1 (built with %2)").arg(report.qtRuntimeVersion, report.qtBuildVersion));
    out += row(
        QStringLiteral("SQLite"),
        QStringLiteral("%1, FTS5: %2%3")
            .arg(report.sqliteVersion, yesNo(report.sqliteFts5),
                 report.sqliteProblem.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(report.sqliteProblem)));
    for (const ingest::LibraryVersion& lib : report.libraries)
        out += row(lib.name,
                   lib.detail.isEmpty() ? lib.version : QStringLiteral("%1 (%2)").arg(lib.version, lib.detail));

    out += QStringLiteral("\nTree-sitter grammars\n");
    for (const GrammarStatus& g : report.grammars)
        out += row(g.language,
                   QStringLiteral("%1 %2, ABI %3, loads: %4").arg(g.package, g.version).arg(g.abi).arg(yesNo(g.loads)));

    const BackendReport& b = report.backends;
    out += QStringLiteral("\nBackends\n");
    out += row(QStringLiteral("CPU"),
               QStringLiteral("usable: yes, %1, %2 logical cores, features: %3")
                   .arg(QString::fromStdString(b.cpu.brand))
                   .arg(b.cpu.logicalCores)
                   .arg(QString::fromStdString(b.cpu.featureList())));
    out += row(QStringLiteral("CUDA"),
               QStringLiteral("usable: %1, %2").arg(yesNo(cudaUsable(b.cuda)), cudaLine(b.cuda)));
    out += row(QStringLiteral("Vulkan"),
               QStringLiteral("usable: %1, %2").arg(yesNo(vulkanUsable(b.vulkan)), vulkanLine(b.vulkan)));

    out += report.healthy() ? QStringLiteral("\nStatus: ok\n")
                            : QStringLiteral("\nStatus: PROBLEMS (see the lines with \"no\" above)\n");
    return out;
}

} // namespace cairn::app
