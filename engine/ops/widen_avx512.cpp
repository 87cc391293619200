// SPDX-License-Identifier: MIT
// Compiled with -mavx512f (engine/ops/CMakeLists.txt); cpu_ops.cpp checks the CPU first.

#include "engine/ops/widen_avx512.h"

#include "engine/core/fp16.h"

#include <immintrin.h>

namespace cairn::ops {

void widenHalfAvx512(const std::uint16_t* in, float* out, std::int64_t n)
{
    std::int64_t i = 0;
    for (; i + 16 <= n; i += 16)
        _mm512_storeu_ps(out + i, _mm512_cvtph_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(in + i))));
    for (; i < n; ++i)
        out[i] = fp16ToF32(in[i]);
}

void widenBf16Avx512(const std::uint16_t* in, float* out, std::int64_t n)
{
    std::int64_t i = 0;
    for (; i + 16 <= n; i += 16) {
        const __m512i wide = _mm512_cvtepu16_epi32(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(in + i)));
        _mm512_storeu_ps(out + i, _mm512_castsi512_ps(_mm512_slli_epi32(wide, 16)));
    }
    for (; i < n; ++i)
        out[i] = bf16ToF32(in[i]);
}

} // namespace cairn::ops
