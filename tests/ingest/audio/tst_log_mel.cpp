// SPDX-License-Identifier: MIT
// Whisper log-mel: the FFTW path against an independent f64 reference (Slaney filters and a direct
// DFT written here), a 1 kHz tone landing in the right mel bin for 80 and 128 bins, and the
// streaming segmenter agreeing with the whole-signal computation, inline and on a worker thread.

#include "ingest/audio/log_mel_spectrogram.h"
#include "ingest/audio/log_mel_stream.h"
#include "media_fixture.h"

#include <QtTest>

#include <cmath>
#include <numbers>
#include <random>

using namespace cairn::ingest;

namespace {

constexpr double kPi = std::numbers::pi;

// Slaney mel scale as librosa.core.convert writes it, in double.
double refHzToMel(double hz)
{
    const double fsp = 200.0 / 3;
    return hz >= 1000 ? 1000 / fsp + std::log(hz / 1000) / (std::log(6.4) / 27) : hz / fsp;
}
double refMelToHz(double mel)
{
    const double fsp = 200.0 / 3;
    return mel >= 1000 / fsp ? 1000 * std::exp(std::log(6.4) / 27 * (mel - 1000 / fsp)) : fsp * mel;
}

/// librosa.filters.mel(sr=16000, n_fft=400, n_mels, htk=False, norm="slaney"), [mels][201].
std::vector<std::vector<double>> refFilters(int mels)
{
    std::vector<double> melF(std::size_t(mels) + 2);
    for (std::size_t i = 0; i < melF.size(); ++i)
        melF[i] = refMelToHz(refHzToMel(8000) * double(i) / double(mels + 1));
    std::vector<std::vector<double>> w(static_cast<std::size_t>(mels), std::vector<double>(201));
    for (std::size_t m = 0; m < w.size(); ++m)
        for (std::size_t k = 0; k < 201; ++k) {
            const double f = double(k) * 16000.0 / 400.0;
            const double lower = (f - melF[m]) / (melF[m + 1] - melF[m]);
            const double upper = (melF[m + 2] - f) / (melF[m + 2] - melF[m + 1]);
            w[m][k] = std::max(0.0, std::min(lower, upper)) * 2.0 / (melF[m + 2] - melF[m]);
        }
    return w;
}

/// Whisper's log_mel_spectrogram in double with a direct DFT: [mels][frames].
std::vector<std::vector<double>> refLogMel(const std::vector<float>& x, int mels)
{
    const auto filters = refFilters(mels);
    const auto n = static_cast<long>(x.size());
    const long frames = n / 160;
    auto at = [&](long i) { // centre padding by reflection, zeros after the end
        i = i < 0 ? -i : i;
        return i < n ? double(x[std::size_t(i)]) : 0.0;
    };
    std::vector<std::vector<double>> out(static_cast<std::size_t>(mels),
                                         std::vector<double>(static_cast<std::size_t>(frames)));
    double maxValue = -1e300;
    std::vector<double> power(201);
    for (long t = 0; t < frames; ++t) {
        for (int k = 0; k <= 200; ++k) {
            double re = 0, im = 0;
            for (int j = 0; j < 400; ++j) {
                const double v = at(t * 160 + j - 200) * (0.5 - 0.5 * std::cos(2 * kPi * j / 400));
                re += v * std::cos(2 * kPi * k * j / 400);
                im -= v * std::sin(2 * kPi * k * j / 400);
            }
            power[std::size_t(k)] = re * re + im * im;
        }
        for (std::size_t m = 0; m < filters.size(); ++m) {
            double e = 0;
            for (std::size_t k = 0; k < 201; ++k)
                e += filters[m][k] * power[k];
            out[m][std::size_t(t)] = std::log10(std::max(e, 1e-10));
            maxValue = std::max(maxValue, out[m][std::size_t(t)]);
        }
    }
    for (auto& row : out)
        for (double& v : row)
            v = (std::max(v, maxValue - 8.0) + 4.0) / 4.0;
    return out;
}

std::vector<float> toneWithNoise(int samples, double hz, double noise, unsigned seed)
{
    std::mt19937 rng(seed);
    std::normal_distribution<double> gauss(0.0, noise);
    std::vector<float> x(std::size_t(samples), 0.0f);
    for (int i = 0; i < samples; ++i)
        x[std::size_t(i)] = float(0.3 * std::sin(2 * kPi * hz * i / 16000.0) + gauss(rng));
    return x;
}

/// The mel bin whose centre frequency (Slaney scale) is nearest to `hz`.
int nearestBin(int mels, double hz)
{
    int best = 0;
    for (int m = 0; m < mels; ++m) {
        const double centre = refMelToHz(refHzToMel(8000) * (m + 1) / double(mels + 1));
        const double bestCentre = refMelToHz(refHzToMel(8000) * (best + 1) / double(mels + 1));
        if (std::abs(centre - hz) < std::abs(bestCentre - hz))
            best = m;
    }
    return best;
}

int loudestBin(const MelSpectrogram& mel, int frames)
{
    int best = 0;
    double bestSum = -1e300;
    for (int m = 0; m < mel.melBins; ++m) {
        double sum = 0;
        for (int t = 0; t < frames; ++t)
            sum += double(mel.value(m, t));
        if (sum > bestSum) {
            bestSum = sum;
            best = m;
        }
    }
    return best;
}

} // namespace

class TestLogMel : public QObject {
    Q_OBJECT
private slots:
    void filterbankMatchesLibrosaFormula_data();
    void filterbankMatchesLibrosaFormula();
    void matchesDirectDftInDouble_data();
    void matchesDirectDftInDouble();
    void toneLandsInItsMelBin_data();
    void toneLandsInItsMelBin();
    void segmentsPadWithSilence();
    void streamMatchesWholeSignal_data();
    void streamMatchesWholeSignal();
    void decodesAFileToSegments();
};

void TestLogMel::filterbankMatchesLibrosaFormula_data()
{
    QTest::addColumn<int>("mels");
    QTest::newRow("80") << 80;
    QTest::newRow("128") << 128;
}

void TestLogMel::filterbankMatchesLibrosaFormula()
{
    QFETCH(int, mels);
    const MelFilterbank bank(mels, 400, 16000);
    QCOMPARE(bank.fftBins(), 201);
    const std::vector<float> dense = bank.dense();
    const auto ref = refFilters(mels);
    for (int m = 0; m < mels; ++m)
        for (int k = 0; k < 201; ++k)
            QVERIFY2(std::abs(double(dense[std::size_t(m * 201 + k)]) - ref[std::size_t(m)][std::size_t(k)]) < 1e-7,
                     qPrintable(QStringLiteral("filter %1 bin %2").arg(m).arg(k)));
    QCOMPARE(MelFilterbank::hzToMel(1000), 15.0);
    QVERIFY(std::abs(MelFilterbank::melToHz(MelFilterbank::hzToMel(5123.0)) - 5123.0) < 1e-9);
}

void TestLogMel::matchesDirectDftInDouble_data()
{
    QTest::addColumn<int>("mels");
    QTest::newRow("80") << 80;
    QTest::newRow("128") << 128;
}

void TestLogMel::matchesDirectDftInDouble()
{
    QFETCH(int, mels);
    const std::vector<float> x = toneWithNoise(8000 + 77, 440, 0.05, 7); // 50 frames
    const LogMelSpectrogram spectrogram(mels);
    const MelSpectrogram mel = spectrogram.compute(x, 2);
    QCOMPARE(mel.frames, 50);
    QCOMPARE(mel.melBins, mels);
    const auto ref = refLogMel(x, mels);
    double worst = 0;
    for (int m = 0; m < mels; ++m)
        for (int t = 0; t < mel.frames; ++t)
            worst = std::max(worst, std::abs(double(mel.value(m, t)) - ref[std::size_t(m)][std::size_t(t)]));
    QVERIFY2(worst < 1e-4, qPrintable(QStringLiteral("max |fftw - direct DFT| = %1").arg(worst)));
}

void TestLogMel::toneLandsInItsMelBin_data()
{
    QTest::addColumn<int>("mels");
    QTest::addColumn<double>("hz");
    QTest::newRow("80 bins, 1 kHz") << 80 << 1000.0;
    QTest::newRow("128 bins, 1 kHz") << 128 << 1000.0;
    QTest::newRow("80 bins, 3.5 kHz") << 80 << 3500.0;
}

void TestLogMel::toneLandsInItsMelBin()
{
    QFETCH(int, mels);
    QFETCH(double, hz);
    const std::vector<float> x = toneWithNoise(32000, hz, 0.0, 1);
    const MelSpectrogram mel = LogMelSpectrogram(mels).compute(x);
    QCOMPARE(loudestBin(mel, mel.frames), nearestBin(mels, hz));
}

void TestLogMel::segmentsPadWithSilence()
{
    const std::vector<float> x = toneWithNoise(16000, 1000, 0.0, 1);
    const MelSpectrogram mel = LogMelSpectrogram(80).compute(x);
    const MelSpectrogram first = LogMelSpectrogram::segment(mel, 0);
    QCOMPARE(first.frames, 3000);
    QCOMPARE(first.value(10, 99), mel.value(10, 99));
    QCOMPARE(first.value(10, 100), mel.silence);
    QCOMPARE(first.value(79, 2999), mel.silence);
    QVERIFY(mel.silence < mel.value(nearestBin(80, 1000), 50));
}

void TestLogMel::streamMatchesWholeSignal_data()
{
    QTest::addColumn<bool>("worker");
    QTest::newRow("inline") << false;
    QTest::newRow("worker thread") << true;
}

void TestLogMel::streamMatchesWholeSignal()
{
    QFETCH(bool, worker);
    const std::vector<float> x = toneWithNoise(65 * 16000 + 50, 700, 0.1, 3); // 65 s: 3 segments
    std::vector<MelSegment> segments;
    LogMelStream stream(
        80,
        [&](MelSegment&& segment) {
            segments.push_back(std::move(segment));
            return true;
        },
        worker);
    for (std::size_t at = 0; at < x.size(); at += 7777)
        QVERIFY(stream.push(std::span<const float>(x).subspan(at, std::min<std::size_t>(7777, x.size() - at))));
    QVERIFY(stream.finish());
    QCOMPARE(segments.size(), std::size_t(3));
    QCOMPARE(stream.segmentsDelivered(), 3);

    // The same frames from the whole signal, each segment normalised against its own maximum.
    const LogMelSpectrogram spectrogram(80);
    const int total = 3 * 3000;
    std::vector<float> whole(std::size_t(80) * total);
    spectrogram.logMelFrames({x, 0, qint64(x.size())}, 0, total, whole.data(), total);
    const int content[] = {3000, 3000, 500};
    for (int s = 0; s < 3; ++s) {
        const MelSegment& segment = segments[std::size_t(s)];
        QCOMPARE(segment.index, s);
        QCOMPARE(segment.contentFrames, content[s]);
        QCOMPARE(segment.mel.frames, 3000);
        float maxValue = -100;
        for (int m = 0; m < 80; ++m)
            for (int t = 0; t < 3000; ++t)
                maxValue = std::max(maxValue, whole[std::size_t(m * total + s * 3000 + t)]);
        double worst = 0;
        for (int m = 0; m < 80; ++m)
            for (int t = 0; t < 3000; ++t) {
                float expected = whole[std::size_t(m * total + s * 3000 + t)];
                LogMelSpectrogram::normalise(std::span<float>(&expected, 1), maxValue);
                worst = std::max(worst, double(std::abs(expected - segment.mel.value(m, t))));
            }
        QVERIFY2(worst < 1e-6, qPrintable(QStringLiteral("segment %1 differs by %2").arg(s).arg(worst)));
    }
}

void TestLogMel::decodesAFileToSegments()
{
    CAIRN_REQUIRE_FFMPEG();
    QTemporaryDir dir;
    QString problem;
    const QString path = cairn::test::makeMedia(
        dir, QStringLiteral("tone.mp3"), cairn::test::sineInput(1000, 3) + QStringList{"-c:a", "libmp3lame"}, &problem);
    QVERIFY2(!path.isEmpty(), qPrintable(problem));
    std::vector<MelSegment> segments;
    LogMelFileOptions options;
    options.melBins = 128;
    auto stats = decodeLogMel(
        path,
        [&](MelSegment&& segment) {
            segments.push_back(std::move(segment));
            return true;
        },
        options);
    QVERIFY2(stats.ok(), qPrintable(stats.ok() ? QString() : stats.error().message()));
    QCOMPARE(stats.value().segments, 1);
    QCOMPARE(segments.size(), std::size_t(1));
    QCOMPARE(segments[0].contentFrames, 300);
    QCOMPARE(segments[0].mel.melBins, 128);
    QCOMPARE(loudestBin(segments[0].mel, 300), nearestBin(128, 1000));
}

QTEST_GUILESS_MAIN(TestLogMel)
#include "tst_log_mel.moc"
