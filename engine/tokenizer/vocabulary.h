// SPDX-License-Identifier: MIT
// Vocabulary: a byte-level BPE vocabulary as GGUF metadata (`tokenizer.ggml.*`) or a
// tokenizer.json describes it. Plain data; Tokenizer::create() validates it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cairn {

/// `tokenizer.ggml.token_type` values (llama.cpp's llama_token_type).
enum class TokenType : std::int32_t {
    Normal = 1,
    Unknown = 2,
    Control = 3,     ///< BOS, EOS, chat role markers: matched in text only when asked
    UserDefined = 4, ///< added tokens that are always matched in text; stored as plain text
    Unused = 5,
    Byte = 6,
};

struct Vocabulary {
    /// Token texts by id. Normal tokens spell their bytes through GPT-2's byte-to-unicode table
    /// ("Ġthe" is " the"); control and user-defined tokens are plain UTF-8 ("<｜User｜>").
    std::vector<std::string> tokens;
    /// One type per token; empty means all Normal.
    std::vector<TokenType> tokenTypes;
    /// Merge rules by rank (lowest merges first), each "left right" in token text.
    std::vector<std::string> merges;
    /// Pre-tokenizer name (`tokenizer.ggml.pre`): "deepseek-v3", "deepseek-llm", "gpt2", "default".
    std::string pre = "default";
    std::optional<std::int32_t> bos;
    std::optional<std::int32_t> eos;
    std::optional<std::int32_t> pad;
    /// Whether prompts start with BOS (`tokenizer.ggml.add_bos_token`).
    bool addBos = false;
};

} // namespace cairn
