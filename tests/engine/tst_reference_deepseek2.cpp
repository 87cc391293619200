// SPDX-License-Identifier: MIT
// The float64 deepseek2 reference against llama.cpp's logits for the deepseek2-tiny fixture, plus
// causality, parsing, errors, and the legacy-layout and quantized paths (on rewritten fixtures).

#include "tests/engine/fixture_logits.h"
#include "tests/engine/reference/deepseek2_reference.h"
#include "tests/engine/reference/reference_weights.h"

#include "engine/backends/cpu/quantize.h"
#include "engine/format/gguf_writer.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <optional>
#include <string>
#include <vector>

using namespace cairn;
using namespace cairn::reference;

namespace {

/// The shared folder beside the checkout; CAIRN_SHARED_DIR in the environment overrides it (worktrees).
const QString kFixtureDir
    = qEnvironmentVariable("CAIRN_SHARED_DIR", QStringLiteral(CAIRN_SHARED_DIR)) + "/fixtures/deepseek2-tiny/";

std::size_t argmax(const std::vector<double>& values)
{
    return static_cast<std::size_t>(std::max_element(values.begin(), values.end()) - values.begin());
}

double maxAbsDiff(const std::vector<std::vector<double>>& a, const std::vector<std::vector<double>>& b)
{
    double diff = 0.0;
    for (std::size_t t = 0; t < a.size(); ++t) {
        for (std::size_t i = 0; i < a[t].size(); ++i)
            diff = std::max(diff, std::abs(a[t][i] - b[t][i]));
    }
    return diff;
}

std::vector<float> floats(const GgufTensor& tensor)
{
    std::vector<float> values(tensor.bytes / sizeof(float));
    std::memcpy(values.data(), tensor.data, values.size() * sizeof(float));
    return values;
}

/// What a rewrite of the fixture changes: keys to drop, tensors to drop, tensors to add.
struct Rewrite {
    std::vector<std::string> dropKeys;
    std::vector<std::string> dropTensors;
    std::function<Status(GgufWriter&)> addTensors;
};

/// Writes `source` to `path` with `rewrite` applied; tensor bytes are copied unchanged.
Status rewriteModel(const GgufFile& source, const std::string& path, const Rewrite& rewrite)
{
    const auto dropped = [](const std::vector<std::string>& names, const std::string& name) {
        return std::find(names.begin(), names.end(), name) != names.end();
    };
    GgufWriter writer(source.alignment());
    for (const auto& [key, value] : source.metadata()) {
        if (key != "general.alignment" && !dropped(rewrite.dropKeys, key))
            writer.set(key, value);
    }
    for (const GgufTensor& tensor : source.tensors()) {
        if (dropped(rewrite.dropTensors, tensor.name))
            continue;
        std::vector<std::byte> bytes(tensor.data, tensor.data + tensor.bytes);
        const Status added = writer.addTensor(tensor.name, tensor.type, tensor.dims, std::move(bytes));
        if (!added)
            return added;
    }
    if (rewrite.addTensors) {
        const Status added = rewrite.addTensors(writer);
        if (!added)
            return added;
    }
    return writer.write(path);
}

} // namespace

class TestReferenceDeepseek2 : public QObject {
    Q_OBJECT

private:
    std::optional<GgufFile> m_model;
    std::vector<std::int32_t> m_tokens;
    std::vector<test::FixtureRow> m_expected;
    std::vector<std::vector<double>> m_logits; ///< the reference over all of m_tokens

private slots:
    void initTestCase()
    {
        auto opened = GgufFile::open((kFixtureDir + "model.gguf").toStdString());
        QVERIFY2(opened.ok(), opened.ok() ? "" : opened.error().message().c_str());
        m_model.emplace(std::move(opened).value());

        m_tokens = test::readFixtureTokens((kFixtureDir + "tokens.txt").toStdString());
        QCOMPARE(m_tokens.size(), 24U);
        m_expected = test::readFixtureLogits((kFixtureDir + "logits.txt").toStdString());
        QCOMPARE(m_expected.size(), m_tokens.size());

        auto logits = referenceLogits(*m_model, m_tokens);
        QVERIFY2(logits.ok(), logits.ok() ? "" : logits.error().message().c_str());
        m_logits = std::move(logits).value();
    }

    void parsesFixtureHyperparameters()
    {
        const auto config = parseReferenceConfig(*m_model);
        QVERIFY2(config.ok(), config.ok() ? "" : config.error().message().c_str());
        const ReferenceConfig& c = config.value();
        QCOMPARE(c.layerCount, 4U);
        QCOMPARE(c.embeddingLength, 256U);
        QCOMPARE(c.vocabSize, 512U);
        QCOMPARE(c.headCount, 8U);
        QCOMPARE(c.qLoraRank, 128U);
        QCOMPARE(c.kvLoraRank, 64U);
        QCOMPARE(c.headDimNope(), 32U);
        QCOMPARE(c.headDimRope, 16U);
        QCOMPARE(c.headDimV, 32U);
        QCOMPARE(c.leadingDenseBlockCount, 1U);
        QCOMPARE(c.expertCount, 16U);
        QCOMPARE(c.expertUsedCount, 4U);
        QCOMPARE(c.expertSharedCount, 2U);
        QCOMPARE(c.expertGroupCount, 4U);
        QCOMPARE(c.expertGroupUsedCount, 2U);
        QVERIFY(c.expertGating == ExpertGating::Sigmoid);
        QVERIFY(c.expertWeightsNorm);
        QVERIFY(c.yarn);
        QCOMPARE(c.yarnOriginalContext, 4096U);
        // mscale = 1 + 0.1 * mscale_all_dim(1) * ln 40; scale = mscale^2 / sqrt(32 + 16)
        const double mscale = 1.0 + 0.1 * std::log(40.0);
        QVERIFY(std::abs(c.attentionScale() - mscale * mscale / std::sqrt(48.0)) < 1e-8);
    }

    void matchesLlamaCppLogits()
    {
        QCOMPARE(m_logits.size(), m_expected.size());
        double maxDiff = 0.0;
        for (std::size_t t = 0; t < m_expected.size(); ++t) {
            const test::FixtureRow& expected = m_expected[t];
            QCOMPARE(expected.position, static_cast<int>(t));
            QCOMPARE(m_logits[t].size(), expected.logits.size());
            for (std::size_t i = 0; i < expected.logits.size(); ++i)
                maxDiff = std::max(maxDiff, std::abs(m_logits[t][i] - expected.logits[i]));
            QCOMPARE(argmax(m_logits[t]), static_cast<std::size_t>(expected.argmax));
        }
        qInfo("deepseek2-tiny: max |reference - llama.cpp| = %.3g over %zu positions", maxDiff, m_expected.size());
        QVERIFY2(maxDiff < 1e-4, qPrintable(QString::number(maxDiff)));
    }

    void prefixGivesSameRows_data()
    {
        QTest::addColumn<int>("length");
        QTest::newRow("first token") << 1;
        QTest::newRow("seven tokens") << 7;
        QTest::newRow("all but one") << 23;
    }
    void prefixGivesSameRows()
    {
        QFETCH(int, length);
        const auto prefix = referenceLogits(*m_model, std::span(m_tokens).first(static_cast<std::size_t>(length)));
        QVERIFY2(prefix.ok(), prefix.ok() ? "" : prefix.error().message().c_str());
        QCOMPARE(prefix.value().size(), static_cast<std::size_t>(length));
        for (std::size_t t = 0; t < prefix.value().size(); ++t)
            QVERIFY2(prefix.value()[t] == m_logits[t], qPrintable(QStringLiteral("row %1 differs").arg(t)));
    }

    /// The legacy layout (one attn_kv_b per layer, as files from before the MLA split store it)
    /// rebuilt from attn_k_b / attn_v_b must give the same logits through the other code path.
    void legacyFusedKvBGivesSameLogits()
    {
        const GgufFile& model = *m_model;
        Rewrite rewrite;
        // Legacy files give the decompressed head sizes in key_length / value_length.
        rewrite.dropKeys = {"deepseek2.attention.key_length_mla", "deepseek2.attention.value_length_mla",
                            "deepseek2.attention.key_length", "deepseek2.attention.value_length"};
        for (int layer = 0; layer < 4; ++layer) {
            for (const char* part : {"attn_k_b", "attn_v_b"})
                rewrite.dropTensors.push_back("blk." + std::to_string(layer) + "." + part + ".weight");
        }
        rewrite.addTensors = [&model](GgufWriter& writer) -> Status {
            constexpr std::size_t kHeads = 8, kNope = 32, kV = 32, kLora = 64;
            writer.set("deepseek2.attention.key_length", GgufValue(std::uint32_t(48)));
            writer.set("deepseek2.attention.value_length", GgufValue(std::uint32_t(kV)));
            for (int layer = 0; layer < 4; ++layer) {
                const std::string prefix = "blk." + std::to_string(layer) + ".";
                const std::vector<float> kB = floats(*model.tensor(prefix + "attn_k_b.weight"));
                const std::vector<float> vB = floats(*model.tensor(prefix + "attn_v_b.weight"));
                // attn_kv_b [heads * (nope + v)][lora]: per head the k rows (k_b transposed), then the v rows.
                std::vector<float> kvB(kHeads * (kNope + kV) * kLora);
                for (std::size_t h = 0; h < kHeads; ++h) {
                    for (std::size_t j = 0; j < kLora; ++j) {
                        for (std::size_t i = 0; i < kNope; ++i)
                            kvB[(h * (kNope + kV) + i) * kLora + j] = kB[(h * kLora + j) * kNope + i];
                        for (std::size_t i = 0; i < kV; ++i)
                            kvB[(h * (kNope + kV) + kNope + i) * kLora + j] = vB[(h * kV + i) * kLora + j];
                    }
                }
                std::vector<std::byte> bytes(kvB.size() * sizeof(float));
                std::memcpy(bytes.data(), kvB.data(), bytes.size());
                const Status added = writer.addTensor(prefix + "attn_kv_b.weight", DType::F32,
                                                      {kLora, kHeads * (kNope + kV)}, std::move(bytes));
                if (!added)
                    return added;
            }
            return Ok{};
        };
        QTemporaryDir dir;
        const std::string path = dir.filePath("legacy.gguf").toStdString();
        const Status written = rewriteModel(model, path, rewrite);
        QVERIFY2(written.ok(), written.ok() ? "" : written.error().message().c_str());

        const auto legacy = GgufFile::open(path);
        QVERIFY2(legacy.ok(), legacy.ok() ? "" : legacy.error().message().c_str());
        QVERIFY(legacy.value().tensor("blk.0.attn_k_b.weight") == nullptr);
        const auto logits = referenceLogits(legacy.value(), m_tokens);
        QVERIFY2(logits.ok(), logits.ok() ? "" : logits.error().message().c_str());
        const double diff = maxAbsDiff(logits.value(), m_logits);
        QVERIFY2(diff < 1e-12, qPrintable(QString::number(diff)));
    }

    void missingInputIsAnError_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("tensor");
        QTest::addColumn<QString>("message");
        QTest::newRow("kv_lora_rank") << "deepseek2.attention.kv_lora_rank"
                                      << ""
                                      << "missing key deepseek2.attention.kv_lora_rank";
        QTest::newRow("expert_used_count") << "deepseek2.expert_used_count"
                                           << ""
                                           << "missing key deepseek2.expert_used_count";
        QTest::newRow("yarn original context") << "deepseek2.rope.scaling.original_context_length"
                                               << ""
                                               << "missing key deepseek2.rope.scaling.original_context_length";
        QTest::newRow("attn_q_b") << ""
                                  << "blk.0.attn_q_b.weight"
                                  << "missing tensor blk.0.attn_q_b.weight";
        QTest::newRow("expert up") << ""
                                   << "blk.3.ffn_up_exps.weight"
                                   << "missing tensor blk.3.ffn_up_exps.weight";
        QTest::newRow("output norm") << ""
                                     << "output_norm.weight"
                                     << "missing tensor output_norm.weight";
    }
    void missingInputIsAnError()
    {
        QFETCH(QString, key);
        QFETCH(QString, tensor);
        QFETCH(QString, message);
        Rewrite rewrite;
        if (!key.isEmpty())
            rewrite.dropKeys.push_back(key.toStdString());
        if (!tensor.isEmpty())
            rewrite.dropTensors.push_back(tensor.toStdString());
        QTemporaryDir dir;
        const std::string path = dir.filePath("broken.gguf").toStdString();
        const Status written = rewriteModel(*m_model, path, rewrite);
        QVERIFY2(written.ok(), written.ok() ? "" : written.error().message().c_str());
        const auto broken = GgufFile::open(path);
        QVERIFY2(broken.ok(), broken.ok() ? "" : broken.error().message().c_str());

        const auto logits = referenceLogits(broken.value(), m_tokens);
        QVERIFY(!logits.ok());
        const QString got = QString::fromStdString(logits.error().message());
        QVERIFY2(got.contains(message), qPrintable(got));
        QVERIFY2(got.startsWith(QString::fromStdString(path)), qPrintable(got));
    }

    void outOfRangeTokenIsAnError()
    {
        const std::vector<std::int32_t> tokens{3, 512};
        const auto logits = referenceLogits(*m_model, tokens);
        QVERIFY(!logits.ok());
        QVERIFY(logits.error().message().find("token id 512") != std::string::npos);
    }

    void widenRowDecodesExactly_data()
    {
        QTest::addColumn<int>("type");
        QTest::addColumn<quint16>("bits");
        QTest::addColumn<double>("value");
        QTest::newRow("f16 one") << int(DType::F16) << quint16(0x3c00) << 1.0;
        QTest::newRow("f16 minus two") << int(DType::F16) << quint16(0xc000) << -2.0;
        QTest::newRow("f16 largest") << int(DType::F16) << quint16(0x7bff) << 65504.0;
        QTest::newRow("f16 smallest subnormal") << int(DType::F16) << quint16(0x0001) << std::ldexp(1.0, -24);
        QTest::newRow("f16 one third") << int(DType::F16) << quint16(0x3555) << 1365.0 / 4096.0;
        QTest::newRow("bf16 one") << int(DType::BF16) << quint16(0x3f80) << 1.0;
        QTest::newRow("bf16 minus pi") << int(DType::BF16) << quint16(0xc049) << -3.140625;
        QTest::newRow("bf16 tiny") << int(DType::BF16) << quint16(0x0080) << std::ldexp(1.0, -126);
    }
    void widenRowDecodesExactly()
    {
        QFETCH(int, type);
        QFETCH(quint16, bits);
        QFETCH(double, value);
        std::byte raw[2];
        std::memcpy(raw, &bits, sizeof raw);
        double out = 0.0;
        const Status widened = widenRow(static_cast<DType>(type), raw, {&out, 1});
        QVERIFY(widened.ok());
        QCOMPARE(out, value);
    }

    void quantizedRowGoesThroughDequantization()
    {
        // One Q8_0 block: F16 scale 0.5 (0x3800), then 32 int8 quants -16..15.
        std::vector<std::byte> block(34);
        const quint16 scale = 0x3800;
        std::memcpy(block.data(), &scale, sizeof scale);
        for (int i = 0; i < 32; ++i)
            block[static_cast<std::size_t>(2 + i)] = static_cast<std::byte>(static_cast<std::int8_t>(i - 16));
        std::vector<double> out(32);
        const Status widened = widenRow(DType::Q8_0, block.data(), out);
        QVERIFY(widened.ok());
        for (int i = 0; i < 32; ++i)
            QCOMPARE(out[static_cast<std::size_t>(i)], 0.5 * (i - 16));

        const Status partial = widenRow(DType::Q8_0, block.data(), std::span(out).first(16));
        QVERIFY(!partial.ok());
    }

    void typeWithoutDequantizationIsUnsupported()
    {
        const std::vector<std::byte> block(66);
        std::vector<double> out(256);
        const Status widened = widenRow(DType::IQ2_XXS, block.data(), out);
        QVERIFY(!widened.ok());
        QCOMPARE(widened.error().code, ErrorCode::Unsupported);
    }

    /// Every matrix of the fixture stored as Q8_0: the quantized path end to end (row strides,
    /// expert slices) must stay close to the F32 logits; a misread row would not.
    void q8ModelStaysCloseToF32()
    {
        const GgufFile& model = *m_model;
        Rewrite rewrite;
        for (const GgufTensor& tensor : model.tensors()) {
            if (tensor.dims.size() >= 2)
                rewrite.dropTensors.push_back(tensor.name);
        }
        rewrite.addTensors = [&model](GgufWriter& writer) -> Status {
            for (const GgufTensor& tensor : model.tensors()) {
                if (tensor.dims.size() < 2)
                    continue;
                const std::vector<float> values = floats(tensor);
                const auto cols = static_cast<std::int64_t>(tensor.dims[0]);
                const std::uint64_t stride = rowBytes(DType::Q8_0, tensor.dims[0]).value();
                std::vector<std::byte> bytes(stride * tensor.rows());
                for (std::uint64_t r = 0; r < tensor.rows(); ++r)
                    cpu::quantizeRow(DType::Q8_0, values.data() + r * tensor.dims[0], bytes.data() + r * stride, cols);
                const Status added = writer.addTensor(tensor.name, DType::Q8_0, tensor.dims, std::move(bytes));
                if (!added)
                    return added;
            }
            return Ok{};
        };
        QTemporaryDir dir;
        const std::string path = dir.filePath("q8.gguf").toStdString();
        const Status written = rewriteModel(model, path, rewrite);
        QVERIFY2(written.ok(), written.ok() ? "" : written.error().message().c_str());
        const auto quantized = GgufFile::open(path);
        QVERIFY2(quantized.ok(), quantized.ok() ? "" : quantized.error().message().c_str());
        QVERIFY(quantized.value().tensor("blk.3.ffn_down_exps.weight")->type == DType::Q8_0);

        const auto logits = referenceLogits(quantized.value(), m_tokens);
        QVERIFY2(logits.ok(), logits.ok() ? "" : logits.error().message().c_str());
        // Q8_0 rounding moves a few routing decisions, so the rows are compared by NMSE.
        double error = 0.0;
        double energy = 0.0;
        for (std::size_t t = 0; t < m_logits.size(); ++t) {
            for (std::size_t i = 0; i < m_logits[t].size(); ++i) {
                error += std::pow(logits.value()[t][i] - m_logits[t][i], 2);
                energy += std::pow(m_logits[t][i], 2);
            }
        }
        qInfo("deepseek2-tiny as Q8_0: NMSE against F32 %.3g", error / energy);
        QVERIFY2(error / energy < 2e-2, qPrintable(QString::number(error / energy)));
    }
};

QTEST_APPLESS_MAIN(TestReferenceDeepseek2)
#include "tst_reference_deepseek2.moc"
