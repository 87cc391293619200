// SPDX-License-Identifier: MIT
// causalAttention on AVX-512: keys, values and queries are packed once per call into 32-bit
// units (a float, or a pair of bfloat16 that vdpbf16ps multiplies at once), then each tile of 8
// query tokens is scored against the key blocks it can see, softmaxed and summed over the values.
// Compiled with -mavx512f/bw/vl/bf16 (engine/ops/CMakeLists.txt); attention.cpp checks the CPU.

#include "engine/ops/attention_avx512.h"

#include "engine/core/aligned_vector.h"
#include "engine/ops/exp_avx512.h"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <immintrin.h>
#include <limits>

namespace cairn::ops {

namespace {

using Index = std::int64_t;
using Unit = std::uint32_t;

constexpr Index kLanes = 16;    ///< keys per score block; value columns per vector
constexpr Index kTokenTile = 8; ///< query tokens scored together
constexpr Index kValueTile = 4; ///< query tokens summed over the values together
constexpr Index kValueCols = 4; ///< value vectors (64 columns) per P · V tile

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
};

/// Buffers of the calling thread, kept between calls (they only grow).
struct Buffers {
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

/// Column `c` of key rows [row0, row0 + 16) (zero where `valid` is not set or past the width).
__m512 keyColumn(const CausalAttention& a, const __m512i* laneOffsets, Index row0, __mmask16 valid, Index c)
{
    const Index first = a.keys[0].width;
    if (c >= first + a.keys[1].width)
        return _mm512_setzero_ps();
    const int part = c < first ? 0 : 1;
    const AttentionRows& rows = a.keys[part];
    const float* base = rows.data + row0 * rows.stride + (c - (part == 0 ? 0 : first));
    // Without optimisation GCC 12's gather is a macro that passes the mask as a signed short.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wsign-conversion"
    return _mm512_mask_i32gather_ps(_mm512_setzero_ps(), valid, laneOffsets[part], base, 4);
#pragma GCC diagnostic pop
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
void valueTile(const Unit* values, Index width, const P* probs, Index probStride, Index units, Index tokens, float* out,
               Index outStride, Index d0)
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
            _mm512_storeu_ps(out + t * outStride + d0 + static_cast<Index>(j) * kLanes, acc[t][j]);
}

/// valueTile for the up to kValueCols value vectors from column d0 on.
template <class M, class P>
void sumValues(const Unit* values, Index width, const P* probs, Index probStride, Index units, Index tokens, float* out,
               Index outStride, Index d0)
{
    switch (std::min(kValueCols, (width - d0) / kLanes)) {
    case 4:
        valueTile<M, 4>(values, width, probs, probStride, units, tokens, out, outStride, d0);
        break;
    case 3:
        valueTile<M, 3>(values, width, probs, probStride, units, tokens, out, outStride, d0);
        break;
    case 2:
        valueTile<M, 2>(values, width, probs, probStride, units, tokens, out, outStride, d0);
        break;
    default:
        valueTile<M, 1>(values, width, probs, probStride, units, tokens, out, outStride, d0);
        break;
    }
}

/// Softmax of row[0, visible) in place, zeros in [visible, padded); the sum in double as
/// softmaxAvx512 keeps it.
void softmaxRow(float* row, Index visible, Index padded)
{
    __m512 top = _mm512_set1_ps(-std::numeric_limits<float>::infinity());
    for (Index i = 0; i < visible; i += kLanes)
        top = _mm512_max_ps(top, _mm512_mask_loadu_ps(top, firstLanes(visible - i), row + i));
    const __m512 shift = _mm512_set1_ps(_mm512_reduce_max_ps(top));
    __m512d sumLo = _mm512_setzero_pd();
    __m512d sumHi = _mm512_setzero_pd();
    for (Index i = 0; i < visible; i += kLanes) {
        const __mmask16 mask = firstLanes(visible - i);
        const __m512 e = _mm512_maskz_mov_ps(mask, expAvx512(_mm512_sub_ps(_mm512_loadu_ps(row + i), shift)));
        _mm512_storeu_ps(row + i, e);
        sumLo = _mm512_add_pd(sumLo, _mm512_cvtps_pd(_mm512_castps512_ps256(e)));
        sumHi = _mm512_add_pd(sumHi, _mm512_cvtps_pd(_mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(e), 1))));
    }
    const __m512 inverse = _mm512_set1_ps(static_cast<float>(1.0 / _mm512_reduce_add_pd(_mm512_add_pd(sumLo, sumHi))));
    const Index covered = (visible + kLanes - 1) / kLanes * kLanes;
    for (Index i = 0; i < covered; i += kLanes)
        _mm512_storeu_ps(row + i, _mm512_mul_ps(_mm512_loadu_ps(row + i), inverse));
    for (Index i = covered; i < padded; i += kLanes)
        _mm512_storeu_ps(row + i, _mm512_setzero_ps());
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

    // Keys: 16 rows at a time, each unit's column gathered from the rows.
    const __m512i lane = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    const __m512i laneOffsets[2] = {_mm512_mullo_epi32(lane, _mm512_set1_epi32(static_cast<int>(a.keys[0].stride))),
                                    _mm512_mullo_epi32(lane, _mm512_set1_epi32(static_cast<int>(a.keys[1].stride)))};
    for (Index b = 0; b < blocks; ++b) {
        const __mmask16 valid = firstLanes(rows - b * kLanes);
        for (Index u = 0; u < units; ++u) {
            const __m512 first = keyColumn(a, laneOffsets, b * kLanes, valid, u * kPer);
            const __m512 second = kPer == 1 ? first : keyColumn(a, laneOffsets, b * kLanes, valid, u * kPer + 1);
            _mm512_store_si512(keys + (b * units + u) * kLanes, M::units(first, second));
        }
    }
    // Values: unit row u holds rows u · kPer .. (zero past the last row).
    for (Index u = 0; u < padded / kPer; ++u) {
        const Index r = u * kPer;
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
        for (Index u = 0; u < units; u += kLanes) {
            // 16 units: elements [u · kPer, (u + 16) · kPer), as kPer vectors of 16.
            __m512 part[2] = {_mm512_setzero_ps(), _mm512_setzero_ps()};
            for (Index h = 0; h < kPer && t < a.tokens; ++h) {
                const Index c = u * kPer + h * kLanes;
                if (c < width)
                    part[h] = _mm512_mul_ps(scale, _mm512_maskz_loadu_ps(firstLanes(width - c), q + c));
            }
            __m512i packed = _mm512_castps_si512(part[0]);
            if constexpr (kPer == 2) {
                // Elements in order: bfloat16 2i and 2i + 1 form unit i.
                packed = std::bit_cast<__m512i>(_mm512_cvtne2ps_pbh(part[1], part[0]));
            }
            _mm512_mask_storeu_epi32(queries + t * units + u, firstLanes(units - u), packed);
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
        for (Index t = 0; t < tileTokens; ++t) {
            float* row = scores + t * padded;
            softmaxRow(row, a.start + t0 + t + 1, span);
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
                    sumValues<M>(values, dv, scores + tv * probStride, probStride, span, count, out, a.outStride, d0);
                else
                    sumValues<M>(values, dv, probs + tv * probStride, probStride, span / 2, count, out, a.outStride,
                                 d0);
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
