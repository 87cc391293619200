// SPDX-License-Identifier: MIT
// The forward pass's small ops against float64 arithmetic written out in the test: the
// probability-weighted row sum over f32/f16/bf16 rows (AVX-512 and portable paths agree),
// widening, RMSNorm, softmax, SwiGLU gate, rotary embedding with and without YaRN, and the
// causal attention kernel in float and bfloat16 products.

#include "engine/core/aligned_vector.h"
#include "engine/core/fp16.h"
#include "engine/ops/attention.h"
#include "engine/ops/cpu_ops.h"

#include <QtTest>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <numbers>
#include <random>

using namespace cairn;

Q_DECLARE_METATYPE(cairn::DType)
Q_DECLARE_METATYPE(cairn::ops::AttentionPrecision)

namespace {

double wide(float value)
{
    return static_cast<double>(value);
}

std::vector<std::byte> encodeRows(const std::vector<float>& values, DType type)
{
    const std::size_t size = type == DType::F32 ? 4 : 2;
    std::vector<std::byte> bytes(values.size() * size);
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (type == DType::F32) {
            std::memcpy(&bytes[i * 4], &values[i], 4);
        } else {
            const std::uint16_t bits = type == DType::F16 ? f32ToFp16(values[i]) : f32ToBf16(values[i]);
            std::memcpy(&bytes[i * 2], &bits, 2);
        }
    }
    return bytes;
}

/// Scores turned into probabilities in place, in double: the reference softmax.
void softmaxInDouble(std::vector<double>& p)
{
    double top = -std::numeric_limits<double>::infinity();
    for (const double x : p)
        top = std::max(top, x);
    double sum = 0.0;
    for (double& x : p) {
        x = std::exp(x - top);
        sum += x;
    }
    for (double& x : p)
        x /= sum;
}

float decoded(float value, DType type)
{
    if (type == DType::F16)
        return fp16ToF32(f32ToFp16(value));
    if (type == DType::BF16)
        return bf16ToF32(f32ToBf16(value));
    return value;
}

} // namespace

class TestCpuOps : public QObject {
    Q_OBJECT

private slots:
    void weightedRowSumMatchesDouble_data()
    {
        QTest::addColumn<cairn::DType>("type");
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("count");
        QTest::addColumn<int>("width");
        for (const DType type : {DType::F32, DType::F16, DType::BF16}) {
            const char* name = dtypeInfo(type).name.data();
            QTest::addRow("%s 1 row", name) << type << 1 << 7 << 256;
            QTest::addRow("%s 4 rows", name) << type << 4 << 33 << 64;
            QTest::addRow("%s 6 rows odd width", name) << type << 6 << 20 << 80;
            QTest::addRow("%s width not /16", name) << type << 3 << 5 << 37;
            QTest::addRow("%s no rows visible", name) << type << 2 << 0 << 32;
        }
    }
    void weightedRowSumMatchesDouble()
    {
        QFETCH(cairn::DType, type);
        QFETCH(int, rows);
        QFETCH(int, count);
        QFETCH(int, width);
        std::mt19937 rng(7);
        std::uniform_real_distribution<float> dist(-1.0F, 1.0F);
        const int stride = count + 3; // weight rows are longer than what is visible
        std::vector<float> weights(static_cast<std::size_t>(rows * stride));
        for (float& w : weights)
            w = dist(rng);
        std::vector<float> values(static_cast<std::size_t>(std::max(count, 1) * width));
        for (float& v : values)
            v = dist(rng);
        const std::vector<std::byte> encoded = encodeRows(values, type);
        const std::size_t rowBytes = encoded.size() / static_cast<std::size_t>(std::max(count, 1));
        std::vector<float> out(static_cast<std::size_t>(rows * width), 123.0F);
        ops::weightedRowSum(weights.data(), stride, rows, count, encoded.data(), type, rowBytes, width, out.data());
        for (int r = 0; r < rows; ++r) {
            for (int j = 0; j < width; ++j) {
                double expected = 0.0;
                for (int s = 0; s < count; ++s)
                    expected += static_cast<double>(weights[static_cast<std::size_t>(r * stride + s)])
                        * static_cast<double>(decoded(values[static_cast<std::size_t>(s * width + j)], type));
                QVERIFY2(std::abs(wide(out[static_cast<std::size_t>(r * width + j)]) - expected) < 1e-4,
                         qPrintable(QStringLiteral("row %1 col %2").arg(r).arg(j)));
            }
        }
    }

    void rowDotsMatchDouble_data()
    {
        QTest::addColumn<cairn::DType>("type");
        QTest::addColumn<int>("heads");
        QTest::addColumn<int>("count");
        QTest::addColumn<int>("width");
        for (const DType type : {DType::F32, DType::F16, DType::BF16}) {
            const char* name = dtypeInfo(type).name.data();
            QTest::addRow("%s 8 heads, two row blocks", name) << type << 8 << 40 << 288;
            QTest::addRow("%s 16 heads", name) << type << 16 << 17 << 64;
            QTest::addRow("%s 13 heads (8 + 4 + 1)", name) << type << 13 << 5 << 32;
            QTest::addRow("%s 3 heads", name) << type << 3 << 33 << 16;
            QTest::addRow("%s width not /16", name) << type << 5 << 9 << 37;
            QTest::addRow("%s no rows visible", name) << type << 8 << 0 << 32;
        }
    }
    void rowDotsMatchDouble()
    {
        QFETCH(cairn::DType, type);
        QFETCH(int, heads);
        QFETCH(int, count);
        QFETCH(int, width);
        std::mt19937 rng(11);
        std::uniform_real_distribution<float> dist(-1.0F, 1.0F);
        const int queryStride = width + 5; // queries are rows of a wider tensor
        std::vector<float> queries(static_cast<std::size_t>(heads * queryStride));
        for (float& q : queries)
            q = dist(rng);
        std::vector<float> values(static_cast<std::size_t>(std::max(count, 1) * width));
        for (float& v : values)
            v = dist(rng);
        const std::vector<std::byte> encoded = encodeRows(values, type);
        const std::size_t rowBytes = encoded.size() / static_cast<std::size_t>(std::max(count, 1));
        const int outStride = count + 2;
        constexpr float kScale = 0.125F;
        std::vector<float> out(static_cast<std::size_t>(heads * outStride), 123.0F);
        ops::rowDots(queries.data(), queryStride, heads, encoded.data(), type, rowBytes, width, count, kScale,
                     out.data(), outStride);
        for (int h = 0; h < heads; ++h) {
            for (int s = 0; s < count; ++s) {
                double expected = 0.0;
                for (int j = 0; j < width; ++j)
                    expected += static_cast<double>(queries[static_cast<std::size_t>(h * queryStride + j)])
                        * static_cast<double>(decoded(values[static_cast<std::size_t>(s * width + j)], type));
                QVERIFY2(std::abs(wide(out[static_cast<std::size_t>(h * outStride + s)])
                                  - static_cast<double>(kScale) * expected)
                             < 1e-4,
                         qPrintable(QStringLiteral("head %1 row %2").arg(h).arg(s)));
            }
            // Past the visible rows nothing is written.
            QCOMPARE(out[static_cast<std::size_t>(h * outStride + count)], 123.0F);
        }
    }

    void narrowRowRoundsAsTheScalarConversions()
    {
        // Ordinary values, halfway cases, the f16 overflow edge, subnormals of both formats,
        // signed zeros, infinities and NaNs with payloads; 53 values so SIMD loops leave a tail.
        std::vector<float> values{0.0F,
                                  -0.0F,
                                  1.0F,
                                  -2.5F,
                                  65504.0F,
                                  65519.99F,
                                  65520.0F,
                                  -70000.0F,
                                  1e-5F,
                                  6.0e-8F,
                                  -3.0e-8F,
                                  1e-40F,
                                  1.00048828125F,
                                  1.000732421875F,
                                  3.14159265F,
                                  std::numeric_limits<float>::infinity(),
                                  -std::numeric_limits<float>::infinity(),
                                  std::bit_cast<float>(0x7FC12345U),
                                  std::bit_cast<float>(0xFF812345U)};
        std::mt19937 rng(5);
        std::uniform_real_distribution<float> exponent(-30.0F, 18.0F);
        while (values.size() < 53)
            values.push_back((rng() % 2 == 0 ? 1.0F : -1.0F) * std::exp2(exponent(rng)));
        for (const DType type : {DType::F16, DType::BF16, DType::F32}) {
            const std::size_t width = type == DType::F32 ? 4 : 2;
            std::vector<std::byte> out(values.size() * width);
            ops::narrowRow(type, values.data(), out.data(), static_cast<std::int64_t>(values.size()));
            for (std::size_t i = 0; i < values.size(); ++i) {
                if (type == DType::F32) {
                    QCOMPARE(std::memcmp(&out[i * 4], &values[i], 4), 0);
                    continue;
                }
                std::uint16_t got = 0;
                std::memcpy(&got, &out[i * 2], 2);
                const std::uint16_t want = type == DType::F16 ? f32ToFp16(values[i]) : f32ToBf16(values[i]);
                QVERIFY2(got == want,
                         qPrintable(QStringLiteral("%1 -> %2, want %3").arg(values[i]).arg(got).arg(want)));
            }
        }
    }

    void causalAttentionMatchesDouble_data()
    {
        QTest::addColumn<cairn::ops::AttentionPrecision>("precision");
        QTest::addColumn<int>("tokens");
        QTest::addColumn<int>("start");
        QTest::addColumn<int>("nope");
        QTest::addColumn<int>("rope");
        QTest::addColumn<int>("dv");
        for (const auto precision : {ops::AttentionPrecision::F32, ops::AttentionPrecision::Bf16}) {
            const char* name = precision == ops::AttentionPrecision::F32 ? "f32" : "bf16";
            QTest::addRow("%s bench head, token tile tail", name) << precision << 21 << 0 << 64 << 32 << 64;
            QTest::addRow("%s after cached rows", name) << precision << 37 << 50 << 32 << 16 << 32;
            QTest::addRow("%s odd parts, 3 value vectors", name) << precision << 19 << 3 << 31 << 17 << 48;
            QTest::addRow("%s no rotary part, one token", name) << precision << 1 << 0 << 24 << 0 << 16;
            QTest::addRow("%s many blocks, 5 value vectors", name) << precision << 160 << 100 << 64 << 32 << 80;
        }
    }
    void causalAttentionMatchesDouble()
    {
        QFETCH(cairn::ops::AttentionPrecision, precision);
        QFETCH(int, tokens);
        QFETCH(int, start);
        QFETCH(int, nope);
        QFETCH(int, rope);
        QFETCH(int, dv);
        const int rows = start + tokens;
        const int width = nope + rope;
        std::mt19937 rng(5);
        std::uniform_real_distribution<float> dist(-1.0F, 1.0F);
        auto random = [&](int count) {
            std::vector<float> v(static_cast<std::size_t>(count));
            for (float& x : v)
                x = dist(rng);
            return v;
        };
        // Strided as the forward pass passes them: rows of wider tensors.
        const int queryStride = width + 3;
        const int nopeStride = 3 * nope + 1;
        const int ropeStride = rope + 2;
        const int valueStride = 2 * dv + 16;
        const int outStride = dv + 8;
        const std::vector<float> queries = random(tokens * queryStride);
        const std::vector<float> nopeKeys = random(rows * nopeStride);
        const std::vector<float> ropeKeys = random(std::max(1, rows * ropeStride));
        const std::vector<float> values = random(rows * valueStride);
        std::vector<float> out(static_cast<std::size_t>(tokens * outStride), 123.0F);
        constexpr float kScale = 0.3F;
        ops::CausalAttention a;
        a.queries = {queries.data(), queryStride, width};
        a.keys[0] = {nopeKeys.data(), nopeStride, nope};
        a.keys[1] = {ropeKeys.data(), ropeStride, rope};
        a.values = {values.data(), valueStride, dv};
        a.tokens = tokens;
        a.start = start;
        a.scale = kScale;
        a.out = out.data();
        a.outStride = outStride;
        if (!ops::causalAttention(a, precision))
            QSKIP("this CPU has no causal attention kernel");

        // bfloat16 rounds every operand to 8 significant bits: scores of about ±1.5 move by
        // ~1e-2, so probabilities by ~1 %; outputs are averages of values in [-1, 1] (seen: 3e-3).
        const double bound = precision == ops::AttentionPrecision::F32 ? 1e-5 : 1e-2;
        auto at
            = [](const std::vector<float>& v, int i) { return static_cast<double>(v[static_cast<std::size_t>(i)]); };
        double worst = 0.0;
        for (int t = 0; t < tokens; ++t) {
            const int visible = start + t + 1;
            std::vector<double> p(static_cast<std::size_t>(visible));
            for (int s = 0; s < visible; ++s) {
                double dot = 0.0;
                for (int c = 0; c < nope; ++c)
                    dot += at(queries, t * queryStride + c) * at(nopeKeys, s * nopeStride + c);
                for (int c = 0; c < rope; ++c)
                    dot += at(queries, t * queryStride + nope + c) * at(ropeKeys, s * ropeStride + c);
                p[static_cast<std::size_t>(s)] = static_cast<double>(kScale) * dot;
            }
            softmaxInDouble(p);
            for (int d = 0; d < dv; ++d) {
                double expected = 0.0;
                for (int s = 0; s < visible; ++s)
                    expected += p[static_cast<std::size_t>(s)] * at(values, s * valueStride + d);
                worst = std::max(worst, std::abs(at(out, t * outStride + d) - expected));
                QVERIFY2(std::abs(at(out, t * outStride + d) - expected) < bound,
                         qPrintable(QStringLiteral("token %1 column %2: %3, expected %4")
                                        .arg(t)
                                        .arg(d)
                                        .arg(at(out, t * outStride + d))
                                        .arg(expected)));
            }
            // Between output rows nothing is written.
            QCOMPARE(out[static_cast<std::size_t>(t * outStride + dv)], 123.0F);
        }
        qInfo("max |diff| %.3g", worst);
    }

    void latentAttentionHeadsDoNotDependOnTheirGrouping()
    {
        // Decoding splits a layer's heads between the threads by their speeds, so a head's output
        // must have the same bits whether it is attended to alone, in threes or all 16 at once.
        const int heads = 16;
        const int count = 131;
        const int width = 288;
        const int latent = 256;
        std::mt19937 rng(5);
        std::uniform_real_distribution<float> dist(-1.0F, 1.0F);
        std::vector<float> rowValues(static_cast<std::size_t>(count * width));
        for (float& x : rowValues)
            x = dist(rng);
        const std::vector<std::byte> encoded = encodeRows(rowValues, DType::BF16);
        const AlignedVector<std::byte> rows(encoded.begin(), encoded.end());
        std::vector<float> queries(static_cast<std::size_t>(heads * width));
        for (float& x : queries)
            x = dist(rng);
        auto attend = [&](int group) {
            std::vector<float> out(static_cast<std::size_t>(heads * latent));
            for (int first = 0; first < heads; first += group) {
                ops::LatentAttention a;
                a.queries = queries.data() + first * width;
                a.queryStride = width;
                a.heads = std::min(group, heads - first);
                a.rows = rows.data();
                a.rowType = DType::BF16;
                a.rowStride = static_cast<std::size_t>(width) * 2;
                a.width = width;
                a.valueWidth = latent;
                a.count = count;
                a.scale = 0.3F;
                a.out = out.data() + first * latent;
                ops::latentAttention(a, ops::AttentionPrecision::Bf16);
            }
            return out;
        };
        const std::vector<float> together = attend(heads);
        for (const int group : {1, 3, 8}) {
            const std::vector<float> grouped = attend(group);
            QVERIFY2(std::memcmp(grouped.data(), together.data(), together.size() * sizeof(float)) == 0,
                     qPrintable(QStringLiteral("groups of %1 differ").arg(group)));
        }
    }

    void latentAttentionMatchesDouble_data()
    {
        QTest::addColumn<cairn::ops::AttentionPrecision>("precision");
        QTest::addColumn<cairn::DType>("rowType");
        QTest::addColumn<int>("heads");
        QTest::addColumn<int>("count");
        QTest::addColumn<int>("latent");
        QTest::addColumn<int>("rope");
        QTest::addColumn<bool>("packed"); // rows back to back on a 64-byte boundary, as the cache has them
        for (const auto precision : {ops::AttentionPrecision::F32, ops::AttentionPrecision::Bf16}) {
            const char* name = precision == ops::AttentionPrecision::F32 ? "f32" : "bf16";
            QTest::addRow("%s bench layer, f16 rows", name)
                << precision << DType::F16 << 8 << 576 << 256 << 32 << false;
            QTest::addRow("%s bf16 rows, odd count, 11 heads", name)
                << precision << DType::BF16 << 11 << 45 << 64 << 32 << false;
            QTest::addRow("%s one row, 3 heads", name) << precision << DType::F16 << 3 << 1 << 32 << 0 << false;
            QTest::addRow("%s chunk edge, 3 value vectors", name)
                << precision << DType::F16 << 4 << 64 << 96 << 32 << false;
            QTest::addRow("%s chunks and an odd tail", name)
                << precision << DType::F16 << 8 << 131 << 256 << 32 << false;
            // bfloat16 rows read in place; an odd last chunk is copied.
            QTest::addRow("%s bench layer, packed bf16 rows", name)
                << precision << DType::BF16 << 8 << 576 << 256 << 32 << true;
            QTest::addRow("%s packed bf16 rows, odd tail", name)
                << precision << DType::BF16 << 16 << 131 << 256 << 32 << true;
            QTest::addRow("%s packed f16 rows", name) << precision << DType::F16 << 8 << 130 << 256 << 32 << true;
            // Not the bfloat16 kernel's shape (width 40): float products either way.
            QTest::addRow("%s f32 rows, odd widths", name) << precision << DType::F32 << 5 << 33 << 32 << 8 << false;
        }
    }
    void latentAttentionMatchesDouble()
    {
        QFETCH(cairn::ops::AttentionPrecision, precision);
        QFETCH(cairn::DType, rowType);
        QFETCH(int, heads);
        QFETCH(int, count);
        QFETCH(int, latent);
        QFETCH(int, rope);
        QFETCH(bool, packed);
        const int width = latent + rope;
        std::mt19937 rng(9);
        std::uniform_real_distribution<float> dist(-1.0F, 1.0F);
        // Rows back to back or with room after each; queries strided as the forward pass has them.
        const int rowElements = packed ? width : width + 16;
        std::vector<float> rowValues(static_cast<std::size_t>(count * rowElements));
        for (float& x : rowValues)
            x = dist(rng);
        const std::vector<std::byte> encoded = encodeRows(rowValues, rowType);
        const AlignedVector<std::byte> rows(encoded.begin(), encoded.end());
        const int queryStride = width + 5;
        std::vector<float> queries(static_cast<std::size_t>(heads * queryStride));
        for (float& x : queries)
            x = dist(rng);
        std::vector<float> out(static_cast<std::size_t>(heads * latent), 123.0F);
        constexpr float kScale = 0.4F;
        ops::LatentAttention a;
        a.queries = queries.data();
        a.queryStride = queryStride;
        a.heads = heads;
        a.rows = rows.data();
        a.rowType = rowType;
        a.rowStride = static_cast<std::size_t>(rowElements) * dtypeInfo(rowType).typeSize;
        a.width = width;
        a.valueWidth = latent;
        a.count = count;
        a.scale = kScale;
        a.out = out.data();
        ops::latentAttention(a, precision);

        // As for causal attention: bfloat16 moves scores of about ±2 by ~1e-2 (seen: 2e-3).
        const double bound = precision == ops::AttentionPrecision::F32 ? 1e-5 : 1e-2;
        auto row = [&](int s, int c) {
            return static_cast<double>(decoded(rowValues[static_cast<std::size_t>(s * rowElements + c)], rowType));
        };
        double worst = 0.0;
        for (int h = 0; h < heads; ++h) {
            std::vector<double> p(static_cast<std::size_t>(count));
            for (int s = 0; s < count; ++s) {
                double dot = 0.0;
                for (int c = 0; c < width; ++c)
                    dot += static_cast<double>(queries[static_cast<std::size_t>(h * queryStride + c)]) * row(s, c);
                p[static_cast<std::size_t>(s)] = static_cast<double>(kScale) * dot;
            }
            softmaxInDouble(p);
            for (int c = 0; c < latent; ++c) {
                double expected = 0.0;
                for (int s = 0; s < count; ++s)
                    expected += p[static_cast<std::size_t>(s)] * row(s, c);
                const double got = out[static_cast<std::size_t>(h * latent + c)];
                worst = std::max(worst, std::abs(got - expected));
                QVERIFY2(
                    std::abs(got - expected) < bound,
                    qPrintable(
                        QStringLiteral("head %1 column %2: %3, expected %4").arg(h).arg(c).arg(got).arg(expected)));
            }
        }
        qInfo("max |diff| %.3g", worst);
    }

    void widenRowIsExact()
    {
        std::vector<float> values(53);
        for (std::size_t i = 0; i < values.size(); ++i)
            values[i] = static_cast<float>(i) * 0.37F - 9.0F;
        for (const DType type : {DType::F32, DType::F16, DType::BF16}) {
            const std::vector<std::byte> encoded = encodeRows(values, type);
            std::vector<float> out(values.size());
            ops::widenRow(type, encoded.data(), out.data(), static_cast<std::int64_t>(values.size()));
            for (std::size_t i = 0; i < values.size(); ++i)
                QCOMPARE(out[i], decoded(values[i], type));
        }
    }

    void rmsNormSoftmaxSilu()
    {
        const std::vector<float> x{1.0F, -2.0F, 3.0F, 0.5F};
        const std::vector<float> weight{1.0F, 2.0F, 0.5F, 1.0F};
        std::vector<float> out(4);
        ops::rmsNorm(x.data(), weight.data(), out.data(), 4, 1e-6F);
        const double rms = std::sqrt((1.0 + 4.0 + 9.0 + 0.25) / 4.0 + 1e-6);
        for (std::size_t i = 0; i < 4; ++i)
            QVERIFY(std::abs(wide(out[i]) - wide(x[i]) / rms * wide(weight[i])) < 1e-6);

        std::vector<float> logits{1000.0F, 1001.0F, 999.0F}; // stable for large values
        ops::softmax(logits.data(), 3);
        const double denominator = std::exp(-1.0) + 1.0 + std::exp(-2.0);
        QVERIFY(std::abs(wide(logits[1]) - 1.0 / denominator) < 1e-6);
        QVERIFY(std::abs(logits[0] + logits[1] + logits[2] - 1.0F) < 1e-6F);

        std::vector<float> gate{0.0F, 2.0F, -3.0F};
        const std::vector<float> up{5.0F, 0.5F, 2.0F};
        ops::siluMul(gate.data(), up.data(), 3);
        QCOMPARE(gate[0], 0.0F);
        QVERIFY(std::abs(wide(gate[1]) - 2.0 / (1.0 + std::exp(-2.0)) * 0.5) < 1e-6);
        QVERIFY(std::abs(wide(gate[2]) - -3.0 / (1.0 + std::exp(3.0)) * 2.0) < 1e-6);
    }

    void rmsNormMatchesDoublePrecision_data()
    {
        QTest::addColumn<int>("n");
        for (const int n : {1, 31, 32, 33, 1000, 7168})
            QTest::addRow("%d", n) << n;
    }
    void rmsNormMatchesDoublePrecision()
    {
        // Every length the SIMD loops split differently, in place as the forward pass uses it too.
        QFETCH(int, n);
        const auto count = static_cast<std::size_t>(n);
        std::vector<float> x(count);
        std::vector<float> weight(count);
        for (std::size_t i = 0; i < count; ++i) {
            x[i] = static_cast<float>(std::sin(0.37 * static_cast<double>(i)) * 3.0 + 0.1);
            weight[i] = static_cast<float>(0.5 + 0.001 * static_cast<double>(i % 97));
        }
        double sum = 0.0;
        for (const float v : x)
            sum += wide(v) * wide(v);
        const double rms = std::sqrt(sum / n + 1e-5);
        std::vector<float> out(count);
        ops::rmsNorm(x.data(), weight.data(), out.data(), n, 1e-5F);
        std::vector<float> inPlace = x;
        ops::rmsNorm(inPlace.data(), weight.data(), inPlace.data(), n, 1e-5F);
        for (std::size_t i = 0; i < count; ++i) {
            const double want = wide(x[i]) / rms * wide(weight[i]);
            QVERIFY2(std::abs(wide(out[i]) - want) <= 1e-6 * (std::abs(want) + 1e-3), qPrintable(QString::number(i)));
            QCOMPARE(inPlace[i], out[i]);
        }
    }

    void softmaxAndSiluMatchDoublePrecision_data()
    {
        QTest::addColumn<int>("n");
        QTest::addColumn<float>("spread");
        QTest::newRow("one") << 1 << 1.0F;
        QTest::newRow("15: tail only") << 15 << 4.0F;
        QTest::newRow("16") << 16 << 10.0F;
        QTest::newRow("1000: body and tail") << 1000 << 30.0F;
        QTest::newRow("4099: underflowing terms") << 4099 << 200.0F;
    }
    void softmaxAndSiluMatchDoublePrecision()
    {
        QFETCH(int, n);
        QFETCH(float, spread);
        std::mt19937 rng(static_cast<unsigned>(n));
        std::uniform_real_distribution<float> dist(-spread, spread);
        std::vector<float> x(static_cast<std::size_t>(n));
        for (float& v : x)
            v = dist(rng);
        std::vector<float> probabilities = x;
        ops::softmax(probabilities.data(), n);
        // The shift by the maximum is a float subtraction in every implementation: so here too.
        const float top = *std::max_element(x.begin(), x.end());
        double sum = 0.0;
        for (const float v : x)
            sum += std::exp(wide(v - top));
        double total = 0.0;
        for (std::size_t i = 0; i < x.size(); ++i) {
            const double expected = std::exp(wide(x[i] - top)) / sum;
            QVERIFY2(std::abs(wide(probabilities[i]) - expected) <= 1e-6 * expected + 1e-38,
                     qPrintable(QStringLiteral("%1: %2 vs %3").arg(i).arg(probabilities[i]).arg(expected)));
            total += wide(probabilities[i]);
        }
        QVERIFY(std::abs(total - 1.0) < 1e-5);

        std::vector<float> gate = x;
        std::vector<float> up(x.size());
        for (float& v : up)
            v = dist(rng);
        ops::siluMul(gate.data(), up.data(), n);
        for (std::size_t i = 0; i < x.size(); ++i) {
            const double expected = wide(x[i]) / (1.0 + std::exp(-wide(x[i]))) * wide(up[i]);
            QVERIFY2(std::abs(wide(gate[i]) - expected) <= 1e-6 * std::abs(expected) + 1e-30,
                     qPrintable(QStringLiteral("%1: %2 vs %3").arg(i).arg(gate[i]).arg(expected)));
        }
    }

    void softmaxOfInfinitiesAndNan()
    {
        const float inf = std::numeric_limits<float>::infinity();
        std::vector<float> masked(20, -inf); // every row but two masked out, across a SIMD tail
        masked[3] = 1.0F;
        masked[18] = 1.0F;
        ops::softmax(masked.data(), 20);
        for (std::size_t i = 0; i < masked.size(); ++i)
            QCOMPARE(masked[i], i == 3 || i == 18 ? 0.5F : 0.0F);
        std::vector<float> gate{-inf, -200.0F, 200.0F, std::numeric_limits<float>::quiet_NaN()};
        const std::vector<float> up(4, 1.0F);
        ops::siluMul(gate.data(), up.data(), 4);
        QVERIFY(gate[0] == 0.0F || std::isnan(gate[0])); // -inf · 0: no finite answer is claimed
        QVERIFY(std::abs(gate[1]) < 1e-30F);
        QCOMPARE(gate[2], 200.0F);
        QVERIFY(std::isnan(gate[3]));
    }

    void ropeRotatesAdjacentPairs()
    {
        ops::Rope::Config config;
        config.dims = 4;
        config.freqBase = 10000.0;
        const ops::Rope rope(config);
        std::vector<float> x{1.0F, 0.0F, 0.0F, 1.0F};
        rope.apply(x.data(), 3);
        // Pair 0 turns by 3 radians, pair 1 by 3 / 100.
        QVERIFY(std::abs(wide(x[0]) - std::cos(3.0)) < 1e-6 && std::abs(wide(x[1]) - std::sin(3.0)) < 1e-6);
        QVERIFY(std::abs(wide(x[2]) - -std::sin(0.03)) < 1e-6 && std::abs(wide(x[3]) - std::cos(0.03)) < 1e-6);
        std::vector<float> y{0.3F, -0.7F, 2.0F, 0.1F};
        const std::vector<float> before = y;
        rope.apply(y.data(), 0);
        QCOMPARE(y, before); // position 0 is the identity
    }

    void yarnInterpolatesLowFrequencies()
    {
        // ggml's YaRN: dimensions past the correction range are slowed by the factor, the
        // fastest ones are kept, and attnFactor cancels the magnitude scaling exactly.
        ops::Rope::Config config;
        config.dims = 16;
        config.freqBase = 10000.0;
        config.freqScale = 1.0 / 40.0;
        config.extFactor = 1.0;
        config.originalContext = 4096;
        config.attnFactor = 1.0 / (1.0 + 0.1 * std::log(40.0));
        const ops::Rope rope(config);
        std::vector<float> x(16, 0.0F);
        for (std::size_t i = 0; i < 16; i += 2)
            x[i] = 1.0F;
        const std::int64_t pos = 1000;
        rope.apply(x.data(), pos);
        for (std::size_t i = 0; i < 16; i += 2)
            QVERIFY(std::abs(std::hypot(wide(x[i]), wide(x[i + 1])) - 1.0) < 1e-5); // magnitude kept
        const double fastest = 1000.0;                                              // pair 0: theta 1, extrapolated
        QVERIFY(std::abs(std::atan2(wide(x[1]), wide(x[0])) - std::remainder(fastest, 2 * std::numbers::pi)) < 1e-4);
        const double slowest = 1000.0 * std::pow(10000.0, -14.0 / 16.0) / 40.0; // pair 7: interpolated
        QVERIFY(std::abs(std::atan2(wide(x[15]), wide(x[14])) - slowest) < 1e-5);
    }
};

QTEST_APPLESS_MAIN(TestCpuOps)
#include "tst_cpu_ops.moc"
