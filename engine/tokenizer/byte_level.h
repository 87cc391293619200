// SPDX-License-Identifier: MIT
// GPT-2's byte-to-unicode table, as byte-level BPE vocabularies (GGUF `tokenizer.ggml.tokens`,
// tokenizer.json) spell their tokens: every byte is one printable code point.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cairn {

/// The code point that stands for `byte` in token text ('A' -> 'A', ' ' -> U+0120 'Ġ').
[[nodiscard]] char32_t byteToCodePoint(std::uint8_t byte);

/// The byte a code point stands for, or nothing if it is not in the table.
[[nodiscard]] std::optional<std::uint8_t> codePointToByte(char32_t codePoint);

/// Raw bytes -> token text: each byte replaced by its code point, in UTF-8.
[[nodiscard]] std::string bytesToTokenText(std::string_view bytes);

/// Token text -> raw bytes; nothing if the text is not UTF-8 or has a character outside the table.
[[nodiscard]] std::optional<std::string> tokenTextToBytes(std::string_view text);

} // namespace cairn
