// SPDX-License-Identifier: MIT
// SpecialTokenMatcher: finds control and user-defined tokens spelled literally in text
// (longest match wins), so the tokenizer can emit their ids instead of encoding their bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace cairn {

class SpecialTokenMatcher {
public:
    /// Adds a token; `always` tokens match even when control tokens are not being parsed.
    /// Empty texts are ignored; a text added twice keeps its first id.
    void add(std::string_view text, std::int32_t id, bool always);

    struct Match {
        std::int32_t id = -1;
        std::size_t length = 0;
    };

    /// The longest eligible token that starts at `text[pos]`.
    [[nodiscard]] std::optional<Match> matchAt(std::string_view text, std::size_t pos, bool includeControl) const;

    [[nodiscard]] bool empty() const { return m_nodes.size() == 1; }

private:
    struct Node {
        std::vector<std::pair<unsigned char, std::int32_t>> children; // sorted by byte
        std::int32_t tokenId = -1;
        bool always = false;
    };
    [[nodiscard]] std::int32_t child(std::int32_t node, unsigned char byte) const;

    std::vector<Node> m_nodes{Node{}}; // m_nodes[0] is the root
};

} // namespace cairn
