// SPDX-License-Identifier: MIT
// Small UTF-8 helpers shared by the tokenizer: strict decoding of one character (RFC 3629,
// WHATWG maximal-subpart rule for errors) and encoding of a code point.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace cairn {

/// What starts at a position of a byte string.
struct Utf8Char {
    enum class Kind {
        Complete,   ///< a whole, valid character of `length` bytes
        Incomplete, ///< a valid start, but the string ends before the character does
        Invalid,    ///< not UTF-8: `length` bytes (at least 1) make one U+FFFD
    };
    Kind kind = Kind::Invalid;
    std::size_t length = 1;
    char32_t codePoint = 0; ///< set for Complete only
};

/// Reads the character starting at `text[pos]` (pos < text.size()).
[[nodiscard]] Utf8Char readUtf8(std::string_view text, std::size_t pos);

/// Appends the UTF-8 form of a Unicode scalar value.
void appendUtf8(std::string& out, char32_t codePoint);

/// U+FFFD REPLACEMENT CHARACTER in UTF-8.
inline constexpr std::string_view kReplacementCharacter = "\xEF\xBF\xBD";

} // namespace cairn
