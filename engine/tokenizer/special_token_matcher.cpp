// SPDX-License-Identifier: MIT
// A byte trie over the special token texts.

#include "engine/tokenizer/special_token_matcher.h"

#include <algorithm>

namespace cairn {

std::int32_t SpecialTokenMatcher::child(std::int32_t node, unsigned char byte) const
{
    const auto& children = m_nodes[static_cast<std::size_t>(node)].children;
    const auto it = std::lower_bound(children.begin(), children.end(), byte,
                                     [](const auto& entry, unsigned char b) { return entry.first < b; });
    return it != children.end() && it->first == byte ? it->second : -1;
}

void SpecialTokenMatcher::add(std::string_view text, std::int32_t id, bool always)
{
    if (text.empty())
        return;
    std::int32_t node = 0;
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        std::int32_t next = child(node, byte);
        if (next < 0) {
            next = static_cast<std::int32_t>(m_nodes.size());
            m_nodes.emplace_back();
            auto& children = m_nodes[static_cast<std::size_t>(node)].children;
            const auto at = std::lower_bound(children.begin(), children.end(), byte,
                                             [](const auto& entry, unsigned char b) { return entry.first < b; });
            children.insert(at, {byte, next});
        }
        node = next;
    }
    auto& terminal = m_nodes[static_cast<std::size_t>(node)];
    if (terminal.tokenId < 0) {
        terminal.tokenId = id;
        terminal.always = always;
    }
}

std::optional<SpecialTokenMatcher::Match> SpecialTokenMatcher::matchAt(std::string_view text, std::size_t pos,
                                                                       bool includeControl) const
{
    std::optional<Match> best;
    std::int32_t node = 0;
    for (std::size_t i = pos; i < text.size(); ++i) {
        node = child(node, static_cast<unsigned char>(text[i]));
        if (node < 0)
            break;
        const Node& n = m_nodes[static_cast<std::size_t>(node)];
        if (n.tokenId >= 0 && (n.always || includeControl))
            best = Match{n.tokenId, i + 1 - pos};
    }
    return best;
}

} // namespace cairn
