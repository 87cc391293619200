// SPDX-License-Identifier: MIT
// RepetitionPenalties: a token window with per-token counts kept up to date on accept, so that
// applying the penalties costs one step per distinct recent token, not one per vocabulary entry.

#include "engine/sampling/repetition.h"

namespace cairn {

RepetitionPenalties::RepetitionPenalties(std::int32_t lastN, float repeat, float presence, float frequency)
    : m_capacity(lastN > 0 ? static_cast<std::size_t>(lastN) : 0), m_enabled(lastN != 0), m_repeat(repeat),
      m_presence(presence), m_frequency(frequency)
{
}

bool RepetitionPenalties::neutral() const
{
    return !m_enabled || (m_repeat == 1.0F && m_presence == 0.0F && m_frequency == 0.0F);
}

void RepetitionPenalties::accept(std::int32_t token)
{
    if (!m_enabled)
        return;
    if (m_capacity != 0 && m_window.size() == m_capacity) {
        const std::int32_t oldest = m_window.front();
        m_window.pop_front();
        const auto it = m_counts.find(oldest);
        if (--it->second == 0)
            m_counts.erase(it);
    }
    m_window.push_back(token);
    ++m_counts[token];
}

void RepetitionPenalties::clear()
{
    m_window.clear();
    m_counts.clear();
}

void RepetitionPenalties::apply(std::span<float> logits) const
{
    for (const auto& [token, count] : m_counts) {
        if (token < 0 || static_cast<std::size_t>(token) >= logits.size())
            continue;
        float& logit = logits[static_cast<std::size_t>(token)];
        logit = logit > 0.0F ? logit / m_repeat : logit * m_repeat;
        logit -= static_cast<float>(count) * m_frequency + m_presence;
    }
}

std::int32_t RepetitionPenalties::count(std::int32_t token) const
{
    const auto it = m_counts.find(token);
    return it == m_counts.end() ? 0 : it->second;
}

} // namespace cairn
