// SPDX-License-Identifier: MIT
// Reads a Hugging Face tokenizer.json (byte-level BPE, as DeepSeek ships it) into a Vocabulary.
// Only what Cairn's tokenizer can reproduce is accepted; anything else is an Unsupported error.
#pragma once

#include "engine/api/result.h"
#include "engine/tokenizer/vocabulary.h"

#include <string>
#include <string_view>

namespace cairn {

/// Loads `path`: model.type "BPE", model.vocab, model.merges ("a b" strings or ["a", "b"]
/// pairs), added_tokens (special, or spelled like "<｜…｜>" / "<|…|>" -> Control, others
/// UserDefined), and a pre_tokenizer whose Split regexes equal a known pre-tokenizer's
/// (DeepSeek-V3's -> "deepseek-v3"). BOS/EOS/PAD are DeepSeek's "<｜begin▁of▁sentence｜>",
/// "<｜end▁of▁sentence｜>" and "<｜▁pad▁｜>" when present; a tokenizer_config.json beside the
/// file, if there is one, overrides them with its bos_token/eos_token/pad_token/add_bos_token.
[[nodiscard]] Result<Vocabulary> loadHfTokenizerJson(const std::string& path);

/// The same for tokenizer.json text already in memory; `name` is the subject of errors. No
/// tokenizer_config.json is consulted.
[[nodiscard]] Result<Vocabulary> parseHfTokenizerJson(std::string_view json, const std::string& name);

} // namespace cairn
