// SPDX-License-Identifier: MIT
// Scalar IEEE half (binary16) and bfloat16 <-> float conversions, round-to-nearest-even, with
// NaN, infinities and subnormals handled. Bulk SIMD row converters live with the CPU kernels.
#pragma once

#include <bit>
#include <cstdint>

namespace cairn {

/// binary16 bits -> float (exact: every half is a float).
inline float fp16ToF32(std::uint16_t h)
{
    const std::uint32_t sign = static_cast<std::uint32_t>(h & 0x8000U) << 16;
    const std::uint32_t exponent = (h >> 10) & 0x1FU;
    const std::uint32_t mantissa = h & 0x3FFU;
    if (exponent == 0) {
        // Zero or subnormal: mantissa * 2^-24, exact in float.
        const float magnitude = static_cast<float>(mantissa) * 0x1p-24F;
        return sign != 0 ? -magnitude : magnitude;
    }
    if (exponent == 0x1F)
        return std::bit_cast<float>(sign | 0x7F800000U | (mantissa << 13));
    return std::bit_cast<float>(sign | ((exponent + 112U) << 23) | (mantissa << 13));
}

/// float -> binary16 bits, round to nearest even; overflow gives infinity, NaN stays NaN (quiet).
inline std::uint16_t f32ToFp16(float value)
{
    const std::uint32_t bits = std::bit_cast<std::uint32_t>(value);
    const std::uint32_t sign = (bits >> 16) & 0x8000U;
    std::uint32_t magnitude = bits & 0x7FFFFFFFU;
    if (magnitude > 0x7F800000U) // NaN: keep the top payload bits, force the quiet bit
        return static_cast<std::uint16_t>(sign | 0x7E00U | ((magnitude >> 13) & 0x3FFU));
    if (magnitude >= 0x477FF000U) // >= 65520 rounds to infinity (and infinity stays)
        return static_cast<std::uint16_t>(sign | 0x7C00U);
    if (magnitude >= 0x38800000U) { // normal half: rebias the exponent and round the 13 dropped bits
        const std::uint32_t odd = (magnitude >> 13) & 1U;
        magnitude = magnitude - 0x38000000U + 0xFFFU + odd;
        return static_cast<std::uint16_t>(sign | (magnitude >> 13));
    }
    // Subnormal or zero: adding 0.5 puts the float's last mantissa bit at 2^-24, so the FPU rounds.
    const float shifted = std::bit_cast<float>(magnitude) + 0.5F;
    return static_cast<std::uint16_t>(sign | (std::bit_cast<std::uint32_t>(shifted) - 0x3F000000U));
}

/// bfloat16 bits -> float (exact).
inline float bf16ToF32(std::uint16_t b)
{
    return std::bit_cast<float>(static_cast<std::uint32_t>(b) << 16);
}

/// float -> bfloat16 bits, round to nearest even; NaN stays NaN (quiet).
inline std::uint16_t f32ToBf16(float value)
{
    const std::uint32_t bits = std::bit_cast<std::uint32_t>(value);
    if ((bits & 0x7FFFFFFFU) > 0x7F800000U)
        return static_cast<std::uint16_t>((bits >> 16) | 0x0040U);
    const std::uint32_t rounded = bits + 0x7FFFU + ((bits >> 16) & 1U);
    return static_cast<std::uint16_t>(rounded >> 16);
}

} // namespace cairn
