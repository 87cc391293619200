// SPDX-License-Identifier: MIT
// Half/bfloat16 conversion, quantisation round trips, GGUF block bit layouts, and CPU matmul of
// every weight type against a float64 reference, on every kernel family this CPU runs.

#include "engine/backends/cpu/kernel_select.h"
#include "engine/backends/cpu/matmul.h"
#include "engine/backends/cpu/quant_blocks.h"
#include "engine/backends/cpu/quantize.h"
#include "engine/core/aligned_vector.h"
#include "engine/core/fp16.h"

#include <QtTest>

#include <array>
#include <cmath>
#include <cstring>
#include <random>

using namespace cairn;
using namespace cairn::cpu;

Q_DECLARE_METATYPE(cairn::DType)

namespace {

std::vector<float> randomValues(std::size_t n, unsigned seed, float scale = 1.0F)
{
    std::mt19937 rng(seed);
    std::normal_distribution<float> dist(0.0F, scale);
    std::vector<float> v(n);
    for (float& x : v)
        x = dist(rng);
    return v;
}

std::size_t bytesFor(DType type, std::int64_t n)
{
    return static_cast<std::size_t>(rowBytes(type, static_cast<std::uint64_t>(n)).value());
}

void setHalf(Half& h, float v)
{
    h.set(v);
    QCOMPARE(h.value(), v); // test values are exact halves
}

/// Relative RMS error of `got` against `want`.
double relativeRms(const std::vector<float>& want, const std::vector<float>& got)
{
    double err = 0.0;
    double ref = 0.0;
    for (std::size_t i = 0; i < want.size(); ++i) {
        const double w = want[i];
        const double d = static_cast<double>(got[i]) - w;
        err += d * d;
        ref += w * w;
    }
    return std::sqrt(err / ref);
}

/// Byte offsets of the binary16 scales (and mins) in a block of a quantised weight type.
std::vector<std::size_t> halfOffsets(DType type)
{
    switch (type) {
    case DType::Q4_1:
    case DType::Q5_1:
    case DType::Q4_K:
    case DType::Q5_K:
        return {0, 2};
    case DType::Q6_K:
        return {offsetof(BlockQ6K, d)};
    default:
        return {0};
    }
}

/// A weight matrix in memory deliberately misaligned by one byte, rows padded by 3 bytes.
struct TestMatrix {
    std::vector<std::uint8_t> storage;
    std::vector<float> dequantized; // [rows][cols]
    WeightMatrix w;
};

/// Rows `padding` bytes longer than their data: 3 by default, so nothing is aligned.
TestMatrix makeMatrix(DType type, std::int64_t rows, std::int64_t cols, unsigned seed, std::size_t padding = 3)
{
    TestMatrix m;
    const std::size_t rb = bytesFor(type, cols);
    m.w = {type, nullptr, rows, cols, rb + padding};
    m.storage.assign(1 + m.w.rowStride * static_cast<std::size_t>(rows), 0);
    m.dequantized.resize(static_cast<std::size_t>(rows * cols));
    const std::vector<float> values = randomValues(static_cast<std::size_t>(rows * cols), seed);
    for (std::int64_t r = 0; r < rows; ++r) {
        std::uint8_t* row = m.storage.data() + 1 + static_cast<std::size_t>(r) * m.w.rowStride;
        // quantizeRow writes block structs with 4-byte members for nothing but Q8_K, so an odd
        // address is fine for weight types.
        quantizeRow(type, values.data() + r * cols, row, cols);
        dequantizeRow(type, row, m.dequantized.data() + r * cols, cols);
    }
    m.w.data = m.storage.data() + 1;
    return m;
}

/// Checks y against float64 dots of the dequantised weights: |y - ref| <= tol * sum |w x| + 1e-6.
void verifyAgainstReference(const TestMatrix& m, const float* x, std::int64_t tokens, const std::vector<float>& y,
                            double tol)
{
    for (std::int64_t t = 0; t < tokens; ++t) {
        for (std::int64_t r = 0; r < m.w.rows; ++r) {
            double ref = 0.0;
            double mag = 0.0;
            for (std::int64_t c = 0; c < m.w.cols; ++c) {
                const double p = static_cast<double>(m.dequantized[static_cast<std::size_t>(r * m.w.cols + c)])
                    * static_cast<double>(x[t * m.w.cols + c]);
                ref += p;
                mag += std::fabs(p);
            }
            const double got = y[static_cast<std::size_t>(t * m.w.rows + r)];
            if (std::fabs(got - ref) > tol * mag + 1e-6) {
                QFAIL(qPrintable(QStringLiteral("token %1 row %2: got %3, want %4 (sum|wx| %5)")
                                     .arg(t)
                                     .arg(r)
                                     .arg(got)
                                     .arg(ref)
                                     .arg(mag)));
            }
        }
    }
}

double matmulTolerance(DType type)
{
    // Float weights see only f32 rounding; the others also quantise activations to 8 bits.
    return activationType(type) == DType::F32 ? 1e-5 : 2e-2;
}

void addTypeRows(const char* suffix, const std::function<void(const QString&, DType)>& add)
{
    const std::pair<const char*, DType> types[] = {
        {"f32", DType::F32},       {"f16", DType::F16},   {"bf16", DType::BF16}, {"q8_0", DType::Q8_0},
        {"q4_0", DType::Q4_0},     {"q4_1", DType::Q4_1}, {"q5_0", DType::Q5_0}, {"q5_1", DType::Q5_1},
        {"iq4_nl", DType::IQ4_NL}, {"q4_K", DType::Q4_K}, {"q5_K", DType::Q5_K}, {"q6_K", DType::Q6_K},
    };
    for (const auto& [name, type] : types)
        add(QString::fromLatin1(name) + QString::fromLatin1(suffix), type);
}

} // namespace

class TestQuant : public QObject {
    Q_OBJECT

private slots:
    void cleanup() { forceKernelLevel(std::nullopt); }

    void halfConversion_data()
    {
        QTest::addColumn<float>("value");
        QTest::addColumn<quint16>("bits");
        QTest::newRow("zero") << 0.0F << quint16(0x0000);
        QTest::newRow("negative zero") << -0.0F << quint16(0x8000);
        QTest::newRow("one") << 1.0F << quint16(0x3C00);
        QTest::newRow("minus two") << -2.0F << quint16(0xC000);
        QTest::newRow("max half") << 65504.0F << quint16(0x7BFF);
        QTest::newRow("just below overflow") << 65519.0F << quint16(0x7BFF);
        QTest::newRow("overflow tie") << 65520.0F << quint16(0x7C00);
        QTest::newRow("infinity") << std::numeric_limits<float>::infinity() << quint16(0x7C00);
        QTest::newRow("minus infinity") << -std::numeric_limits<float>::infinity() << quint16(0xFC00);
        QTest::newRow("smallest normal") << 0x1p-14F << quint16(0x0400);
        QTest::newRow("largest subnormal") << 1023 * 0x1p-24F << quint16(0x03FF);
        QTest::newRow("smallest subnormal") << 0x1p-24F << quint16(0x0001);
        QTest::newRow("half of smallest ties to zero") << 0x1p-25F << quint16(0x0000);
        QTest::newRow("1.5 smallest ties to even") << 3 * 0x1p-25F << quint16(0x0002);
        QTest::newRow("tiny underflows") << 1e-10F << quint16(0x0000);
        QTest::newRow("one plus half ulp ties to even") << 1.0F + 0x1p-11F << quint16(0x3C00);
        QTest::newRow("one plus 1.5 ulp ties to even") << 1.0F + 3 * 0x1p-11F << quint16(0x3C02);
        QTest::newRow("largest below one is exact") << 2047 * 0x1p-11F << quint16(0x3BFF);
        QTest::newRow("tie below one rounds up into next binade") << 4095 * 0x1p-12F << quint16(0x3C00);
    }
    void halfConversion()
    {
        QFETCH(float, value);
        QFETCH(quint16, bits);
        QCOMPARE(f32ToFp16(value), bits);
        if (std::isfinite(value) && std::fabs(value) <= 65504.0F && fp16ToF32(bits) == value)
            QCOMPARE(fp16ToF32(f32ToFp16(value)), value);
    }

    void halfRoundTripsEveryValue()
    {
        for (std::uint32_t h = 0; h <= 0xFFFF; ++h) {
            const float f = fp16ToF32(static_cast<std::uint16_t>(h));
            if (std::isnan(f)) {
                QVERIFY((h & 0x7C00) == 0x7C00 && (h & 0x3FF) != 0);
                QVERIFY(std::isnan(fp16ToF32(f32ToFp16(f))));
                continue;
            }
            QCOMPARE(f32ToFp16(f), static_cast<std::uint16_t>(h));
        }
        QVERIFY(std::isnan(fp16ToF32(f32ToFp16(std::numeric_limits<float>::quiet_NaN()))));
    }

    void halfRoundsToNearest()
    {
        // The chosen half is at least as close as both neighbours; exact ties pick the even one.
        std::mt19937 rng(7);
        std::uniform_real_distribution<float> exponent(-26.0F, 16.0F);
        for (int i = 0; i < 200000; ++i) {
            const float x
                = std::ldexp(1.0F + static_cast<float>(rng() % 1000000) / 1e6F, static_cast<int>(exponent(rng)));
            const std::uint16_t h = f32ToFp16(x);
            if (h == 0x7C00) {
                QVERIFY(x >= 65520.0F);
                continue;
            }
            const double err = std::fabs(static_cast<double>(fp16ToF32(h)) - static_cast<double>(x));
            for (const int delta : {-1, 1}) {
                const int neighbour = static_cast<int>(h) + delta;
                if (neighbour < 0 || neighbour >= 0x7C00)
                    continue;
                const double other = std::fabs(static_cast<double>(fp16ToF32(static_cast<std::uint16_t>(neighbour)))
                                               - static_cast<double>(x));
                QVERIFY2(err < other || (err == other && (h & 1) == 0), qPrintable(QString::number(x)));
            }
        }
    }

    void bfloat16Conversion_data()
    {
        QTest::addColumn<float>("value");
        QTest::addColumn<quint16>("bits");
        QTest::newRow("one") << 1.0F << quint16(0x3F80);
        QTest::newRow("minus zero") << -0.0F << quint16(0x8000);
        QTest::newRow("tie to even down") << 1.0F + 0x1p-8F << quint16(0x3F80);
        QTest::newRow("tie to even up") << 1.0F + 3 * 0x1p-8F << quint16(0x3F82);
        QTest::newRow("above tie") << 1.0F + 0x1p-8F + 0x1p-20F << quint16(0x3F81);
        QTest::newRow("max float rounds to infinity") << std::numeric_limits<float>::max() << quint16(0x7F80);
        QTest::newRow("infinity") << std::numeric_limits<float>::infinity() << quint16(0x7F80);
        QTest::newRow("float subnormal") << 0x1p-130F << quint16(0x0008);
    }
    void bfloat16Conversion()
    {
        QFETCH(float, value);
        QFETCH(quint16, bits);
        QCOMPARE(f32ToBf16(value), bits);
        QCOMPARE(bf16ToF32(0x3F80), 1.0F);
    }

    void bfloat16KeepsNaN()
    {
        // A NaN whose payload sits only in the dropped bits must not become infinity.
        const float nan = std::bit_cast<float>(0x7F800001U);
        QVERIFY(std::isnan(bf16ToF32(f32ToBf16(nan))));
        QVERIFY(std::isnan(bf16ToF32(f32ToBf16(std::numeric_limits<float>::quiet_NaN()))));
    }

    void blockSizesMatchDTypeTable()
    {
        QCOMPARE(sizeof(BlockQ4_0), std::size_t{dtypeInfo(DType::Q4_0).typeSize});
        QCOMPARE(sizeof(BlockQ8_0), std::size_t{dtypeInfo(DType::Q8_0).typeSize});
        QCOMPARE(sizeof(BlockQ4_1), std::size_t{dtypeInfo(DType::Q4_1).typeSize});
        QCOMPARE(sizeof(BlockQ5_0), std::size_t{dtypeInfo(DType::Q5_0).typeSize});
        QCOMPARE(sizeof(BlockQ5_1), std::size_t{dtypeInfo(DType::Q5_1).typeSize});
        QCOMPARE(sizeof(BlockIQ4NL), std::size_t{dtypeInfo(DType::IQ4_NL).typeSize});
        QCOMPARE(sizeof(BlockQ4K), std::size_t{dtypeInfo(DType::Q4_K).typeSize});
        QCOMPARE(sizeof(BlockQ5K), std::size_t{dtypeInfo(DType::Q5_K).typeSize});
        QCOMPARE(sizeof(BlockQ6K), std::size_t{dtypeInfo(DType::Q6_K).typeSize});
        QCOMPARE(sizeof(BlockQ8K), std::size_t{dtypeInfo(DType::Q8_K).typeSize});
    }

    void roundTripError_data()
    {
        QTest::addColumn<DType>("type");
        QTest::addColumn<double>("bound"); // relative RMS error on Gaussian data
        QTest::newRow("f32") << DType::F32 << 0.0;
        QTest::newRow("f16") << DType::F16 << 5e-4;
        QTest::newRow("bf16") << DType::BF16 << 4e-3;
        QTest::newRow("q8_0") << DType::Q8_0 << 0.01;
        QTest::newRow("q8_K") << DType::Q8_K << 0.015;
        QTest::newRow("q6_K") << DType::Q6_K << 0.04;
        QTest::newRow("q5_K") << DType::Q5_K << 0.07;
        QTest::newRow("q4_K") << DType::Q4_K << 0.14;
        QTest::newRow("q4_0") << DType::Q4_0 << 0.14;
        QTest::newRow("q4_1") << DType::Q4_1 << 0.085;
        QTest::newRow("q5_0") << DType::Q5_0 << 0.05;
        QTest::newRow("q5_1") << DType::Q5_1 << 0.045;
        QTest::newRow("iq4_nl") << DType::IQ4_NL << 0.085;
    }
    void roundTripError()
    {
        QFETCH(DType, type);
        QFETCH(double, bound);
        QVERIFY(supportsConversion(type));
        constexpr std::int64_t kN = 4096;
        std::vector<float> x = randomValues(kN, 42, 3.0F);
        x[5] = 0.0F; // exact zeros and a constant block must survive too
        std::fill(x.begin() + 512, x.begin() + 768, 0.75F);
        std::vector<std::uint8_t> q(bytesFor(type, kN));
        quantizeRow(type, x.data(), q.data(), kN);
        std::vector<float> back(kN);
        dequantizeRow(type, q.data(), back.data(), kN);
        const double err = relativeRms(x, back);
        QVERIFY2(err <= bound, qPrintable(QStringLiteral("relative RMS error %1 > %2").arg(err).arg(bound)));
        for (std::int64_t i = 512; i < 768; ++i)
            QVERIFY(std::fabs(static_cast<double>(back[static_cast<std::size_t>(i)]) - 0.75) <= 0.75 * 4 * bound);

        std::vector<float> zeros(kN, 0.0F);
        quantizeRow(type, zeros.data(), q.data(), kN);
        dequantizeRow(type, q.data(), back.data(), kN);
        QCOMPARE(back, zeros);
    }

    void q4_0Layout()
    {
        BlockQ4_0 b{};
        setHalf(b.d, 0.5F);
        for (int i = 0; i < 16; ++i)
            b.qs[i] = static_cast<std::uint8_t>(i | ((15 - i) << 4));
        float y[32];
        dequantizeRow(DType::Q4_0, &b, y, 32);
        for (int i = 0; i < 16; ++i) {
            QCOMPARE(y[i], static_cast<float>(i - 8) * 0.5F);
            QCOMPARE(y[i + 16], static_cast<float>(7 - i) * 0.5F);
        }
    }

    void q4_1Layout()
    {
        BlockQ4_1 b{};
        setHalf(b.d, 0.5F);
        setHalf(b.m, -1.25F);
        for (int i = 0; i < 16; ++i)
            b.qs[i] = static_cast<std::uint8_t>(i | ((15 - i) << 4));
        float y[32];
        dequantizeRow(DType::Q4_1, &b, y, 32);
        for (int i = 0; i < 16; ++i) {
            QCOMPARE(y[i], static_cast<float>(i) * 0.5F - 1.25F);
            QCOMPARE(y[i + 16], static_cast<float>(15 - i) * 0.5F - 1.25F);
        }
    }

    void q5_0Layout()
    {
        // Codes 0..31 in a scrambled order: both halves of the block carry fifth bits.
        BlockQ5_0 b{};
        setHalf(b.d, 0.25F);
        setCodes5(b.qs, b.qh, [](int e) { return (e * 7 + 3) % 32; });
        float y[32];
        dequantizeRow(DType::Q5_0, &b, y, 32);
        for (int e = 0; e < 32; ++e)
            QCOMPARE(y[e], static_cast<float>((e * 7 + 3) % 32 - 16) * 0.25F);
    }

    void q5_1Layout()
    {
        BlockQ5_1 b{};
        setHalf(b.d, 0.125F);
        setHalf(b.m, 2.0F);
        setCodes5(b.qs, b.qh, [](int e) { return (e * 11 + 5) % 32; });
        float y[32];
        dequantizeRow(DType::Q5_1, &b, y, 32);
        for (int e = 0; e < 32; ++e)
            QCOMPARE(y[e], static_cast<float>((e * 11 + 5) % 32) * 0.125F + 2.0F);
    }

    void iq4NlLayout()
    {
        // ggml's kvalues_iq4nl, written out independently of the engine's copy.
        const int levels[16] = {-127, -104, -83, -65, -49, -35, -22, -10, 1, 13, 25, 38, 53, 69, 89, 113};
        BlockIQ4NL b{};
        setHalf(b.d, -0.5F);
        for (int i = 0; i < 16; ++i)
            b.qs[i] = static_cast<std::uint8_t>(i | ((15 - i) << 4));
        float y[32];
        dequantizeRow(DType::IQ4_NL, &b, y, 32);
        for (int i = 0; i < 16; ++i) {
            QCOMPARE(y[i], -0.5F * static_cast<float>(levels[i]));
            QCOMPARE(y[i + 16], -0.5F * static_cast<float>(levels[15 - i]));
        }
    }

    void q8_0Layout()
    {
        BlockQ8_0 b{};
        setHalf(b.d, 0.25F);
        for (int i = 0; i < 32; ++i)
            b.qs[i] = static_cast<std::int8_t>(i * 8 - 128);
        float y[32];
        dequantizeRow(DType::Q8_0, &b, y, 32);
        for (int i = 0; i < 32; ++i)
            QCOMPARE(y[i], static_cast<float>(i * 8 - 128) * 0.25F);
    }

    void q4KLayout()
    {
        // Scales and mins above 15 exercise the high bits packed into the first eight bytes.
        const int scale[8] = {1, 2, 17, 63, 5, 33, 48, 7};
        const int min[8] = {0, 3, 62, 9, 16, 31, 1, 40};
        BlockQ4K b{};
        setHalf(b.d, 1.0F);
        setHalf(b.dmin, 0.5F);
        packScales(scale, min, b.scales);
        for (int e = 0; e < 256; ++e)
            setNibble(b.qs, e, e % 16);
        std::vector<float> y(256);
        dequantizeRow(DType::Q4_K, &b, y.data(), 256);
        for (int e = 0; e < 256; ++e) {
            const int j = e / 32;
            QCOMPARE(y[static_cast<std::size_t>(e)],
                     static_cast<float>(scale[j] * (e % 16)) - 0.5F * static_cast<float>(min[j]));
        }
    }

    void q5KLayout()
    {
        const int scale[8] = {63, 1, 20, 4, 50, 3, 16, 9};
        const int min[8] = {5, 63, 0, 17, 2, 32, 47, 8};
        BlockQ5K b{};
        setHalf(b.d, 0.25F);
        setHalf(b.dmin, 2.0F);
        packScales(scale, min, b.scales);
        for (int e = 0; e < 256; ++e) {
            const int q = (e * 5) % 32;
            setNibble(b.qs, e, q & 0xF);
            // Sub-block j = e / 32 keeps its fifth bit in bit j of qh[e % 32].
            b.qh[e % 32] = static_cast<std::uint8_t>(b.qh[e % 32] | ((q >> 4) << (e / 32)));
        }
        std::vector<float> y(256);
        dequantizeRow(DType::Q5_K, &b, y.data(), 256);
        for (int e = 0; e < 256; ++e) {
            const int j = e / 32;
            QCOMPARE(y[static_cast<std::size_t>(e)],
                     0.25F * static_cast<float>(scale[j] * ((e * 5) % 32)) - 2.0F * static_cast<float>(min[j]));
        }
    }

    void q6KLayout()
    {
        BlockQ6K b{};
        setHalf(b.d, 0.125F);
        for (int g = 0; g < 16; ++g)
            b.scales[g] = static_cast<std::int8_t>(g * 15 - 120);
        for (int e = 0; e < 256; ++e) {
            const int q = (e * 7) % 64;
            const int half = e / 128;
            const int quarter = (e % 128) / 32;
            const int l = e % 32;
            std::uint8_t& low = b.ql[64 * half + 32 * (quarter % 2) + l];
            low = static_cast<std::uint8_t>(low | ((q & 0xF) << (4 * (quarter / 2))));
            std::uint8_t& high = b.qh[32 * half + l];
            high = static_cast<std::uint8_t>(high | ((q >> 4) << (2 * quarter)));
        }
        std::vector<float> y(256);
        dequantizeRow(DType::Q6_K, &b, y.data(), 256);
        for (int e = 0; e < 256; ++e) {
            const float want = 0.125F * static_cast<float>(b.scales[e / 16]) * static_cast<float>((e * 7) % 64 - 32);
            QCOMPARE(y[static_cast<std::size_t>(e)], want);
        }
    }

    void q8KSums()
    {
        const std::vector<float> x = randomValues(512, 3);
        BlockQ8K b[2];
        quantizeRow(DType::Q8_K, x.data(), b, 512);
        for (const BlockQ8K& block : b) {
            for (int g = 0; g < 16; ++g) {
                int sum = 0;
                for (int i = 0; i < 16; ++i)
                    sum += block.qs[16 * g + i];
                QCOMPARE(static_cast<int>(block.bsums[g]), sum);
            }
        }
    }

    void simdActivationQuantisersMatchScalar_data()
    {
        QTest::addColumn<DType>("type");
        addTypeRows("", [](const QString& name, DType type) {
            if (activationType(type) != DType::F32) // float weights read x itself
                QTest::newRow(qPrintable(name)) << type;
        });
    }
    void simdActivationQuantisersMatchScalar()
    {
        // The kernels may quantise activations themselves; the bytes must equal quantizeRow's.
        QFETCH(DType, type);
        constexpr std::int64_t kCols = 2048;
        std::vector<float> x = randomValues(kCols, 21, 5.0F);
        std::fill(x.begin() + 256, x.begin() + 512, 0.0F); // an all-zero block
        x[700] = 1e-30F;
        const DType act = activationType(type);
        std::vector<std::uint8_t> want(activationBytes(type, kCols));
        quantizeRow(act, x.data(), want.data(), kCols);
        for (const KernelLevel level : availableKernelLevels()) {
            forceKernelLevel(level);
            const TileKernel kernel = selectTileKernel(type);
            if (kernel.quantize == nullptr)
                continue;
            std::vector<std::uint8_t> got(want.size());
            kernel.quantize(x.data(), got.data(), kCols);
            QVERIFY2(got == want, kernelLevelName(level).data());
        }
    }

    void supportedTypes()
    {
        for (const DType type : {DType::F32, DType::F16, DType::BF16, DType::Q8_0, DType::Q4_0, DType::Q4_1,
                                 DType::Q5_0, DType::Q5_1, DType::IQ4_NL, DType::Q4_K, DType::Q5_K, DType::Q6_K}) {
            QVERIFY(supportsWeightType(type));
            QVERIFY(dtypeInfo(type).computable);
            QVERIFY(!kernelName(type).empty());
        }
        QVERIFY(!supportsWeightType(DType::Q2_K));
        QVERIFY(!supportsWeightType(DType::Q8_K)); // an activation format, never a weight here
        QCOMPARE(activationBytes(DType::Q4_K, 512), std::size_t{2 * 292});
        QCOMPARE(activationBytes(DType::Q4_0, 64), std::size_t{2 * 34});
        QCOMPARE(activationBytes(DType::Q5_1, 64), std::size_t{2 * 34});
        QCOMPARE(activationBytes(DType::F16, 64), std::size_t{0});
    }

    void forcingSelectsTheFamily()
    {
        for (const KernelLevel level : availableKernelLevels()) {
            forceKernelLevel(level);
            addTypeRows("", [&](const QString& name, DType type) {
                QVERIFY2(kernelName(type) == kernelLevelName(level), qPrintable(name));
            });
        }
    }

    void matmulMatchesReference_data()
    {
        QTest::addColumn<DType>("type");
        QTest::addColumn<qint64>("rows");
        QTest::addColumn<qint64>("cols");
        QTest::addColumn<qint64>("tokens");
        QTest::addColumn<int>("threads");
        for (const qint64 tokens : {1, 3, 4, 7, 9}) {
            addTypeRows("", [&](const QString& name, DType type) {
                const bool fp = activationType(type) == DType::F32;
                const std::int64_t block = dtypeInfo(activationType(type)).blockSize;
                const std::vector<qint64> colsList
                    = fp ? std::vector<qint64>{1, 17, 33, 1000} : std::vector<qint64>{block, 3 * block, 2048};
                for (const qint64 cols : colsList) {
                    const QString row = QStringLiteral("%1 %2x%3 t%4").arg(name).arg(13).arg(cols).arg(tokens);
                    QTest::newRow(qPrintable(row)) << type << qint64(13) << cols << tokens << 3;
                }
            });
        }
        QTest::newRow("q4_K 37 rows 1 thread") << DType::Q4_K << qint64(37) << qint64(512) << qint64(5) << 1;
        // From the kernel's panelMinTokens on, prefill repacks weight panels: odd row, column and token counts.
        addTypeRows(" prefill", [](const QString& name, DType type) {
            const std::int64_t block = dtypeInfo(activationType(type)).blockSize;
            const qint64 cols = block == 1 ? 531 : (block == 32 ? 800 : 768);
            QTest::newRow(qPrintable(name)) << type << qint64(45) << cols << qint64(37) << 2;
        });
        QTest::newRow("f32 long prefill") << DType::F32 << qint64(21) << qint64(777) << qint64(300) << 2;
        QTest::newRow("q8_0 long prefill") << DType::Q8_0 << qint64(19) << qint64(8192) << qint64(40) << 2;
        QTest::newRow("q6_K long prefill") << DType::Q6_K << qint64(33) << qint64(1024) << qint64(270) << 3;
        // Panels repack activations 512 tokens at a time: cross that boundary.
        QTest::newRow("q4_K 530 tokens") << DType::Q4_K << qint64(17) << qint64(256) << qint64(530) << 2;
        QTest::newRow("f16 530 tokens") << DType::F16 << qint64(35) << qint64(40) << qint64(530) << 2;
        // Float weights switch from 4-token tiles to panels at kFloatPanelMinTokens.
        QTest::newRow("f16 63 tokens tiles") << DType::F16 << qint64(18) << qint64(288) << qint64(63) << 2;
        QTest::newRow("bf16 64 tokens panels") << DType::BF16 << qint64(18) << qint64(97) << qint64(64) << 2;
        QTest::newRow("f32 16 heads of a decode step") << DType::F32 << qint64(541) << qint64(288) << qint64(16) << 2;
        QTest::newRow("q5_0 530 tokens") << DType::Q5_0 << qint64(17) << qint64(128) << qint64(530) << 2;
        QTest::newRow("q5_1 530 tokens") << DType::Q5_1 << qint64(9) << qint64(96) << qint64(530) << 2;
    }
    void matmulMatchesReference()
    {
        QFETCH(DType, type);
        QFETCH(qint64, rows);
        QFETCH(qint64, cols);
        QFETCH(qint64, tokens);
        QFETCH(int, threads);
        const TestMatrix m = makeMatrix(type, rows, cols, 11);
        // x one float past a 64-byte boundary, so SIMD loads are unaligned.
        std::vector<float> xStorage(static_cast<std::size_t>(tokens * cols) + 1);
        const std::vector<float> values = randomValues(static_cast<std::size_t>(tokens * cols), 12);
        std::copy(values.begin(), values.end(), xStorage.begin() + 1);
        const float* x = xStorage.data() + 1;
        ThreadPool pool(threads);
        for (const KernelLevel level : availableKernelLevels()) {
            forceKernelLevel(level);
            std::vector<float> y(static_cast<std::size_t>(tokens * rows), -1.0F);
            matmul(pool, m.w, x, tokens, y.data());
            verifyAgainstReference(m, x, tokens, y, matmulTolerance(type));
        }
    }

    void interleavedMatchesReference_data()
    {
        QTest::addColumn<DType>("type");
        QTest::addColumn<qint64>("rows");
        QTest::addColumn<qint64>("cols");
        QTest::addColumn<qint64>("tokens");
        // One group, an odd number of groups (a lone last group in prefill), a partial last
        // 256-column slice, a single block, more slices than the prefill packs at once (1312
        // columns: 4 and then 2, the last partial), and more tokens than one pass takes.
        for (const qint64 tokens : {1, 2, 5, 37, 530}) {
            QTest::newRow(qPrintable(QStringLiteral("q8_0 16x352 t%1").arg(tokens)))
                << DType::Q8_0 << qint64(16) << qint64(352) << tokens;
            QTest::newRow(qPrintable(QStringLiteral("q8_0 48x1024 t%1").arg(tokens)))
                << DType::Q8_0 << qint64(48) << qint64(1024) << tokens;
            QTest::newRow(qPrintable(QStringLiteral("q8_0 48x1312 t%1").arg(tokens)))
                << DType::Q8_0 << qint64(48) << qint64(1312) << tokens;
        }
        QTest::newRow("q8_0 32x32 t3") << DType::Q8_0 << qint64(32) << qint64(32) << qint64(3);
        for (const qint64 tokens : {1, 2, 5, 37, 530}) {
            QTest::newRow(qPrintable(QStringLiteral("q4_K 16x256 t%1").arg(tokens)))
                << DType::Q4_K << qint64(16) << qint64(256) << tokens;
            QTest::newRow(qPrintable(QStringLiteral("q4_K 48x1280 t%1").arg(tokens)))
                << DType::Q4_K << qint64(48) << qint64(1280) << tokens;
        }
    }
    void interleavedMatchesReference()
    {
        QFETCH(DType, type);
        QFETCH(qint64, rows);
        QFETCH(qint64, cols);
        QFETCH(qint64, tokens);
        const TestMatrix m = makeMatrix(type, rows, cols, 21);
        if (!interleavable(m.w))
            QSKIP("this CPU has no interleaved kernels for the type");
        QVERIFY(!interleavable(WeightMatrix{type, m.w.data, rows + 8, cols, m.w.rowStride}));
        const std::size_t bytes = bytesFor(type, cols) * static_cast<std::size_t>(rows);
        AlignedVector<std::byte> storage(bytes);
        const WeightMatrix interleaved = interleave(m.w, storage.data());
        QCOMPARE(interleaved.layout, WeightLayout::Interleaved16);
        QVERIFY(!interleavable(interleaved));
        const std::vector<float> x = randomValues(static_cast<std::size_t>(tokens * cols), 22);
        ThreadPool pool(2);
        std::vector<float> y(static_cast<std::size_t>(tokens * rows), -1.0F);
        matmul(pool, interleaved, x.data(), tokens, y.data());
        verifyAgainstReference(m, x.data(), tokens, y, matmulTolerance(type));

        // Rows read back one by one give what the file's rows give (Q4_K up to the rounding of a
        // fused multiply-add).
        std::vector<float> want(static_cast<std::size_t>(cols));
        std::vector<float> got(static_cast<std::size_t>(cols));
        for (std::int64_t r = 0; r < rows; ++r) {
            dequantizeMatrixRow(m.w, r, want.data());
            dequantizeMatrixRow(interleaved, r, got.data());
            for (std::size_t c = 0; c < want.size(); ++c)
                QVERIFY(std::fabs(got[c] - want[c]) <= 1e-6F * std::fabs(want[c]));
        }

        // matmulRows over the groups after the first writes only those rows.
        if (rows > kInterleaveRows) {
            std::vector<float> part(static_cast<std::size_t>(tokens * rows), -1.0F);
            std::vector<std::byte> scratch;
            matmulRows(interleaved, x.data(), tokens, part.data(), kInterleaveRows, rows, scratch);
            for (std::int64_t t = 0; t < tokens; ++t) {
                for (std::int64_t r = 0; r < rows; ++r) {
                    const auto i = static_cast<std::size_t>(t * rows + r);
                    QCOMPARE(part[i], r < kInterleaveRows ? -1.0F : y[i]);
                }
            }
        }
    }

    void randomBlocksMatchReference_data()
    {
        QTest::addColumn<DType>("type");
        QTest::addColumn<qint64>("tokens");
        for (const qint64 tokens : {1, 5, 20}) {
            addTypeRows(qPrintable(QStringLiteral(" t%1").arg(tokens)), [&](const QString& name, DType type) {
                if (activationType(type) != DType::F32)
                    QTest::newRow(qPrintable(name)) << type << tokens;
            });
        }
    }
    void randomBlocksMatchReference()
    {
        // Random bytes are valid blocks once the halves are tamed: every code, scale and min up to
        // the extremes (Q8_0 -128, 6-bit scales 63, Q6_K scale -128) against activations that
        // quantise to +-127, so saturation in any int8/int16 step would show.
        QFETCH(DType, type);
        QFETCH(qint64, tokens);
        constexpr std::int64_t kRows = 19;
        constexpr std::int64_t kCols = 512;
        const DTypeInfo& info = dtypeInfo(type);
        const std::size_t rb = bytesFor(type, kCols);
        TestMatrix m;
        m.w = {type, nullptr, kRows, kCols, rb};
        m.storage.assign(rb * kRows, 0);
        std::mt19937 rng(31);
        for (std::uint8_t& b : m.storage)
            b = static_cast<std::uint8_t>(rng());
        for (std::size_t block = 0; block < m.storage.size() / info.typeSize; ++block) {
            for (const std::size_t offset : halfOffsets(type)) {
                Half h{};
                h.set(0.001F + 0.009F * static_cast<float>(rng() % 1000) / 1000.0F);
                std::memcpy(m.storage.data() + block * info.typeSize + offset, h.bytes, 2);
            }
        }
        m.w.data = m.storage.data();
        m.dequantized.resize(static_cast<std::size_t>(kRows * kCols));
        for (std::int64_t r = 0; r < kRows; ++r)
            dequantizeRow(type, m.storage.data() + static_cast<std::size_t>(r) * rb, m.dequantized.data() + r * kCols,
                          kCols);
        std::vector<float> x(static_cast<std::size_t>(tokens * kCols));
        for (float& v : x)
            v = (rng() % 2 != 0 ? 1.0F : -1.0F) * (rng() % 4 != 0 ? 1.0F : 0.37F);
        ThreadPool pool(2);
        for (const KernelLevel level : availableKernelLevels()) {
            forceKernelLevel(level);
            std::vector<float> y(static_cast<std::size_t>(tokens * kRows));
            matmul(pool, m.w, x.data(), tokens, y.data());
            verifyAgainstReference(m, x.data(), tokens, y, matmulTolerance(type));
        }
    }

    void simdFamiliesAgreeWithScalar_data()
    {
        QTest::addColumn<DType>("type");
        QTest::addColumn<qint64>("tokens");
        for (const qint64 tokens : {3, 6, 11, 40, 80}) {
            const QByteArray suffix = QStringLiteral(" t%1").arg(tokens).toLatin1();
            addTypeRows(suffix.constData(), [&](const QString& name, DType type) {
                const std::int64_t panelFrom = activationType(type) == DType::F32
                    ? kFloatPanelMinTokens
                    : (activationType(type) == DType::Q8_K ? kKPanelMinTokens : kPanelMinTokens);
                QTest::newRow(qPrintable(name + (tokens < panelFrom ? " tiles" : " panels"))) << type << tokens;
            });
        }
    }
    void simdFamiliesAgreeWithScalar()
    {
        // Same quantised activations on every path: only float summation order may differ.
        QFETCH(DType, type);
        QFETCH(qint64, tokens);
        constexpr std::int64_t kRows = 23;
        constexpr std::int64_t kCols = 1536;
        const std::int64_t kTokens = tokens;
        const TestMatrix m = makeMatrix(type, kRows, kCols, 5);
        const std::vector<float> x = randomValues(static_cast<std::size_t>(kTokens * kCols), 6);
        ThreadPool pool(2);
        forceKernelLevel(KernelLevel::Scalar);
        std::vector<float> want(static_cast<std::size_t>(kRows * kTokens));
        matmul(pool, m.w, x.data(), kTokens, want.data());
        for (const KernelLevel level : availableKernelLevels()) {
            forceKernelLevel(level);
            std::vector<float> got(static_cast<std::size_t>(kRows * kTokens));
            matmul(pool, m.w, x.data(), kTokens, got.data());
            const double err = relativeRms(want, got);
            QVERIFY2(err < 1e-5,
                     qPrintable(QStringLiteral("%1: relative RMS %2 vs scalar")
                                    .arg(QString::fromLatin1(kernelLevelName(level)))
                                    .arg(err)));
        }
    }

    void matmulRowsMatchesMatmul_data()
    {
        QTest::addColumn<DType>("type");
        addTypeRows("", [](const QString& name, DType type) { QTest::newRow(qPrintable(name)) << type; });
    }
    void matmulRowsMatchesMatmul()
    {
        QFETCH(DType, type);
        constexpr std::int64_t kRows = 17;
        constexpr std::int64_t kCols = 512;
        constexpr std::int64_t kTokens = 6;
        const TestMatrix m = makeMatrix(type, kRows, kCols, 8);
        const std::vector<float> x = randomValues(kTokens * kCols, 9);
        ThreadPool pool(2);
        std::vector<float> whole(kRows * kTokens);
        matmul(pool, m.w, x.data(), kTokens, whole.data());
        std::vector<float> parts(kRows * kTokens, 0.0F);
        std::vector<std::byte> scratch;
        matmulRows(m.w, x.data(), kTokens, parts.data(), 0, 5, scratch);
        matmulRows(m.w, x.data(), kTokens, parts.data(), 5, kRows, scratch);
        QCOMPARE(scratch.size(), activationBytes(type, kCols) * kTokens);
        QCOMPARE(parts, whole);
    }

    void sharedActivationsMatchSeparateProducts_data()
    {
        QTest::addColumn<DType>("first");
        QTest::addColumn<DType>("second");
        QTest::addColumn<qint64>("tokens");
        QTest::addColumn<qint64>("secondRows");
        // 70 tokens of the small float pair (37 + 19 rows) split tokens over the threads, not rows.
        for (const qint64 tokens : {1, 7, 70}) {
            const QString t = QStringLiteral(" t%1").arg(tokens);
            QTest::newRow(qPrintable("q8_0 + q8_0" + t)) << DType::Q8_0 << DType::Q8_0 << tokens << qint64(48);
            QTest::newRow(qPrintable("q4_K + q6_K" + t)) << DType::Q4_K << DType::Q6_K << tokens << qint64(48);
            QTest::newRow(qPrintable("f32 + f32 small" + t)) << DType::F32 << DType::F32 << tokens << qint64(19);
            // Different activation formats: each matrix quantises its own.
            QTest::newRow(qPrintable("q8_0 + q4_K" + t)) << DType::Q8_0 << DType::Q4_K << tokens << qint64(48);
            QTest::newRow(qPrintable("f32 + q8_0" + t)) << DType::F32 << DType::Q8_0 << tokens << qint64(48);
        }
    }
    void sharedActivationsMatchSeparateProducts()
    {
        QFETCH(DType, first);
        QFETCH(DType, second);
        QFETCH(qint64, tokens);
        // Row counts that are not multiples of the 16-row split, one matrix interleaved where
        // this CPU can, so the split crosses from one matrix and layout into the other.
        constexpr std::int64_t kCols = 512;
        QFETCH(qint64, secondRows);
        const TestMatrix a = makeMatrix(first, 37, kCols, 31);
        const TestMatrix b = makeMatrix(second, secondRows, kCols, 32);
        AlignedVector<std::byte> storage(bytesFor(second, kCols) * static_cast<std::size_t>(secondRows));
        const WeightMatrix bw = interleavable(b.w) ? interleave(b.w, storage.data()) : b.w;
        const std::vector<float> x = randomValues(static_cast<std::size_t>(tokens * kCols), 33);
        ThreadPool pool(2);
        const auto size = [&](const WeightMatrix& w) { return static_cast<std::size_t>(tokens * w.rows); };
        std::vector<float> wantA(size(a.w));
        std::vector<float> wantB(size(bw));
        matmul(pool, a.w, x.data(), tokens, wantA.data());
        matmul(pool, bw, x.data(), tokens, wantB.data());

        std::vector<float> gotA(size(a.w), -1.0F);
        std::vector<float> gotB(size(bw), -1.0F);
        const std::array<MatmulTarget, 2> targets{{{&a.w, gotA.data()}, {&bw, gotB.data()}}};
        matmulShared(pool, targets, x.data(), tokens);
        QCOMPARE(gotA, wantA);
        QCOMPARE(gotB, wantB);

        std::fill(gotA.begin(), gotA.end(), -1.0F);
        std::fill(gotB.begin(), gotB.end(), -1.0F);
        std::vector<std::byte> scratch;
        matmulRowsShared(targets, x.data(), tokens, scratch);
        QCOMPARE(gotA, wantA);
        QCOMPARE(gotB, wantB);
    }

    void gatheredRowsMatchGatheredFloats_data()
    {
        QTest::addColumn<DType>("first");
        QTest::addColumn<DType>("second");
        QTest::newRow("q8_0 + q8_0") << DType::Q8_0 << DType::Q8_0;
        QTest::newRow("q4_K + q8_0") << DType::Q4_K << DType::Q8_0; // the second quantises its floats
        QTest::newRow("f32 + q4_K") << DType::F32 << DType::Q4_K;
    }
    void gatheredRowsMatchGatheredFloats()
    {
        QFETCH(DType, first);
        QFETCH(DType, second);
        constexpr std::int64_t kCols = 512;
        constexpr std::int64_t kTokens = 40;
        const TestMatrix a = makeMatrix(first, 32, kCols, 41);
        const TestMatrix b = makeMatrix(second, 19, kCols, 42);
        const std::vector<float> x = randomValues(static_cast<std::size_t>(kTokens * kCols), 43);
        ThreadPool pool(2);
        ActivationRows act;
        quantizeActivationRows(pool, first, x.data(), kTokens, kCols, act);
        QCOMPARE(act.bytes.size(), act.stride * kTokens);

        // Tokens out of order, one twice, one alone: each y row is its token's product.
        for (const std::vector<std::int64_t>& chosen :
             {std::vector<std::int64_t>{39, 2, 17, 2, 0, 21, 30}, std::vector<std::int64_t>{5}}) {
            const auto n = static_cast<std::int64_t>(chosen.size());
            std::vector<float> rows(static_cast<std::size_t>(n * kCols));
            for (std::int64_t i = 0; i < n; ++i)
                std::copy_n(&x[static_cast<std::size_t>(chosen[static_cast<std::size_t>(i)] * kCols)], kCols,
                            &rows[static_cast<std::size_t>(i * kCols)]);
            std::vector<float> wantA(static_cast<std::size_t>(n * 32));
            std::vector<float> wantB(static_cast<std::size_t>(n * 19));
            std::vector<std::byte> scratch;
            matmulRows(a.w, rows.data(), n, wantA.data(), 0, 32, scratch);
            matmulRows(b.w, rows.data(), n, wantB.data(), 0, 19, scratch);

            std::vector<float> gotA(wantA.size(), -1.0F);
            std::vector<float> gotB(wantB.size(), -1.0F);
            const std::array<MatmulTarget, 2> targets{{{&a.w, gotA.data()}, {&b.w, gotB.data()}}};
            matmulRowsGathered(targets, act, chosen, scratch);
            QCOMPARE(gotA, wantA);
            QCOMPARE(gotB, wantB);
        }
    }

    void floatPanelsOverOneRangeMatchReference_data()
    {
        QTest::addColumn<DType>("type");
        for (const DType type : {DType::F32, DType::F16, DType::BF16})
            QTest::newRow(dtypeInfo(type).name.data()) << type;
    }
    void floatPanelsOverOneRangeMatchReference()
    {
        // matmul hands the kernels 16-row ranges; matmulRows over all rows (attention's scores)
        // gives float panels whole 32-row groups, which f32 packs with register transposes of
        // 16 x 16 blocks when its rows are whole floats apart: 40 rows and 296 columns have
        // transposed and one-by-one parts.
        QFETCH(DType, type);
        constexpr std::int64_t kRows = 40;
        constexpr std::int64_t kCols = 296;
        constexpr std::int64_t kTokens = 64;
        const TestMatrix m = makeMatrix(type, kRows, kCols, 21, 3 * sizeof(float));
        const std::vector<float> x = randomValues(kTokens * kCols, 22);
        for (const KernelLevel level : availableKernelLevels()) {
            forceKernelLevel(level);
            std::vector<float> y(kRows * kTokens, -1.0F);
            std::vector<std::byte> scratch;
            matmulRows(m.w, x.data(), kTokens, y.data(), 0, kRows, scratch);
            verifyAgainstReference(m, x.data(), kTokens, y, matmulTolerance(type));
        }
    }

private:
    static void packScales(const int* scale, const int* min, std::uint8_t* packed)
    {
        // Bytes 0-3: scale 0-3 (6 bits) + top 2 bits of scale 4-7; bytes 4-7 the same for mins;
        // bytes 8-11: low 4 bits of scale 4-7 | low 4 bits of min 4-7 << 4.
        for (int j = 0; j < 4; ++j) {
            packed[j] = static_cast<std::uint8_t>(scale[j] | ((scale[j + 4] >> 4) << 6));
            packed[j + 4] = static_cast<std::uint8_t>(min[j] | ((min[j + 4] >> 4) << 6));
            packed[j + 8] = static_cast<std::uint8_t>((scale[j + 4] & 0xF) | ((min[j + 4] & 0xF) << 4));
        }
    }

    /// Writes code(e) (0..31) for the 32 elements of a Q5_0 / Q5_1 block: low four bits as in Q4_0,
    /// the fifth bit of element e in bit e % 8 of qh[e / 8].
    template <class Code> static void setCodes5(std::uint8_t* qs, std::uint8_t* qh, Code code)
    {
        for (int e = 0; e < 32; ++e) {
            const int q = code(e);
            const int shift = e < 16 ? 0 : 4;
            qs[e % 16] = static_cast<std::uint8_t>(qs[e % 16] | ((q & 0xF) << shift));
            qh[e / 8] = static_cast<std::uint8_t>(qh[e / 8] | ((q >> 4) << (e % 8)));
        }
    }

    static void setNibble(std::uint8_t* qs, int e, int q)
    {
        // Element 64c + l: low nibble of qs[32c + l]; element 64c + 32 + l: its high nibble.
        const int c = e / 64;
        const int l = e % 32;
        const int shift = ((e % 64) / 32) * 4;
        qs[32 * c + l] = static_cast<std::uint8_t>(qs[32 * c + l] | (q << shift));
    }
};

QTEST_APPLESS_MAIN(TestQuant)
#include "tst_quant.moc"
