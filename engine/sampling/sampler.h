// SPDX-License-Identifier: MIT
// Sampler: turns one row of logits into a token id through llama.cpp's default chain
// (penalties, top-k, top-p, min-p, temperature, seeded draw). Stop strings are StopMatcher's job.
#pragma once

#include "engine/api/params.h"
#include "engine/api/result.h"
#include "engine/sampling/repetition.h"
#include "engine/sampling/top_k_top_p.h"
#include "engine/sampling/xoshiro256.h"

#include <cstdint>
#include <span>
#include <vector>

namespace cairn {

/// Fails on values no sampler setting can mean: NaN or infinite numbers, minP above 1, a repeat
/// penalty that is not positive, penaltyLastN or maxTokens below -1. Call it where params enter
/// from outside (settings, an API request); Sampler itself assumes valid params.
[[nodiscard]] Status validateSamplingParams(const SamplingParams& params);

/// One sequence's sampler. Not thread-safe; keep one per generated sequence.
class Sampler {
public:
    /// Copies what it needs from `params`; `params.stop` and `params.maxTokens` are not its concern.
    /// A `seed` of SamplingParams::kRandomSeed is replaced by a random one, readable from seed().
    explicit Sampler(const SamplingParams& params);

    /// Picks the next token from `logits` (one float per token id). NaN logits count as -inf;
    /// when +inf logits are present only they compete, with equal chances. Fails when `logits`
    /// is empty or no logit is finite or +inf. Does not record the token: call accept().
    [[nodiscard]] Result<std::int32_t> sample(std::span<const float> logits);

    /// Records a token of the sequence for the penalties (a sampled one, or a prompt token when
    /// the prompt should count too).
    void accept(std::int32_t token);

    /// Forgets accepted tokens and restarts the PRNG from seed(), so the same inputs replay the
    /// same tokens.
    void reset();

    /// The seed in use: params.seed, or the random one drawn for kRandomSeed.
    [[nodiscard]] std::uint64_t seed() const { return m_seed; }

private:
    std::int32_t draw();

    float m_temperature;
    TruncationParams m_truncation;
    std::uint64_t m_seed;
    Xoshiro256 m_rng;
    RepetitionPenalties m_penalties;
    // Scratch buffers kept between calls, so a row is sampled without reallocating.
    std::vector<float> m_logits;
    std::vector<Candidate> m_candidates;
    std::vector<float> m_weights;
};

} // namespace cairn
