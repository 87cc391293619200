// SPDX-License-Identifier: MIT
// Audio ingest speed: generates a 1-hour file with the ffmpeg CLI (44.1 kHz stereo MP3 of a tone
// plus noise, or the file given), then decodes, resamples to 16 kHz mono and computes 80-bin
// log-mel segments, the mel on a second thread while decoding. Prints one fixed-format line and
// `result ok|FAIL` after checking the segment count against the decoded length.
//   bench_audio [--minutes N] [--format mp3|opus] [--inline] [FILE]

#include "ingest/audio/log_mel_stream.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>

#include <cstdio>
#include <cstdlib>
#include <cstring>

using namespace cairn::ingest;

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    double minutes = 60;
    QString format = QStringLiteral("mp3");
    QString file;
    bool worker = true;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--minutes") == 0 && i + 1 < argc)
            minutes = std::atof(argv[++i]);
        else if (std::strcmp(argv[i], "--format") == 0 && i + 1 < argc)
            format = QString::fromLatin1(argv[++i]);
        else if (std::strcmp(argv[i], "--inline") == 0)
            worker = false;
        else
            file = QString::fromLocal8Bit(argv[i]);
    }
    QTemporaryDir dir;
    if (file.isEmpty()) {
        file = dir.filePath(QStringLiteral("bench.") + format);
        const QString seconds = QString::number(minutes * 60);
        QStringList args{"-y",
                         "-nostdin",
                         "-v",
                         "error",
                         "-f",
                         "lavfi",
                         "-i",
                         "sine=frequency=440:sample_rate=44100:duration=" + seconds,
                         "-f",
                         "lavfi",
                         "-i",
                         "anoisesrc=color=pink:amplitude=0.05:sample_rate=44100:duration=" + seconds,
                         "-filter_complex",
                         "[0][1]amix=inputs=2,aformat=channel_layouts=stereo",
                         "-c:a",
                         format == QLatin1String("opus") ? "libopus" : "libmp3lame",
                         "-b:a",
                         "128k",
                         file};
        QElapsedTimer made;
        made.start();
        QProcess ffmpeg;
        ffmpeg.setProcessChannelMode(QProcess::ForwardedChannels);
        ffmpeg.start(QStringLiteral("ffmpeg"), args);
        if (!ffmpeg.waitForFinished(-1) || ffmpeg.exitCode() != 0) {
            std::printf("error ffmpeg could not generate %s\nresult FAIL\n", qPrintable(file));
            return 1;
        }
        std::fprintf(stderr, "generated %s in %.1f s\n", qPrintable(file), double(made.elapsed()) / 1000.0);
    }
    LogMelFileOptions options;
    options.melBins = 80;
    options.workerThread = worker;
    int segments = 0;
    double checksum = 0;
    QElapsedTimer timer;
    timer.start();
    auto stats = decodeLogMel(
        file,
        [&](MelSegment&& segment) {
            ++segments;
            checksum += double(segment.mel.data[std::size_t(segment.contentFrames / 2)]);
            return true;
        },
        options);
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    if (!stats.ok()) {
        std::printf("error %s\nresult FAIL\n", qPrintable(stats.error().message()));
        return 1;
    }
    const double audioSeconds = stats.value().decode.seconds();
    const int expected = int((audioSeconds * 16000 / 160 + 2999) / 3000);
    std::printf("audio %-5s %s %.0f s audio, decode+resample+mel80 %.2f s, %.0fx realtime, %d segments, %s\n",
                qPrintable(stats.value().info.codec), worker ? "2 threads" : "1 thread ", audioSeconds, seconds,
                audioSeconds / seconds, segments, checksum == checksum ? "finite" : "NaN");
    const bool ok = segments == expected && segments > 0 && checksum == checksum;
    std::printf("result %s\n", ok ? "ok" : "FAIL");
    return ok ? 0 : 1;
}
