// SPDX-License-Identifier: MIT
// GGUF metadata values: the thirteen scalar, string and array types a key can hold.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace cairn {

/// GGUF's value type ids (gguf_type in ggml's gguf.h).
enum class GgufType : std::uint32_t {
    U8 = 0,
    I8 = 1,
    U16 = 2,
    I16 = 3,
    U32 = 4,
    I32 = 5,
    F32 = 6,
    Bool = 7,
    String = 8,
    Array = 9,
    U64 = 10,
    I64 = 11,
    F64 = 12,
};

struct GgufArray;

/// One metadata value. Arrays hold their elements (all of one type, possibly arrays again).
using GgufValue
    = std::variant<std::uint8_t, std::int8_t, std::uint16_t, std::int16_t, std::uint32_t, std::int32_t, float, bool,
                   std::string, std::shared_ptr<const GgufArray>, std::uint64_t, std::int64_t, double>;

struct GgufArray {
    GgufType elementType = GgufType::U8;
    std::vector<GgufValue> values;
};

GgufType ggufTypeOf(const GgufValue& value);

} // namespace cairn
