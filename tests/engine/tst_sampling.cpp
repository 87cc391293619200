// SPDX-License-Identifier: MIT
// The sampler chain: greedy, top-k, top-p, min-p, temperature and penalties checked against
// hand-computed sets and logits, and draws checked against softmax by a chi-square bound.

#include "engine/sampling/repetition.h"
#include "engine/sampling/sampler.h"
#include "engine/sampling/top_k_top_p.h"
#include "engine/sampling/xoshiro256.h"

#include <QElapsedTimer>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <vector>

using namespace cairn;

namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr std::size_t kDeepSeekVocab = 129280;

/// Everything off but a plain draw at temperature 1.
SamplingParams plainParams()
{
    SamplingParams params;
    params.temperature = 1.0F;
    params.topK = 0;
    params.topP = 1.0F;
    params.minP = 0.0F;
    return params;
}

/// Logits whose softmax is `probabilities` (which need not sum to 1).
QList<float> logitsOf(const QList<double>& probabilities)
{
    QList<float> logits;
    for (const double p : probabilities)
        logits.append(static_cast<float>(std::log(p)));
    return logits;
}

std::vector<float> randomLogits(std::size_t count, std::uint64_t seed, float scale)
{
    Xoshiro256 rng(seed);
    std::vector<float> logits(count);
    for (float& logit : logits)
        logit = static_cast<float>(rng.nextUnit()) * scale;
    return logits;
}

std::int32_t sampleOrFail(Sampler& sampler, std::span<const float> logits)
{
    const Result<std::int32_t> token = sampler.sample(logits);
    if (!token.ok())
        qFatal("sample failed: %s", token.error().message().c_str());
    return token.value();
}

/// Draws `draws` tokens and returns how often each id came up.
std::map<std::int32_t, int> histogram(Sampler& sampler, std::span<const float> logits, int draws)
{
    std::map<std::int32_t, int> counts;
    for (int i = 0; i < draws; ++i)
        ++counts[sampleOrFail(sampler, logits)];
    return counts;
}

/// Pearson's chi-square of observed counts against expected probabilities (summing to 1).
double chiSquare(const std::map<std::int32_t, int>& counts, const std::map<std::int32_t, double>& expected, int draws)
{
    double statistic = 0.0;
    for (const auto& [id, p] : expected) {
        const auto it = counts.find(id);
        const double observed = it == counts.end() ? 0.0 : it->second;
        const double wanted = p * draws;
        statistic += (observed - wanted) * (observed - wanted) / wanted;
    }
    return statistic;
}

/// Chi-square critical values at p = 0.001 by degrees of freedom 1..6.
double chiSquareCritical(std::size_t degrees)
{
    static const double table[] = {10.83, 13.82, 16.27, 18.47, 20.52, 22.46};
    return table[degrees - 1];
}

/// The ids truncateCandidates keeps for `logits`, in its output order.
QList<int> truncatedIds(const QList<float>& logits, const TruncationParams& params)
{
    std::vector<Candidate> candidates;
    for (qsizetype i = 0; i < logits.size(); ++i)
        candidates.push_back({static_cast<std::int32_t>(i), logits[i]});
    truncateCandidates(candidates, params);
    QList<int> ids;
    for (const Candidate& candidate : candidates)
        ids.append(candidate.id);
    return ids;
}

/// The obvious version of the truncation chain: sort everything, then cut by each rule in turn.
std::vector<std::int32_t> referenceTruncation(const std::vector<float>& logits, const TruncationParams& params)
{
    std::vector<Candidate> sorted;
    for (std::size_t i = 0; i < logits.size(); ++i)
        sorted.push_back({static_cast<std::int32_t>(i), logits[i]});
    std::sort(sorted.begin(), sorted.end(), ranksBefore);
    if (params.topK > 0 && static_cast<std::size_t>(params.topK) < sorted.size())
        sorted.resize(static_cast<std::size_t>(params.topK));
    if (sorted.empty())
        return {};
    const float maxLogit = sorted.front().logit;
    if (params.topP < 1.0F) {
        double total = 0.0;
        for (const Candidate& candidate : sorted)
            total += static_cast<double>(std::exp(candidate.logit - maxLogit));
        double mass = 0.0;
        for (std::size_t i = 0; i < sorted.size(); ++i) {
            mass += static_cast<double>(std::exp(sorted[i].logit - maxLogit));
            if (mass >= static_cast<double>(params.topP) * total) {
                sorted.resize(i + 1);
                break;
            }
        }
    }
    if (params.minP > 0.0F) {
        // p_i < minP * p_max, written in logits as the sampler does, so rounding agrees.
        const float threshold = sorted.front().logit + std::log(params.minP);
        std::erase_if(sorted, [&](const Candidate& candidate) { return candidate.logit < threshold; });
    }
    std::vector<std::int32_t> ids;
    for (const Candidate& candidate : sorted)
        ids.push_back(candidate.id);
    return ids;
}

} // namespace

class TestSampling : public QObject {
    Q_OBJECT

private slots:
    void xoshiroMatchesReference()
    {
        // splitmix64 from seed 0, and xoshiro256** from state {1, 2, 3, 4}, as the reference C
        // code produces them.
        std::uint64_t state = 0;
        QCOMPARE(splitMix64(state), 0xE220A8397B1DCDAFULL);
        QCOMPARE(splitMix64(state), 0x6E789E6AA1B965F4ULL);
        Xoshiro256 rng = Xoshiro256::fromState({1, 2, 3, 4});
        QCOMPARE(rng.next(), 11520ULL);
        QCOMPARE(rng.next(), 0ULL);
        QCOMPARE(rng.next(), 1509978240ULL);
        QCOMPARE(rng.next(), 1215971899390074240ULL);
    }

    void greedyPicksArgmax_data()
    {
        QTest::addColumn<QList<float>>("logits");
        QTest::addColumn<int>("expected");
        QTest::newRow("plain") << QList<float>{0.1F, 2.5F, -1.0F, 2.4F} << 1;
        QTest::newRow("all negative") << QList<float>{-3.0F, -7.0F, -0.5F} << 2;
        QTest::newRow("tie goes to lowest id") << QList<float>{1.0F, 4.0F, 0.0F, 4.0F} << 1;
        QTest::newRow("NaN is never the max") << QList<float>{kNaN, 1.0F, kNaN, 0.5F} << 1;
        QTest::newRow("-inf skipped") << QList<float>{-kInf, -kInf, -100.0F} << 2;
        QTest::newRow("+inf wins, lowest id") << QList<float>{1e30F, kInf, 3.0F, kInf} << 1;
        QTest::newRow("single token") << QList<float>{-5.0F} << 0;
    }
    void greedyPicksArgmax()
    {
        QFETCH(QList<float>, logits);
        QFETCH(int, expected);
        for (const float temperature : {0.0F, -1.0F}) {
            SamplingParams params; // the default filters keep the argmax, so they must not matter
            params.temperature = temperature;
            Sampler sampler(params);
            for (int i = 0; i < 5; ++i)
                QCOMPARE(sampleOrFail(sampler, logits), expected);
        }
    }

    void topKOneEqualsGreedy_data()
    {
        QTest::addColumn<float>("temperature");
        QTest::newRow("0.1") << 0.1F;
        QTest::newRow("1") << 1.0F;
        QTest::newRow("5") << 5.0F;
        QTest::newRow("1000") << 1000.0F;
    }
    void topKOneEqualsGreedy()
    {
        QFETCH(float, temperature);
        const std::vector<float> logits = randomLogits(5000, 7, 3.0F);
        SamplingParams greedyParams;
        greedyParams.temperature = 0.0F;
        Sampler greedy(greedyParams);
        const std::int32_t argmax = sampleOrFail(greedy, logits);
        QCOMPARE(argmax, static_cast<std::int32_t>(std::max_element(logits.begin(), logits.end()) - logits.begin()));

        SamplingParams params = plainParams();
        params.topK = 1;
        params.temperature = temperature;
        for (std::uint64_t seed = 0; seed < 20; ++seed) {
            params.seed = seed;
            Sampler sampler(params);
            QCOMPARE(sampleOrFail(sampler, logits), argmax);
        }
    }

    void truncationKeepsExpectedSet_data()
    {
        // Probabilities of ids 0..4: 0.05, 0.5, 0.1, 0.2, 0.15 (rank order 1, 3, 4, 2, 0). Survivors
        // come in rank order after a top-k cut, in id order otherwise.
        QTest::addColumn<int>("topK");
        QTest::addColumn<float>("topP");
        QTest::addColumn<float>("minP");
        QTest::addColumn<QList<int>>("expected");
        QTest::newRow("all off keeps id order") << 0 << 1.0F << 0.0F << QList<int>{0, 1, 2, 3, 4};
        QTest::newRow("top-k 2") << 2 << 1.0F << 0.0F << QList<int>{1, 3};
        QTest::newRow("top-k above vocab") << 9 << 0.99999F << 0.0F << QList<int>{0, 1, 2, 3, 4};
        QTest::newRow("top-p 0.45: one token") << 0 << 0.45F << 0.0F << QList<int>{1};
        QTest::newRow("top-p 0.69: 0.5 + 0.2") << 0 << 0.69F << 0.0F << QList<int>{1, 3};
        QTest::newRow("top-p 0.71: three") << 0 << 0.71F << 0.0F << QList<int>{1, 3, 4};
        QTest::newRow("top-p 0.9: four") << 0 << 0.9F << 0.0F << QList<int>{1, 2, 3, 4};
        QTest::newRow("top-p 0 keeps one") << 0 << 0.0F << 0.0F << QList<int>{1};
        // After top-k 2 the kept mass is 0.7: top-p 0.75 needs 0.525 of it, more than 0.5 alone.
        QTest::newRow("top-p over what top-k kept") << 2 << 0.75F << 0.0F << QList<int>{1, 3};
        QTest::newRow("top-p 0.55 of top-k 3") << 3 << 0.55F << 0.0F << QList<int>{1};
        QTest::newRow("min-p 0.25: p >= 0.125") << 0 << 1.0F << 0.25F << QList<int>{1, 3, 4};
        QTest::newRow("min-p 0.41: p >= 0.205") << 0 << 1.0F << 0.41F << QList<int>{1};
        QTest::newRow("min-p 0.11: p >= 0.055") << 0 << 1.0F << 0.11F << QList<int>{1, 2, 3, 4};
        QTest::newRow("min-p 1 keeps the best") << 0 << 1.0F << 1.0F << QList<int>{1};
        QTest::newRow("min-p cuts below top-p") << 0 << 0.9F << 0.25F << QList<int>{1, 3, 4};
        QTest::newRow("top-p cuts below min-p") << 0 << 0.6F << 0.11F << QList<int>{1, 3};
        QTest::newRow("all three") << 4 << 0.9F << 0.35F << QList<int>{1, 3};
    }
    void truncationKeepsExpectedSet()
    {
        QFETCH(int, topK);
        QFETCH(float, topP);
        QFETCH(float, minP);
        QFETCH(QList<int>, expected);
        QCOMPARE(truncatedIds(logitsOf({0.05, 0.5, 0.1, 0.2, 0.15}), {topK, topP, minP}), expected);
    }

    void truncationMatchesFullSortOnDeepSeekVocab_data()
    {
        // Flat logits make the nucleus large, so top-p's partial sort has to grow many times.
        QTest::addColumn<int>("topK");
        QTest::addColumn<float>("topP");
        QTest::addColumn<float>("minP");
        QTest::addColumn<float>("scale");
        QTest::newRow("defaults") << 40 << 0.95F << 0.05F << 12.0F;
        QTest::newRow("top-p only, peaked") << 0 << 0.95F << 0.0F << 30.0F;
        QTest::newRow("top-p only, flat") << 0 << 0.9F << 0.0F << 2.0F;
        QTest::newRow("min-p only") << 0 << 1.0F << 0.3F << 4.0F;
        QTest::newRow("top-p and min-p") << 0 << 0.5F << 0.2F << 3.0F;
        QTest::newRow("large top-k and top-p") << 50000 << 0.8F << 0.0F << 2.0F;
    }
    void truncationMatchesFullSortOnDeepSeekVocab()
    {
        QFETCH(int, topK);
        QFETCH(float, topP);
        QFETCH(float, minP);
        QFETCH(float, scale);
        const std::vector<float> logits = randomLogits(kDeepSeekVocab, 11, scale);
        std::vector<Candidate> candidates;
        for (std::size_t i = 0; i < logits.size(); ++i)
            candidates.push_back({static_cast<std::int32_t>(i), logits[i]});
        const TruncationParams params{topK, topP, minP};
        truncateCandidates(candidates, params);
        const bool topKCut = topK > 0 && static_cast<std::size_t>(topK) < logits.size();
        const auto idOrder = [](const Candidate& a, const Candidate& b) { return a.id < b.id; };
        QVERIFY(std::is_sorted(candidates.begin(), candidates.end(), topKCut ? ranksBefore : +idOrder));
        std::sort(candidates.begin(), candidates.end(), ranksBefore);
        const std::vector<std::int32_t> expected = referenceTruncation(logits, params);
        QCOMPARE(candidates.size(), expected.size());
        for (std::size_t i = 0; i < expected.size(); ++i)
            QCOMPARE(candidates[i].id, expected[i]);
    }

    void tiesGoToLowestIds_data()
    {
        // Every logit equal: each filter's cut falls inside one big tie.
        QTest::addColumn<int>("topK");
        QTest::addColumn<float>("topP");
        QTest::addColumn<int>("kept");
        QTest::newRow("top-k 40") << 40 << 1.0F << 40;
        QTest::newRow("top-p 0.5") << 0 << 0.5F << static_cast<int>(kDeepSeekVocab / 2);
        QTest::newRow("top-k then top-p") << 1000 << 0.25F << 250;
    }
    void tiesGoToLowestIds()
    {
        QFETCH(int, topK);
        QFETCH(float, topP);
        QFETCH(int, kept);
        std::vector<Candidate> candidates;
        for (std::size_t i = 0; i < kDeepSeekVocab; ++i)
            candidates.push_back({static_cast<std::int32_t>(i), 1.5F});
        truncateCandidates(candidates, {topK, topP, 0.0F});
        QCOMPARE(candidates.size(), static_cast<std::size_t>(kept));
        for (std::size_t i = 0; i < candidates.size(); ++i)
            QCOMPARE(candidates[i].id, static_cast<std::int32_t>(i));
    }

    void subnormalTemperatureActsGreedy()
    {
        const std::vector<float> logits = randomLogits(1000, 9, 4.0F);
        const auto argmax = static_cast<std::int32_t>(std::max_element(logits.begin(), logits.end()) - logits.begin());
        SamplingParams params = plainParams();
        params.temperature = 1e-40F; // 1 / T overflows to inf; the draw must still see the best token only
        Sampler sampler(params);
        for (int i = 0; i < 20; ++i)
            QCOMPARE(sampleOrFail(sampler, logits), argmax);
    }

    void drawsFollowSoftmax_data()
    {
        // Probabilities of ids 0..4: 0.05, 0.5, 0.1, 0.2, 0.15. Expected draws are the kept
        // tokens' probabilities raised to 1/T, renormalised.
        QTest::addColumn<int>("topK");
        QTest::addColumn<float>("topP");
        QTest::addColumn<float>("minP");
        QTest::addColumn<float>("temperature");
        QTest::addColumn<QList<int>>("allowed");
        QTest::newRow("plain") << 0 << 1.0F << 0.0F << 1.0F << QList<int>{0, 1, 2, 3, 4};
        QTest::newRow("top-p 0.8") << 0 << 0.8F << 0.0F << 1.0F << QList<int>{1, 3, 4};
        QTest::newRow("top-k 2") << 2 << 1.0F << 0.0F << 1.0F << QList<int>{1, 3};
        QTest::newRow("min-p 0.25") << 0 << 1.0F << 0.25F << 1.0F << QList<int>{1, 3, 4};
        QTest::newRow("sharper at T 0.5") << 0 << 1.0F << 0.0F << 0.5F << QList<int>{0, 1, 2, 3, 4};
        QTest::newRow("flatter at T 2") << 0 << 1.0F << 0.0F << 2.0F << QList<int>{0, 1, 2, 3, 4};
        QTest::newRow("top-p then T 0.5") << 0 << 0.8F << 0.0F << 0.5F << QList<int>{1, 3, 4};
    }
    void drawsFollowSoftmax()
    {
        QFETCH(int, topK);
        QFETCH(float, topP);
        QFETCH(float, minP);
        QFETCH(float, temperature);
        QFETCH(QList<int>, allowed);
        const QList<double> probabilities{0.05, 0.5, 0.1, 0.2, 0.15};
        SamplingParams params = plainParams();
        params.topK = topK;
        params.topP = topP;
        params.minP = minP;
        params.temperature = temperature;
        params.seed = 1234;
        Sampler sampler(params);
        constexpr int kDraws = 20000;
        const QList<float> logits = logitsOf(probabilities);
        const auto counts = histogram(sampler, logits, kDraws);

        std::map<std::int32_t, double> expected;
        double total = 0.0;
        for (const int id : allowed)
            total += std::pow(probabilities[id], 1.0 / static_cast<double>(temperature));
        for (const int id : allowed)
            expected[id] = std::pow(probabilities[id], 1.0 / static_cast<double>(temperature)) / total;
        for (const auto& [id, count] : counts)
            QVERIFY2(allowed.contains(id), qPrintable(QStringLiteral("id %1 drawn %2 times").arg(id).arg(count)));
        const double statistic = chiSquare(counts, expected, kDraws);
        QVERIFY2(statistic < chiSquareCritical(expected.size() - 1), qPrintable(QString::number(statistic)));
    }

    void temperatureSharpens()
    {
        const QList<float> logits = logitsOf({0.05, 0.5, 0.1, 0.2, 0.15});
        int previousTop = 0;
        for (const float temperature : {4.0F, 1.0F, 0.5F, 0.1F}) {
            SamplingParams params = plainParams();
            params.temperature = temperature;
            Sampler sampler(params);
            const int top = histogram(sampler, logits, 5000)[1];
            QVERIFY2(top > previousTop, qPrintable(QStringLiteral("T %1: %2").arg(temperature).arg(top)));
            previousTop = top;
        }
        QVERIFY(previousTop > 4990); // T 0.1: p(1) = 0.5^10 / (0.5^10 + 0.2^10 + ...) > 0.9998
    }

    void penaltiesArithmetic_data()
    {
        // Logits of ids 0..3 before: 2, -2, 0.5, 3.
        QTest::addColumn<int>("lastN");
        QTest::addColumn<float>("repeat");
        QTest::addColumn<float>("presence");
        QTest::addColumn<float>("frequency");
        QTest::addColumn<QList<int>>("history");
        QTest::addColumn<QList<float>>("expected");
        QTest::newRow("repeat divides positive, multiplies negative")
            << 64 << 2.0F << 0.0F << 0.0F << QList<int>{0, 1} << QList<float>{1.0F, -4.0F, 0.5F, 3.0F};
        QTest::newRow("repeat counts a token once")
            << 64 << 2.0F << 0.0F << 0.0F << QList<int>{3, 3, 3} << QList<float>{2.0F, -2.0F, 0.5F, 1.5F};
        QTest::newRow("presence once per token")
            << 64 << 1.0F << 0.5F << 0.0F << QList<int>{0, 0, 2} << QList<float>{1.5F, -2.0F, 0.0F, 3.0F};
        QTest::newRow("frequency per occurrence")
            << 64 << 1.0F << 0.0F << 0.25F << QList<int>{0, 0, 2} << QList<float>{1.5F, -2.0F, 0.25F, 3.0F};
        // id 0: 2 / 2 - (2 * 0.25 + 0.5) = 0; id 1: -2 * 2 - 0.75 = -4.75; id 3: 3 / 2 - 0.75 = 0.75.
        QTest::newRow("all three") << 64 << 2.0F << 0.5F << 0.25F << QList<int>{0, 0, 1, 3}
                                   << QList<float>{0.0F, -4.75F, 0.5F, 0.75F};
        QTest::newRow("window drops the oldest")
            << 2 << 2.0F << 0.0F << 0.0F << QList<int>{0, 1, 3} << QList<float>{2.0F, -4.0F, 0.5F, 1.5F};
        QTest::newRow("window 0 is off") << 0 << 2.0F << 1.0F << 1.0F << QList<int>{0, 1}
                                         << QList<float>{2.0F, -2.0F, 0.5F, 3.0F};
        QTest::newRow("window -1 keeps everything")
            << -1 << 1.0F << 0.0F << 1.0F << QList<int>(100, 0) << QList<float>{-98.0F, -2.0F, 0.5F, 3.0F};
        QTest::newRow("ids outside the row are skipped")
            << 64 << 2.0F << 1.0F << 0.0F << QList<int>{7, -1, 2} << QList<float>{2.0F, -2.0F, -0.75F, 3.0F};
        QTest::newRow("negative presence rewards")
            << 64 << 1.0F << -1.0F << 0.0F << QList<int>{1} << QList<float>{2.0F, -1.0F, 0.5F, 3.0F};
    }
    void penaltiesArithmetic()
    {
        QFETCH(int, lastN);
        QFETCH(float, repeat);
        QFETCH(float, presence);
        QFETCH(float, frequency);
        QFETCH(QList<int>, history);
        QFETCH(QList<float>, expected);
        RepetitionPenalties penalties(lastN, repeat, presence, frequency);
        for (const int token : history)
            penalties.accept(token);
        std::vector<float> logits{2.0F, -2.0F, 0.5F, 3.0F};
        penalties.apply(logits);
        for (qsizetype i = 0; i < expected.size(); ++i)
            QCOMPARE(logits[static_cast<std::size_t>(i)], expected[i]);
    }

    void penaltyWindowCounts()
    {
        RepetitionPenalties penalties(3, 1.1F, 0.0F, 0.0F);
        for (const int token : {5, 5, 6, 5})
            penalties.accept(token);
        QCOMPARE(penalties.count(5), 2); // the first 5 left the window
        QCOMPARE(penalties.count(6), 1);
        penalties.clear();
        QCOMPARE(penalties.count(5), 0);
        QVERIFY(RepetitionPenalties(64, 1.0F, 0.0F, 0.0F).neutral());
        QVERIFY(RepetitionPenalties(0, 2.0F, 1.0F, 1.0F).neutral());
        QVERIFY(!RepetitionPenalties(64, 1.0F, 0.0F, 0.1F).neutral());
    }

    void penaltiesSteerTheSampler()
    {
        SamplingParams params;
        params.temperature = 0.0F;
        params.repeatPenalty = 1.1F;
        Sampler sampler(params);
        const std::vector<float> logits{3.0F, 2.9F};
        QCOMPARE(sampleOrFail(sampler, logits), 0);
        sampler.accept(0); // 3 / 1.1 = 2.73 < 2.9
        QCOMPARE(sampleOrFail(sampler, logits), 1);
        sampler.reset();
        QCOMPARE(sampleOrFail(sampler, logits), 0);
    }

    void seedsReproduce()
    {
        const std::vector<float> logits = randomLogits(1000, 3, 2.0F);
        const auto run = [&](Sampler& sampler) {
            std::vector<std::int32_t> tokens;
            for (int i = 0; i < 200; ++i) {
                tokens.push_back(sampleOrFail(sampler, logits));
                sampler.accept(tokens.back());
            }
            return tokens;
        };
        SamplingParams params = plainParams();
        params.repeatPenalty = 1.3F;
        params.seed = 99;
        Sampler first(params);
        Sampler second(params);
        const std::vector<std::int32_t> tokens = run(first);
        QCOMPARE(run(second), tokens);
        first.reset();
        QCOMPARE(run(first), tokens);

        params.seed = 100;
        Sampler other(params);
        QVERIFY(run(other) != tokens);

        QCOMPARE(Sampler(SamplingParams{}).seed(), SamplingParams::kDefaultSeed);
        params.seed = SamplingParams::kRandomSeed;
        Sampler random1(params);
        Sampler random2(params);
        QVERIFY(random1.seed() != SamplingParams::kRandomSeed);
        QVERIFY(random1.seed() != random2.seed());
    }

    void unusableRowsFail_data()
    {
        QTest::addColumn<QList<float>>("logits");
        QTest::addColumn<QString>("message");
        QTest::newRow("empty") << QList<float>{} << "sampler: empty logits row";
        QTest::newRow("all NaN") << QList<float>{kNaN, kNaN}
                                 << "sampler: all 2 logits are NaN or -inf, nothing to sample";
        QTest::newRow("all -inf") << QList<float>{-kInf, -kInf, -kInf}
                                  << "sampler: all 3 logits are NaN or -inf, nothing to sample";
        QTest::newRow("mixed") << QList<float>{-kInf, kNaN}
                               << "sampler: all 2 logits are NaN or -inf, nothing to sample";
    }
    void unusableRowsFail()
    {
        QFETCH(QList<float>, logits);
        QFETCH(QString, message);
        for (const float temperature : {0.0F, 0.8F}) {
            SamplingParams params;
            params.temperature = temperature;
            Sampler sampler(params);
            const Result<std::int32_t> token = sampler.sample(logits);
            QVERIFY(!token.ok());
            QCOMPARE(token.error().code, ErrorCode::InvalidInput);
            QCOMPARE(QString::fromStdString(token.error().message()), message);
        }
    }

    void nonFiniteLogitsAreNeverDrawn()
    {
        const QList<float> logits{kNaN, 0.0F, -kInf, 0.5F, kNaN, -1.0F};
        Sampler sampler(plainParams());
        const auto counts = histogram(sampler, logits, 3000);
        QCOMPARE(counts.size(), std::size_t{3});
        QVERIFY(counts.contains(1) && counts.contains(3) && counts.contains(5));

        // +inf tokens share the draw evenly and shut out every finite one.
        const QList<float> infinite{5.0F, kInf, 1e38F, kInf};
        const auto infCounts = histogram(sampler, infinite, 2000);
        QCOMPARE(infCounts.size(), std::size_t{2});
        QVERIFY(chiSquare(infCounts, {{1, 0.5}, {3, 0.5}}, 2000) < chiSquareCritical(1));
    }

    void validateRejectsNonsense_data()
    {
        QTest::addColumn<int>("field");
        QTest::addColumn<QString>("message");
        QTest::newRow("defaults") << 0 << QString();
        QTest::newRow("NaN temperature") << 1 << "sampling params: temperature must be a finite number";
        QTest::newRow("min-p above 1") << 2 << "sampling params: minP must be at most 1, got 1.500000";
        QTest::newRow("repeat 0") << 3 << "sampling params: repeatPenalty must be positive (1 is off), got 0.000000";
        QTest::newRow("window -2") << 4 << "sampling params: penaltyLastN must be -1, 0 or a count, got -2";
        QTest::newRow("maxTokens -5") << 5 << "sampling params: maxTokens must be -1 or a count, got -5";
        QTest::newRow("infinite presence") << 6 << "sampling params: presencePenalty must be a finite number";
    }
    void validateRejectsNonsense()
    {
        QFETCH(int, field);
        QFETCH(QString, message);
        SamplingParams params;
        switch (field) {
        case 1:
            params.temperature = kNaN;
            break;
        case 2:
            params.minP = 1.5F;
            break;
        case 3:
            params.repeatPenalty = 0.0F;
            break;
        case 4:
            params.penaltyLastN = -2;
            break;
        case 5:
            params.maxTokens = -5;
            break;
        case 6:
            params.presencePenalty = kInf;
            break;
        default:
            break;
        }
        const Status status = validateSamplingParams(params);
        QCOMPARE(status.ok(), message.isEmpty());
        if (!status.ok())
            QCOMPARE(QString::fromStdString(status.error().message()), message);
    }

    void deepSeekVocabSanity_data()
    {
        QTest::addColumn<int>("topK");
        QTest::addColumn<float>("topP");
        QTest::addColumn<float>("minP");
        QTest::newRow("defaults") << 40 << 0.95F << 0.05F;
        QTest::newRow("top-p only") << 0 << 0.95F << 0.0F;
        QTest::newRow("min-p only") << 0 << 1.0F << 0.05F;
        QTest::newRow("no truncation") << 0 << 1.0F << 0.0F;
    }
    void deepSeekVocabSanity()
    {
        // Not a timed test: it prints the cost per token for the record and asserts only results.
        QFETCH(int, topK);
        QFETCH(float, topP);
        QFETCH(float, minP);
        const std::vector<float> logits = randomLogits(kDeepSeekVocab, 5, 20.0F);
        SamplingParams params;
        params.topK = topK;
        params.topP = topP;
        params.minP = minP;
        params.repeatPenalty = 1.1F;
        Sampler sampler(params);
        constexpr int kTokens = 50;
        QElapsedTimer timer;
        timer.start();
        for (int i = 0; i < kTokens; ++i) {
            const std::int32_t token = sampleOrFail(sampler, logits);
            QVERIFY(token >= 0 && static_cast<std::size_t>(token) < kDeepSeekVocab);
            sampler.accept(token);
        }
        qInfo("vocab %zu: %.1f us per token", kDeepSeekVocab,
              static_cast<double>(timer.nsecsElapsed()) / 1000.0 / kTokens);
    }
};

QTEST_APPLESS_MAIN(TestSampling)
#include "tst_sampling.moc"
