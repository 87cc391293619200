// SPDX-License-Identifier: MIT
// Strict UTF-8 decoding of one character and encoding of one code point.

#include "engine/tokenizer/utf8.h"

#include <cstdint>

namespace cairn {

Utf8Char readUtf8(std::string_view text, std::size_t pos)
{
    const auto lead = static_cast<std::uint8_t>(text[pos]);
    if (lead < 0x80)
        return {Utf8Char::Kind::Complete, 1, lead};

    std::size_t length = 0;
    char32_t codePoint = 0;
    // The second byte's allowed range excludes overlong forms, surrogates and values > U+10FFFF.
    std::uint8_t low = 0x80;
    std::uint8_t high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
        codePoint = lead & 0x1Fu;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        codePoint = lead & 0x0Fu;
        if (lead == 0xE0)
            low = 0xA0;
        else if (lead == 0xED)
            high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        codePoint = lead & 0x07u;
        if (lead == 0xF0)
            low = 0x90;
        else if (lead == 0xF4)
            high = 0x8F;
    } else {
        return {Utf8Char::Kind::Invalid, 1, 0};
    }

    for (std::size_t i = 1; i < length; ++i) {
        if (pos + i >= text.size())
            return {Utf8Char::Kind::Incomplete, i, 0};
        const auto byte = static_cast<std::uint8_t>(text[pos + i]);
        if (byte < low || byte > high)
            return {Utf8Char::Kind::Invalid, i, 0};
        low = 0x80;
        high = 0xBF;
        codePoint = (codePoint << 6) | (byte & 0x3Fu);
    }
    return {Utf8Char::Kind::Complete, length, codePoint};
}

void appendUtf8(std::string& out, char32_t codePoint)
{
    const auto put = [&out](std::uint32_t byte) { out.push_back(static_cast<char>(static_cast<std::uint8_t>(byte))); };
    const auto cp = static_cast<std::uint32_t>(codePoint);
    if (cp < 0x80) {
        put(cp);
    } else if (cp < 0x800) {
        put(0xC0 | (cp >> 6));
        put(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        put(0xE0 | (cp >> 12));
        put(0x80 | ((cp >> 6) & 0x3F));
        put(0x80 | (cp & 0x3F));
    } else {
        put(0xF0 | (cp >> 18));
        put(0x80 | ((cp >> 12) & 0x3F));
        put(0x80 | ((cp >> 6) & 0x3F));
        put(0x80 | (cp & 0x3F));
    }
}

} // namespace cairn
