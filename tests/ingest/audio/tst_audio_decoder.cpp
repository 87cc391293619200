// SPDX-License-Identifier: MIT
// AudioDecoder on files the ffmpeg CLI makes: a 3 s 1 kHz tone in WAV, MP3, Opus, AAC (m4a), FLAC
// and an MKV with video; metadata, decoded length within 10 ms, the tone's frequency; bad input;
// the collecting API's cap; a long file streamed in bounded memory; cancellation and progress.

#include "ingest/audio/audio_decoder.h"
#include "media_fixture.h"

#include <QFile>
#include <QRandomGenerator>
#include <QtTest>

#include <cmath>
#include <numbers>

#if defined(__SANITIZE_ADDRESS__)
// From ASan's public interface (sanitizer/allocator_interface.h, not installed with g++ on Debian).
extern "C" std::size_t __sanitizer_get_current_allocated_bytes(); // NOLINT(bugprone-reserved-identifier)
#else
#include <malloc.h>
#endif

using namespace cairn::ingest;
using cairn::test::makeMedia;
using cairn::test::sineInput;

namespace {

/// The strongest frequency between 100 Hz and 4 kHz in 10 Hz steps (direct DFT, double).
double dominantHz(const std::vector<float>& samples, int sampleRate, std::size_t from, std::size_t count)
{
    double bestHz = 0, bestPower = -1;
    for (int hz = 100; hz <= 4000; hz += 10) {
        double re = 0, im = 0;
        const double step = 2.0 * std::numbers::pi * hz / sampleRate;
        for (std::size_t i = 0; i < count; ++i) {
            re += double(samples[from + i]) * std::cos(step * double(i));
            im -= double(samples[from + i]) * std::sin(step * double(i));
        }
        if (re * re + im * im > bestPower) {
            bestPower = re * re + im * im;
            bestHz = hz;
        }
    }
    return bestHz;
}

/// Live heap bytes (RSS would count ASan's quarantine of freed blocks).
double heapMiB()
{
#if defined(__SANITIZE_ADDRESS__)
    return double(__sanitizer_get_current_allocated_bytes()) / (1024.0 * 1024.0);
#else
    return double(mallinfo2().uordblks) / (1024.0 * 1024.0);
#endif
}

} // namespace

class TestAudioDecoder : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void decodesEveryFormat_data();
    void decodesEveryFormat();
    void truncatedMp3DecodesWhatIsThere();
    void badInputIsAClearError_data();
    void badInputIsAClearError();
    void videoWithoutAudioNamesItsStreams();
    void collectingCapIsRespectedAndReported();
    void longFileStreamsInBoundedMemory();
    void cancelStopsDecoding();
    void progressRisesToOne();

private:
    QString tone(const QString& name, const QStringList& codecArgs, double seconds = 3.0);
    QTemporaryDir m_dir;
};

void TestAudioDecoder::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

QString TestAudioDecoder::tone(const QString& name, const QStringList& codecArgs, double seconds)
{
    QString problem;
    const QString path = makeMedia(m_dir, name, sineInput(1000, seconds) + codecArgs, &problem);
    if (path.isEmpty())
        qWarning("%s", qPrintable(problem));
    return path;
}

void TestAudioDecoder::decodesEveryFormat_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("codec");
    QTest::addColumn<int>("sampleRate");
    const QStringList tags{"-ac", "2", "-metadata", "title=Cairn tone", "-metadata", "artist=Test Bench"};
    QTest::newRow("wav") << "tone.wav" << tags + QStringList{"-c:a", "pcm_s16le"} << "pcm_s16le" << 44100;
    QTest::newRow("mp3") << "tone.mp3" << tags + QStringList{"-c:a", "libmp3lame", "-b:a", "128k"} << "mp3" << 44100;
    QTest::newRow("opus") << "tone.opus" << tags + QStringList{"-c:a", "libopus", "-b:a", "64k"} << "opus" << 48000;
    QTest::newRow("aac") << "tone.m4a" << tags + QStringList{"-c:a", "aac", "-b:a", "128k"} << "aac" << 44100;
    QTest::newRow("flac") << "tone.flac" << tags + QStringList{"-c:a", "flac"} << "flac" << 44100;
    QTest::newRow("mkv") << "tone.mkv"
                         << QStringList{"-f", "lavfi", "-i", "testsrc=size=160x120:rate=10:duration=3"}
            + sineInput(1000, 3) + QStringList{"-map",      "0:v",
                                               "-map",      "1:a",
                                               "-c:v",      "mpeg4",
                                               "-c:a",      "flac",
                                               "-ac",       "2",
                                               "-metadata", "title=Cairn tone",
                                               "-metadata", "artist=Test Bench"}
                         << "flac" << 44100;
}

void TestAudioDecoder::decodesEveryFormat()
{
    CAIRN_REQUIRE_FFMPEG();
    QFETCH(QString, file);
    QFETCH(QStringList, args);
    QFETCH(QString, codec);
    QFETCH(int, sampleRate);
    QString problem;
    const bool withVideo = file.endsWith(QLatin1String(".mkv"));
    const QString path = withVideo ? makeMedia(m_dir, file, args, &problem) : tone(file, args);
    QVERIFY2(!path.isEmpty(), qPrintable(problem));

    auto decoded = decodeAudio(path, 10 * 16000);
    QVERIFY2(decoded.ok(), qPrintable(decoded.ok() ? QString() : decoded.error().message()));
    const DecodedAudio& audio = decoded.value();
    QCOMPARE(audio.info.codec, codec);
    QCOMPARE(audio.info.sampleRate, sampleRate);
    QCOMPARE(audio.info.channels, 2);
    QCOMPARE(audio.info.streamCount, withVideo ? 2 : 1);
    QVERIFY2(std::abs(audio.info.durationSeconds - 3.0) < 0.05,
             qPrintable(QString::number(audio.info.durationSeconds)));
    QCOMPARE(audio.info.tags.value(QStringLiteral("title")), QStringLiteral("Cairn tone"));
    QCOMPARE(audio.info.tags.value(QStringLiteral("artist")), QStringLiteral("Test Bench"));
    if (codec != QLatin1String("pcm_s16le") && codec != QLatin1String("flac"))
        QVERIFY2(audio.info.bitRate > 16000, qPrintable(QString::number(audio.info.bitRate)));
    QCOMPARE(audio.stats.sampleRate, 16000);
    QVERIFY(!audio.truncated);
    QCOMPARE(audio.stats.corruptPackets, 0);
    const double seconds = double(audio.samples.size()) / 16000.0;
    QVERIFY2(std::abs(seconds - 3.0) <= 0.010, qPrintable(QStringLiteral("decoded %1 s").arg(seconds, 0, 'f', 4)));
    QCOMPARE(dominantHz(audio.samples, 16000, 16000, 16000), 1000.0);
}

void TestAudioDecoder::truncatedMp3DecodesWhatIsThere()
{
    CAIRN_REQUIRE_FFMPEG();
    const QString full = tone(QStringLiteral("full.mp3"), {"-c:a", "libmp3lame", "-b:a", "128k"});
    QVERIFY(!full.isEmpty());
    QFile in(full);
    QVERIFY(in.open(QIODevice::ReadOnly));
    const QByteArray bytes = in.readAll();
    const QString cut = m_dir.filePath(QStringLiteral("cut.mp3"));
    QFile out(cut);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(bytes.left(bytes.size() / 2 + 77)); // mid-frame
    out.close();
    auto decoded = decodeAudio(cut, 10 * 16000);
    QVERIFY2(decoded.ok(), qPrintable(decoded.ok() ? QString() : decoded.error().message()));
    const double seconds = double(decoded.value().samples.size()) / 16000.0;
    QVERIFY2(seconds > 1.2 && seconds < 1.8, qPrintable(QString::number(seconds)));
    QCOMPARE(dominantHz(decoded.value().samples, 16000, 0, 8000), 1000.0);
}

void TestAudioDecoder::badInputIsAClearError_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("expected");
    QTest::newRow("empty") << QByteArray() << "empty file (0 bytes)";
    QByteArray noise(64 * 1024, Qt::Uninitialized);
    QRandomGenerator generator(42);
    for (char& c : noise)
        c = static_cast<char>(generator.bounded(256));
    QTest::newRow("random") << noise << "not a media file FFmpeg can open";
    QTest::newRow("text") << QByteArray("just some text, not audio\n").repeated(100)
                          << "not a media file FFmpeg can open";
}

void TestAudioDecoder::badInputIsAClearError()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, expected);
    const QString path = m_dir.filePath(QStringLiteral("bad_%1.mp3").arg(QTest::currentDataTag()));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(content);
    file.close();
    auto decoded = decodeAudio(path, 16000);
    QVERIFY(!decoded.ok());
    const QString message = decoded.error().message();
    QVERIFY2(message.startsWith(path + QStringLiteral(": ")), qPrintable(message));
    QVERIFY2(message.contains(expected), qPrintable(message));
    auto missing = probeAudio(m_dir.filePath(QStringLiteral("does-not-exist.wav")));
    QVERIFY(!missing.ok());
    QCOMPARE(missing.error().code, ErrorCode::Io);
}

void TestAudioDecoder::videoWithoutAudioNamesItsStreams()
{
    CAIRN_REQUIRE_FFMPEG();
    QString problem;
    const QString path
        = makeMedia(m_dir, QStringLiteral("silent.mp4"),
                    {"-f", "lavfi", "-i", "testsrc=size=64x48:rate=5:duration=1", "-c:v", "mpeg4"}, &problem);
    QVERIFY2(!path.isEmpty(), qPrintable(problem));
    auto decoder = AudioDecoder::open(path);
    QVERIFY(!decoder.ok());
    QCOMPARE(decoder.error().message(), path + QStringLiteral(": no audio stream (1 stream: video)"));
}

void TestAudioDecoder::collectingCapIsRespectedAndReported()
{
    CAIRN_REQUIRE_FFMPEG();
    const QString path = tone(QStringLiteral("cap.flac"), {"-c:a", "flac"});
    QVERIFY(!path.isEmpty());
    auto capped = decodeAudio(path, 12345);
    QVERIFY(capped.ok());
    QCOMPARE(capped.value().samples.size(), std::size_t(12345));
    QVERIFY(capped.value().samples.capacity() <= std::size_t(12345));
    QVERIFY(capped.value().truncated);
    QVERIFY(capped.value().stats.stoppedEarly);
    auto exact = decodeAudio(path, 48000);
    QVERIFY(exact.ok());
    QCOMPARE(exact.value().samples.size(), std::size_t(48000));
    QVERIFY(!exact.value().truncated);
}

void TestAudioDecoder::longFileStreamsInBoundedMemory()
{
    CAIRN_REQUIRE_FFMPEG();
    // 40 minutes: 154 MB as 16 kHz floats, 38 MB as the 8 kHz 16-bit WAV on disk.
    const double minutes = 40;
    const QString path = makeMedia(m_dir, QStringLiteral("long.wav"),
                                   sineInput(440, minutes * 60, 8000) + QStringList{"-c:a", "pcm_s16le"}, nullptr);
    QVERIFY(!path.isEmpty());
    auto decoder = AudioDecoder::open(path);
    QVERIFY(decoder.ok());
    const double heapBefore = heapMiB();
    double heapPeak = heapBefore;
    qint64 total = 0;
    std::size_t largestBlock = 0;
    AudioDecodeOptions options;
    options.blockSamples = 4096;
    auto stats = decoder.value().decode(
        [&](std::span<const float> block) {
            total += qint64(block.size());
            largestBlock = std::max(largestBlock, block.size());
            if (total % (1 << 20) < 4096)
                heapPeak = std::max(heapPeak, heapMiB());
            return true;
        },
        options);
    QVERIFY(stats.ok());
    QCOMPARE(total, qint64(minutes * 60 * 16000));
    QCOMPARE(stats.value().samples, total);
    QCOMPARE(largestBlock, std::size_t(4096));
    const double grown = heapPeak - heapBefore;
    QVERIFY2(grown < 16, qPrintable(QStringLiteral("live heap grew by %1 MiB").arg(grown)));
}

void TestAudioDecoder::cancelStopsDecoding()
{
    CAIRN_REQUIRE_FFMPEG();
    const QString path = tone(QStringLiteral("cancel.wav"), {"-c:a", "pcm_s16le"});
    auto decoder = AudioDecoder::open(path);
    QVERIFY(decoder.ok());
    CancelFlag cancel;
    AudioDecodeOptions options;
    options.cancel = &cancel;
    options.blockSamples = 1600;
    int blocks = 0;
    auto stats = decoder.value().decode(
        [&](std::span<const float>) {
            ++blocks;
            cancel.cancel();
            return true;
        },
        options);
    QVERIFY(!stats.ok());
    QCOMPARE(stats.error().code, ErrorCode::Cancelled);
    QVERIFY(blocks >= 1 && blocks < 30);
}

void TestAudioDecoder::progressRisesToOne()
{
    CAIRN_REQUIRE_FFMPEG();
    const QString path = tone(QStringLiteral("progress.mp3"), {"-c:a", "libmp3lame"});
    QList<double> reports;
    AudioDecodeOptions options;
    options.progress = [&](double fraction) { reports << fraction; };
    auto decoded = decodeAudio(path, 10 * 16000, options);
    QVERIFY(decoded.ok());
    QVERIFY(reports.size() > 10);
    QCOMPARE(reports.last(), 1.0);
    QVERIFY(std::is_sorted(reports.begin(), reports.end()));
}

QTEST_GUILESS_MAIN(TestAudioDecoder)
#include "tst_audio_decoder.moc"
