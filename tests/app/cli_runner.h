// SPDX-License-Identifier: MIT
// Runs cairn-cli (CAIRN_CLI_PATH) as a user would and collects its exit status and output.
#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>

namespace cairn::test {

struct CliRun {
    int exitCode = -1; ///< -1 when it crashed or did not finish in time
    QString out;
    QString err;
};

inline CliRun runCli(const QStringList& args, int timeoutMs = 300'000)
{
    QProcess process;
    process.start(QStringLiteral(CAIRN_CLI_PATH), args);
    CliRun run;
    if (!process.waitForFinished(timeoutMs))
        return run;
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

} // namespace cairn::test
