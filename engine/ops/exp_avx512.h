// SPDX-License-Identifier: MIT
// e^x on 16 float lanes and the softmax numerators built on it, shared by the AVX-512 op files
// (softmax, SiLU, attention). Include only from files compiled with -mavx512f.
#pragma once

#include <algorithm>
#include <cstdint>
#include <immintrin.h>
#include <limits>

namespace cairn::ops {

/// e^x for 16 lanes: x = n·ln2 + r with |r| <= ln2/2, e^r by its degree-6 Taylor polynomial
/// (relative error below 2e-7), then scaled by 2^n with vscalefps, which flushes very negative
/// x to 0 without a separate range check.
inline __m512 expAvx512(__m512 x)
{
    // Clamped so n fits an int32 (NaN passes through: max/min return their second operand).
    x = _mm512_min_ps(_mm512_set1_ps(89.0F), _mm512_max_ps(_mm512_set1_ps(-104.0F), x));
    const __m512 n = _mm512_cvtepi32_ps(_mm512_cvtps_epi32(_mm512_mul_ps(x, _mm512_set1_ps(1.44269504088896341F))));
    // ln2 split in two so n·ln2 is subtracted without rounding error (Cody-Waite).
    __m512 r = _mm512_fnmadd_ps(n, _mm512_set1_ps(0.693145751953125F), x);
    r = _mm512_fnmadd_ps(n, _mm512_set1_ps(1.428606765330187045e-06F), r);
    __m512 p = _mm512_set1_ps(1.0F / 720.0F);
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0F / 120.0F));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0F / 24.0F));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0F / 6.0F));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(0.5F));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0F));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0F));
    return _mm512_scalef_ps(p, n);
}

/// The numerators of a softmax: row[i] = e^(row[i] - max) for i < visible, 0 up to `padded`
/// (a multiple of 16). Returns 1 / Σ, which callers apply to their weighted sums (no pass that
/// divides the row). The sum goes through double every 64 vectors, as softmaxAvx512 keeps it
/// exact over long rows.
inline float softmaxNumerators(float* row, std::int64_t visible, std::int64_t padded)
{
    constexpr std::int64_t kLanes = 16;
    auto lanes = [](std::int64_t n) {
        return n >= kLanes ? static_cast<__mmask16>(0xFFFF) : static_cast<__mmask16>((1U << n) - 1U);
    };
    __m512 top = _mm512_set1_ps(-std::numeric_limits<float>::infinity());
    for (std::int64_t i = 0; i < visible; i += kLanes)
        top = _mm512_max_ps(top, _mm512_mask_loadu_ps(top, lanes(visible - i), row + i));
    const __m512 shift = _mm512_set1_ps(_mm512_reduce_max_ps(top));
    constexpr std::int64_t kChunk = 64 * kLanes;
    double sum = 0.0;
    for (std::int64_t chunk = 0; chunk < visible; chunk += kChunk) {
        __m512 partial = _mm512_setzero_ps();
        for (std::int64_t i = chunk; i < std::min(visible, chunk + kChunk); i += kLanes) {
            const __m512 e
                = _mm512_maskz_mov_ps(lanes(visible - i), expAvx512(_mm512_sub_ps(_mm512_loadu_ps(row + i), shift)));
            _mm512_storeu_ps(row + i, e);
            partial = _mm512_add_ps(partial, e);
        }
        sum += static_cast<double>(_mm512_reduce_add_ps(partial));
    }
    for (std::int64_t i = (visible + kLanes - 1) / kLanes * kLanes; i < padded; i += kLanes)
        _mm512_storeu_ps(row + i, _mm512_setzero_ps());
    return static_cast<float>(1.0 / sum);
}

} // namespace cairn::ops
