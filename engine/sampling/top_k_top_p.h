// SPDX-License-Identifier: MIT
// Truncation of the candidate list: top-k, top-p (nucleus) and min-p, in llama.cpp's order.
// Works on finite logits only; penalties and temperature are applied elsewhere.
#pragma once

#include <cstdint>
#include <vector>

namespace cairn {

struct Candidate {
    std::int32_t id = 0;
    float logit = 0.0F;
};

/// The rank order every filter and the draw agree on: higher logit first, ties to the lower id.
/// A strict total order, so partial sorts select the same set with every standard library.
constexpr bool ranksBefore(const Candidate& a, const Candidate& b)
{
    return a.logit > b.logit || (a.logit == b.logit && a.id < b.id);
}

struct TruncationParams {
    std::int32_t topK = 0; ///< 0 or less: off
    float topP = 1.0F;     ///< 1 or more: off
    float minP = 0.0F;     ///< 0 or less: off
};

/// Applies top-k, then top-p over the probabilities of what top-k kept, then min-p, keeping at
/// least one candidate. `candidates` must hold finite logits. On return the survivors are in rank
/// order (ranksBefore) when any filter is on, and untouched when all are off.
///
/// Cost: top-k selects with nth_element and sorts only k. Without top-k, min-p's cut-off (a logit
/// threshold, known without sorting) bounds what has to be sorted, and top-p sorts a growing prefix
/// until its mass is reached, so the whole vocabulary is sorted only when the nucleus needs it.
void truncateCandidates(std::vector<Candidate>& candidates, const TruncationParams& params);

} // namespace cairn
