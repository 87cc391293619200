// SPDX-License-Identifier: MIT
// Parameter structs callers fill in to drive the engine, each field with its documented default.
// Plain values only: validation and use live in the modules that consume them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace cairn {

/// How the next token is picked from a row of logits, and when generation stops. The sampler
/// applies the chain in llama.cpp's default order: penalties, top-k, top-p, min-p, temperature,
/// then a seeded draw.
struct SamplingParams {
    /// `seed` value that asks for a fresh random seed per sampler (drawn from std::random_device).
    static constexpr std::uint64_t kRandomSeed = UINT64_MAX;
    /// The fixed default seed: two runs with equal inputs and default params sample the same tokens.
    static constexpr std::uint64_t kDefaultSeed = 42;

    /// Divides the logits of the surviving candidates before the draw. 0 or less means greedy:
    /// the highest (penalised) logit wins, ties go to the lowest token id.
    float temperature = 0.8F;
    /// Keeps only the `topK` highest logits. 0 or less turns it off.
    std::int32_t topK = 40;
    /// Keeps the smallest set of most likely tokens whose probabilities sum to at least `topP`
    /// (nucleus sampling, Holtzman et al. 2019, arXiv:1904.09751 section 3.1). 1 or more is off;
    /// 0 keeps only the most likely token.
    float topP = 0.95F;
    /// Drops tokens whose probability is below `minP` times the most likely token's. 0 or less is off.
    float minP = 0.05F;
    /// llama.cpp's repetition penalty for tokens seen in the last `penaltyLastN` accepted tokens:
    /// a positive logit is divided by it, a negative one multiplied. 1 is off; must be positive.
    float repeatPenalty = 1.0F;
    /// OpenAI's presence penalty: subtracted once from the logit of every token seen in the window.
    float presencePenalty = 0.0F;
    /// OpenAI's frequency penalty: subtracted from a token's logit once per occurrence in the window.
    float frequencyPenalty = 0.0F;
    /// How many of the most recently accepted tokens the three penalties look at. 0 turns the
    /// penalties off; -1 means every token accepted since the sampler was created or reset.
    std::int32_t penaltyLastN = 64;
    /// Seeds the sampler's own PRNG (xoshiro256**), so a seed gives the same tokens on every
    /// platform and standard library. kRandomSeed picks a random one.
    std::uint64_t seed = kDefaultSeed;
    /// The most tokens to generate. -1 means until the context is full or the model ends its turn.
    std::int32_t maxTokens = -1;
    /// Generation stops before the first of these strings appears in the output text; the stop
    /// string itself is not part of the output. Empty strings are ignored.
    std::vector<std::string> stop;
    /// Never sample the end-of-text token (llama.cpp's --ignore-eos): generation goes on to the
    /// token limit, a stop string or a full context, as benchmarks of long replies need.
    bool ignoreEndOfText = false;
};

} // namespace cairn
