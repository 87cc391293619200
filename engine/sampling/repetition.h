// SPDX-License-Identifier: MIT
// RepetitionPenalties: the window of recently accepted tokens and the three penalties computed
// from it (llama.cpp's repeat penalty, OpenAI's presence and frequency penalties).
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <span>
#include <unordered_map>

namespace cairn {

class RepetitionPenalties {
public:
    /// `lastN` as SamplingParams::penaltyLastN: 0 keeps no window, -1 keeps every accepted token.
    RepetitionPenalties(std::int32_t lastN, float repeat, float presence, float frequency);

    /// True when applying would change no logit (all three penalties at their neutral values or an
    /// empty window size), so the caller can skip the work.
    [[nodiscard]] bool neutral() const;

    /// Records an accepted token, dropping the oldest one when the window is full.
    void accept(std::int32_t token);
    /// Empties the window.
    void clear();

    /// Penalises `logits` (indexed by token id) in place for every token in the window, once per
    /// distinct token: `l = l > 0 ? l / repeat : l * repeat; l -= count * frequency + presence`.
    /// Window tokens outside [0, logits.size()) are skipped.
    void apply(std::span<float> logits) const;

    /// How often `token` occurs in the window.
    [[nodiscard]] std::int32_t count(std::int32_t token) const;

private:
    std::size_t m_capacity = 0; ///< 0: unbounded (lastN == -1)
    bool m_enabled = false;
    float m_repeat = 1.0F;
    float m_presence = 0.0F;
    float m_frequency = 0.0F;
    std::deque<std::int32_t> m_window;
    std::unordered_map<std::int32_t, std::int32_t> m_counts;
};

} // namespace cairn
