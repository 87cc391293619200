// SPDX-License-Identifier: MIT
// Tokenizer: byte-level BPE text <-> token ids for a validated Vocabulary (DeepSeek's and other
// GPT-2-style vocabularies), with control tokens parsed from text on request.
#pragma once

#include "engine/api/result.h"
#include "engine/api/vocabulary.h"
#include "engine/tokenizer/bpe.h"
#include "engine/tokenizer/pretokenizer.h"
#include "engine/tokenizer/special_token_matcher.h"

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace cairn {

/// Immutable after create(); encode and decode may run on several threads at once.
class Tokenizer {
public:
    /// Checks the vocabulary (types, every byte has a token, merges name existing tokens and
    /// make existing tokens, special ids in range, known pre-tokenizer) and builds the tables.
    static Result<Tokenizer> create(Vocabulary vocabulary);

    /// Text -> ids. With `parseSpecial`, control tokens written in the text ("<｜User｜>") become
    /// their ids; user-defined tokens always do. The rest is pre-tokenized and BPE-encoded; any
    /// byte string, valid UTF-8 or not, encodes and decodes back to itself.
    [[nodiscard]] std::vector<std::int32_t> encode(std::string_view text, bool addBos, bool parseSpecial) const;

    /// Ids -> bytes: the concatenated tokenBytes(). Not necessarily valid UTF-8 (see Utf8Stream).
    [[nodiscard]] std::string decode(std::span<const std::int32_t> ids) const;

    /// The raw bytes of one token; control and user-defined tokens give their text. Empty for
    /// an id out of range.
    [[nodiscard]] std::string tokenBytes(std::int32_t id) const;

    /// The token's text as the vocabulary spells it ("Ġthe"); empty for an id out of range.
    [[nodiscard]] std::string_view tokenText(std::int32_t id) const;

    /// The id of the token spelled `tokenText` (vocabulary spelling), if any. Of several tokens
    /// with one spelling the first wins, a byte-level one before a control or user-defined one.
    [[nodiscard]] std::optional<std::int32_t> tokenId(std::string_view tokenText) const;

    [[nodiscard]] std::int32_t vocabSize() const { return static_cast<std::int32_t>(m_tokens.size()); }
    [[nodiscard]] std::optional<std::int32_t> bos() const { return m_bos; }
    [[nodiscard]] std::optional<std::int32_t> eos() const { return m_eos; }
    [[nodiscard]] std::optional<std::int32_t> pad() const { return m_pad; }
    /// Whether the model wants BOS before a prompt (the vocabulary's addBos).
    [[nodiscard]] bool addBosByDefault() const { return m_addBos; }
    [[nodiscard]] TokenType tokenType(std::int32_t id) const;
    [[nodiscard]] bool isControl(std::int32_t id) const { return tokenType(id) == TokenType::Control; }
    [[nodiscard]] const std::string& preTokenizerName() const { return m_pre.name(); }

private:
    Tokenizer() = default;
    void encodePlain(std::string_view text, std::vector<std::int32_t>& out) const;
    [[nodiscard]] bool validId(std::int32_t id) const { return id >= 0 && id < vocabSize(); }

    std::vector<std::string> m_tokens;
    std::vector<TokenType> m_types;
    std::vector<std::string> m_bytes; // decoded bytes per token
    struct TextHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
    };
    std::unordered_map<std::string, std::int32_t, TextHash, std::equal_to<>> m_ids;
    std::array<std::int32_t, 256> m_byteTokens{};
    BpeMerges m_merges;
    SpecialTokenMatcher m_specials;
    PreTokenizer m_pre;
    std::optional<std::int32_t> m_bos;
    std::optional<std::int32_t> m_eos;
    std::optional<std::int32_t> m_pad;
    bool m_addBos = false;
};

} // namespace cairn
