// SPDX-License-Identifier: MIT
// Tile kernels written once against a small vector interface `V` and compiled per ISA (AVX2 in
// kernels_avx2.cpp, AVX-512 via simd_avx512.h). Include only from files built with ISA flags:
// everything here has internal linkage, so the differently compiled copies never merge.
#pragma once

#include "engine/backends/cpu/quant_blocks.h"
#include "engine/backends/cpu/tile_kernel.h"

#include <cstddef>
#include <cstring>
#include <immintrin.h>
#include <memory>
#include <new>
#include <type_traits>
#include <vector>

namespace cairn::cpu {
namespace { // NOLINT(google-build-namespaces,cert-dcl59-cpp): one private copy per ISA file
// (helpers are [[maybe_unused]]: not every including file needs every one)

constexpr std::uint8_t kZeroBlock[64] = {};
constexpr int kChunk = 64;                     ///< elements one C vector covers (bytes of int8)
constexpr std::int64_t kPanelCols = 256;       ///< column block of the float panel kernel
constexpr std::size_t kDecodePrefetchRows = 6; ///< how far ahead DecodeQ8 prefetches its rows
/// Prefetches the cache line `offset` bytes past `p`; the address may lie past the end of the
/// weights (prefetches never fault), so it is formed as an integer, not a pointer.
[[maybe_unused]] void prefetchAt(const std::uint8_t* p, std::size_t offset)
{
    const std::uintptr_t address = reinterpret_cast<std::uintptr_t>(p) + offset;
    _mm_prefetch(reinterpret_cast<const char*>(address), _MM_HINT_T0);
}

[[maybe_unused]] __m128i loadu128(const std::uint8_t* p)
{
    return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
}

[[maybe_unused]] __m256i loadu256(const std::uint8_t* p)
{
    return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
}

[[maybe_unused]] float halfAt(const std::uint8_t* p)
{
    return _cvtsh_ss(static_cast<unsigned short>(p[0] | (p[1] << 8)));
}

[[maybe_unused]] float floatAt(const std::uint8_t* p)
{
    float v = 0.0F;
    std::memcpy(&v, p, sizeof v);
    return v;
}

[[maybe_unused]] int minInt(std::int64_t a, std::int64_t b)
{
    return static_cast<int>(a < b ? a : b);
}

/// Calls K::run<rows, tokens>(a) with compile-time sizes for every rows <= R, tokens <= T.
template <class K, std::size_t R, std::size_t T> void runTile(const TileArgs& a)
{
    if constexpr (R > 1) {
        if (static_cast<std::size_t>(a.rows) < R) {
            runTile<K, R - 1, T>(a);
            return;
        }
    }
    if constexpr (T > 1) {
        if (static_cast<std::size_t>(a.tokens) < T) {
            runTile<K, R, T - 1>(a);
            return;
        }
    }
    K::template run<R, T>(a);
}

[[maybe_unused]] void storeResult(const TileArgs& a, std::size_t r, std::size_t t, float v)
{
    float& out = a.y[static_cast<std::int64_t>(t) * a.yStride + static_cast<std::int64_t>(r)];
    out = a.accumulate ? out + v : v;
}

// ---- 32-element block weights x Q8_0 activations: two blocks per C vector -----------------------
// A weight type says how to load two blocks as int8 codes (kSigned) or unsigned codes q + kOffset,
// and whether its blocks carry a min m at byte kMinOffset (x = d * q + m).

struct WeightsQ8_0 {
    static constexpr std::size_t kBlockBytes = sizeof(BlockQ8_0);
    static constexpr bool kSigned = true;
    static constexpr int kOffset = 128; ///< VNNI path: w + 128 is unsigned, minus 128 * sum(a)
    static constexpr bool kMin = false;
    template <class V> static typename V::C load(const std::uint8_t* b0, const std::uint8_t* b1)
    {
        return V::load2x32(b0 + offsetof(BlockQ8_0, qs), b1 + offsetof(BlockQ8_0, qs));
    }
};

struct WeightsQ4_0 {
    static constexpr std::size_t kBlockBytes = sizeof(BlockQ4_0);
    static constexpr bool kSigned = false;
    static constexpr int kOffset = 8; ///< codes are q + 8
    static constexpr bool kMin = false;
    template <class V> static typename V::C load(const std::uint8_t* b0, const std::uint8_t* b1)
    {
        return V::nibbles16x2(b0 + offsetof(BlockQ4_0, qs), b1 + offsetof(BlockQ4_0, qs));
    }
};

/// 0x10 in byte i where bit i of the little-endian 32-bit word at `qh` is set, else 0 (AVX2;
/// AVX-512 uses the word as a byte mask).
[[maybe_unused]] __m256i fifthBits(const std::uint8_t* qh)
{
    std::uint32_t bits = 0;
    std::memcpy(&bits, qh, sizeof bits);
    // Byte i takes byte i / 8 of the word (both 128-bit lanes hold the whole word), then tests
    // its bit i % 8.
    const __m256i spread = _mm256_shuffle_epi8(_mm256_set1_epi32(static_cast<int>(bits)),
                                               _mm256_setr_epi8(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2,
                                                                2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3));
    const __m256i bit = _mm256_set1_epi64x(static_cast<long long>(0x8040201008040201ULL));
    const __m256i set = _mm256_cmpeq_epi8(_mm256_and_si256(spread, bit), bit);
    return _mm256_and_si256(set, _mm256_set1_epi8(0x10));
}

/// The 5-bit codes of two Q5_0 / Q5_1 blocks (Block: their layout).
template <class V, class Block> typename V::C codes5x2(const std::uint8_t* b0, const std::uint8_t* b1)
{
    return V::orI(V::nibbles16x2(b0 + offsetof(Block, qs), b1 + offsetof(Block, qs)),
                  V::fifthBits2(b0 + offsetof(Block, qh), b1 + offsetof(Block, qh)));
}

struct WeightsQ4_1 {
    static constexpr std::size_t kBlockBytes = sizeof(BlockQ4_1);
    static constexpr bool kSigned = false;
    static constexpr int kOffset = 0;
    static constexpr bool kMin = true;
    static constexpr std::size_t kMinOffset = offsetof(BlockQ4_1, m);
    template <class V> static typename V::C load(const std::uint8_t* b0, const std::uint8_t* b1)
    {
        return V::nibbles16x2(b0 + offsetof(BlockQ4_1, qs), b1 + offsetof(BlockQ4_1, qs));
    }
};

struct WeightsQ5_0 {
    static constexpr std::size_t kBlockBytes = sizeof(BlockQ5_0);
    static constexpr bool kSigned = false;
    static constexpr int kOffset = 16; ///< codes are q + 16
    static constexpr bool kMin = false;
    template <class V> static typename V::C load(const std::uint8_t* b0, const std::uint8_t* b1)
    {
        return codes5x2<V, BlockQ5_0>(b0, b1);
    }
};

struct WeightsQ5_1 {
    static constexpr std::size_t kBlockBytes = sizeof(BlockQ5_1);
    static constexpr bool kSigned = false;
    static constexpr int kOffset = 0;
    static constexpr bool kMin = true;
    static constexpr std::size_t kMinOffset = offsetof(BlockQ5_1, m);
    template <class V> static typename V::C load(const std::uint8_t* b0, const std::uint8_t* b1)
    {
        return codes5x2<V, BlockQ5_1>(b0, b1);
    }
};

/// IQ4_NL: the nibbles index the level table (one byte shuffle per block), giving int8 codes.
struct WeightsIQ4NL {
    static constexpr std::size_t kBlockBytes = sizeof(BlockIQ4NL);
    static constexpr bool kSigned = true;
    static constexpr int kOffset = 128;
    static constexpr bool kMin = false;
    template <class V> static typename V::C load(const std::uint8_t* b0, const std::uint8_t* b1)
    {
        return V::lookup16(loadu128(reinterpret_cast<const std::uint8_t*>(kIq4NlValues)),
                           V::nibbles16x2(b0 + offsetof(BlockIQ4NL, qs), b1 + offsetof(BlockIQ4NL, qs)));
    }
};

/// The scales of four consecutive blocks (`blocks[i]` points at block i) as floats.
[[maybe_unused]] __m128 halves4(const std::uint8_t* const* blocks)
{
    const auto bits = [&](int i) { return static_cast<short>(blocks[i][0] | (blocks[i][1] << 8)); };
    return _mm_cvtph_ps(_mm_setr_epi16(bits(0), bits(1), bits(2), bits(3), 0, 0, 0, 0));
}

/// Four blocks per step: two C vectors of two blocks each, their four scales converted at once.
/// Blocks past the end read kZeroBlock (scale 0), so no tail code is needed.
template <class V, class W> struct TileQ8 {
    template <std::size_t R, std::size_t T> static void run(const TileArgs& a)
    {
        using C = typename V::C;
        using FC = typename V::FC;
        constexpr std::size_t kActBytes = sizeof(BlockQ8_0);
        const std::int64_t blocks = a.cols / kBlockSize;
        const C offset = V::set1i8(W::kOffset);
        FC acc[R][T];
        for (std::size_t r = 0; r < R; ++r)
            for (std::size_t t = 0; t < T; ++t)
                acc[r][t] = V::zeroF();
        for (std::int64_t b = 0; b < blocks; b += 4) {
            const std::int64_t present = blocks - b;
            C u[R][2];
            __m128 dw[R];
            __m128 mw[R]; // the blocks' mins, for weights with a min
            for (std::size_t r = 0; r < R; ++r) {
                const std::uint8_t* p = a.w + r * a.rowStride + static_cast<std::size_t>(b) * W::kBlockBytes;
                // The rows of the next tile, at this column: the hardware prefetcher alone keeps
                // too few misses in flight for decode.
                prefetchAt(p, R * a.rowStride);
                prefetchAt(p, R * a.rowStride + 64);
                const std::uint8_t* bp[4];
                for (int i = 0; i < 4; ++i)
                    bp[i] = i < present ? p + static_cast<std::size_t>(i) * W::kBlockBytes : kZeroBlock;
                u[r][0] = W::template load<V>(bp[0], bp[1]);
                u[r][1] = W::template load<V>(bp[2], bp[3]);
                if constexpr (W::kSigned && V::kVnni) {
                    u[r][0] = V::xorI(u[r][0], offset);
                    u[r][1] = V::xorI(u[r][1], offset);
                }
                dw[r] = halves4(bp);
                if constexpr (W::kMin) {
                    const std::uint8_t* mp[4];
                    for (int i = 0; i < 4; ++i)
                        mp[i] = bp[i] + W::kMinOffset;
                    mw[r] = halves4(mp);
                }
            }
            for (std::size_t t = 0; t < T; ++t) {
                const std::uint8_t* q = a.act + t * a.actStride + static_cast<std::size_t>(b) * kActBytes;
                const std::uint8_t* bq[4];
                for (int i = 0; i < 4; ++i)
                    bq[i] = i < present ? q + static_cast<std::size_t>(i) * kActBytes : kZeroBlock;
                const C s[2] = {V::load2x32(bq[0] + 2, bq[1] + 2), V::load2x32(bq[2] + 2, bq[3] + 2)};
                const __m128 da = halves4(bq);
                C bias[2] = {V::zero(), V::zero()};
                if constexpr (W::kOffset != 0 && (!W::kSigned || V::kVnni)) {
                    bias[0] = V::negI(V::dpbusd(V::zero(), offset, s[0]));
                    bias[1] = V::negI(V::dpbusd(V::zero(), offset, s[1]));
                }
                FC sums[2]; // partial sums of the activations (codes times da), for the min term
                if constexpr (W::kMin) {
                    for (int h = 0; h < 2; ++h)
                        sums[h] = V::mul(V::cvt(V::dpbusd(V::zero(), V::set1i8(1), s[h])), V::spread(da, h));
                }
                for (std::size_t r = 0; r < R; ++r) {
                    const __m128 d = _mm_mul_ps(dw[r], da);
                    for (int h = 0; h < 2; ++h) {
                        C dot;
                        if constexpr (W::kSigned && !V::kVnni)
                            dot = V::dotSigned(u[r][h], s[h]);
                        else
                            dot = V::dpbusd(bias[h], u[r][h], s[h]);
                        acc[r][t] = V::fma(V::cvt(dot), V::spread(d, h), acc[r][t]);
                    }
                    if constexpr (W::kMin) {
                        for (int h = 0; h < 2; ++h)
                            acc[r][t] = V::fma(sums[h], V::spread(mw[r], h), acc[r][t]);
                    }
                }
            }
        }
        for (std::size_t r = 0; r < R; ++r)
            for (std::size_t t = 0; t < T; ++t)
                storeResult(a, r, t, V::hsum(acc[r][t]));
    }
};

/// Decode (one token) for the 32-element block types: the activation side of every 4-block step
/// (codes, scale, offset bias, sums) is prepared once per call, then the tile's rows are read one
/// after the other, so each thread streams its weights sequentially from memory.
template <class V, class W> struct DecodeQ8 {
    using C = typename V::C;
    using FC = typename V::FC;
    struct Step {
        C s[2];
        C bias[2];
        FC sums[2];
        __m128 da;
    };

    static void run(const TileArgs& a)
    {
        constexpr std::size_t kActBytes = sizeof(BlockQ8_0);
        const std::int64_t blocks = a.cols / kBlockSize;
        const std::int64_t steps = (blocks + 3) / 4;
        const C offset = V::set1i8(W::kOffset);
        thread_local std::vector<Step> prepared;
        if (prepared.size() < static_cast<std::size_t>(steps))
            prepared.resize(static_cast<std::size_t>(steps));
        for (std::int64_t j = 0; j < steps; ++j) {
            const std::int64_t b = 4 * j;
            const std::uint8_t* q = a.act + static_cast<std::size_t>(b) * kActBytes;
            const std::uint8_t* bq[4];
            for (int i = 0; i < 4; ++i)
                bq[i] = i < blocks - b ? q + static_cast<std::size_t>(i) * kActBytes : kZeroBlock;
            Step& step = prepared[static_cast<std::size_t>(j)];
            step.s[0] = V::load2x32(bq[0] + 2, bq[1] + 2);
            step.s[1] = V::load2x32(bq[2] + 2, bq[3] + 2);
            step.da = halves4(bq);
            for (int h = 0; h < 2; ++h) {
                step.bias[h] = V::zero();
                if constexpr (W::kOffset != 0 && (!W::kSigned || V::kVnni))
                    step.bias[h] = V::negI(V::dpbusd(V::zero(), offset, step.s[h]));
                if constexpr (W::kMin)
                    step.sums[h] = V::mul(V::cvt(V::dpbusd(V::zero(), V::set1i8(1), step.s[h])), V::spread(step.da, h));
            }
        }
        const std::int64_t fullSteps = blocks / 4;
        for (int r = 0; r < a.rows; ++r) {
            const std::uint8_t* row = a.w + static_cast<std::size_t>(r) * a.rowStride;
            FC acc = V::zeroF();
            const auto accumulate = [&](const std::uint8_t* const* bp, const Step& step) {
                C u[2] = {W::template load<V>(bp[0], bp[1]), W::template load<V>(bp[2], bp[3])};
                if constexpr (W::kSigned && V::kVnni) {
                    u[0] = V::xorI(u[0], offset);
                    u[1] = V::xorI(u[1], offset);
                }
                const __m128 d = _mm_mul_ps(halves4(bp), step.da);
                for (int h = 0; h < 2; ++h) {
                    C dot;
                    if constexpr (W::kSigned && !V::kVnni)
                        dot = V::dotSigned(u[h], step.s[h]);
                    else
                        dot = V::dpbusd(step.bias[h], u[h], step.s[h]);
                    acc = V::fma(V::cvt(dot), V::spread(d, h), acc);
                }
                if constexpr (W::kMin) {
                    const std::uint8_t* mp[4];
                    for (int i = 0; i < 4; ++i)
                        mp[i] = bp[i] + W::kMinOffset;
                    const __m128 mw = halves4(mp);
                    for (int h = 0; h < 2; ++h)
                        acc = V::fma(step.sums[h], V::spread(mw, h), acc);
                }
            };
            for (std::int64_t j = 0; j < fullSteps; ++j) {
                const std::uint8_t* p = row + static_cast<std::size_t>(4 * j) * W::kBlockBytes;
                // Six rows ahead at this column: the hardware prefetcher alone keeps too few
                // misses in flight (one row ahead gave 10 % less decode speed on the bench model).
                prefetchAt(p, kDecodePrefetchRows * a.rowStride);
                prefetchAt(p, kDecodePrefetchRows * a.rowStride + 64);
                const std::uint8_t* bp[4] = {p, p + W::kBlockBytes, p + 2 * W::kBlockBytes, p + 3 * W::kBlockBytes};
                accumulate(bp, prepared[static_cast<std::size_t>(j)]);
            }
            if (fullSteps < steps) {
                const std::int64_t b = 4 * fullSteps;
                const std::uint8_t* p = row + static_cast<std::size_t>(b) * W::kBlockBytes;
                const std::uint8_t* bp[4];
                for (int i = 0; i < 4; ++i)
                    bp[i] = i < blocks - b ? p + static_cast<std::size_t>(i) * W::kBlockBytes : kZeroBlock;
                accumulate(bp, prepared[static_cast<std::size_t>(fullSteps)]);
            }
            storeResult(a, static_cast<std::size_t>(r), 0, V::hsum(acc));
        }
    }
};

// ---- K-quant weights x Q8_K activations: integer sums per super-block, 64 elements per step ------

/// Per row and super-block: scales per group of 16 (int16), d, and for Q4_K/Q5_K dmin * min per
/// sub-block of 32 (floats in the low 8 lanes), for Q6_K -32 * scale (int16) for the bias.
template <class V> struct RowK {
    typename V::S scales;
    typename V::FC mins;
    __m256i bias;
    float d;
};

/// Q4_K / Q5_K: 6-bit scales and mins unpacked 4 at a time from the 12 packed bytes, read with
/// d and dmin in one 16-byte load (Q4_K and Q5_K start alike).
template <class V> void prepareScaleMin(const std::uint8_t* block, RowK<V>& row)
{
    static_assert(offsetof(BlockQ4K, scales) == 4 && offsetof(BlockQ5K, scales) == 4);
    // int32 lanes: [d | dmin, w0, w1, w2], w the packed scale words.
    const __m128i head = loadu128(block);
    // [w0 & 3F.., w2 & 0F.., w1 & 3F.., (w2 >> 4) & 0F..]: scales 0-3, low bits of scales 4-7,
    // mins 0-3, low bits of mins 4-7; then bits 6-7 of scales / mins 0-3 become bits 4-5 of 4-7.
    const __m128i words = _mm_shuffle_epi32(head, _MM_SHUFFLE(3, 2, 3, 1));
    const __m128i low = _mm_and_si128(_mm_srlv_epi32(words, _mm_setr_epi32(0, 0, 0, 4)),
                                      _mm_setr_epi32(0x3F3F3F3F, 0x0F0F0F0F, 0x3F3F3F3F, 0x0F0F0F0F));
    const __m128i tops = _mm_shuffle_epi32(head, _MM_SHUFFLE(2, 2, 1, 1));
    const __m128i high = _mm_and_si128(_mm_srli_epi32(tops, 2), _mm_setr_epi32(0, 0x30303030, 0, 0x30303030));
    const __m128i packed = _mm_or_si128(low, high);
    // Each sub-block scale covers two groups of 16: duplicate the bytes, widen to int16.
    row.scales = V::prepScales(_mm256_cvtepu8_epi16(_mm_unpacklo_epi8(packed, packed)));
    const __m128 dd = _mm_cvtph_ps(head); // d, dmin
    const __m256 mins = _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(_mm_srli_si128(packed, 8)));
    row.mins = V::lowF(_mm256_mul_ps(mins, _mm256_broadcastss_ps(_mm_movehdup_ps(dd))));
    row.d = _mm_cvtss_f32(dd);
}

struct WeightsQ4K {
    static constexpr std::size_t kBlockBytes = sizeof(BlockQ4K);
    static constexpr bool kMins = true;
    template <class V> static void prepare(const std::uint8_t* block, RowK<V>& row) { prepareScaleMin(block, row); }
    /// Chunks 2h and 2h + 1 (elements 128h .. 128h + 127) as unsigned codes.
    template <class V> static void chunkPair(const std::uint8_t* block, int h, typename V::C* out)
    {
        out[0] = V::nibbles32(block + offsetof(BlockQ4K, qs) + 64 * h);
        out[1] = V::nibbles32(block + offsetof(BlockQ4K, qs) + 64 * h + 32);
    }
};

struct WeightsQ5K {
    static constexpr std::size_t kBlockBytes = sizeof(BlockQ5K);
    static constexpr bool kMins = true;
    template <class V> static void prepare(const std::uint8_t* block, RowK<V>& row) { prepareScaleMin(block, row); }
    template <class V> static void chunkPair(const std::uint8_t* block, int h, typename V::C* out)
    {
        // Fifth bits: bit 2c of qh[l] for element l of chunk c, bit 2c + 1 for element 32 + l.
        using C = typename V::C;
        const __m256i qh = loadu256(block + offsetof(BlockQ5K, qh));
        const C both = V::fromHalves(qh, _mm256_srli_epi16(qh, 1));
        const C one = V::set1i8(1);
        for (int i = 0; i < 2; ++i) {
            const int c = 2 * h + i;
            const C low = V::nibbles32(block + offsetof(BlockQ5K, qs) + 32 * c);
            out[i] = V::orI(low, V::sll16(V::andI(V::srl16(both, 2 * c), one), 4));
        }
    }
};

struct WeightsQ6K {
    static constexpr std::size_t kBlockBytes = sizeof(BlockQ6K);
    static constexpr bool kMins = false;
    template <class V> static void prepare(const std::uint8_t* block, RowK<V>& row)
    {
        const __m256i scales = _mm256_cvtepi8_epi16(loadu128(block + offsetof(BlockQ6K, scales)));
        row.scales = V::prepScales(scales);
        row.bias = _mm256_sub_epi16(_mm256_setzero_si256(), _mm256_slli_epi16(scales, 5));
        row.d = halfAt(block + offsetof(BlockQ6K, d));
    }
    template <class V> static void chunkPair(const std::uint8_t* block, int h, typename V::C* out)
    {
        // Half h: chunk 2h is the low nibbles of ql[64h .. 64h + 64) with qh bits 0-1 (its
        // elements 0-31) and 2-3 (32-63); chunk 2h + 1 the high nibbles with bits 4-5 and 6-7.
        using C = typename V::C;
        const C ql = V::load64(block + offsetof(BlockQ6K, ql) + 64 * h);
        const C lowNibble = V::set1i8(0x0F);
        const __m256i qh = loadu256(block + offsetof(BlockQ6K, qh) + 32 * h);
        const __m256i qhShifted = _mm256_and_si256(_mm256_srli_epi16(qh, 2), _mm256_set1_epi8(0x3F));
        const C both = V::fromHalves(qh, qhShifted);
        const C twoBits = V::set1i8(0x03);
        out[0] = V::orI(V::andI(ql, lowNibble), V::sll16(V::andI(both, twoBits), 4));
        out[1] = V::orI(V::andI(V::srl16(ql, 4), lowNibble), V::sll16(V::andI(V::srl16(both, 4), twoBits), 4));
    }
};

template <class V, class W> struct TileK {
    template <std::size_t R, std::size_t T> static void run(const TileArgs& a)
    {
        using C = typename V::C;
        using FC = typename V::FC;
        constexpr std::size_t kActBytes = sizeof(BlockQ8K);
        const std::int64_t blocks = a.cols / kSuperBlock;
        const __m256i ones = _mm256_set1_epi16(1);
        FC acc[R][T];
        for (std::size_t r = 0; r < R; ++r)
            for (std::size_t t = 0; t < T; ++t)
                acc[r][t] = V::zeroF();
        for (std::int64_t b = 0; b < blocks; ++b) {
            const std::uint8_t* wb[R];
            RowK<V> row[R];
            for (std::size_t r = 0; r < R; ++r) {
                wb[r] = a.w + r * a.rowStride + static_cast<std::size_t>(b) * W::kBlockBytes;
                W::template prepare<V>(wb[r], row[r]);
            }
            const std::uint8_t* ab[T];
            float da[T];
            C sum[R][T];
            for (std::size_t t = 0; t < T; ++t) {
                ab[t] = a.act + t * a.actStride + static_cast<std::size_t>(b) * kActBytes;
                da[t] = floatAt(ab[t]);
                const __m256i bsums = loadu256(ab[t] + offsetof(BlockQ8K, bsums));
                for (std::size_t r = 0; r < R; ++r) {
                    if constexpr (W::kMins)
                        sum[r][t] = V::zero();
                    else
                        sum[r][t] = V::zext8x32(_mm256_madd_epi16(row[r].bias, bsums));
                }
                if constexpr (W::kMins) {
                    // sum_j dmin * min_j * (activation sum of sub-block j), all rows at once.
                    const __m256 pairs = _mm256_cvtepi32_ps(_mm256_madd_epi16(bsums, ones));
                    const FC groupSums = V::lowF(_mm256_mul_ps(pairs, _mm256_set1_ps(da[t])));
                    for (std::size_t r = 0; r < R; ++r)
                        acc[r][t] = V::fnmadd(row[r].mins, groupSums, acc[r][t]);
                }
            }
            for (int h = 0; h < 2; ++h) {
                C wv[R][2];
                for (std::size_t r = 0; r < R; ++r) {
                    prefetchAt(wb[r], R * a.rowStride + static_cast<std::size_t>(2 * kChunk * h)); // next tile
                    prefetchAt(wb[r], R * a.rowStride + static_cast<std::size_t>(2 * kChunk * h + kChunk));
                    W::template chunkPair<V>(wb[r], h, wv[r]);
                }
                for (int i = 0; i < 2; ++i) {
                    const int c = 2 * h + i;
                    C sc[R];
                    for (std::size_t r = 0; r < R; ++r)
                        sc[r] = V::chunkScales(row[r].scales, c);
                    for (std::size_t t = 0; t < T; ++t) {
                        const C av = V::load64(ab[t] + offsetof(BlockQ8K, qs) + kChunk * c);
                        for (std::size_t r = 0; r < R; ++r)
                            sum[r][t] = V::dpwssd(sum[r][t], V::maddubs(wv[r][i], av), sc[r]);
                    }
                }
            }
            for (std::size_t r = 0; r < R; ++r)
                for (std::size_t t = 0; t < T; ++t)
                    acc[r][t] = V::fma(V::cvt(sum[r][t]), V::splatC(row[r].d * da[t]), acc[r][t]);
        }
        for (std::size_t r = 0; r < R; ++r)
            for (std::size_t t = 0; t < T; ++t)
                storeResult(a, r, t, V::hsum(acc[r][t]));
    }
};

/// Decode (one token) for the K-quants: the activation side of every super-block (its scale,
/// sub-block sums and the min term's sums) is prepared once per call, then the rows are
/// streamed one after the other, as DecodeQ8 does.
template <class V, class W> struct DecodeK {
    using C = typename V::C;
    using FC = typename V::FC;
    struct Step {
        FC groupSums; ///< Q4_K / Q5_K: activation sum of each sub-block of 32, times d
        __m256i bsums;
        float d;
    };

    static void run(const TileArgs& a)
    {
        constexpr std::size_t kActBytes = sizeof(BlockQ8K);
        const std::int64_t blocks = a.cols / kSuperBlock;
        thread_local std::vector<Step> prepared;
        if (prepared.size() < static_cast<std::size_t>(blocks))
            prepared.resize(static_cast<std::size_t>(blocks));
        for (std::int64_t b = 0; b < blocks; ++b) {
            const std::uint8_t* ab = a.act + static_cast<std::size_t>(b) * kActBytes;
            Step& step = prepared[static_cast<std::size_t>(b)];
            step.d = floatAt(ab);
            step.bsums = loadu256(ab + offsetof(BlockQ8K, bsums));
            if constexpr (W::kMins) {
                const __m256 pairs = _mm256_cvtepi32_ps(_mm256_madd_epi16(step.bsums, _mm256_set1_epi16(1)));
                step.groupSums = V::lowF(_mm256_mul_ps(pairs, _mm256_set1_ps(step.d)));
            }
        }
        for (int r = 0; r < a.rows; ++r) {
            const std::uint8_t* row = a.w + static_cast<std::size_t>(r) * a.rowStride;
            FC acc = V::zeroF();
            for (std::int64_t b = 0; b < blocks; ++b) {
                const std::uint8_t* wb = row + static_cast<std::size_t>(b) * W::kBlockBytes;
                const std::uint8_t* qs = a.act + static_cast<std::size_t>(b) * kActBytes + offsetof(BlockQ8K, qs);
                const Step& step = prepared[static_cast<std::size_t>(b)];
                RowK<V> rk;
                W::template prepare<V>(wb, rk);
                C sum = V::zero();
                if constexpr (W::kMins)
                    acc = V::fnmadd(rk.mins, step.groupSums, acc);
                else
                    sum = V::zext8x32(_mm256_madd_epi16(rk.bias, step.bsums));
                for (int h = 0; h < 2; ++h) {
                    // Rows further on at this column (see DecodeQ8).
                    prefetchAt(wb, kDecodePrefetchRows * a.rowStride + static_cast<std::size_t>(2 * kChunk * h));
                    prefetchAt(wb,
                               kDecodePrefetchRows * a.rowStride + static_cast<std::size_t>(2 * kChunk * h + kChunk));
                    C wv[2];
                    W::template chunkPair<V>(wb, h, wv);
                    for (int i = 0; i < 2; ++i) {
                        const int c = 2 * h + i;
                        sum = V::dpwssd(sum, V::maddubs(wv[i], V::load64(qs + kChunk * c)),
                                        V::chunkScales(rk.scales, c));
                    }
                }
                acc = V::fma(V::cvt(sum), V::splatC(rk.d * step.d), acc);
            }
            storeResult(a, static_cast<std::size_t>(r), 0, V::hsum(acc));
        }
    }
};

// ---- Float weights (F32, F16, BF16) x f32 activations -------------------------------------------

struct WeightsF32 {
    static constexpr std::size_t kBytes = 4;
    template <class V> static typename V::F load(const std::uint8_t* p) { return V::loadF(p); }
    template <class V> static typename V::F loadPartial(const std::uint8_t* p, int n) { return V::loadPartialF(p, n); }
    static float scalar(const std::uint8_t* p) { return floatAt(p); }
};

struct WeightsF16 {
    static constexpr std::size_t kBytes = 2;
    template <class V> static typename V::F load(const std::uint8_t* p) { return V::loadF16(p); }
    template <class V> static typename V::F loadPartial(const std::uint8_t* p, int n)
    {
        return V::loadPartialF16(p, n);
    }
    static float scalar(const std::uint8_t* p) { return halfAt(p); }
};

struct WeightsBf16 {
    static constexpr std::size_t kBytes = 2;
    template <class V> static typename V::F load(const std::uint8_t* p) { return V::loadBf16(p); }
    template <class V> static typename V::F loadPartial(const std::uint8_t* p, int n)
    {
        return V::loadPartialBf16(p, n);
    }
    static float scalar(const std::uint8_t* p)
    {
        const std::uint32_t bits = static_cast<std::uint32_t>(p[0] | (p[1] << 8)) << 16;
        float v = 0.0F;
        std::memcpy(&v, &bits, sizeof v);
        return v;
    }
};

/// Dot-product tile for few tokens: each weight vector feeds T token FMAs.
template <class V, class W> struct TileFloat {
    template <std::size_t R, std::size_t T> static void run(const TileArgs& a)
    {
        using F = typename V::F;
        constexpr int kLanes = V::kLanes;
        F acc[R][T];
        for (std::size_t r = 0; r < R; ++r)
            for (std::size_t t = 0; t < T; ++t)
                acc[r][t] = V::zeroF();
        const std::uint8_t* wr[R];
        for (std::size_t r = 0; r < R; ++r)
            wr[r] = a.w + r * a.rowStride;
        const std::uint8_t* xt[T];
        for (std::size_t t = 0; t < T; ++t)
            xt[t] = a.act + t * a.actStride;
        std::int64_t i = 0;
        for (; i + kLanes <= a.cols; i += kLanes) {
            F wv[R];
            for (std::size_t r = 0; r < R; ++r)
                wv[r] = W::template load<V>(wr[r] + static_cast<std::size_t>(i) * W::kBytes);
            for (std::size_t t = 0; t < T; ++t) {
                const F xv = V::loadF(xt[t] + static_cast<std::size_t>(i) * 4);
                for (std::size_t r = 0; r < R; ++r)
                    acc[r][t] = V::fma(wv[r], xv, acc[r][t]);
            }
        }
        if (i < a.cols) {
            const int n = static_cast<int>(a.cols - i);
            F wv[R];
            for (std::size_t r = 0; r < R; ++r)
                wv[r] = W::template loadPartial<V>(wr[r] + static_cast<std::size_t>(i) * W::kBytes, n);
            for (std::size_t t = 0; t < T; ++t) {
                const F xv = V::loadPartialF(xt[t] + static_cast<std::size_t>(i) * 4, n);
                for (std::size_t r = 0; r < R; ++r)
                    acc[r][t] = V::fma(wv[r], xv, acc[r][t]);
            }
        }
        for (std::size_t r = 0; r < R; ++r)
            for (std::size_t t = 0; t < T; ++t)
                storeResult(a, r, t, V::hsum(acc[r][t]));
    }
};

/// Memory from the aligned operator new, released by AlignedDelete.
struct AlignedDelete {
    void operator()(void* p) const { ::operator delete (p, std::align_val_t{64}); }
};

/// This thread's 64-byte aligned buffer for T, at least `bytes` long, kept between calls: the
/// panels need a few hundred KB per call, which malloc would otherwise map and fault in each time.
template <class T> T* threadBuffer(std::size_t bytes)
{
    thread_local std::unique_ptr<T, AlignedDelete> buffer;
    thread_local std::size_t capacity = 0;
    if (capacity < bytes) {
        buffer.reset(static_cast<T*>(::operator new (bytes, std::align_val_t{64})));
        capacity = bytes;
    }
    return buffer.get();
}

constexpr int kFloatTokenChunk = 512; ///< tokens whose activations are repacked at once

/// Prefill micro-kernel: 2 * kLanes packed rows x kPanelTokens tokens; `x` holds the tokens'
/// activations interleaved [k][token], so each FMA pair takes one broadcast.
template <class V>
void panelMicro(const float* packed, const float* x, int kc, float* y, std::int64_t yStride, int rows, int tokens,
                bool accumulate)
{
    using F = typename V::F;
    constexpr int kLanes = V::kLanes;
    constexpr int kTokens = V::kPanelTokens;
    F lo[static_cast<std::size_t>(kTokens)];
    F hi[static_cast<std::size_t>(kTokens)];
    for (int t = 0; t < kTokens; ++t) {
        lo[t] = V::zeroF();
        hi[t] = V::zeroF();
    }
    for (int k = 0; k < kc; ++k) {
        const F w0 = V::loadAligned(packed + 2 * kLanes * k);
        const F w1 = V::loadAligned(packed + 2 * kLanes * k + kLanes);
        for (int t = 0; t < kTokens; ++t) {
            const F xv = V::splat(x[k * kTokens + t]);
            lo[t] = V::fma(w0, xv, lo[t]);
            hi[t] = V::fma(w1, xv, hi[t]);
        }
    }
    for (int t = 0; t < tokens; ++t) {
        float* out = y + static_cast<std::int64_t>(t) * yStride;
        V::storeRows(out, lo[t], rows, accumulate);
        V::storeRows(out + kLanes, hi[t], rows - kLanes, accumulate);
    }
}

/// Packs f32 rows [r0, r0 + 2 * kLanes) x columns [k0, k0 + kc) k-major with register
/// transposes where the ISA has them (attention scores use f32 "weights", the cached keys, and
/// packed them one float at a time); false when the scalar loop has to do it.
template <class V, class W>
bool packTransposed([[maybe_unused]] const PanelArgs& p, [[maybe_unused]] std::int64_t r0, [[maybe_unused]] int rows,
                    [[maybe_unused]] std::int64_t k0, [[maybe_unused]] int kc, [[maybe_unused]] float* packed)
{
    constexpr int kLanes = V::kLanes;
    if constexpr (std::is_same_v<W, WeightsF32> && V::kTransposes) {
        if (rows != 2 * kLanes || kc % kLanes != 0 || p.rowStride % sizeof(float) != 0)
            return false;
        const std::size_t stride = p.rowStride / sizeof(float);
        const auto* base = reinterpret_cast<const float*>(p.w) + static_cast<std::size_t>(r0) * stride
            + static_cast<std::size_t>(k0);
        for (int half = 0; half < 2; ++half) {
            for (int k = 0; k < kc; k += kLanes)
                V::transposeBlock(base + static_cast<std::size_t>(half * kLanes) * stride + static_cast<std::size_t>(k),
                                  stride, packed + k * 2 * kLanes + half * kLanes, 2 * kLanes);
        }
        return true;
    } else {
        return false;
    }
}

/// Float prefill: per slice of kPanelCols columns, activations of a token chunk are interleaved
/// in blocks of kPanelTokens and 2 * kLanes weight rows are converted into a k-major panel, so
/// the micro-kernel reads weights from L1 and activations contiguously.
template <class V, class W> void panelFloat(const PanelArgs& p)
{
    constexpr int kRows = 2 * V::kLanes;
    constexpr int kTokens = V::kPanelTokens;
    constexpr int kBlocks = (kFloatTokenChunk + kTokens - 1) / kTokens;
    alignas(64) float packed[static_cast<std::size_t>(kPanelCols * kRows)];
    float* const xs = threadBuffer<float>(sizeof(float) * kBlocks * kTokens * kPanelCols);
    const auto* x = reinterpret_cast<const float*>(p.act);
    for (std::int64_t tc = 0; tc < p.tokens; tc += kFloatTokenChunk) {
        const int chunk = minInt(kFloatTokenChunk, p.tokens - tc);
        const int blocks = (chunk + kTokens - 1) / kTokens;
        for (std::int64_t k0 = 0; k0 < p.cols; k0 += kPanelCols) {
            const int kc = minInt(kPanelCols, p.cols - k0);
            for (int b = 0; b < blocks; ++b) {
                float* dst = xs + static_cast<std::ptrdiff_t>(b) * kTokens * kPanelCols;
                for (int t = 0; t < kTokens; ++t) {
                    const std::int64_t token = tc + b * kTokens + t;
                    if (token >= p.tokens) {
                        for (int k = 0; k < kc; ++k)
                            dst[k * kTokens + t] = 0.0F;
                        continue;
                    }
                    const float* src = x + token * p.cols + k0;
                    for (int k = 0; k < kc; ++k)
                        dst[k * kTokens + t] = src[k];
                }
            }
            for (std::int64_t r0 = 0; r0 < p.rows; r0 += kRows) {
                const int rows = minInt(kRows, p.rows - r0);
                if (!packTransposed<V, W>(p, r0, rows, k0, kc, packed)) {
                    for (int r = 0; r < kRows; ++r) {
                        const std::uint8_t* src = p.w + static_cast<std::size_t>(r0 + (r < rows ? r : 0)) * p.rowStride
                            + static_cast<std::size_t>(k0) * W::kBytes;
                        for (int k = 0; k < kc; ++k)
                            packed[k * kRows + r]
                                = r < rows ? W::scalar(src + static_cast<std::size_t>(k) * W::kBytes) : 0.0F;
                    }
                }
                for (int b = 0; b < blocks; ++b) {
                    const std::int64_t t0 = tc + b * kTokens;
                    panelMicro<V>(packed, xs + static_cast<std::ptrdiff_t>(b) * kTokens * kPanelCols, kc,
                                  p.y + t0 * p.yStride + r0, p.yStride, rows, minInt(kTokens, p.tokens - t0), k0 > 0);
                }
            }
        }
    }
}

/// The kernel table of one ISA: tile sizes per family come from V.
template <class V> TileKernel makeTileKernel(DType weightType)
{
    constexpr int kDecodeRows = V::kDecodeRows;
    constexpr int kStreamDecodeRows = 16; ///< rows per DecodeQ8 call: its preparation is shared by them
    const auto kernel = [](auto tile, int rows, int tokens, auto decode, int decodeRows, PanelFn panel) {
        return TileKernel{.fn = tile,
                          .maxRows = rows,
                          .maxTokens = tokens,
                          .decode = decode,
                          .decodeRows = decodeRows,
                          .panel = panel};
    };
    // Float weights: kFloatTokens tokens share each converted weight vector below the panel size.
    constexpr int kFloatTokens = V::kFloatTokens;
    const auto floatKernel = [](TileFn tile, TileFn decode, PanelFn panel) {
        return TileKernel{.fn = tile,
                          .maxRows = kDecodeRows,
                          .maxTokens = kFloatTokens,
                          .decode = decode,
                          .decodeRows = kDecodeRows,
                          .panel = panel,
                          .panelMinTokens = kFloatPanelMinTokens};
    };
    switch (weightType) {
    case DType::F32:
        return floatKernel(runTile<TileFloat<V, WeightsF32>, kDecodeRows, kFloatTokens>,
                           runTile<TileFloat<V, WeightsF32>, kDecodeRows, 1>, panelFloat<V, WeightsF32>);
    case DType::F16:
        return floatKernel(runTile<TileFloat<V, WeightsF16>, kDecodeRows, kFloatTokens>,
                           runTile<TileFloat<V, WeightsF16>, kDecodeRows, 1>, panelFloat<V, WeightsF16>);
    case DType::BF16:
        return floatKernel(runTile<TileFloat<V, WeightsBf16>, kDecodeRows, kFloatTokens>,
                           runTile<TileFloat<V, WeightsBf16>, kDecodeRows, 1>, panelFloat<V, WeightsBf16>);
    case DType::Q8_0:
        return kernel(runTile<TileQ8<V, WeightsQ8_0>, V::kQ8Rows, V::kQ8Tokens>, V::kQ8Rows, V::kQ8Tokens,
                      DecodeQ8<V, WeightsQ8_0>::run, kStreamDecodeRows, nullptr);
    case DType::Q4_0:
        return kernel(runTile<TileQ8<V, WeightsQ4_0>, V::kQ8Rows, V::kQ8Tokens>, V::kQ8Rows, V::kQ8Tokens,
                      runTile<TileQ8<V, WeightsQ4_0>, kDecodeRows, 1>, kDecodeRows, nullptr);
    case DType::Q4_1:
        return kernel(runTile<TileQ8<V, WeightsQ4_1>, V::kQ8Rows, V::kQ8Tokens>, V::kQ8Rows, V::kQ8Tokens,
                      runTile<TileQ8<V, WeightsQ4_1>, kDecodeRows, 1>, kDecodeRows, nullptr);
    case DType::Q5_0:
        return kernel(runTile<TileQ8<V, WeightsQ5_0>, V::kQ8Rows, V::kQ8Tokens>, V::kQ8Rows, V::kQ8Tokens,
                      runTile<TileQ8<V, WeightsQ5_0>, kDecodeRows, 1>, kDecodeRows, nullptr);
    case DType::Q5_1:
        return kernel(runTile<TileQ8<V, WeightsQ5_1>, V::kQ8Rows, V::kQ8Tokens>, V::kQ8Rows, V::kQ8Tokens,
                      runTile<TileQ8<V, WeightsQ5_1>, kDecodeRows, 1>, kDecodeRows, nullptr);
    case DType::IQ4_NL:
        return kernel(runTile<TileQ8<V, WeightsIQ4NL>, V::kQ8Rows, V::kQ8Tokens>, V::kQ8Rows, V::kQ8Tokens,
                      runTile<TileQ8<V, WeightsIQ4NL>, kDecodeRows, 1>, kDecodeRows, nullptr);
    case DType::Q4_K:
        return kernel(runTile<TileK<V, WeightsQ4K>, V::kKRows, V::kKTokens>, V::kKRows, V::kKTokens,
                      DecodeK<V, WeightsQ4K>::run, kStreamDecodeRows, nullptr);
    case DType::Q5_K:
        return kernel(runTile<TileK<V, WeightsQ5K>, V::kKRows, V::kKTokens>, V::kKRows, V::kKTokens,
                      DecodeK<V, WeightsQ5K>::run, kStreamDecodeRows, nullptr);
    case DType::Q6_K:
        return kernel(runTile<TileK<V, WeightsQ6K>, V::kKRows, V::kKTokens>, V::kKRows, V::kKTokens,
                      DecodeK<V, WeightsQ6K>::run, kStreamDecodeRows, nullptr);
    default:
        return {};
    }
}

} // namespace
} // namespace cairn::cpu
