// SPDX-License-Identifier: MIT
// StopMatcher: after each piece, search the held text for a complete stop string; otherwise keep
// the longest tail that is a proper prefix of some stop string and emit the rest.

#include "engine/sampling/stop_matcher.h"

#include <algorithm>
#include <cstddef>
#include <utility>

namespace cairn {

namespace {

/// The length of the longest tail of `text` that is a proper prefix of `stop`.
std::size_t partialMatchLength(std::string_view text, std::string_view stop)
{
    for (std::size_t length = std::min(text.size(), stop.size() - 1); length > 0; --length) {
        if (text.substr(text.size() - length) == stop.substr(0, length))
            return length;
    }
    return 0;
}

} // namespace

StopMatcher::StopMatcher(std::vector<std::string> stops) : m_stops(std::move(stops))
{
    std::erase_if(m_stops, [](const std::string& stop) { return stop.empty(); });
}

StopMatcher::Step StopMatcher::push(std::string_view piece)
{
    if (m_stopped)
        return {{}, true};
    m_held.append(piece);

    // The earliest occurrence of each stop is also its earliest end; keep the first to end.
    std::size_t stopBegin = std::string::npos;
    std::size_t stopEnd = std::string::npos;
    for (const std::string& stop : m_stops) {
        const std::size_t begin = m_held.find(stop);
        if (begin == std::string::npos)
            continue;
        const std::size_t end = begin + stop.size();
        if (end < stopEnd || (end == stopEnd && begin < stopBegin)) {
            stopBegin = begin;
            stopEnd = end;
        }
    }
    if (stopBegin != std::string::npos) {
        m_held.resize(stopBegin);
        m_stopped = true;
        return {std::exchange(m_held, {}), true};
    }

    std::size_t hold = 0;
    for (const std::string& stop : m_stops)
        hold = std::max(hold, partialMatchLength(m_held, stop));
    Step step{m_held.substr(0, m_held.size() - hold), false};
    m_held.erase(0, m_held.size() - hold);
    return step;
}

std::string StopMatcher::flush()
{
    return std::exchange(m_held, {});
}

} // namespace cairn
