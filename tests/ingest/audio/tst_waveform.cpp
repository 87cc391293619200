// SPDX-License-Identifier: MIT
// Waveform peaks: width, ordering and extremes for streamed ramps of several lengths, and the
// thumbnail of a generated tone file.

#include "ingest/audio/waveform.h"
#include "media_fixture.h"

#include <QtTest>

using namespace cairn::ingest;

class TestWaveform : public QObject {
    Q_OBJECT
private slots:
    void rampGivesOrderedColumns_data();
    void rampGivesOrderedColumns();
    void emptyInputGivesFlatColumns();
    void toneFileThumbnail();
};

void TestWaveform::rampGivesOrderedColumns_data()
{
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("samples");
    QTest::newRow("more samples than columns") << 100 << 160000;
    QTest::newRow("odd sizes") << 37 << 9999;
    QTest::newRow("fewer samples than columns") << 200 << 50;
}

void TestWaveform::rampGivesOrderedColumns()
{
    QFETCH(int, width);
    QFETCH(int, samples);
    std::vector<float> ramp(std::size_t(samples), 0.0f);
    for (int i = 0; i < samples; ++i)
        ramp[std::size_t(i)] = -1.0f + 2.0f * float(i) / float(samples - 1);
    WaveformBuilder builder(width);
    for (std::size_t at = 0; at < ramp.size(); at += 1000) // in blocks, as a decoder delivers them
        builder.add(std::span<const float>(ramp).subspan(at, std::min<std::size_t>(1000, ramp.size() - at)));
    const Waveform waveform = builder.result();
    QCOMPARE(waveform.columns.size(), std::size_t(width));
    QCOMPARE(waveform.samples, qint64(samples));
    QCOMPARE(waveform.columns.front().minimum, -1.0f);
    QCOMPARE(waveform.columns.back().maximum, 1.0f);
    for (std::size_t c = 0; c < waveform.columns.size(); ++c) {
        QVERIFY(waveform.columns[c].minimum <= waveform.columns[c].maximum);
        if (c > 0)
            QVERIFY(waveform.columns[c].minimum >= waveform.columns[c - 1].minimum);
    }
    if (samples >= 2 * width) { // each column covers about 1/width of the ramp (2/width in value)
        const std::size_t middle = std::size_t(width / 2);
        const float span = waveform.columns[middle].maximum - waveform.columns[middle].minimum;
        QVERIFY2(span > 1.0f / float(width) && span < 6.0f / float(width), qPrintable(QString::number(span)));
    }
}

void TestWaveform::emptyInputGivesFlatColumns()
{
    const Waveform waveform = WaveformBuilder(64).result();
    QCOMPARE(waveform.columns.size(), std::size_t(64));
    QCOMPARE(waveform.samples, qint64(0));
    QCOMPARE(waveform.columns[10].maximum, 0.0f);
}

void TestWaveform::toneFileThumbnail()
{
    CAIRN_REQUIRE_FFMPEG();
    QTemporaryDir dir;
    QString problem;
    const QString path = cairn::test::makeMedia(
        dir, QStringLiteral("tone.flac"), cairn::test::sineInput(1000, 3) + QStringList{"-c:a", "flac"}, &problem);
    QVERIFY2(!path.isEmpty(), qPrintable(problem));
    auto waveform = waveformThumbnail(path, 240);
    QVERIFY2(waveform.ok(), qPrintable(waveform.ok() ? QString() : waveform.error().message()));
    QCOMPARE(waveform.value().columns.size(), std::size_t(240));
    QCOMPARE(waveform.value().samples, qint64(48000));
    for (const WaveformPeak& peak : waveform.value().columns) { // lavfi's sine has amplitude 1/8
        QVERIFY2(peak.maximum > 0.11f && peak.maximum < 0.14f, qPrintable(QString::number(double(peak.maximum))));
        QVERIFY2(peak.minimum < -0.11f && peak.minimum > -0.14f, qPrintable(QString::number(double(peak.minimum))));
    }
    QVERIFY(!waveformThumbnail(path, 0).ok());
}

QTEST_GUILESS_MAIN(TestWaveform)
#include "tst_waveform.moc"
