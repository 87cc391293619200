// SPDX-License-Identifier: MIT
// Video frame sampling on clips the ffmpeg CLI makes: frame count, times and size at an interval,
// scaling, the frame cap, scene changes (black to white), the audio track, and clear errors.

#include "ingest/video/video_frame_sampler.h"
#include "media_fixture.h" // tests/ingest/audio

#include <QtTest>

using namespace cairn::ingest;
using cairn::test::makeMedia;

class TestVideoFrameSampler : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void probesTheVideo();
    void samplesAtAnInterval();
    void scalesAndCaps();
    void detectsSceneChanges();
    void extractsTheAudioTrack();
    void audioOnlyFileHasNoVideo();

private:
    QTemporaryDir m_dir;
    QString m_clip; ///< 4 s, 320x240 at 25 fps, MPEG-4 video and a 1 kHz FLAC tone, in MKV
};

void TestVideoFrameSampler::initTestCase()
{
    CAIRN_REQUIRE_FFMPEG();
    QVERIFY(m_dir.isValid());
    QString problem;
    m_clip = makeMedia(m_dir, QStringLiteral("clip.mkv"),
                       QStringList{"-f", "lavfi", "-i", "testsrc=size=320x240:rate=25:duration=4"}
                           + cairn::test::sineInput(1000, 4)
                           + QStringList{"-map", "0:v", "-map", "1:a", "-c:v", "mpeg4", "-q:v", "5", "-c:a", "flac"},
                       &problem);
    QVERIFY2(!m_clip.isEmpty(), qPrintable(problem));
}

void TestVideoFrameSampler::probesTheVideo()
{
    auto info = probeVideo(m_clip);
    QVERIFY2(info.ok(), qPrintable(info.ok() ? QString() : info.error().message()));
    QCOMPARE(info.value().width, 320);
    QCOMPARE(info.value().height, 240);
    QCOMPARE(info.value().codec, QStringLiteral("mpeg4"));
    QCOMPARE(info.value().frameRate, 25.0);
    QVERIFY(std::abs(info.value().durationSeconds - 4.0) < 0.05);
    QVERIFY(info.value().hasAudio);
    QCOMPARE(info.value().streamCount, 2);
}

void TestVideoFrameSampler::samplesAtAnInterval()
{
    FrameSamplingOptions options;
    options.intervalSeconds = 1.0;
    auto sampled = sampleVideoFrames(m_clip, options);
    QVERIFY2(sampled.ok(), qPrintable(sampled.ok() ? QString() : sampled.error().message()));
    const SampledVideo& video = sampled.value();
    QCOMPARE(video.decodedFrames, 100);
    QCOMPARE(video.frames.size(), std::size_t(4));
    QVERIFY(!video.truncated);
    for (std::size_t i = 0; i < video.frames.size(); ++i) {
        QVERIFY(std::abs(video.frames[i].timeSeconds - double(i)) < 0.02);
        QCOMPARE(video.frames[i].image.size(), QSize(320, 240));
        QCOMPARE(video.frames[i].image.format(), QImage::Format_RGB888);
        QVERIFY(!video.frames[i].sceneChange);
    }
    // testsrc moves: consecutive samples differ.
    QVERIFY(video.frames[0].image != video.frames[1].image);
}

void TestVideoFrameSampler::scalesAndCaps()
{
    FrameSamplingOptions options;
    options.intervalSeconds = 0.5;
    options.maxSide = 160;
    options.maxFrames = 3;
    auto sampled = sampleVideoFrames(m_clip, options);
    QVERIFY(sampled.ok());
    QCOMPARE(sampled.value().frames.size(), std::size_t(3));
    QVERIFY(sampled.value().truncated);
    QVERIFY(sampled.value().decodedFrames < 100); // stopped at the cap
    QCOMPARE(sampled.value().frames[2].image.size(), QSize(160, 120));
}

void TestVideoFrameSampler::detectsSceneChanges()
{
    QString problem;
    const QString path = makeMedia(m_dir, QStringLiteral("scenes.mp4"),
                                   {"-f", "lavfi", "-i", "color=c=black:size=128x96:rate=10:duration=2", "-f", "lavfi",
                                    "-i", "color=c=white:size=128x96:rate=10:duration=2", "-filter_complex",
                                    "[0][1]concat=n=2:v=1:a=0", "-c:v", "mpeg4"},
                                   &problem);
    QVERIFY2(!path.isEmpty(), qPrintable(problem));
    FrameSamplingOptions options;
    options.intervalSeconds = 0;
    options.sceneChanges = true;
    auto sampled = sampleVideoFrames(path, options);
    QVERIFY(sampled.ok());
    const auto& frames = sampled.value().frames;
    QCOMPARE(frames.size(), std::size_t(2));
    QVERIFY(!frames[0].sceneChange);
    QVERIFY(frames[1].sceneChange);
    QVERIFY(std::abs(frames[1].timeSeconds - 2.0) < 0.01);
    QVERIFY(qGray(frames[0].image.pixel(64, 48)) < 30);
    QVERIFY(qGray(frames[1].image.pixel(64, 48)) > 225);
    // Without audio: the audio decoder names the streams.
    auto audio = AudioDecoder::open(path);
    QVERIFY(!audio.ok());
    QCOMPARE(audio.error().message(), path + QStringLiteral(": no audio stream (1 stream: video)"));
}

void TestVideoFrameSampler::extractsTheAudioTrack()
{
    FrameSamplingOptions options;
    options.intervalSeconds = 2.0;
    auto extract = extractVideo(m_clip, options, 60 * 16000);
    QVERIFY(extract.ok());
    QCOMPARE(extract.value().video.frames.size(), std::size_t(2));
    QVERIFY(extract.value().audio.has_value());
    const double seconds = double(extract.value().audio->samples.size()) / 16000.0;
    QVERIFY2(std::abs(seconds - 4.0) <= 0.010, qPrintable(QString::number(seconds)));
}

void TestVideoFrameSampler::audioOnlyFileHasNoVideo()
{
    QString problem;
    const QString path = makeMedia(m_dir, QStringLiteral("song.mp3"),
                                   cairn::test::sineInput(440, 1) + QStringList{"-c:a", "libmp3lame"}, &problem);
    QVERIFY2(!path.isEmpty(), qPrintable(problem));
    auto info = probeVideo(path);
    QVERIFY(!info.ok());
    QCOMPARE(info.error().message(), path + QStringLiteral(": no video stream (1 stream: audio)"));
}

QTEST_GUILESS_MAIN(TestVideoFrameSampler)
#include "tst_video_frame_sampler.moc"
