// SPDX-License-Identifier: MIT
// Horizontal sums of several AVX-512 accumulators at once, shared by the AVX-512 op files.
// Include only from files compiled with -mavx512f.
#pragma once

#include <immintrin.h>

namespace cairn::ops {

/// The lane sums of a[0..8) as eight floats: pairs interleaved, then quadruples per 128-bit
/// lane, then the four lanes added (24 shuffles and adds instead of eight full reductions).
inline void sumLanes8(const __m512* a, float* sums)
{
    const __m512 b01 = _mm512_add_ps(_mm512_unpacklo_ps(a[0], a[1]), _mm512_unpackhi_ps(a[0], a[1]));
    const __m512 b23 = _mm512_add_ps(_mm512_unpacklo_ps(a[2], a[3]), _mm512_unpackhi_ps(a[2], a[3]));
    const __m512 b45 = _mm512_add_ps(_mm512_unpacklo_ps(a[4], a[5]), _mm512_unpackhi_ps(a[4], a[5]));
    const __m512 b67 = _mm512_add_ps(_mm512_unpacklo_ps(a[6], a[7]), _mm512_unpackhi_ps(a[6], a[7]));
    // Per 128-bit lane: [a0, a1, a2, a3] and [a4, a5, a6, a7] partial sums.
    const __m512 c0 = _mm512_add_ps(_mm512_shuffle_ps(b01, b23, _MM_SHUFFLE(1, 0, 1, 0)),
                                    _mm512_shuffle_ps(b01, b23, _MM_SHUFFLE(3, 2, 3, 2)));
    const __m512 c1 = _mm512_add_ps(_mm512_shuffle_ps(b45, b67, _MM_SHUFFLE(1, 0, 1, 0)),
                                    _mm512_shuffle_ps(b45, b67, _MM_SHUFFLE(3, 2, 3, 2)));
    // Lanes [c0.0 + c0.1, c0.2 + c0.3, c1.0 + c1.1, c1.2 + c1.3], then neighbours added.
    const __m512 d = _mm512_add_ps(_mm512_shuffle_f32x4(c0, c1, _MM_SHUFFLE(2, 0, 2, 0)),
                                   _mm512_shuffle_f32x4(c0, c1, _MM_SHUFFLE(3, 1, 3, 1)));
    const __m512 e = _mm512_add_ps(d, _mm512_shuffle_f32x4(d, d, _MM_SHUFFLE(2, 3, 0, 1)));
    _mm256_storeu_ps(sums, _mm512_castps512_ps256(_mm512_shuffle_f32x4(e, e, _MM_SHUFFLE(2, 0, 2, 0))));
}

/// Rows m[0..8) of an 8 x 8 block become its columns.
inline void transpose8x8(__m256* m)
{
    const __m256 t0 = _mm256_unpacklo_ps(m[0], m[1]);
    const __m256 t1 = _mm256_unpackhi_ps(m[0], m[1]);
    const __m256 t2 = _mm256_unpacklo_ps(m[2], m[3]);
    const __m256 t3 = _mm256_unpackhi_ps(m[2], m[3]);
    const __m256 t4 = _mm256_unpacklo_ps(m[4], m[5]);
    const __m256 t5 = _mm256_unpackhi_ps(m[4], m[5]);
    const __m256 t6 = _mm256_unpacklo_ps(m[6], m[7]);
    const __m256 t7 = _mm256_unpackhi_ps(m[6], m[7]);
    const __m256 u0 = _mm256_shuffle_ps(t0, t2, _MM_SHUFFLE(1, 0, 1, 0));
    const __m256 u1 = _mm256_shuffle_ps(t0, t2, _MM_SHUFFLE(3, 2, 3, 2));
    const __m256 u2 = _mm256_shuffle_ps(t1, t3, _MM_SHUFFLE(1, 0, 1, 0));
    const __m256 u3 = _mm256_shuffle_ps(t1, t3, _MM_SHUFFLE(3, 2, 3, 2));
    const __m256 u4 = _mm256_shuffle_ps(t4, t6, _MM_SHUFFLE(1, 0, 1, 0));
    const __m256 u5 = _mm256_shuffle_ps(t4, t6, _MM_SHUFFLE(3, 2, 3, 2));
    const __m256 u6 = _mm256_shuffle_ps(t5, t7, _MM_SHUFFLE(1, 0, 1, 0));
    const __m256 u7 = _mm256_shuffle_ps(t5, t7, _MM_SHUFFLE(3, 2, 3, 2));
    m[0] = _mm256_permute2f128_ps(u0, u4, 0x20);
    m[1] = _mm256_permute2f128_ps(u1, u5, 0x20);
    m[2] = _mm256_permute2f128_ps(u2, u6, 0x20);
    m[3] = _mm256_permute2f128_ps(u3, u7, 0x20);
    m[4] = _mm256_permute2f128_ps(u0, u4, 0x31);
    m[5] = _mm256_permute2f128_ps(u1, u5, 0x31);
    m[6] = _mm256_permute2f128_ps(u2, u6, 0x31);
    m[7] = _mm256_permute2f128_ps(u3, u7, 0x31);
}

/// The lane sum of `a` added in the order sumLanes8 adds each of its accumulators: within each
/// 128-bit lane (x0 + x2) + (x1 + x3), then (lane 0 + lane 1) + (lane 2 + lane 3). A head's
/// score then has the same bits whether it was summed alone or with seven others.
inline float sumLanes1(__m512 a)
{
    const __m512 pairs = _mm512_add_ps(a, _mm512_shuffle_ps(a, a, _MM_SHUFFLE(1, 0, 3, 2)));
    const __m512 quads = _mm512_add_ps(pairs, _mm512_shuffle_ps(pairs, pairs, _MM_SHUFFLE(2, 3, 0, 1)));
    const __m512 halves = _mm512_add_ps(quads, _mm512_shuffle_f32x4(quads, quads, _MM_SHUFFLE(2, 3, 0, 1)));
    const __m512 all = _mm512_add_ps(halves, _mm512_shuffle_f32x4(halves, halves, _MM_SHUFFLE(1, 0, 3, 2)));
    return _mm512_cvtss_f32(all);
}

} // namespace cairn::ops
