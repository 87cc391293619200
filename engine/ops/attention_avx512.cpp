// SPDX-License-Identifier: MIT
// causalAttention on AVX-512: keys, values and queries are packed once per call into 32-bit
// units (a float, or a pair of bfloat16 that vdpbf16ps multiplies at once), then each tile of 8
// query tokens is scored against the key blocks it can see, exponentiated and summed over the
// values, the softmax's division applied to the sums.
// Compiled with -mavx512f/bw/vl/bf16 (engine/ops/CMakeLists.txt); attention.cpp checks the CPU.

#include "engine/ops/attention_avx512.h"

#include "engine/core/aligned_vector.h"
#include "engine/core/transpose_avx512.h"
#include "engine/ops/exp_avx512.h"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <immintrin.h>

namespace cairn::ops {

namespace {

using Index = std::int64_t;
using Unit = std::uint32_t;

constexpr Index kLanes = 16;       ///< keys per score block; value columns per vector
constexpr Index kTokenTile = 8;    ///< query tokens scored together
constexpr Index kValueTile = 4;    ///< query tokens summed over the values together
constexpr Index kValueCols = 4;    ///< value vectors (64 columns) per P · V tile
constexpr Index kPrefetchRows = 8; ///< rows ahead that packing asks for

constexpr auto idx = [](Index value) { return static_cast<std::size_t>(value); };

inline __mmask16 firstLanes(Index n)
{
    return n >= kLanes ? static_cast<__mmask16>(0xFFFF) : static_cast<__mmask16>((1U << n) - 1U);
}

/// Float products: a unit is one float.
struct F32Math {
    static constexpr Index kPerUnit = 1;
    static __m512 dot(__m512 acc, __m512i a, __m512i b)
    {
        return _mm512_fmadd_ps(_mm512_castsi512_ps(a), _mm512_castsi512_ps(b), acc);
    }
    /// The units of elements (first, second): only `first` counts.
    static __m512i units(__m512 first, __m512 /*second*/) { return _mm512_castps_si512(first); }
    /// 16 units of consecutive elements from 16-float vectors lo and hi: lo only.
    static __m512i consecutive(__m512 lo, __m512 /*hi*/) { return _mm512_castps_si512(lo); }
};

/// bfloat16 products summed in float: a unit is a pair, the lower half first.
struct Bf16Math {
    static constexpr Index kPerUnit = 2;
    static __m512 dot(__m512 acc, __m512i a, __m512i b)
    {
        return _mm512_dpbf16_ps(acc, std::bit_cast<__m512bh>(a), std::bit_cast<__m512bh>(b));
    }
    static __m512i bits(__m512 x)
    {
        return _mm512_cvtepu16_epi32(std::bit_cast<__m256i>(_mm512_cvtneps_pbh(x))); // round to nearest even
    }
    static __m512i units(__m512 first, __m512 second)
    {
        return _mm512_or_si512(bits(first), _mm512_slli_epi32(bits(second), 16));
    }
    /// 16 units of 32 consecutive elements, lo then hi: elements 2 i and 2 i + 1 form unit i.
    static __m512i consecutive(__m512 lo, __m512 hi) { return std::bit_cast<__m512i>(_mm512_cvtne2ps_pbh(hi, lo)); }
};

/// Buffers of the calling thread, kept between calls (they only grow).
struct Buffers {
    AlignedVector<float> block;  ///< 16 key rows, both parts, padded to whole unit vectors
    AlignedVector<Unit> keys;    ///< [key blocks][key units][16 keys]
    AlignedVector<Unit> values;  ///< [value unit rows][values.width]
    AlignedVector<Unit> queries; ///< [tokens rounded up to kTokenTile][key units]
    AlignedVector<float> scores; ///< [kTokenTile][padded keys]
    AlignedVector<Unit> probs;   ///< [kTokenTile][padded keys / kPerUnit] (bfloat16 only)
};

template <class T> T* reserve(AlignedVector<T>& v, Index n)
{
    if (v.size() < idx(n))
        v.resize(idx(n));
    return v.data();
}

/// Asks for row `r` of `rows` (if it exists) ahead of its use: the heads' rows lie kilobytes
/// apart, a stride the hardware prefetchers follow late.
inline void prefetchRow(const AttentionRows& rows, Index r, Index count)
{
    if (r >= count || rows.width == 0)
        return;
    const auto* p = reinterpret_cast<const char*>(rows.data + r * rows.stride);
    for (Index offset = 0; offset < rows.width * static_cast<Index>(sizeof(float)); offset += 64)
        _mm_prefetch(p + offset, _MM_HINT_T0);
}

/// Scores of key blocks [0, kBlocks) against kTokenTile queries: out[t · outStride + 16 b + lane].
template <class M, int kBlocks>
void scoreTile(const Unit* keys, Index units, const Unit* queries, float* out, Index outStride)
{
    constexpr auto kB = static_cast<std::size_t>(kBlocks);
    constexpr auto kT = static_cast<std::size_t>(kTokenTile);
    __m512 acc[kB][kT];
    for (auto& row : acc)
        for (__m512& v : row)
            v = _mm512_setzero_ps();
    for (Index u = 0; u < units; ++u) {
        __m512i k[kB];
        for (std::size_t b = 0; b < kB; ++b)
            k[b] = _mm512_load_si512(keys + (static_cast<Index>(b) * units + u) * kLanes);
        for (std::size_t t = 0; t < kT; ++t) {
            const __m512i q = _mm512_set1_epi32(static_cast<int>(queries[static_cast<Index>(t) * units + u]));
            for (std::size_t b = 0; b < kB; ++b)
                acc[b][t] = M::dot(acc[b][t], k[b], q);
        }
    }
    for (std::size_t t = 0; t < kT; ++t)
        for (std::size_t b = 0; b < kB; ++b)
            _mm512_store_ps(out + static_cast<Index>(t) * outStride + static_cast<Index>(b) * kLanes, acc[b][t]);
}

/// out[t][d0 + 16 j + lane] = Σ_u probs[t][u] · values[u][...] for t < tokens, j < kCols; a
/// probability unit is a float or a Unit.
template <class M, int kCols, class P>
void valueTile(const Unit* values, Index width, const P* probs, Index probStride, const float* inverse, Index units,
               Index tokens, float* out, Index outStride, Index d0)
{
    constexpr auto kC = static_cast<std::size_t>(kCols);
    constexpr auto kT = static_cast<std::size_t>(kValueTile);
    __m512 acc[kT][kC];
    for (auto& row : acc)
        for (__m512& v : row)
            v = _mm512_setzero_ps();
    for (Index u = 0; u < units; ++u) {
        __m512i v[kC];
        for (std::size_t j = 0; j < kC; ++j)
            v[j] = _mm512_load_si512(values + u * width + d0 + static_cast<Index>(j) * kLanes);
        for (std::size_t t = 0; t < kT; ++t) {
            const __m512i p = _mm512_set1_epi32(std::bit_cast<int>(probs[static_cast<Index>(t) * probStride + u]));
            for (std::size_t j = 0; j < kC; ++j)
                acc[t][j] = M::dot(acc[t][j], v[j], p);
        }
    }
    for (Index t = 0; t < tokens; ++t)
        for (std::size_t j = 0; j < kC; ++j)
            _mm512_storeu_ps(out + t * outStride + d0 + static_cast<Index>(j) * kLanes,
                             _mm512_mul_ps(acc[static_cast<std::size_t>(t)][j], _mm512_set1_ps(inverse[t])));
}

/// valueTile for the up to kValueCols value vectors from column d0 on.
template <class M, class P>
void sumValues(const Unit* values, Index width, const P* probs, Index probStride, const float* inverse, Index units,
               Index tokens, float* out, Index outStride, Index d0)
{
    switch (std::min(kValueCols, (width - d0) / kLanes)) {
    case 4:
        valueTile<M, 4>(values, width, probs, probStride, inverse, units, tokens, out, outStride, d0);
        break;
    case 3:
        valueTile<M, 3>(values, width, probs, probStride, inverse, units, tokens, out, outStride, d0);
        break;
    case 2:
        valueTile<M, 2>(values, width, probs, probStride, inverse, units, tokens, out, outStride, d0);
        break;
    default:
        valueTile<M, 1>(values, width, probs, probStride, inverse, units, tokens, out, outStride, d0);
        break;
    }
}

template <class M> void attend(const CausalAttention& a)
{
    constexpr Index kPer = M::kPerUnit;
    const Index rows = a.start + a.tokens;
    const Index width = a.keys[0].width + a.keys[1].width;
    const Index units = (width + kPer - 1) / kPer;
    const Index blocks = (rows + kLanes - 1) / kLanes;
    const Index padded = blocks * kLanes;
    const Index dv = a.values.width;
    const Index tokenRows = (a.tokens + kTokenTile - 1) / kTokenTile * kTokenTile;
    thread_local Buffers buffers;
    Unit* keys = reserve(buffers.keys, blocks * units * kLanes);
    Unit* values = reserve(buffers.values, padded / kPer * dv);
    Unit* queries = reserve(buffers.queries, tokenRows * units);
    float* scores = reserve(buffers.scores, kTokenTile * padded);
    Unit* probs = kPer == 1 ? nullptr : reserve(buffers.probs, kTokenTile * padded / kPer);

    // Keys: 16 rows at a time copied whole into `block` (both parts, zero padding), turned into
    // units and transposed 16 units at a time.
    const Index blockWidth = (units + kLanes - 1) / kLanes * kLanes * kPer;
    float* block = reserve(buffers.block, kLanes * blockWidth);
    for (Index b = 0; b < blocks; ++b) {
        for (Index i = 0; i < kLanes; ++i) {
            float* row = block + i * blockWidth;
            const Index r = b * kLanes + i;
            for (const AttentionRows& part : a.keys)
                prefetchRow(part, r + kPrefetchRows, rows);
            Index c = 0;
            if (r < rows) {
                for (const AttentionRows& part : a.keys) {
                    std::copy_n(part.data + r * part.stride, part.width, row + c);
                    c += part.width;
                }
            }
            std::fill(row + c, row + blockWidth, 0.0F);
        }
        for (Index u0 = 0; u0 < units; u0 += kLanes) {
            __m512i unitRows[kLanes];
            for (Index i = 0; i < kLanes; ++i) {
                const float* row = block + i * blockWidth + u0 * kPer;
                unitRows[i] = M::consecutive(_mm512_load_ps(row), _mm512_load_ps(row + (kPer - 1) * kLanes));
            }
            transpose16x16(unitRows);
            for (Index j = 0; j < kLanes && u0 + j < units; ++j)
                _mm512_store_si512(keys + (b * units + u0 + j) * kLanes, unitRows[j]);
        }
    }
    // Values: unit row u holds rows u · kPer .. (zero past the last row).
    for (Index u = 0; u < padded / kPer; ++u) {
        const Index r = u * kPer;
        for (Index ahead = r + kPrefetchRows; ahead < r + kPrefetchRows + kPer; ++ahead)
            prefetchRow(a.values, ahead, rows);
        for (Index d = 0; d < dv; d += kLanes) {
            const __m512 first
                = r < rows ? _mm512_loadu_ps(a.values.data + r * a.values.stride + d) : _mm512_setzero_ps();
            const __m512 second = kPer == 1 || r + 1 >= rows
                ? _mm512_setzero_ps()
                : _mm512_loadu_ps(a.values.data + (r + 1) * a.values.stride + d);
            _mm512_store_si512(values + u * dv + d, M::units(first, second));
        }
    }
    // Queries times the scale, in units (rows past the last token zero).
    const __m512 scale = _mm512_set1_ps(a.scale);
    for (Index t = 0; t < tokenRows; ++t) {
        const float* q = a.queries.data + t * a.queries.stride;
        prefetchRow(a.queries, t + kPrefetchRows, a.tokens);
        for (Index u = 0; u < units; u += kLanes) {
            // 16 units: elements [u · kPer, (u + 16) · kPer), as kPer vectors of 16.
            __m512 part[2] = {_mm512_setzero_ps(), _mm512_setzero_ps()};
            for (Index h = 0; h < kPer && t < a.tokens; ++h) {
                const Index c = u * kPer + h * kLanes;
                if (c < width)
                    part[h] = _mm512_mul_ps(scale, _mm512_maskz_loadu_ps(firstLanes(width - c), q + c));
            }
            _mm512_mask_storeu_epi32(queries + t * units + u, firstLanes(units - u), M::consecutive(part[0], part[1]));
        }
    }

    for (Index t0 = 0; t0 < a.tokens; t0 += kTokenTile) {
        const Index tileTokens = std::min(kTokenTile, a.tokens - t0);
        // The key blocks the tile's last token sees.
        const Index seen = (a.start + t0 + tileTokens + kLanes - 1) / kLanes;
        const Unit* tileQueries = queries + t0 * units;
        Index b = 0;
        for (; b + 2 <= seen; b += 2)
            scoreTile<M, 2>(keys + b * units * kLanes, units, tileQueries, scores + b * kLanes, padded);
        if (b < seen)
            scoreTile<M, 1>(keys + b * units * kLanes, units, tileQueries, scores + b * kLanes, padded);
        const Index span = seen * kLanes;
        float inverse[kTokenTile];
        for (Index t = 0; t < tileTokens; ++t) {
            float* row = scores + t * padded;
            inverse[t] = softmaxNumerators(row, a.start + t0 + t + 1, span);
            if constexpr (kPer == 2) {
                Unit* out = probs + t * (padded / 2);
                Index i = 0;
                for (; i + 2 * kLanes <= span; i += 2 * kLanes)
                    _mm512_storeu_si512(out + i / 2,
                                        std::bit_cast<__m512i>(_mm512_cvtne2ps_pbh(_mm512_loadu_ps(row + i + kLanes),
                                                                                   _mm512_loadu_ps(row + i))));
                if (i < span)
                    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + i / 2),
                                        std::bit_cast<__m256i>(_mm512_cvtneps_pbh(_mm512_loadu_ps(row + i))));
            }
        }
        const Index probStride = padded / kPer;
        for (Index tv = 0; tv < tileTokens; tv += kValueTile) {
            const Index count = std::min(kValueTile, tileTokens - tv);
            float* out = a.out + (t0 + tv) * a.outStride;
            for (Index d0 = 0; d0 < dv; d0 += kValueCols * kLanes) {
                if constexpr (kPer == 1)
                    sumValues<M>(values, dv, scores + tv * probStride, probStride, inverse + tv, span, count, out,
                                 a.outStride, d0);
                else
                    sumValues<M>(values, dv, probs + tv * probStride, probStride, inverse + tv, span / 2, count, out,
                                 a.outStride, d0);
            }
        }
    }
}

} // namespace

void causalAttentionAvx512(const CausalAttention& a, bool bf16)
{
    if (bf16)
        attend<Bf16Math>(a);
    else
        attend<F32Math>(a);
}

} // namespace cairn::ops
