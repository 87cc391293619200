// SPDX-License-Identifier: MIT
// StopMatcher: finds stop strings in generated text as it streams in piece by piece, holding back
// only what could still turn into a stop string. Works on bytes; pieces need not be whole UTF-8.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace cairn {

class StopMatcher {
public:
    /// Empty strings among `stops` are ignored; with no stops every piece passes straight through.
    explicit StopMatcher(std::vector<std::string> stops);

    struct Step {
        /// Text now safe to show: it cannot belong to a stop string. (Not named `emit`: Qt
        /// defines that as a macro, and app code that includes Qt uses this struct.)
        std::string text;
        bool stopped = false; ///< a stop string completed; `text` ends where it began
    };

    /// Appends `piece` to the text. When a stop string completes, the text before it is released
    /// and the matcher stops: the stop string and anything after it are dropped, and later pushes
    /// return {"", true}. When several stop strings occur, the one that completes first wins (ties
    /// go to the longer), so the result does not depend on how the text was cut into pieces.
    Step push(std::string_view piece);

    /// Ends the text: returns what was held back (empty once stopped).
    std::string flush();

private:
    std::vector<std::string> m_stops;
    std::string m_held; ///< text not released yet; between pushes, shorter than the longest stop
    bool m_stopped = false;
};

} // namespace cairn
