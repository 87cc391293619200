// SPDX-License-Identifier: MIT
// e^x on 16 float lanes, shared by the AVX-512 op files (softmax, SiLU, attention). Include only
// from files compiled with -mavx512f.
#pragma once

#include <immintrin.h>

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

} // namespace cairn::ops
