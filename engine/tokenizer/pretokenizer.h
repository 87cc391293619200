// SPDX-License-Identifier: MIT
// Pre-tokenizers: the regex splits that cut text into words before byte-level BPE, named as
// GGUF `tokenizer.ggml.pre` names them (deepseek-v3, deepseek-llm, gpt2, default). PCRE2 based.
#pragma once

#include "engine/api/result.h"

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace cairn {

class PreTokenizer {
public:
    /// Compiles the patterns of a named pre-tokenizer; an unknown name is an Unsupported error.
    static Result<PreTokenizer> create(std::string_view name);

    /// Cuts `text` into pieces that cover it exactly, in order, none empty. Each pattern in turn
    /// splits every piece the previous one left: its matches and the text between them both
    /// become pieces (Hugging Face's `Split` with behaviour `Isolated`, llama.cpp's
    /// unicode_regex_split). A pattern sees only its piece: `\s+(?!\S)` treats a piece's end as
    /// the end of the text. Invalid UTF-8 bytes are never matched and so end up in gap pieces.
    [[nodiscard]] std::vector<std::string_view> split(std::string_view text) const;

    [[nodiscard]] const std::string& name() const { return m_name; }

    /// The patterns of a named pre-tokenizer in the order they apply; empty for an unknown name.
    [[nodiscard]] static std::span<const std::string_view> patterns(std::string_view name);

    /// The name whose pattern list equals `patterns` exactly, if any.
    [[nodiscard]] static std::optional<std::string_view> nameForPatterns(std::span<const std::string> patterns);

private:
    struct Regex;

    std::string m_name;
    std::vector<std::shared_ptr<const Regex>> m_regexes;
};

} // namespace cairn
