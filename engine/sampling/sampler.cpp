// SPDX-License-Identifier: MIT
// Sampler: the chain from a logits row to a token id. Truncation lives in top_k_top_p.cpp and the
// penalties in repetition.cpp; this file cleans the row, runs the chain and makes the draw.

#include "engine/sampling/sampler.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <random>
#include <string>

namespace cairn {

namespace {

std::uint64_t resolveSeed(std::uint64_t seed)
{
    if (seed != SamplingParams::kRandomSeed)
        return seed;
    std::random_device device;
    const auto high = static_cast<std::uint64_t>(device());
    const auto low = static_cast<std::uint64_t>(device());
    return (high << 32U) ^ low;
}

Error invalidParam(const char* name, const std::string& why)
{
    return Error{ErrorCode::InvalidInput, "sampling params", std::string(name) + " " + why};
}

} // namespace

Status validateSamplingParams(const SamplingParams& params)
{
    const struct {
        const char* name;
        float value;
    } numbers[] = {{"temperature", params.temperature},
                   {"topP", params.topP},
                   {"minP", params.minP},
                   {"repeatPenalty", params.repeatPenalty},
                   {"presencePenalty", params.presencePenalty},
                   {"frequencyPenalty", params.frequencyPenalty}};
    for (const auto& number : numbers) {
        if (!std::isfinite(number.value))
            return invalidParam(number.name, "must be a finite number");
    }
    if (params.minP > 1.0F)
        return invalidParam("minP", "must be at most 1, got " + std::to_string(params.minP));
    if (params.repeatPenalty <= 0.0F)
        return invalidParam("repeatPenalty",
                            "must be positive (1 is off), got " + std::to_string(params.repeatPenalty));
    if (params.penaltyLastN < -1)
        return invalidParam("penaltyLastN", "must be -1, 0 or a count, got " + std::to_string(params.penaltyLastN));
    if (params.maxTokens < -1)
        return invalidParam("maxTokens", "must be -1 or a count, got " + std::to_string(params.maxTokens));
    return Ok{};
}

Sampler::Sampler(const SamplingParams& params)
    : m_temperature(params.temperature), m_truncation{params.topK, params.topP, params.minP},
      m_seed(resolveSeed(params.seed)), m_rng(m_seed),
      m_penalties(params.penaltyLastN, params.repeatPenalty, params.presencePenalty, params.frequencyPenalty)
{
}

Result<std::int32_t> Sampler::sample(std::span<const float> logits)
{
    if (logits.empty())
        return Error{ErrorCode::InvalidInput, "sampler", "empty logits row"};
    if (logits.size() > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max()))
        return Error{ErrorCode::InvalidInput, "sampler", "logits row longer than the int32 token id range"};

    std::span<const float> row = logits;
    if (!m_penalties.neutral()) {
        m_logits.assign(logits.begin(), logits.end());
        m_penalties.apply(m_logits);
        row = m_logits;
    }

    constexpr float kInf = std::numeric_limits<float>::infinity();
    // Keep every logit above -inf (NaN compares false, so it is dropped too). Branch-free: each
    // entry is written and the end advances only past kept ones.
    m_candidates.resize(row.size());
    std::size_t kept = 0;
    bool anyPositiveInf = false;
    for (std::size_t i = 0; i < row.size(); ++i) {
        const float logit = row[i];
        m_candidates[kept] = {static_cast<std::int32_t>(i), logit};
        kept += logit > -kInf ? 1U : 0U;
        anyPositiveInf |= logit == kInf;
    }
    m_candidates.resize(kept);
    if (m_candidates.empty()) {
        return Error{ErrorCode::InvalidInput, "sampler",
                     "all " + std::to_string(logits.size()) + " logits are NaN or -inf, nothing to sample"};
    }
    if (anyPositiveInf) {
        std::erase_if(m_candidates, [](const Candidate& candidate) { return candidate.logit != kInf; });
        for (Candidate& candidate : m_candidates)
            candidate.logit = 0.0F;
    }

    if (!(m_temperature > 0.0F))
        return std::min_element(m_candidates.begin(), m_candidates.end(), ranksBefore)->id;

    truncateCandidates(m_candidates, m_truncation);
    return draw();
}

std::int32_t Sampler::draw()
{
    // p_i = exp((l_i - max) / T) / sum_j exp((l_j - max) / T): temperature, then softmax.
    const float maxLogit = std::min_element(m_candidates.begin(), m_candidates.end(), ranksBefore)->logit;
    // Weights in float (expf is several times cheaper than exp on a full vocabulary), sums in double.
    // Divide rather than multiply by 1/T: for a subnormal T, 1/T is inf and 0 * inf is NaN.
    m_weights.resize(m_candidates.size());
    double total = 0.0;
    for (std::size_t i = 0; i < m_candidates.size(); ++i) {
        m_weights[i] = std::exp((m_candidates[i].logit - maxLogit) / m_temperature);
        total += static_cast<double>(m_weights[i]);
    }

    // Walk the same running sum; the last candidate with weight catches rounding at the top end.
    const double target = m_rng.nextUnit() * total;
    double running = 0.0;
    std::size_t chosen = 0;
    for (std::size_t i = 0; i < m_candidates.size(); ++i) {
        if (m_weights[i] <= 0.0F)
            continue;
        chosen = i;
        running += static_cast<double>(m_weights[i]);
        if (target < running)
            break;
    }
    return m_candidates[chosen].id;
}

void Sampler::accept(std::int32_t token)
{
    m_penalties.accept(token);
}

void Sampler::reset()
{
    m_penalties.clear();
    m_rng = Xoshiro256(m_seed);
}

} // namespace cairn
