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
/// least one candidate. `candidates` must hold finite logits. Survivor order: rank order
/// (ranksBefore) when top-k cut the list, otherwise the input order; all filters off changes nothing.
///
/// Cost: linear in the list plus sorting one histogram bucket (1/64 logit unit wide) per cut, and
/// the k survivors of top-k. The vocabulary as a whole is never sorted.
void truncateCandidates(std::vector<Candidate>& candidates, const TruncationParams& params);

} // namespace cairn
