// SPDX-License-Identifier: MIT
// Top-k, top-p and min-p truncation with partial sorts: a 129k vocabulary is selected in linear
// time and only the part of it the filters can keep gets sorted.

#include "engine/sampling/top_k_top_p.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <iterator>

namespace cairn {

namespace {

/// First prefix top-p sorts when nothing bounds it; it grows fourfold while the mass is short.
constexpr std::size_t kFirstTopPChunk = 256;

/// Makes candidates[0, count) the best `count` in rank order, given that [0, sorted) already are.
void sortPrefix(std::vector<Candidate>& candidates, std::size_t sorted, std::size_t count)
{
    const auto first = candidates.begin() + static_cast<std::ptrdiff_t>(sorted);
    const auto nth = candidates.begin() + static_cast<std::ptrdiff_t>(count);
    if (nth != candidates.end())
        std::nth_element(first, nth, candidates.end(), ranksBefore);
    std::sort(first, nth, ranksBefore);
}

double weight(float logit, float maxLogit)
{
    return std::exp(static_cast<double>(logit - maxLogit));
}

} // namespace

void truncateCandidates(std::vector<Candidate>& candidates, const TruncationParams& params)
{
    const bool topKOn = params.topK > 0;
    const bool topPOn = params.topP < 1.0F;
    const bool minPOn = params.minP > 0.0F;
    if (candidates.empty() || (!topKOn && !topPOn && !minPOn))
        return;

    // Invariant: candidates[0, sorted) are the best `sorted` candidates, in rank order.
    std::size_t sorted = 0;
    if (topKOn && static_cast<std::size_t>(params.topK) < candidates.size()) {
        sorted = static_cast<std::size_t>(params.topK);
        sortPrefix(candidates, 0, sorted);
        candidates.resize(sorted);
    }
    const float maxLogit = sorted > 0 ? candidates.front().logit
                                      : std::min_element(candidates.begin(), candidates.end(), ranksBefore)->logit;

    // Top-p's probabilities are taken over everything top-k kept, before min-p narrows the set.
    double topPMass = 0.0;
    if (topPOn) {
        double total = 0.0;
        for (const Candidate& candidate : candidates)
            total += weight(candidate.logit, maxLogit);
        topPMass = static_cast<double>(params.topP) * total;
    }

    // Min-p keeps p_i >= minP * p_max, i.e. logit_i >= maxLogit + ln(minP). That set is a prefix of
    // the rank order however top-p cuts, so applying it first bounds top-p's sort without changing
    // the result: both keep a prefix, and the survivors are the shorter of the two.
    if (minPOn) {
        // The min() keeps the best candidate when minP is 1 and rounding lifts the sum above it.
        const float threshold = std::min(maxLogit, maxLogit + std::log(params.minP));
        const auto keep = [threshold](const Candidate& candidate) { return candidate.logit >= threshold; };
        const auto end = sorted == candidates.size() ? std::partition_point(candidates.begin(), candidates.end(), keep)
                                                     : std::partition(candidates.begin(), candidates.end(), keep);
        candidates.erase(end, candidates.end());
        sorted = std::min(sorted, candidates.size());
    }

    if (topPOn) {
        double mass = 0.0;
        std::size_t kept = candidates.size();
        for (std::size_t i = 0; i < candidates.size(); ++i) {
            if (i == sorted) {
                const std::size_t next = std::min(candidates.size(), std::max(kFirstTopPChunk, sorted * 4));
                sortPrefix(candidates, sorted, next);
                sorted = next;
            }
            mass += weight(candidates[i].logit, maxLogit);
            if (mass >= topPMass) {
                kept = i + 1;
                break;
            }
        }
        candidates.resize(kept);
        sorted = std::min(sorted, kept);
    }

    sortPrefix(candidates, sorted, candidates.size());
}

} // namespace cairn
