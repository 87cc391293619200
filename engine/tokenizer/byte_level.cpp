// SPDX-License-Identifier: MIT
// GPT-2's byte-to-unicode table: printable Latin-1 bytes stand for themselves, the other 68
// bytes (controls, space, DEL, NBSP, soft hyphen) take U+0100.. in byte order.

#include "engine/tokenizer/byte_level.h"

#include "engine/tokenizer/utf8.h"

#include <array>

namespace cairn {
namespace {

constexpr bool standsForItself(int byte)
{
    return (byte >= 0x21 && byte <= 0x7E) || (byte >= 0xA1 && byte <= 0xAC) || (byte >= 0xAE && byte <= 0xFF);
}

constexpr int kRemappedBytes = 68;
constexpr int kTableEnd = 256 + kRemappedBytes; // every code point in the table is below this

struct ByteTables {
    std::array<char32_t, 256> toCodePoint{};
    std::array<int, kTableEnd> toByte{};
};

constexpr ByteTables makeTables()
{
    ByteTables tables;
    tables.toByte.fill(-1);
    int next = 256;
    for (int byte = 0; byte < 256; ++byte) {
        const int codePoint = standsForItself(byte) ? byte : next++;
        tables.toCodePoint[static_cast<std::size_t>(byte)] = static_cast<char32_t>(codePoint);
        tables.toByte[static_cast<std::size_t>(codePoint)] = byte;
    }
    return tables;
}

constexpr ByteTables kTables = makeTables();
static_assert(kTables.toCodePoint[0x20] == 0x120 && kTables.toCodePoint[0xAD] == kTableEnd - 1);

} // namespace

char32_t byteToCodePoint(std::uint8_t byte)
{
    return kTables.toCodePoint[byte];
}

std::optional<std::uint8_t> codePointToByte(char32_t codePoint)
{
    if (codePoint >= static_cast<char32_t>(kTableEnd))
        return std::nullopt;
    const int byte = kTables.toByte[codePoint];
    if (byte < 0)
        return std::nullopt;
    return static_cast<std::uint8_t>(byte);
}

std::string bytesToTokenText(std::string_view bytes)
{
    std::string text;
    text.reserve(bytes.size() * 2);
    for (const char c : bytes)
        appendUtf8(text, byteToCodePoint(static_cast<std::uint8_t>(c)));
    return text;
}

std::optional<std::string> tokenTextToBytes(std::string_view text)
{
    std::string bytes;
    bytes.reserve(text.size());
    for (std::size_t pos = 0; pos < text.size();) {
        const Utf8Char c = readUtf8(text, pos);
        if (c.kind != Utf8Char::Kind::Complete)
            return std::nullopt;
        const auto byte = codePointToByte(c.codePoint);
        if (!byte)
            return std::nullopt;
        bytes.push_back(static_cast<char>(*byte));
        pos += c.length;
    }
    return bytes;
}

} // namespace cairn
