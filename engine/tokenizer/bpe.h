// SPDX-License-Identifier: MIT
// BpeMerges: the merge table of byte-level BPE by token id, and the merging of one word's
// byte tokens by rank (lowest rank first, leftmost first among equal ranks).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace cairn {

class BpeMerges {
public:
    /// Adds the rule `left right -> result` with the next rank; a pair added twice keeps its first rule.
    void add(std::int32_t left, std::int32_t right, std::int32_t result);

    struct Rule {
        std::int32_t rank = 0;
        std::int32_t result = 0;
    };
    [[nodiscard]] std::optional<Rule> find(std::int32_t left, std::int32_t right) const;

    [[nodiscard]] std::size_t size() const { return m_rules.size(); }

    /// Encodes one pre-tokenized word: its bytes as byte tokens, then merged by rank until no
    /// rule applies. Appends the ids to `out`.
    void encodeWord(std::string_view word, const std::array<std::int32_t, 256>& byteTokens,
                    std::vector<std::int32_t>& out) const;

private:
    static std::uint64_t key(std::int32_t left, std::int32_t right)
    {
        return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(left)) << 32) | static_cast<std::uint32_t>(right);
    }

    std::unordered_map<std::uint64_t, Rule> m_rules;
};

} // namespace cairn
