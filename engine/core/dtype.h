// SPDX-License-Identifier: MIT
// Tensor element types with GGML's numeric ids and block layouts (a GGUF file stores these ids).
// Every type GGUF may contain is listed so files can be validated; `computable` marks the ones
// the engine has kernels for.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace cairn {

enum class DType : std::uint32_t {
    F32 = 0,
    F16 = 1,
    Q4_0 = 2,
    Q4_1 = 3,
    Q5_0 = 6,
    Q5_1 = 7,
    Q8_0 = 8,
    Q8_1 = 9,
    Q2_K = 10,
    Q3_K = 11,
    Q4_K = 12,
    Q5_K = 13,
    Q6_K = 14,
    Q8_K = 15,
    IQ2_XXS = 16,
    IQ2_XS = 17,
    IQ3_XXS = 18,
    IQ1_S = 19,
    IQ4_NL = 20,
    IQ3_S = 21,
    IQ2_S = 22,
    IQ4_XS = 23,
    I8 = 24,
    I16 = 25,
    I32 = 26,
    I64 = 27,
    F64 = 28,
    IQ1_M = 29,
    BF16 = 30,
    TQ1_0 = 34,
    TQ2_0 = 35,
    MXFP4 = 39,
};

struct DTypeInfo {
    DType type;
    std::string_view name;   ///< GGML's lower-case name, e.g. "q4_K"
    std::uint32_t blockSize; ///< elements per block (1 for plain types)
    std::uint32_t typeSize;  ///< bytes per block
    bool computable;         ///< the engine has dequantisation and dot kernels for it
};

/// Layout of a GGML type id, or nothing for ids no GGML version defines.
std::optional<DTypeInfo> dtypeInfo(std::uint32_t id);
const DTypeInfo& dtypeInfo(DType type);

/// Bytes for one row of `elements` values; nothing when `elements` is not a whole number of blocks
/// or the size overflows.
std::optional<std::uint64_t> rowBytes(DType type, std::uint64_t elements);

} // namespace cairn
