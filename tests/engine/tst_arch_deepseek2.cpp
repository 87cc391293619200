// SPDX-License-Identifier: MIT
// The deepseek2 forward pass against the shared fixture that llama.cpp computed: every logit
// within 1e-4 and the same argmax, fed in one batch, token by token, and in uneven batches.

#include "engine/api/model.h"
#include "engine/api/session.h"
#include "engine/arch/forward_pass.h"
#include "tests/engine/fixture_logits.h"

#include <QtTest>

#include <algorithm>
#include <cmath>

using namespace cairn;

namespace {

const std::string kFixture = CAIRN_SHARED_DIR "/fixtures/deepseek2-tiny/";

} // namespace

class TestArchDeepSeek2 : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        m_tokens = test::readFixtureTokens(kFixture + "tokens.txt");
        m_expected = test::readFixtureLogits(kFixture + "logits.txt");
        QCOMPARE(m_tokens.size(), 24U);
        QCOMPARE(m_expected.size(), m_tokens.size());
        ModelParams params;
        params.path = kFixture + "model.gguf";
        params.threads = 2;
        Result<std::shared_ptr<Model>> model = Model::load(params);
        QVERIFY2(model.ok(), model.ok() ? "" : model.error().message().c_str());
        m_model = model.value();
        QCOMPARE(m_model->vocabSize(), 512U);
        QCOMPARE(m_model->architecture(), std::string("deepseek2"));
    }

    void matchesFixture_data()
    {
        QTest::addColumn<qint64>("batch");
        QTest::addColumn<int>("kv");
        QTest::addColumn<double>("tolerance");
        QTest::newRow("one batch, f32 cache") << qint64(24) << int(KvType::F32) << 1e-4;
        QTest::newRow("token by token, f32 cache") << qint64(1) << int(KvType::F32) << 1e-4;
        QTest::newRow("batches of 5, f32 cache") << qint64(5) << int(KvType::F32) << 1e-4;
        // Half-precision latents cost accuracy; the argmax must still agree.
        QTest::newRow("one batch, f16 cache") << qint64(24) << int(KvType::F16) << 2e-3;
        QTest::newRow("one batch, bf16 cache") << qint64(24) << int(KvType::BF16) << 2e-2;
    }
    void matchesFixture()
    {
        QFETCH(qint64, batch);
        QFETCH(int, kv);
        QFETCH(double, tolerance);
        ContextParams params;
        params.contextLength = 64;
        params.batchSize = batch;
        params.kvType = static_cast<KvType>(kv);
        Session session(m_model, params);
        QVERIFY(session.feed(m_tokens, nullptr, {}, true).ok());
        QCOMPARE(session.position(), 24);
        const std::vector<float>& logits = session.allLogits();
        double worst = 0.0;
        for (std::size_t pos = 0; pos < m_tokens.size(); ++pos) {
            const float* row = logits.data() + pos * 512;
            const auto argmax = static_cast<int>(std::max_element(row, row + 512) - row);
            QCOMPARE(argmax, m_expected[pos].argmax);
            for (std::size_t i = 0; i < 512; ++i)
                worst = std::max(worst, std::abs(static_cast<double>(row[i]) - m_expected[pos].logits[i]));
        }
        qInfo("max |logit - llama.cpp| = %.3g", worst);
        QVERIFY2(worst < tolerance, qPrintable(QString::number(worst)));
    }

    void prefillMacsCountTheFixture()
    {
        // Counted by hand from the fixture's README: hidden 256, 4 layers (layer 0 dense, FFN
        // 768), 8 heads, q rank 128, kv rank 64, nope 32, rope 16, v 32, 16 experts of FFN 128
        // (4 used), 2 shared, vocab 512.
        const std::uint64_t attention = 256 * 128 + 128 * 8 * 48 + 256 * 80 + 8 * 32 * 64 + 8 * 64 * 32 + 8 * 32 * 256;
        const std::uint64_t dense = 3 * 256 * 768;
        const std::uint64_t moe = 256 * 16 + 4 * 3 * 256 * 128 + 3 * 256 * 256;
        const std::uint64_t head = 256 * 512;
        const std::uint64_t perToken = 4 * attention + dense + 3 * moe;
        const ForwardPass& forward = m_model->forwardPass();
        QCOMPARE(forward.tokenCost().weightMacs, perToken + head);
        // 24 tokens: the head once, and 24 * 25 / 2 causal pairs of 8 heads x (48 + 32) per layer.
        QCOMPARE(forward.prefillMacs(24), perToken * 24 + head + std::uint64_t{300} * 8 * 80 * 4);
        QCOMPARE(forward.prefillMacs(0), std::uint64_t{0});
    }

    void contextFullIsAnError()
    {
        ContextParams params;
        params.contextLength = 8;
        Session session(m_model, params);
        const Status fed = session.feed(m_tokens);
        QVERIFY(!fed.ok());
        QVERIFY(QString::fromStdString(fed.error().message()).contains("context"));
        QCOMPARE(session.position(), 0); // nothing is fed when the whole input does not fit
    }

    void badTokenIsAnError()
    {
        Session session(m_model, {});
        const std::vector<std::int32_t> tokens{1, 512};
        const Status fed = session.feed(tokens);
        QVERIFY(!fed.ok());
        QVERIFY(QString::fromStdString(fed.error().message()).contains("512"));
        QCOMPARE(session.position(), 0);
    }

    void cancelledFeedLeavesCacheUnchanged()
    {
        Session session(m_model, {});
        CancelToken cancel;
        cancel.cancel();
        const Status fed = session.feed(m_tokens, &cancel);
        QVERIFY(!fed.ok());
        QCOMPARE(fed.error().code, ErrorCode::Cancelled);
        QCOMPARE(session.position(), 0);
    }

    void truncateThenRefeedReproduces()
    {
        ContextParams params;
        params.kvType = KvType::F32;
        Session session(m_model, params);
        QVERIFY(session.feed(m_tokens).ok());
        const std::vector<float> last(session.logits().begin(), session.logits().end());
        session.truncate(10);
        QCOMPARE(session.position(), 10);
        QVERIFY(session.feed(std::span(m_tokens).subspan(10)).ok());
        for (std::size_t i = 0; i < last.size(); ++i)
            QVERIFY(std::abs(last[i] - session.logits()[i]) < 1e-5F);
    }

private:
    std::vector<std::int32_t> m_tokens;
    std::vector<test::FixtureRow> m_expected;
    std::shared_ptr<Model> m_model;
};

QTEST_APPLESS_MAIN(TestArchDeepSeek2)
#include "tst_arch_deepseek2.moc"
