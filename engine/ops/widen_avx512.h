// SPDX-License-Identifier: MIT
// AVX-512 conversions of f16 and bf16 rows to f32; only called when the CPU has AVX-512F.
#pragma once

#include <cstdint>

namespace cairn::ops {

void widenHalfAvx512(const std::uint16_t* in, float* out, std::int64_t n);
void widenBf16Avx512(const std::uint16_t* in, float* out, std::int64_t n);

} // namespace cairn::ops
