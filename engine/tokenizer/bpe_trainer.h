// SPDX-License-Identifier: MIT
// A byte-level BPE trainer for the synthetic models `cairn-cli make-model` writes: learns
// merges from a corpus greedily by pair frequency, deterministically. Not a production trainer.
#pragma once

#include "engine/api/result.h"
#include "engine/tokenizer/vocabulary.h"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace cairn {

/// Ids 0..k-1 are `specialTokens` in order (Control), then the 256 byte tokens in byte order,
/// then one token per learned merge until `vocabSize` tokens. BOS/EOS/PAD are left unset for
/// the caller to choose among the special tokens. Each step merges the most frequent adjacent pair
/// over the pre-tokenized words (ties: the smallest left id, then the smallest right id). A
/// merge whose text already is a token reuses it; one that would spell a special token is
/// skipped. Training stops early, with fewer tokens, when no pair is left to merge.
[[nodiscard]] Result<Vocabulary> trainBpe(std::string_view corpus, std::int32_t vocabSize,
                                          std::span<const std::string> specialTokens,
                                          std::string_view pre = "deepseek-v3");

} // namespace cairn
