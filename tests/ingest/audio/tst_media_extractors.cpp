// SPDX-License-Identifier: MIT
// ingest::open on audio and video files: the registry sniffs them by content and the audio and
// video extractors report their facts (media made by the ffmpeg command-line tool).

#include "ingest/audio/audio_extractor.h"
#include "ingest/registry.h"
#include "media_fixture.h"

#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

using namespace cairn;
using namespace cairn::ingest;

class TestMediaExtractors : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void formatsDurations()
    {
        QCOMPARE(formatDuration(0.0), QStringLiteral("0:00"));
        QCOMPARE(formatDuration(62.4), QStringLiteral("1:02"));
        QCOMPARE(formatDuration(3849.0), QStringLiteral("1:04:09"));
    }

    void audioFileIsDescribed()
    {
        CAIRN_REQUIRE_FFMPEG();
        QString problem;
        const QString path = test::makeMedia(
            m_dir, QStringLiteral("tone.mp3"),
            test::sineInput(440, 3.0) + QStringList{QStringLiteral("-metadata"), QStringLiteral("title=Test tone")},
            &problem);
        QVERIFY2(!path.isEmpty(), qPrintable(problem));
        Result<ExtractedContent> content = open(path);
        QVERIFY2(content.ok(), content.ok() ? "" : qPrintable(content.error().message()));
        QCOMPARE(content.value().kind, ContentKind::Audio);
        QCOMPARE(content.value().metadata[QStringLiteral("codec")].toString(), QStringLiteral("mp3"));
        QVERIFY(std::abs(content.value().metadata[QStringLiteral("durationSeconds")].toDouble() - 3.0) < 0.1);
        QVERIFY2(content.value().text().contains(QLatin1String("title: Test tone")),
                 qPrintable(content.value().text()));
        QVERIFY(content.value().text().startsWith(QLatin1String("Audio, 0:03, mp3")));
    }

    void videoFileIsSampled()
    {
        CAIRN_REQUIRE_FFMPEG();
        QString problem;
        const QString path = test::makeMedia(
            m_dir, QStringLiteral("clip.mkv"),
            {QStringLiteral("-f"), QStringLiteral("lavfi"), QStringLiteral("-i"),
             QStringLiteral("testsrc=size=160x120:rate=10:duration=25"), QStringLiteral("-f"), QStringLiteral("lavfi"),
             QStringLiteral("-i"), QStringLiteral("sine=frequency=500:duration=25"), QStringLiteral("-shortest")},
            &problem);
        QVERIFY2(!path.isEmpty(), qPrintable(problem));
        Result<ExtractedContent> content = open(path);
        QVERIFY2(content.ok(), content.ok() ? "" : qPrintable(content.error().message()));
        QCOMPARE(content.value().kind, ContentKind::Video);
        QCOMPARE(content.value().metadata[QStringLiteral("width")].toInt(), 160);
        QCOMPARE(content.value().metadata[QStringLiteral("height")].toInt(), 120);
        QVERIFY(content.value().metadata[QStringLiteral("hasAudio")].toBool());
        // One frame every 10 s of 25 s: at 0, 10 and 20 s.
        const QJsonArray times = content.value().metadata[QStringLiteral("sampledFrameTimes")].toArray();
        QVERIFY2(times.size() >= 3, qPrintable(QString::number(times.size())));
        QVERIFY(content.value().text().contains(QLatin1String("audio")));
    }

    void videoNamedAsAudioIsSniffed()
    {
        CAIRN_REQUIRE_FFMPEG();
        QString problem;
        const QString video = test::makeMedia(m_dir, QStringLiteral("real.mp4"),
                                              {QStringLiteral("-f"), QStringLiteral("lavfi"), QStringLiteral("-i"),
                                               QStringLiteral("testsrc=size=64x48:rate=5:duration=2")},
                                              &problem);
        QVERIFY2(!video.isEmpty(), qPrintable(problem));
        const QString liar = m_dir.filePath(QStringLiteral("song.mp3"));
        QVERIFY(QFile::copy(video, liar));
        Result<ExtractedContent> content = open(liar);
        QVERIFY2(content.ok(), content.ok() ? "" : qPrintable(content.error().message()));
        QCOMPARE(content.value().kind, ContentKind::Video);
        QVERIFY(content.value().type.extensionLies());
    }

    void corruptAudioIsNamed()
    {
        const QString path = m_dir.filePath(QStringLiteral("broken.mp3"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("ID3\x03\x00\x00\x00\x00\x00\x00", 10); // an ID3 header and nothing after it
        file.close();
        Result<ExtractedContent> content = open(path);
        QVERIFY(!content.ok());
        QVERIFY2(content.error().message().contains(QLatin1String("broken.mp3")),
                 qPrintable(content.error().message()));
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestMediaExtractors)
#include "tst_media_extractors.moc"
