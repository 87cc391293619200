// SPDX-License-Identifier: MIT
// The GGML type table: block sizes and bytes per block as ggml defines them
// (ggml/src/ggml.c type_traits; ids 4, 5, 31-33 and 36-38 are retired and absent).

#include "engine/core/dtype.h"

#include <array>

namespace cairn {

namespace {

constexpr std::array<DTypeInfo, 32> kTypes{{
    {DType::F32, "f32", 1, 4, true},
    {DType::F16, "f16", 1, 2, true},
    {DType::Q4_0, "q4_0", 32, 18, true},
    {DType::Q4_1, "q4_1", 32, 20, true},
    {DType::Q5_0, "q5_0", 32, 22, true},
    {DType::Q5_1, "q5_1", 32, 24, true},
    {DType::Q8_0, "q8_0", 32, 34, true},
    {DType::Q8_1, "q8_1", 32, 36, false},
    {DType::Q2_K, "q2_K", 256, 84, false},
    {DType::Q3_K, "q3_K", 256, 110, false},
    {DType::Q4_K, "q4_K", 256, 144, true},
    {DType::Q5_K, "q5_K", 256, 176, true},
    {DType::Q6_K, "q6_K", 256, 210, true},
    {DType::Q8_K, "q8_K", 256, 292, false},
    {DType::IQ2_XXS, "iq2_xxs", 256, 66, false},
    {DType::IQ2_XS, "iq2_xs", 256, 74, false},
    {DType::IQ3_XXS, "iq3_xxs", 256, 98, false},
    {DType::IQ1_S, "iq1_s", 256, 50, false},
    {DType::IQ4_NL, "iq4_nl", 32, 18, true},
    {DType::IQ3_S, "iq3_s", 256, 110, false},
    {DType::IQ2_S, "iq2_s", 256, 82, false},
    {DType::IQ4_XS, "iq4_xs", 256, 136, false},
    {DType::I8, "i8", 1, 1, false},
    {DType::I16, "i16", 1, 2, false},
    {DType::I32, "i32", 1, 4, false},
    {DType::I64, "i64", 1, 8, false},
    {DType::F64, "f64", 1, 8, false},
    {DType::IQ1_M, "iq1_m", 256, 56, false},
    {DType::BF16, "bf16", 1, 2, true},
    {DType::TQ1_0, "tq1_0", 256, 54, false},
    {DType::TQ2_0, "tq2_0", 256, 66, false},
    {DType::MXFP4, "mxfp4", 32, 17, false},
}};

} // namespace

std::optional<DTypeInfo> dtypeInfo(std::uint32_t id)
{
    for (const DTypeInfo& info : kTypes) {
        if (static_cast<std::uint32_t>(info.type) == id)
            return info;
    }
    return std::nullopt;
}

const DTypeInfo& dtypeInfo(DType type)
{
    for (const DTypeInfo& info : kTypes) {
        if (info.type == type)
            return info;
    }
    // Every enumerator has a row; reaching here means the table and the enum drifted apart.
    __builtin_trap();
}

std::optional<std::uint64_t> rowBytes(DType type, std::uint64_t elements)
{
    const DTypeInfo& info = dtypeInfo(type);
    if (elements % info.blockSize != 0)
        return std::nullopt;
    std::uint64_t bytes = 0;
    if (__builtin_mul_overflow(elements / info.blockSize, info.typeSize, &bytes))
        return std::nullopt;
    return bytes;
}

} // namespace cairn
