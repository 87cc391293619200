// SPDX-License-Identifier: MIT
// Byte-level BPE merging over a doubly linked list of symbols and a priority queue of candidate
// pairs, O(n log n) per word. Queue entries go stale when a neighbour merges; they are checked
// against the current symbols when popped.

#include "engine/tokenizer/bpe.h"

#include <queue>

namespace cairn {
namespace {

struct Symbol {
    std::int32_t id;
    std::int32_t prev;
    std::int32_t next;
};

struct Candidate {
    std::int32_t rank;
    std::int32_t left;  // symbol index
    std::int32_t right; // symbol index
    std::int32_t leftId;
    std::int32_t rightId;
    std::int32_t result;
};

// std::priority_queue pops the greatest, so "greater" here means lower priority.
struct LowerPriority {
    bool operator()(const Candidate& a, const Candidate& b) const
    {
        return a.rank != b.rank ? a.rank > b.rank : a.left > b.left;
    }
};

} // namespace

void BpeMerges::add(std::int32_t left, std::int32_t right, std::int32_t result)
{
    m_rules.try_emplace(key(left, right), Rule{static_cast<std::int32_t>(m_rules.size()), result});
}

std::optional<BpeMerges::Rule> BpeMerges::find(std::int32_t left, std::int32_t right) const
{
    const auto it = m_rules.find(key(left, right));
    if (it == m_rules.end())
        return std::nullopt;
    return it->second;
}

void BpeMerges::encodeWord(std::string_view word, const std::array<std::int32_t, 256>& byteTokens,
                           std::vector<std::int32_t>& out) const
{
    if (word.empty())
        return;
    if (word.size() == 1) {
        out.push_back(byteTokens[static_cast<unsigned char>(word[0])]);
        return;
    }
    const auto count = static_cast<std::int32_t>(word.size());
    std::vector<Symbol> symbols;
    symbols.reserve(word.size());
    for (std::int32_t i = 0; i < count; ++i)
        symbols.push_back({byteTokens[static_cast<unsigned char>(word[static_cast<std::size_t>(i)])], i - 1,
                           i + 1 < count ? i + 1 : -1});

    std::priority_queue<Candidate, std::vector<Candidate>, LowerPriority> queue;
    const auto consider = [&](std::int32_t left, std::int32_t right) {
        if (left < 0 || right < 0)
            return;
        const std::int32_t leftId = symbols[static_cast<std::size_t>(left)].id;
        const std::int32_t rightId = symbols[static_cast<std::size_t>(right)].id;
        if (const auto rule = find(leftId, rightId))
            queue.push({rule->rank, left, right, leftId, rightId, rule->result});
    };
    for (std::int32_t i = 0; i + 1 < count; ++i)
        consider(i, i + 1);

    while (!queue.empty()) {
        const Candidate top = queue.top();
        queue.pop();
        Symbol& left = symbols[static_cast<std::size_t>(top.left)];
        Symbol& right = symbols[static_cast<std::size_t>(top.right)];
        if (left.id != top.leftId || right.id != top.rightId || left.next != top.right)
            continue; // stale: one side has merged since
        left.id = top.result;
        left.next = right.next;
        right.id = -1;
        if (right.next >= 0)
            symbols[static_cast<std::size_t>(right.next)].prev = top.left;
        consider(left.prev, top.left);
        consider(top.left, left.next);
    }

    for (std::int32_t i = 0; i >= 0; i = symbols[static_cast<std::size_t>(i)].next)
        out.push_back(symbols[static_cast<std::size_t>(i)].id);
}

} // namespace cairn
