// SPDX-License-Identifier: MIT
// latentAttention with bfloat16 products (vdpbf16ps, twice the float rate), in one pass over the
// cached rows: a chunk of rows becomes pairs of consecutive bfloat16 once, every head scores it
// while it sits in L1, and its probabilities weight the same pairs at once, the softmax kept
// online (a running maximum per head rescales what was summed before it; Milakov & Gimelshein
// 2018). The value sums interleave rows s and s + 1 with vpunpck{l,h}wd, which leaves each
// 32-column group's sums in a lane order undone once at the end.
// Compiled with -mavx512f/bw/vl/bf16 (engine/ops/CMakeLists.txt); attention.cpp checks the CPU.

#include "engine/core/aligned_vector.h"
#include "engine/ops/attention_avx512.h"
#include "engine/ops/exp_avx512.h"
#include "engine/ops/lane_sums_avx512.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <immintrin.h>
#include <limits>
#include <vector>

namespace cairn::ops {

namespace {

using Index = std::int64_t;

constexpr Index kLanes = 16;    ///< floats per vector; bfloat16 pairs per vector
constexpr Index kChunk = 64;    ///< cached rows per step: four vectors of scores per head
constexpr Index kAhead = 32;    ///< rows between the one converted and the one prefetched
constexpr Index kHeadTile = 4;  ///< heads that weight the values together
constexpr Index kValueTile = 2; ///< value vectors (64 columns) per tile

constexpr auto idx = [](Index value) { return static_cast<std::size_t>(value); };

/// Elements [c, c + 32) of a cached row as 16 pairs of consecutive bfloat16.
inline __m512i consecutivePairs(const std::byte* row, DType type, Index c)
{
    const std::byte* at = row + 2 * c;
    if (type == DType::BF16)
        return _mm512_loadu_si512(at);
    const __m512 lo = _mm512_cvtph_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(at)));
    const __m512 hi = _mm512_cvtph_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(at + 32)));
    return std::bit_cast<__m512i>(_mm512_cvtne2ps_pbh(hi, lo));
}

inline __m512 dot(__m512 acc, __m512i a, __m512i b)
{
    return _mm512_dpbf16_ps(acc, std::bit_cast<__m512bh>(a), std::bit_cast<__m512bh>(b));
}

/// Cached rows to ask the memory for while computing: `count` rows of `bytes`, `stride` apart.
struct RowPrefetch {
    const std::byte* rows = nullptr;
    std::size_t stride = 0;
    Index count = 0;
    Index bytes = 0;
};

/// Scores of rows [0, n) (their pairs, `vectors` per row) for one head: out[r]. Row r of
/// `ahead` is prefetched with row r's score.
void scoreRowsOneHead(const __m512i* query, const __m512i* rows, Index vectors, Index n, float* out,
                      const RowPrefetch& ahead)
{
    for (Index r = 0; r < n; ++r) {
        if (r < ahead.count) {
            const auto* next = reinterpret_cast<const char*>(ahead.rows + idx(r) * ahead.stride);
            for (Index offset = 0; offset < ahead.bytes; offset += 64)
                _mm_prefetch(next + offset, _MM_HINT_T0);
        }
        __m512 acc = _mm512_setzero_ps();
        for (Index v = 0; v < vectors; ++v)
            acc = dot(acc, _mm512_load_si512(rows + r * vectors + v), _mm512_load_si512(query + v));
        out[r] = sumLanes1(acc);
    }
}

/// The same for 8 heads, whose query pairs follow each other `vectors` apart: out[h · kChunk + r].
/// Two rows at a time (16 chains of products: one row's 8 left the products' latency showing,
/// 15.1 -> 13.6 us for 8 heads over 576 rows with the rest of this change); each row's 8 sums go
/// to `byRow` [kChunk][8] as one vector and reach `out` eight rows at a time, transposed.
void scoreRowsEightHeads(const __m512i* queries, const __m512i* rows, Index vectors, Index n, float* byRow, float* out,
                         const RowPrefetch& ahead)
{
    Index r = 0;
    for (; r + 2 <= n; r += 2) {
        // Written out here: from a helper function GCC 12 dropped the prefetches.
        for (Index k = r; k < std::min(r + 2, ahead.count); ++k) {
            const auto* next = reinterpret_cast<const char*>(ahead.rows + idx(k) * ahead.stride);
            for (Index offset = 0; offset < ahead.bytes; offset += 64)
                _mm_prefetch(next + offset, _MM_HINT_T0);
        }
        __m512 first[8];
        __m512 second[8];
        for (int h = 0; h < 8; ++h) {
            first[h] = _mm512_setzero_ps();
            second[h] = _mm512_setzero_ps();
        }
        for (Index v = 0; v < vectors; ++v) {
            const __m512i k0 = _mm512_load_si512(rows + r * vectors + v);
            const __m512i k1 = _mm512_load_si512(rows + (r + 1) * vectors + v);
            for (int h = 0; h < 8; ++h) {
                const __m512i q = _mm512_load_si512(queries + h * vectors + v);
                first[h] = dot(first[h], k0, q);
                second[h] = dot(second[h], k1, q);
            }
        }
        sumLanes8(first, byRow + r * 8);
        sumLanes8(second, byRow + (r + 1) * 8);
    }
    if (r < n) {
        if (r < ahead.count) {
            const auto* next = reinterpret_cast<const char*>(ahead.rows + idx(r) * ahead.stride);
            for (Index offset = 0; offset < ahead.bytes; offset += 64)
                _mm_prefetch(next + offset, _MM_HINT_T0);
        }
        __m512 acc[8];
        for (int h = 0; h < 8; ++h)
            acc[h] = _mm512_setzero_ps();
        for (Index v = 0; v < vectors; ++v) {
            const __m512i k = _mm512_load_si512(rows + r * vectors + v);
            for (int h = 0; h < 8; ++h)
                acc[h] = dot(acc[h], k, _mm512_load_si512(queries + h * vectors + v));
        }
        sumLanes8(acc, byRow + r * 8);
    }
    // Rows past n in the last block of 8 hold what an earlier chunk left: the softmax masks them.
    for (Index block = 0; block < n; block += 8) {
        __m256 m[8];
        for (int k = 0; k < 8; ++k)
            m[k] = _mm256_load_ps(byRow + (block + k) * 8);
        transpose8x8(m);
        for (int h = 0; h < 8; ++h)
            _mm256_storeu_ps(out + h * kChunk + block, m[h]);
    }
}

/// Adds Σ_p probs[h][p] · (row 2p, row 2p + 1) to kHeads heads' sums of value vectors
/// [v0, v0 + kVectors), over `pairs` row pairs of the chunk. A value vector's sums are two float
/// vectors at out[h][32 v] (vpunpcklwd's columns) and out[h][32 v + 16] (vpunpckhwd's).
template <Index kHeads, Index kVectors>
void sumValues(const __m512i* rows, Index vectors, Index pairs, const std::uint32_t* probs, float* out, Index outStride,
               Index v0)
{
    constexpr auto kH = idx(kHeads);
    constexpr auto kV = idx(kVectors);
    auto at = [&](std::size_t h, std::size_t j) {
        return out + static_cast<Index>(h) * outStride + 2 * kLanes * v0 + static_cast<Index>(j) * kLanes;
    };
    __m512 acc[kH][2 * kV];
    for (std::size_t h = 0; h < kH; ++h)
        for (std::size_t j = 0; j < 2 * kV; ++j)
            acc[h][j] = _mm512_loadu_ps(at(h, j));
    for (Index p = 0; p < pairs; ++p) {
        const __m512i* first = rows + 2 * p * vectors + v0;
        const __m512i* second = first + vectors;
        __m512i both[2 * kV];
        for (std::size_t j = 0; j < kV; ++j) {
            const __m512i a = _mm512_load_si512(first + j);
            const __m512i b = _mm512_load_si512(second + j);
            both[2 * j] = _mm512_unpacklo_epi16(a, b);
            both[2 * j + 1] = _mm512_unpackhi_epi16(a, b);
        }
        for (std::size_t h = 0; h < kH; ++h) {
            const __m512i prob = _mm512_set1_epi32(static_cast<int>(probs[h * idx(kChunk / 2) + idx(p)]));
            for (std::size_t j = 0; j < 2 * kV; ++j)
                acc[h][j] = dot(acc[h][j], both[j], prob);
        }
    }
    for (std::size_t h = 0; h < kH; ++h)
        for (std::size_t j = 0; j < 2 * kV; ++j)
            _mm512_storeu_ps(at(h, j), acc[h][j]);
}

template <Index kHeads>
void sumValueVectors(const __m512i* rows, Index vectors, Index valueVectors, Index pairs, const std::uint32_t* probs,
                     float* out, Index outStride)
{
    Index v = 0;
    for (; v + kValueTile <= valueVectors; v += kValueTile)
        sumValues<kHeads, kValueTile>(rows, vectors, pairs, probs, out, outStride, v);
    for (; v < valueVectors; ++v)
        sumValues<kHeads, 1>(rows, vectors, pairs, probs, out, outStride, v);
}

/// One head's step of the online softmax over a chunk's `n` scores: the running maximum and sum
/// move on, the sums so far (`values` floats at `out`) are rescaled when the maximum grows, and
/// the chunk's numerators go to `probs` as bfloat16 pairs (zeros past n).
void softmaxStep(const float* scores, Index n, float& maximum, double& sum, float* out, Index values,
                 std::uint32_t* probs)
{
    constexpr Index kVectors = kChunk / kLanes;
    const __m512 none = _mm512_set1_ps(-std::numeric_limits<float>::infinity());
    __m512 s[kVectors];
    __mmask16 valid[kVectors];
    __m512 top = none;
    for (Index v = 0; v < kVectors; ++v) {
        const Index left = std::clamp<Index>(n - v * kLanes, 0, kLanes);
        valid[v] = static_cast<__mmask16>((1U << left) - 1U);
        s[v] = _mm512_mask_loadu_ps(none, valid[v], scores + v * kLanes);
        top = _mm512_max_ps(top, s[v]);
    }
    const float chunkTop = std::max(maximum, _mm512_reduce_max_ps(top));
    if (chunkTop > maximum) {
        // e^-inf = 0: the first chunk scales the zeros it starts from.
        const float factor = maximum == -std::numeric_limits<float>::infinity() ? 0.0F : std::exp(maximum - chunkTop);
        const __m512 f = _mm512_set1_ps(factor);
        for (Index c = 0; c < values; c += kLanes)
            _mm512_storeu_ps(out + c, _mm512_mul_ps(_mm512_loadu_ps(out + c), f));
        sum *= static_cast<double>(factor);
        maximum = chunkTop;
    }
    const __m512 shift = _mm512_set1_ps(maximum);
    __m512 total = _mm512_setzero_ps();
    for (Index v = 0; v < kVectors; v += 2) {
        const __m512 e0 = _mm512_maskz_mov_ps(valid[v], expAvx512(_mm512_sub_ps(s[v], shift)));
        const __m512 e1 = _mm512_maskz_mov_ps(valid[v + 1], expAvx512(_mm512_sub_ps(s[v + 1], shift)));
        total = _mm512_add_ps(total, _mm512_add_ps(e0, e1));
        _mm512_storeu_si512(probs + v * kLanes / 2, std::bit_cast<__m512i>(_mm512_cvtne2ps_pbh(e1, e0)));
    }
    sum += static_cast<double>(_mm512_reduce_add_ps(total));
}

/// Rows [s0, s0 + n) as bfloat16 pairs in `chunk` (n < kChunk odd: a zero row after them). The
/// first chunk's rows are asked for kAhead rows ahead of their conversion: the cache is cold
/// (decoding streams the weights of every layer between two visits). Later chunks were asked for
/// while the one before was scored; asking again here was 24.3-24.9 against 22.9-23.5 us for 8
/// heads over 576 cold rows, two threads.
const __m512i* copyChunk(const LatentAttention& a, Index s0, Index n, Index vectors, __m512i* chunk)
{
    for (Index r = 0; r < n; ++r) {
        const std::byte* row = a.rows + idx(s0 + r) * a.rowStride;
        const Index ahead = s0 + r + kAhead;
        if (s0 == 0 && ahead < a.count) {
            const auto* next = reinterpret_cast<const char*>(a.rows + idx(ahead) * a.rowStride);
            for (Index offset = 0; offset < 2 * a.width; offset += 64)
                _mm_prefetch(next + offset, _MM_HINT_T0);
        }
        for (Index v = 0; v < vectors; ++v)
            chunk[r * vectors + v] = consecutivePairs(row, a.rowType, 2 * kLanes * v);
    }
    if (n % 2 != 0)
        std::fill_n(chunk + n * vectors, vectors, _mm512_setzero_si512()); // the last pair's second row
    return chunk;
}

/// The calling thread's buffers, kept between calls (they only grow).
struct Buffers {
    AlignedVector<std::uint32_t> queries; ///< [heads][width / 2] pairs, scale applied
    AlignedVector<std::uint32_t> rows;    ///< the chunk's rows: [kChunk][width / 2] pairs
    AlignedVector<float> scores;          ///< [heads][kChunk]
    AlignedVector<float> byRow;           ///< [kChunk][8]: eight heads' scores row by row
    AlignedVector<std::uint32_t> probs;   ///< [heads][kChunk / 2] probability pairs
    AlignedVector<float> maximum;         ///< [heads] running maximum score
    std::vector<double> sum;              ///< [heads] running Σ e^(score - maximum)
};

template <class T> T* reserve(AlignedVector<T>& v, Index n)
{
    if (v.size() < idx(n))
        v.resize(idx(n));
    return v.data();
}

/// `n` vectors of 16 pairs (__m512i may alias any type).
__m512i* reserveVectors(AlignedVector<std::uint32_t>& v, Index n)
{
    return reinterpret_cast<__m512i*>(reserve(v, n * kLanes));
}

} // namespace

void latentAttentionBf16(const LatentAttention& a)
{
    const Index vectors = a.width / (2 * kLanes);
    const Index valueVectors = a.valueWidth / (2 * kLanes);
    thread_local Buffers buffers;
    __m512i* queries = reserveVectors(buffers.queries, a.heads * vectors);
    __m512i* chunk = reserveVectors(buffers.rows, kChunk * vectors);
    float* scores = reserve(buffers.scores, a.heads * kChunk);
    float* byRow = reserve(buffers.byRow, kChunk * 8);
    std::uint32_t* probs = reserve(buffers.probs, a.heads * kChunk / 2);
    float* maximum = reserve(buffers.maximum, a.heads);
    buffers.sum.assign(idx(a.heads), 0.0);
    std::fill_n(maximum, a.heads, -std::numeric_limits<float>::infinity());
    std::fill_n(a.out, a.heads * a.valueWidth, 0.0F);

    const __m512 scale = _mm512_set1_ps(a.scale);
    for (Index h = 0; h < a.heads; ++h) {
        const float* q = a.queries + h * a.queryStride;
        for (Index v = 0; v < vectors; ++v) {
            const __m512 lo = _mm512_mul_ps(scale, _mm512_loadu_ps(q + 2 * kLanes * v));
            const __m512 hi = _mm512_mul_ps(scale, _mm512_loadu_ps(q + 2 * kLanes * v + kLanes));
            queries[h * vectors + v] = std::bit_cast<__m512i>(_mm512_cvtne2ps_pbh(hi, lo));
        }
    }

    // A bfloat16 cache's rows already are the pairs the products read: on 64-byte boundaries
    // and back to back, a chunk is scored and summed where it lies (the conversion into the
    // chunk buffer took 3.5 of 19 us for 8 heads over 576 rows). An odd last chunk is copied:
    // its last pair needs a zero row after it.
    const bool inPlace = a.rowType == DType::BF16 && a.rowStride == idx(vectors) * sizeof(__m512i)
        && reinterpret_cast<std::uintptr_t>(a.rows) % sizeof(__m512i) == 0;
    for (Index s0 = 0; s0 < a.count; s0 += kChunk) {
        const Index n = std::min(kChunk, a.count - s0);
        const __m512i* rows = inPlace && n % 2 == 0 ? reinterpret_cast<const __m512i*>(a.rows + idx(s0) * a.rowStride)
                                                    : copyChunk(a, s0, n, vectors, chunk);
        if (rows != chunk && s0 == 0) {
            // Cold, as in copyChunk; nothing converts them, so all are asked for at once.
            for (Index offset = 0; offset < n * 2 * a.width; offset += 64)
                _mm_prefetch(reinterpret_cast<const char*>(rows) + offset, _MM_HINT_T0);
        }
        // The next chunk's rows are asked for while this one is scored, a row per row: spread
        // out, the requests keep the memory busy through the arithmetic (8 heads over 576 cold
        // rows, two threads: 27.2-28.0 -> 24.6-25.5 us).
        RowPrefetch ahead;
        if (s0 + kChunk < a.count) {
            ahead.rows = a.rows + idx(s0 + kChunk) * a.rowStride;
            ahead.stride = a.rowStride;
            ahead.count = std::min(kChunk, a.count - s0 - kChunk);
            ahead.bytes = 2 * a.width;
        }
        Index h = 0;
        for (; h + 8 <= a.heads; h += 8, ahead = {})
            scoreRowsEightHeads(queries + h * vectors, rows, vectors, n, byRow, scores + h * kChunk, ahead);
        for (; h < a.heads; ++h, ahead = {})
            scoreRowsOneHead(queries + h * vectors, rows, vectors, n, scores + h * kChunk, ahead);
        for (h = 0; h < a.heads; ++h)
            softmaxStep(scores + h * kChunk, n, maximum[h], buffers.sum[idx(h)], a.out + h * a.valueWidth, a.valueWidth,
                        probs + h * kChunk / 2);
        const Index pairs = (n + 1) / 2;
        for (h = 0; h + kHeadTile <= a.heads; h += kHeadTile)
            sumValueVectors<kHeadTile>(rows, vectors, valueVectors, pairs, probs + h * kChunk / 2,
                                       a.out + h * a.valueWidth, a.valueWidth);
        for (; h < a.heads; ++h)
            sumValueVectors<1>(rows, vectors, valueVectors, pairs, probs + h * kChunk / 2, a.out + h * a.valueWidth,
                               a.valueWidth);
    }

    // Columns back in order and divided by the sum. In a 32-column group, vpunpcklwd summed
    // columns 8 k + j (j < 4) in lane 4 k + j of the first vector, vpunpckhwd columns 8 k + 4 + j
    // in lane 4 k + j of the second.
    const __m512i firstHalf = _mm512_set_epi32(23, 22, 21, 20, 7, 6, 5, 4, 19, 18, 17, 16, 3, 2, 1, 0);
    const __m512i secondHalf = _mm512_set_epi32(31, 30, 29, 28, 15, 14, 13, 12, 27, 26, 25, 24, 11, 10, 9, 8);
    for (Index h = 0; h < a.heads; ++h) {
        const __m512 inverse = _mm512_set1_ps(static_cast<float>(1.0 / buffers.sum[idx(h)]));
        for (Index c = 0; c < a.valueWidth; c += 2 * kLanes) {
            float* out = a.out + h * a.valueWidth + c;
            const __m512 lo = _mm512_loadu_ps(out);
            const __m512 hi = _mm512_loadu_ps(out + kLanes);
            _mm512_storeu_ps(out, _mm512_mul_ps(_mm512_permutex2var_ps(lo, firstHalf, hi), inverse));
            _mm512_storeu_ps(out + kLanes, _mm512_mul_ps(_mm512_permutex2var_ps(lo, secondHalf, hi), inverse));
        }
    }
}

} // namespace cairn::ops
