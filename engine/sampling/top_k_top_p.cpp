// SPDX-License-Identifier: MIT
// Top-k, top-p and min-p truncation without sorting the vocabulary: a histogram of logits finds
// the bucket where each cut falls, and only that bucket's candidates are ever sorted.

#include "engine/sampling/top_k_top_p.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <limits>

namespace cairn {

namespace {

/// Histogram resolution: 4096 buckets of 1/64 logit unit below the best logit, 64 units in all.
constexpr std::size_t kBuckets = 4096;
constexpr float kBucketsPerUnit = 64.0F;

/// Maps a logit to a bucket by its distance below the best logit. Monotone: a higher logit never
/// lands in a later bucket, so every candidate of an earlier bucket outranks every later one.
/// Logits more than 64 below the best share the last bucket.
class LogitBuckets {
public:
    explicit LogitBuckets(float maxLogit) : m_maxLogit(maxLogit) { }

    [[nodiscard]] std::size_t operator()(float logit) const
    {
        const float position = (m_maxLogit - logit) * kBucketsPerUnit;
        return position < static_cast<float>(kBuckets - 1) ? static_cast<std::size_t>(position) : kBuckets - 1;
    }

private:
    float m_maxLogit;
};

/// exp(logit - maxLogit), computed in float (several times cheaper than double on a whole
/// vocabulary) and summed by the callers in double.
double weight(float logit, float maxLogit)
{
    return static_cast<double>(std::exp(logit - maxLogit));
}

/// The largest logit. Eight running maxima instead of one break the dependency chain, several
/// times faster on a 129k vocabulary.
float maxLogitOf(const std::vector<Candidate>& candidates)
{
    constexpr std::size_t kLanes = 8;
    std::array<float, kLanes> lanes;
    lanes.fill(candidates.front().logit);
    std::size_t i = 0;
    for (; i + kLanes <= candidates.size(); i += kLanes) {
        for (std::size_t lane = 0; lane < kLanes; ++lane)
            lanes[lane] = std::max(lanes[lane], candidates[i + lane].logit);
    }
    for (; i < candidates.size(); ++i)
        lanes[0] = std::max(lanes[0], candidates[i].logit);
    return *std::max_element(lanes.begin(), lanes.end());
}

/// Keeps the candidates for which `keep` holds, in order. Branch-free: every candidate is copied
/// and the write position advances only past kept ones, as survivors are unpredictably scattered.
template <typename Keep> void keepIf(std::vector<Candidate>& candidates, Keep keep)
{
    std::size_t kept = 0;
    for (const Candidate& candidate : candidates) {
        candidates[kept] = candidate;
        kept += keep(candidate) ? 1U : 0U;
    }
    candidates.resize(kept);
}

/// Leaves the best `k` candidates (k < size) in rank order. Counts per bucket find the bucket
/// holding the k-th best; only candidates up to that bucket are selected and sorted.
void keepTopK(std::vector<Candidate>& candidates, std::size_t k, const LogitBuckets& buckets)
{
    std::vector<std::size_t> counts(kBuckets, 0);
    for (const Candidate& candidate : candidates)
        ++counts[buckets(candidate.logit)];
    std::size_t last = 0;
    std::size_t seen = counts[0];
    while (seen < k)
        seen += counts[++last];

    std::vector<Candidate> best;
    for (const Candidate& candidate : candidates) {
        if (buckets(candidate.logit) <= last)
            best.push_back(candidate);
    }
    const auto nth = best.begin() + static_cast<std::ptrdiff_t>(k);
    std::nth_element(best.begin(), nth, best.end(), ranksBefore);
    std::sort(best.begin(), nth, ranksBefore);
    // Copy rather than move, so the caller's buffer keeps its vocabulary-sized capacity.
    std::copy(best.begin(), nth, candidates.begin());
    candidates.resize(k);
}

/// Top-p then min-p on candidates already in rank order: both cut a prefix.
void truncateRanked(std::vector<Candidate>& candidates, const TruncationParams& params)
{
    const float maxLogit = candidates.front().logit;
    std::size_t kept = candidates.size();
    if (params.topP < 1.0F) {
        double total = 0.0;
        for (const Candidate& candidate : candidates)
            total += weight(candidate.logit, maxLogit);
        const double target = static_cast<double>(params.topP) * total;
        double mass = 0.0;
        for (std::size_t i = 0; i < candidates.size(); ++i) {
            mass += weight(candidates[i].logit, maxLogit);
            if (mass >= target) {
                kept = i + 1;
                break;
            }
        }
    }
    if (params.minP > 0.0F) {
        // p_i >= minP * p_max  <=>  logit_i >= maxLogit + ln(minP). The min() keeps the best
        // candidate when minP is 1 and rounding lifts the sum above it.
        const float threshold = std::min(maxLogit, maxLogit + std::log(params.minP));
        const auto end
            = std::partition_point(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(kept),
                                   [threshold](const Candidate& c) { return c.logit >= threshold; });
        kept = static_cast<std::size_t>(end - candidates.begin());
    }
    candidates.resize(kept);
}

/// Top-p then min-p on candidates in any order, keeping that order. Both keep a prefix of the rank
/// order, so the survivors are the shorter prefix: candidates below min-p's logit threshold are
/// left out of top-p's bucket masses, while top-p's probabilities still count the whole set.
void truncateUnranked(std::vector<Candidate>& candidates, const TruncationParams& params, float maxLogit)
{
    // p_i >= minP * p_max  <=>  logit_i >= maxLogit + ln(minP); -inf when min-p is off.
    const float threshold = params.minP > 0.0F ? std::min(maxLogit, maxLogit + std::log(params.minP))
                                               : -std::numeric_limits<float>::infinity();
    const auto aboveMinP = [threshold](const Candidate& c) { return c.logit >= threshold; };
    if (params.topP >= 1.0F) {
        keepIf(candidates, aboveMinP);
        return;
    }

    const LogitBuckets buckets(maxLogit);
    std::vector<double> masses(kBuckets, 0.0);
    double total = 0.0;
    for (const Candidate& candidate : candidates) {
        const double w = weight(candidate.logit, maxLogit);
        total += w;
        if (candidate.logit >= threshold)
            masses[buckets(candidate.logit)] += w;
    }
    const double target = static_cast<double>(params.topP) * total;
    double mass = 0.0;
    std::size_t crossing = 0;
    while (crossing < kBuckets && mass + masses[crossing] < target)
        mass += masses[crossing++];
    if (crossing == kBuckets) { // min-p cuts deeper than top-p
        keepIf(candidates, aboveMinP);
        return;
    }

    // Walk the crossing bucket in rank order to find the last candidate top-p keeps.
    std::vector<Candidate> bucket;
    for (const Candidate& candidate : candidates) {
        if (buckets(candidate.logit) == crossing && candidate.logit >= threshold)
            bucket.push_back(candidate);
    }
    std::sort(bucket.begin(), bucket.end(), ranksBefore);
    Candidate last; // the walk can end at the bucket's end when rounding leaves it just short
    for (const Candidate& candidate : bucket) {
        last = candidate;
        mass += weight(candidate.logit, maxLogit);
        if (mass >= target)
            break;
    }
    keepIf(candidates, [&last](const Candidate& c) { return !ranksBefore(last, c); });
}

} // namespace

void truncateCandidates(std::vector<Candidate>& candidates, const TruncationParams& params)
{
    const bool topKOn = params.topK > 0;
    if (candidates.empty() || (!topKOn && params.topP >= 1.0F && params.minP <= 0.0F))
        return;

    const float maxLogit = maxLogitOf(candidates);
    if (topKOn && static_cast<std::size_t>(params.topK) < candidates.size()) {
        keepTopK(candidates, static_cast<std::size_t>(params.topK), LogitBuckets(maxLogit));
        truncateRanked(candidates, params);
    } else {
        truncateUnranked(candidates, params, maxLogit);
    }
}

} // namespace cairn
