// SPDX-License-Identifier: MIT
// AVX-512 activation quantisers (Q8_0, Q8_K): the same arithmetic as quantize.cpp's scalar
// ones (amax / 127, reciprocal, round to nearest even), so both give identical bytes.

#include "engine/backends/cpu/quant_blocks.h"
#include "engine/backends/cpu/tile_kernel.h"

#include <cstring>
#include <immintrin.h>

namespace cairn::cpu {

namespace {

/// 16 floats times `scale`, rounded to nearest even and clamped to [-127, 127].
__m512i quantize16(__m512 v, __m512 scale)
{
    const __m512i q = _mm512_cvtps_epi32(_mm512_mul_ps(v, scale));
    return _mm512_min_epi32(_mm512_max_epi32(q, _mm512_set1_epi32(-127)), _mm512_set1_epi32(127));
}

float reciprocal(float d)
{
    return d != 0.0F ? 1.0F / d : 0.0F;
}

} // namespace

void quantizeQ8_0Avx512(const float* x, std::uint8_t* dst, std::int64_t cols)
{
    for (std::int64_t b = 0; b < cols / kBlockSize; ++b, x += kBlockSize, dst += sizeof(BlockQ8_0)) {
        const __m512 v0 = _mm512_loadu_ps(x);
        const __m512 v1 = _mm512_loadu_ps(x + 16);
        const float amax = _mm512_reduce_max_ps(_mm512_max_ps(_mm512_abs_ps(v0), _mm512_abs_ps(v1)));
        const float d = amax / 127.0F;
        const __m512 id = _mm512_set1_ps(reciprocal(d));
        const auto half = static_cast<std::uint16_t>(_cvtss_sh(d, _MM_FROUND_TO_NEAREST_INT));
        std::memcpy(dst, &half, sizeof half);
        _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + 2), _mm512_cvtepi32_epi8(quantize16(v0, id)));
        _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + 18), _mm512_cvtepi32_epi8(quantize16(v1, id)));
    }
}

void quantizeQ8KAvx512(const float* x, std::uint8_t* dst, std::int64_t cols)
{
    constexpr int kGroups = kSuperBlock / 16;
    for (std::int64_t b = 0; b < cols / kSuperBlock; ++b, x += kSuperBlock, dst += sizeof(BlockQ8K)) {
        __m512 m = _mm512_setzero_ps();
        for (int g = 0; g < kGroups; ++g)
            m = _mm512_max_ps(m, _mm512_abs_ps(_mm512_loadu_ps(x + 16 * g)));
        const float d = _mm512_reduce_max_ps(m) / 127.0F;
        const __m512 id = _mm512_set1_ps(reciprocal(d));
        std::memcpy(dst + offsetof(BlockQ8K, d), &d, sizeof d);
        std::int16_t sums[kGroups];
        for (int g = 0; g < kGroups; ++g) {
            const __m512i q = quantize16(_mm512_loadu_ps(x + 16 * g), id);
            _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + offsetof(BlockQ8K, qs) + 16 * g),
                             _mm512_cvtepi32_epi8(q));
            sums[g] = static_cast<std::int16_t>(_mm512_reduce_add_epi32(q));
        }
        std::memcpy(dst + offsetof(BlockQ8K, bsums), sums, sizeof sums);
    }
}

} // namespace cairn::cpu
