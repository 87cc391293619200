// SPDX-License-Identifier: MIT
// Utf8Stream: turns token bytes arriving piece by piece into text that never ends inside a
// UTF-8 character, for streaming detokenisation.
#pragma once

#include <string>
#include <string_view>

namespace cairn {

class Utf8Stream {
public:
    /// Returns the complete characters now available; holds back a valid but unfinished tail.
    /// Bytes that cannot be UTF-8 (whatever follows) come out as U+FFFD, one per maximal
    /// invalid subpart as the WHATWG decoder does.
    [[nodiscard]] std::string push(std::string_view bytes);

    /// Ends the stream: an unfinished tail becomes U+FFFD. The stream can be reused afterwards.
    [[nodiscard]] std::string finish();

    /// Bytes held back, waiting for the rest of their character.
    [[nodiscard]] std::size_t pending() const { return m_pending.size(); }

private:
    std::string m_pending;
};

} // namespace cairn
