// SPDX-License-Identifier: MIT
// Subsequence penalties and edit distances behind rankFuzzy.

#include "app/services/fuzzy_match.h"

#include <algorithm>
#include <cctype>
#include <limits>
#include <optional>

namespace cairn::app {

namespace {

char fold(char c)
{
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

/// The fewest characters skipped to find `query` in `name` in order, trying every start.
std::optional<int> subsequencePenalty(std::string_view query, std::string_view name)
{
    if (query.empty())
        return 0;
    std::optional<int> best;
    for (std::size_t start = 0; start < name.size(); ++start) {
        if (fold(name[start]) != fold(query[0]))
            continue;
        int skipped = static_cast<int>(start);
        std::size_t at = start + 1;
        std::size_t matched = 1;
        for (; matched < query.size() && at < name.size(); ++at) {
            if (fold(name[at]) == fold(query[matched]))
                ++matched;
            else
                ++skipped;
        }
        if (matched == query.size() && (!best || skipped < *best))
            best = skipped;
    }
    return best;
}

} // namespace

int editDistance(std::string_view a, std::string_view b)
{
    std::vector<int> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
        row[j] = static_cast<int>(j);
    for (std::size_t i = 1; i <= a.size(); ++i) {
        int diagonal = row[0];
        row[0] = static_cast<int>(i);
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const int above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (fold(a[i - 1]) == fold(b[j - 1]) ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

std::vector<FuzzyMatch> rankFuzzy(std::string_view query, const std::vector<std::string>& names, int limit)
{
    std::vector<FuzzyMatch> matches;
    if (query.empty() || limit <= 0)
        return matches;
    const int maxDistance = std::max(1, static_cast<int>(query.size()) / 3);
    for (const std::string& name : names) {
        if (const std::optional<int> skipped = subsequencePenalty(query, name)) {
            matches.push_back({name, true, *skipped});
            continue;
        }
        // names far longer or shorter than the query cannot be within the distance
        if (std::abs(static_cast<int>(name.size()) - static_cast<int>(query.size())) > maxDistance)
            continue;
        if (const int distance = editDistance(query, name); distance <= maxDistance)
            matches.push_back({name, false, distance});
    }
    std::sort(matches.begin(), matches.end(), [](const FuzzyMatch& a, const FuzzyMatch& b) {
        if (a.subsequence != b.subsequence)
            return a.subsequence;
        if (a.penalty != b.penalty)
            return a.penalty < b.penalty;
        if (a.name.size() != b.name.size())
            return a.name.size() < b.name.size();
        return a.name < b.name;
    });
    if (matches.size() > static_cast<std::size_t>(limit))
        matches.resize(static_cast<std::size_t>(limit));
    return matches;
}

} // namespace cairn::app
