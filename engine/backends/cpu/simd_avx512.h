// SPDX-License-Identifier: MIT
// The AVX-512 (F, BW, VL) + VNNI vector interface the shared templates in simd_tiles.h are written
// against: 64 int8 per C vector, 16 floats per F vector. Include only from files compiled with
// those flags (kernels_avx512.cpp, panel_int8_avx512.cpp); everything has internal linkage.
#pragma once

#include "engine/backends/cpu/simd_tiles.h"
#include "engine/core/transpose_avx512.h"

namespace cairn::cpu {
namespace { // NOLINT(google-build-namespaces,cert-dcl59-cpp): one private copy per ISA file

struct Avx512 {
    static constexpr bool kVnni = true;
    static constexpr int kLanes = 16;
    static constexpr int kPanelTokens = 8;
    static constexpr int kQ8Rows = 2; ///< tiles for 2..15 tokens
    static constexpr int kQ8Tokens = 4;
    static constexpr int kKRows = 2;
    static constexpr int kKTokens = 4;
    static constexpr int kDecodeRows = 4;  ///< float rows per tile
    static constexpr int kFloatTokens = 4; ///< float tokens per tile: 16 accumulators

    using C = __m512i; ///< 64 int8, 32 int16 or 16 int32
    using FC = __m512; ///< the 16 int32 lanes of a C as floats
    using F = __m512;  ///< 16 floats of a float row
    using S = __m512i; ///< 16 group scales (int16) in the low half

    static C zero() { return _mm512_setzero_si512(); }
    static C set1i8(int v) { return _mm512_set1_epi8(static_cast<char>(v)); }
    static C load64(const std::uint8_t* p) { return _mm512_loadu_si512(p); }
    static C fromHalves(__m256i lo, __m256i hi) { return _mm512_inserti64x4(_mm512_castsi256_si512(lo), hi, 1); }
    static C load2x32(const std::uint8_t* p0, const std::uint8_t* p1) { return fromHalves(loadu256(p0), loadu256(p1)); }
    static C andI(C a, C b) { return _mm512_and_si512(a, b); }
    static C orI(C a, C b) { return _mm512_or_si512(a, b); }
    static C xorI(C a, C b) { return _mm512_xor_si512(a, b); }
    static C srl16(C v, int n) { return _mm512_srl_epi16(v, _mm_cvtsi32_si128(n)); }
    static C sll16(C v, int n) { return _mm512_sll_epi16(v, _mm_cvtsi32_si128(n)); }
    static C negI(C v) { return _mm512_sub_epi32(zero(), v); }
    static C zext8x32(__m256i v) { return _mm512_zextsi256_si512(v); }
    static C maddubs(C u, C s) { return _mm512_maddubs_epi16(u, s); }
    static C dpwssd(C acc, C a, C b) { return _mm512_dpwssd_epi32(acc, a, b); }
    static C dpbusd(C acc, C u, C s) { return _mm512_dpbusd_epi32(acc, u, s); }

    /// 32 bytes of packed nibbles -> [low nibbles | high nibbles].
    static C nibbles32(const std::uint8_t* p)
    {
        const __m256i v = loadu256(p);
        return andI(fromHalves(v, _mm256_srli_epi16(v, 4)), set1i8(0x0F));
    }
    /// Two Q4_0 blocks' 16 bytes -> [lo0 | hi0 | lo1 | hi1].
    static C nibbles16x2(const std::uint8_t* p0, const std::uint8_t* p1)
    {
        const __m128i a = loadu128(p0);
        const __m128i b = loadu128(p1);
        return andI(fromHalves(_mm256_set_m128i(_mm_srli_epi16(a, 4), a), _mm256_set_m128i(_mm_srli_epi16(b, 4), b)),
                    set1i8(0x0F));
    }
    /// Byte i of `table` for each index byte (0..15) of idx.
    static C lookup16(__m128i table, C idx) { return _mm512_shuffle_epi8(_mm512_broadcast_i32x4(table), idx); }
    /// 0x10 in the bytes of two 32-element blocks whose bit in the blocks' 32-bit qh words is set.
    static C fifthBits2(const std::uint8_t* qh0, const std::uint8_t* qh1)
    {
        std::uint32_t lo = 0;
        std::uint32_t hi = 0;
        std::memcpy(&lo, qh0, sizeof lo);
        std::memcpy(&hi, qh1, sizeof hi);
        return _mm512_maskz_mov_epi8(_cvtu64_mask64(lo | (std::uint64_t{hi} << 32)), set1i8(0x10));
    }

    static S prepScales(__m256i scales16) { return _mm512_castsi256_si512(scales16); }
    /// int16 lane k of chunk c multiplies elements 2k, 2k + 1: group 4c + k / 8.
    static C chunkScales(S s, int c)
    {
        const __m512i lane = _mm512_set_epi16(31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16, 15, 14,
                                              13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
        const __m512i index
            = _mm512_add_epi16(_mm512_srli_epi16(lane, 3), _mm512_set1_epi16(static_cast<short>(4 * c)));
        return _mm512_permutexvar_epi16(index, s);
    }

    static FC zeroF() { return _mm512_setzero_ps(); }
    static FC cvt(C v) { return _mm512_cvtepi32_ps(v); }
    static FC mul(FC a, FC b) { return _mm512_mul_ps(a, b); }
    static FC fma(FC a, FC b, FC c) { return _mm512_fmadd_ps(a, b, c); }
    static FC fnmadd(FC a, FC b, FC c) { return _mm512_fnmadd_ps(a, b, c); }
    static FC splatC(float v) { return _mm512_set1_ps(v); }
    static FC lowF(__m256 v) { return _mm512_zextps256_ps512(v); }
    /// [d[2h] x 8 | d[2h + 1] x 8]: the scales of the two blocks in one C vector.
    static FC spread(__m128 d, int h)
    {
        const __m512i index = _mm512_add_epi32(_mm512_set_epi32(1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0),
                                               _mm512_set1_epi32(2 * h));
        return _mm512_permutexvar_ps(index, _mm512_castps128_ps512(d));
    }
    static float hsum(FC v) { return _mm512_reduce_add_ps(v); }

    static constexpr bool kTransposes = true;
    /// dst[j * dstStride + i] = src[i * srcStride + j] for a 16 x 16 block of floats.
    static void transposeBlock(const float* src, std::size_t srcStride, float* dst, std::size_t dstStride)
    {
        __m512i r[16];
        for (std::size_t i = 0; i < 16; ++i)
            r[i] = _mm512_castps_si512(_mm512_loadu_ps(src + i * srcStride));
        transpose16x16(r);
        for (std::size_t j = 0; j < 16; ++j)
            _mm512_storeu_ps(dst + j * dstStride, _mm512_castsi512_ps(r[j]));
    }

    static __mmask16 maskOf(int n) { return static_cast<__mmask16>((1U << n) - 1U); }
    static F splat(float v) { return _mm512_set1_ps(v); }
    static F loadAligned(const float* p) { return _mm512_load_ps(p); }
    static F loadF(const std::uint8_t* p) { return _mm512_loadu_ps(p); }
    static F loadPartialF(const std::uint8_t* p, int n) { return _mm512_maskz_loadu_ps(maskOf(n), p); }
    static F loadF16(const std::uint8_t* p) { return _mm512_cvtph_ps(loadu256(p)); }
    static F loadPartialF16(const std::uint8_t* p, int n)
    {
        return _mm512_cvtph_ps(_mm256_maskz_loadu_epi16(maskOf(n), p));
    }
    static F bf16ToF(__m256i v) { return _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(v), 16)); }
    static F loadBf16(const std::uint8_t* p) { return bf16ToF(loadu256(p)); }
    static F loadPartialBf16(const std::uint8_t* p, int n) { return bf16ToF(_mm256_maskz_loadu_epi16(maskOf(n), p)); }
    /// Stores (or adds) the first `n` lanes of v to out; n may be <= 0 or > 16.
    static void storeRows(float* out, F v, int n, bool accumulate)
    {
        if (n <= 0)
            return;
        const __mmask16 m = n >= kLanes ? static_cast<__mmask16>(0xFFFF) : maskOf(n);
        if (accumulate)
            v = _mm512_add_ps(v, _mm512_maskz_loadu_ps(m, out));
        _mm512_mask_storeu_ps(out, m, v);
    }
};

} // namespace
} // namespace cairn::cpu
