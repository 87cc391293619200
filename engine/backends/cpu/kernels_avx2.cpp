// SPDX-License-Identifier: MIT
// AVX2 + FMA + F16C tiles: a 64-element step is two ymm vectors; int8 dots use vpmaddubsw +
// vpmaddwd (no VNNI). Compiled with those flags only; called only when CPUID reports them.

#include "engine/backends/cpu/simd_tiles.h"

namespace cairn::cpu {
namespace { // NOLINT(google-build-namespaces,cert-dcl59-cpp)

struct I2 {
    __m256i lo;
    __m256i hi;
};

struct F2 {
    __m256 lo;
    __m256 hi;
};

float hsum256(__m256 v)
{
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

struct Avx2 {
    static constexpr bool kVnni = false;
    static constexpr int kLanes = 8;
    static constexpr int kPanelTokens = 6;
    static constexpr int kQ8Rows = 2;
    static constexpr int kQ8Tokens = 2;
    static constexpr int kKRows = 1;
    static constexpr int kKTokens = 4;
    static constexpr int kDecodeRows = 2;      ///< 16 ymm registers: 4 rows would spill
    static constexpr int kFloatTokens = 4;     ///< 8 accumulators, 2 weights, 1 activation
    static constexpr bool kTransposes = false; ///< float panels pack one value at a time

    using C = I2;
    using FC = F2;
    using F = __m256;
    using S = __m256i;

    static C zero() { return {_mm256_setzero_si256(), _mm256_setzero_si256()}; }
    static C set1i8(int v)
    {
        const __m256i x = _mm256_set1_epi8(static_cast<char>(v));
        return {x, x};
    }
    static C load64(const std::uint8_t* p) { return {loadu256(p), loadu256(p + 32)}; }
    static C fromHalves(__m256i lo, __m256i hi) { return {lo, hi}; }
    static C load2x32(const std::uint8_t* p0, const std::uint8_t* p1) { return {loadu256(p0), loadu256(p1)}; }
    static C andI(C a, C b) { return {_mm256_and_si256(a.lo, b.lo), _mm256_and_si256(a.hi, b.hi)}; }
    static C orI(C a, C b) { return {_mm256_or_si256(a.lo, b.lo), _mm256_or_si256(a.hi, b.hi)}; }
    static C xorI(C a, C b) { return {_mm256_xor_si256(a.lo, b.lo), _mm256_xor_si256(a.hi, b.hi)}; }
    static C srl16(C v, int n)
    {
        const __m128i count = _mm_cvtsi32_si128(n);
        return {_mm256_srl_epi16(v.lo, count), _mm256_srl_epi16(v.hi, count)};
    }
    static C sll16(C v, int n)
    {
        const __m128i count = _mm_cvtsi32_si128(n);
        return {_mm256_sll_epi16(v.lo, count), _mm256_sll_epi16(v.hi, count)};
    }
    static C negI(C v)
    {
        const __m256i z = _mm256_setzero_si256();
        return {_mm256_sub_epi32(z, v.lo), _mm256_sub_epi32(z, v.hi)};
    }
    static C zext8x32(__m256i v) { return {v, _mm256_setzero_si256()}; }
    static C maddubs(C u, C s) { return {_mm256_maddubs_epi16(u.lo, s.lo), _mm256_maddubs_epi16(u.hi, s.hi)}; }
    static C dpwssd(C acc, C a, C b)
    {
        return {_mm256_add_epi32(acc.lo, _mm256_madd_epi16(a.lo, b.lo)),
                _mm256_add_epi32(acc.hi, _mm256_madd_epi16(a.hi, b.hi))};
    }
    static C dpbusd(C acc, C u, C s)
    {
        const __m256i ones = _mm256_set1_epi16(1);
        const C pairs = maddubs(u, s);
        return {_mm256_add_epi32(acc.lo, _mm256_madd_epi16(pairs.lo, ones)),
                _mm256_add_epi32(acc.hi, _mm256_madd_epi16(pairs.hi, ones))};
    }
    /// Signed x signed bytes: |w| times a with w's sign, so vpmaddubsw cannot saturate.
    static C dotSigned(C w, C s)
    {
        const __m256i ones = _mm256_set1_epi16(1);
        const __m256i lo = _mm256_maddubs_epi16(_mm256_sign_epi8(w.lo, w.lo), _mm256_sign_epi8(s.lo, w.lo));
        const __m256i hi = _mm256_maddubs_epi16(_mm256_sign_epi8(w.hi, w.hi), _mm256_sign_epi8(s.hi, w.hi));
        return {_mm256_madd_epi16(lo, ones), _mm256_madd_epi16(hi, ones)};
    }

    static C nibbles32(const std::uint8_t* p)
    {
        const __m256i v = loadu256(p);
        const __m256i mask = _mm256_set1_epi8(0x0F);
        return {_mm256_and_si256(v, mask), _mm256_and_si256(_mm256_srli_epi16(v, 4), mask)};
    }
    static C nibbles16x2(const std::uint8_t* p0, const std::uint8_t* p1)
    {
        const __m128i a = loadu128(p0);
        const __m128i b = loadu128(p1);
        const __m256i mask = _mm256_set1_epi8(0x0F);
        return {_mm256_and_si256(_mm256_set_m128i(_mm_srli_epi16(a, 4), a), mask),
                _mm256_and_si256(_mm256_set_m128i(_mm_srli_epi16(b, 4), b), mask)};
    }
    /// Byte i of `table` for each index byte (0..15) of idx.
    static C lookup16(__m128i table, C idx)
    {
        const __m256i t = _mm256_broadcastsi128_si256(table);
        return {_mm256_shuffle_epi8(t, idx.lo), _mm256_shuffle_epi8(t, idx.hi)};
    }
    /// 0x10 in the bytes of two 32-element blocks whose bit in the blocks' 32-bit qh words is set.
    static C fifthBits2(const std::uint8_t* qh0, const std::uint8_t* qh1) { return {fifthBits(qh0), fifthBits(qh1)}; }

    static S prepScales(__m256i scales16) { return scales16; }
    /// Byte shuffle repeating int16 g across the low 128 bits and g + 1 across the high 128 bits.
    static __m256i pairMask(int g)
    {
        const int lo = (2 * g + 1) << 8 | (2 * g);
        const int hi = (2 * g + 3) << 8 | (2 * g + 2);
        return _mm256_set_m128i(_mm_set1_epi16(static_cast<short>(hi)), _mm_set1_epi16(static_cast<short>(lo)));
    }
    static C chunkScales(S s, int c)
    {
        // Groups 4c .. 4c + 3 all sit in one 128-bit half of s (8 int16 each).
        const __m256i half = c < 2 ? _mm256_permute2x128_si256(s, s, 0x00) : _mm256_permute2x128_si256(s, s, 0x11);
        const int g = (4 * c) % 8;
        return {_mm256_shuffle_epi8(half, pairMask(g)), _mm256_shuffle_epi8(half, pairMask(g + 2))};
    }

    static FC zeroF2() { return {_mm256_setzero_ps(), _mm256_setzero_ps()}; }
    static FC cvt(C v) { return {_mm256_cvtepi32_ps(v.lo), _mm256_cvtepi32_ps(v.hi)}; }
    static FC mul(FC a, FC b) { return {_mm256_mul_ps(a.lo, b.lo), _mm256_mul_ps(a.hi, b.hi)}; }
    static FC fma(FC a, FC b, FC c) { return {_mm256_fmadd_ps(a.lo, b.lo, c.lo), _mm256_fmadd_ps(a.hi, b.hi, c.hi)}; }
    static FC fnmadd(FC a, FC b, FC c)
    {
        return {_mm256_fnmadd_ps(a.lo, b.lo, c.lo), _mm256_fnmadd_ps(a.hi, b.hi, c.hi)};
    }
    static FC splatC(float v)
    {
        const __m256 x = _mm256_set1_ps(v);
        return {x, x};
    }
    static FC lowF(__m256 v) { return {v, _mm256_setzero_ps()}; }
    /// {d[2h] x 8, d[2h + 1] x 8}: the scales of the two blocks in one C vector.
    static FC spread(__m128 d, int h)
    {
        const __m256 wide = _mm256_castps128_ps256(d);
        return {_mm256_permutevar8x32_ps(wide, _mm256_set1_epi32(2 * h)),
                _mm256_permutevar8x32_ps(wide, _mm256_set1_epi32(2 * h + 1))};
    }
    static float hsum(FC v) { return hsum256(_mm256_add_ps(v.lo, v.hi)); }

    // Float rows. zeroF serves both the chunk accumulators (FC) and row vectors (F) through the
    // conversion below, so the shared templates can say V::zeroF() for either.
    struct Zero {
        operator FC() const { return zeroF2(); }           // NOLINT(google-explicit-constructor)
        operator F() const { return _mm256_setzero_ps(); } // NOLINT(google-explicit-constructor)
    };
    static Zero zeroF() { return {}; }

    static __m256i laneMask(int n)
    {
        return _mm256_cmpgt_epi32(_mm256_set1_epi32(n), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
    }
    static F fma(F a, F b, F c) { return _mm256_fmadd_ps(a, b, c); }
    static float hsum(F v) { return hsum256(v); }
    static F splat(float v) { return _mm256_set1_ps(v); }
    static F loadAligned(const float* p) { return _mm256_load_ps(p); }
    static F loadF(const std::uint8_t* p) { return _mm256_loadu_ps(reinterpret_cast<const float*>(p)); }
    static F loadPartialF(const std::uint8_t* p, int n)
    {
        return _mm256_maskload_ps(reinterpret_cast<const float*>(p), laneMask(n));
    }
    static __m128i loadPartial16(const std::uint8_t* p, int n)
    {
        std::uint8_t buffer[16] = {};
        std::memcpy(buffer, p, static_cast<std::size_t>(n) * 2);
        return loadu128(buffer);
    }
    static F loadF16(const std::uint8_t* p) { return _mm256_cvtph_ps(loadu128(p)); }
    static F loadPartialF16(const std::uint8_t* p, int n) { return _mm256_cvtph_ps(loadPartial16(p, n)); }
    static F bf16ToF(__m128i v) { return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_cvtepu16_epi32(v), 16)); }
    static F loadBf16(const std::uint8_t* p) { return bf16ToF(loadu128(p)); }
    static F loadPartialBf16(const std::uint8_t* p, int n) { return bf16ToF(loadPartial16(p, n)); }
    static void storeRows(float* out, F v, int n, bool accumulate)
    {
        if (n <= 0)
            return;
        const __m256i m = laneMask(n >= kLanes ? kLanes : n);
        if (accumulate)
            v = _mm256_add_ps(v, _mm256_maskload_ps(out, m));
        _mm256_maskstore_ps(out, m, v);
    }
};

} // namespace

TileKernel avx2TileKernel(DType weightType)
{
    return makeTileKernel<Avx2>(weightType);
}

} // namespace cairn::cpu
