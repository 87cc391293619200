// SPDX-License-Identifier: MIT
// Test media made on the fly with the ffmpeg command-line tool (installed by scripts/install-deps)
// into a temporary folder. Tests QSKIP when the tool is missing.
#pragma once

#include <QProcess>
#include <QStandardPaths>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

namespace cairn::test {

inline bool haveFfmpeg()
{
    return !QStandardPaths::findExecutable(QStringLiteral("ffmpeg")).isEmpty();
}

/// Runs `ffmpeg -y -v error ARGS... dir/name`; returns the output path, or an empty string with
/// ffmpeg's complaint in `problem`.
inline QString makeMedia(const QTemporaryDir& dir, const QString& name, const QStringList& args, QString* problem)
{
    const QString path = dir.filePath(name);
    QProcess ffmpeg;
    ffmpeg.setProcessChannelMode(QProcess::MergedChannels);
    ffmpeg.start(
        QStringLiteral("ffmpeg"),
        QStringList{QStringLiteral("-y"), QStringLiteral("-nostdin"), QStringLiteral("-v"), QStringLiteral("error")}
            + args + QStringList{path});
    if (!ffmpeg.waitForFinished(300000) || ffmpeg.exitCode() != 0) {
        if (problem)
            *problem = QStringLiteral("ffmpeg %1 failed: %2")
                           .arg(args.join(QLatin1Char(' ')), QString::fromLocal8Bit(ffmpeg.readAll()));
        return {};
    }
    return path;
}

/// ffmpeg arguments for a `seconds`-long sine tone at `hz` (lavfi's amplitude is 1/8).
inline QStringList sineInput(double hz, double seconds, int sampleRate = 44100)
{
    return {QStringLiteral("-f"), QStringLiteral("lavfi"), QStringLiteral("-i"),
            QStringLiteral("sine=frequency=%1:duration=%2:sample_rate=%3").arg(hz).arg(seconds).arg(sampleRate)};
}

} // namespace cairn::test

#define CAIRN_REQUIRE_FFMPEG()                                                                                         \
    do {                                                                                                               \
        if (!cairn::test::haveFfmpeg())                                                                                \
            QSKIP("the ffmpeg command-line tool is not installed (scripts/install-deps installs it)");                 \
    } while (false)
