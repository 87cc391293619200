// SPDX-License-Identifier: MIT
// Fuzzy ranking of symbol names for `cairn-cli find --fuzzy`: names holding the query's characters
// in order rank first, fewest skipped characters first; then names a few typos away. Pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace cairn::app {

struct FuzzyMatch {
    std::string name;
    bool subsequence = false; ///< the query's characters appear in order in the name
    int penalty = 0;          ///< subsequence: characters skipped before and between; else edit distance
};

/// Levenshtein distance, ASCII letters compared case-insensitively.
int editDistance(std::string_view a, std::string_view b);

/// Ranks `names` against `query` (ASCII case-insensitive): first every name that holds the query's
/// characters in order, by the fewest characters skipped before the first and between matched
/// ones (an exact or prefix match skips none), then the shorter name; then names within edit
/// distance max(1, length / 3) of the query, by distance. At most `limit` matches.
std::vector<FuzzyMatch> rankFuzzy(std::string_view query, const std::vector<std::string>& names, int limit);

} // namespace cairn::app
