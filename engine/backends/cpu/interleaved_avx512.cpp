// SPDX-License-Identifier: MIT
// AVX-512 VNNI kernels for weights re-laid out at load in groups of 16 interleaved rows: one
// 64-byte load holds 4 columns of all 16 rows, so a broadcast activation group feeds vpdpbusd for
// the 16 rows at once. Decoding needs no horizontal sums (twice the in-cache speed of the row
// layout) and prefill no per-call weight repacking.

#include "engine/backends/cpu/panel_activations_avx512.h"

namespace cairn::cpu {
namespace { // NOLINT(google-build-namespaces,cert-dcl59-cpp)

// Q8_0, per group of 16 rows and per 32-column block, 544 bytes (16 GGUF blocks' worth):
// codes[8][16][4], the unsigned codes (q + 128) of 4 columns of each row, and the 16 rows'
// binary16 scales. Blocks go in pairs, [codes 0][codes 1][scales 0][scales 1] (a lone last block
// [codes][scales]), so that every 64-byte code load sits on one cache line (544-byte blocks one
// after the other split every other block's loads; the prefill measured the same within its
// noise), and scales next to their codes keep a group one sequential stream (scales after all the
// codes: decoding from memory 15-20 % slower).
constexpr std::size_t kQ8Groups = 8;      ///< 4-column groups per block
constexpr std::size_t kQ8Codes = 512;     ///< code bytes per block
constexpr std::size_t kQ8Block = 544;     ///< interleaved bytes per block
constexpr std::size_t kAheadBytes = 2048; ///< how far ahead the decode kernel prefetches its stream

// The prefill kernels take up to kPassTokens tokens per pass over the weights and pack the
// activations of kBlockSlices slices at once, so that a pair of row groups runs through all of
// them while its outputs stay in cache: slice by slice, a dense 2816 x 1024 product re-read and
// re-wrote its 5.8 MB of outputs (512 tokens) at every slice and ran at half the speed.
constexpr int kPassTokens = 256;
constexpr int kBlockSlices = 4;
static_assert(kPassTokens <= kTokenChunk);

/// Where block `b` of `blocks` keeps its codes and its scales, from the group's start.
struct BlockAt {
    std::size_t codes;
    std::size_t scales;
};

BlockAt q8BlockAt(std::size_t b, std::size_t blocks)
{
    const std::size_t pair = b / 2 * 2 * kQ8Block;
    const std::size_t inPair = b % 2;
    const std::size_t width = b / 2 * 2 + 1 < blocks ? 2 : 1;
    return {pair + inPair * kQ8Codes, pair + width * kQ8Codes + inPair * 32};
}

using ActQ8_0 = ActPolicy<128, false>;

/// Two blocks (b, b + 1) of 16 rows at a time: their 64 code bytes per row, as 16 words of 4
/// columns, transposed so that word k of all 16 rows is one 64-byte line. A lone last block
/// goes through the same transpose with its half of the words unused.
void interleaveQ8_0(const std::uint8_t* src, std::size_t rowStride, std::int64_t rows, std::int64_t cols,
                    std::uint8_t* dst)
{
    const auto blocks = static_cast<std::size_t>(cols / 32);
    const __m512i flip = _mm512_set1_epi8(static_cast<char>(0x80));
    for (std::int64_t g = 0; g < rows / kInterleaveRows; ++g) {
        std::uint8_t* group = dst + static_cast<std::size_t>(g) * blocks * kQ8Block;
        const std::uint8_t* first = src + static_cast<std::size_t>(g) * kInterleaveRows * rowStride;
        for (std::size_t b = 0; b < blocks; b += 2) {
            const bool pair = b + 1 < blocks;
            __m512i words[kInterleaveRows];
            for (std::size_t r = 0; r < kInterleaveRows; ++r) {
                const std::uint8_t* block = first + r * rowStride + b * sizeof(BlockQ8_0);
                const __m256i high = pair ? loadu256(block + sizeof(BlockQ8_0) + 2) : _mm256_setzero_si256();
                words[r] = _mm512_xor_si512(Avx512::fromHalves(loadu256(block + 2), high), flip);
            }
            transpose16x16(words);
            for (std::size_t half = 0; half < (pair ? 2U : 1U); ++half) {
                const BlockAt at = q8BlockAt(b + half, blocks);
                for (std::size_t k = 0; k < kQ8Groups; ++k)
                    _mm512_storeu_si512(group + at.codes + 64 * k, words[8 * half + k]);
                for (std::size_t r = 0; r < kInterleaveRows; ++r)
                    std::memcpy(group + at.scales + 2 * r, first + r * rowStride + (b + half) * sizeof(BlockQ8_0), 2);
            }
        }
    }
}

void dequantizeInterleavedQ8_0(const std::uint8_t* w, std::int64_t cols, std::int64_t row, float* out)
{
    const auto blocks = static_cast<std::size_t>(cols / 32);
    const std::uint8_t* group = w + static_cast<std::size_t>(row / kInterleaveRows) * blocks * kQ8Block;
    const auto r = static_cast<std::size_t>(row % kInterleaveRows);
    for (std::size_t b = 0; b < blocks; ++b) {
        const BlockAt at = q8BlockAt(b, blocks);
        const float scale = halfAt(group + at.scales + 2 * r);
        for (std::size_t c = 0; c < 32; ++c) {
            const int code = group[at.codes + 64 * (c / 4) + 4 * r + c % 4] - 128;
            out[32 * b + c] = static_cast<float>(code) * scale;
        }
    }
}

__m512 halves16(const std::uint8_t* p)
{
    return _mm512_cvtph_ps(loadu256(p));
}

/// One token: each group of 16 rows streams once, its blocks summed straight into 16 lanes.
void decodeInterleavedQ8_0(const PanelArgs& p)
{
    const auto blocks = static_cast<std::size_t>(p.cols / 32);
    thread_local std::vector<std::int32_t> bias;
    thread_local std::vector<float> scale;
    bias.resize(blocks);
    scale.resize(blocks);
    for (std::size_t b = 0; b < blocks; ++b) {
        const std::uint8_t* block = p.act + b * sizeof(BlockQ8_0);
        bias[b] = -ActQ8_0::kOffset * sumBytes32(block + 2);
        scale[b] = halfAt(block);
    }
    const std::size_t groupBytes = blocks * kQ8Block;
    for (std::int64_t g = 0; g < p.rows / kInterleaveRows; ++g) {
        const std::uint8_t* w = p.w + static_cast<std::size_t>(g) * groupBytes;
        __m512 acc = _mm512_setzero_ps();
        for (std::size_t b = 0; b < blocks; ++b) {
            const BlockAt at = q8BlockAt(b, blocks);
            for (std::size_t line = 0; line < kQ8Block; line += 64)
                _mm_prefetch(reinterpret_cast<const char*>(w + b * kQ8Block + kAheadBytes + line), _MM_HINT_T0);
            const auto* x = reinterpret_cast<const std::int8_t*>(p.act + b * sizeof(BlockQ8_0) + 2);
            __m512i sum = _mm512_set1_epi32(bias[b]);
            for (std::size_t k = 0; k < kQ8Groups; ++k)
                sum = _mm512_dpbusd_epi32(sum, _mm512_loadu_si512(w + at.codes + 64 * k),
                                          _mm512_set1_epi32(load32(x + 4 * k)));
            const __m512 scales = _mm512_mul_ps(halves16(w + at.scales), _mm512_set1_ps(scale[b]));
            acc = _mm512_fmadd_ps(_mm512_cvtepi32_ps(sum), scales, acc);
        }
        _mm512_storeu_ps(p.y + g * kInterleaveRows, acc);
    }
}

/// One token's 32 activation codes at `x` against 32 columns of two groups of 16 rows (`wv0`,
/// `wv1`: eight vectors of 4 columns each), from `init`: the int32 sums per row. Two chains per
/// group of rows: eight dependent vpdpbusd were latency-bound.
void dotBlock(const __m512i (&wv0)[8], const __m512i (&wv1)[8], const std::int8_t* x, __m512i init, __m512i& sum0,
              __m512i& sum1)
{
    sum0 = init;
    sum1 = init;
    __m512i odd0 = _mm512_setzero_si512();
    __m512i odd1 = odd0;
    for (std::size_t k = 0; k < 8; k += 2) {
        const __m512i xv = _mm512_set1_epi32(load32(x + 4 * k));
        const __m512i xw = _mm512_set1_epi32(load32(x + 4 * k + 4));
        sum0 = _mm512_dpbusd_epi32(sum0, wv0[k], xv);
        sum1 = _mm512_dpbusd_epi32(sum1, wv1[k], xv);
        odd0 = _mm512_dpbusd_epi32(odd0, wv0[k + 1], xw);
        odd1 = _mm512_dpbusd_epi32(odd1, wv1[k + 1], xw);
    }
    sum0 = _mm512_add_epi32(sum0, odd0);
    sum1 = _mm512_add_epi32(sum1, odd1);
}

/// The weights a prefill micro-kernel call fetches into the cache for the next one: the same
/// blocks of two other groups of rows (none where w0 is null).
struct Ahead {
    const std::uint8_t* w0 = nullptr;
    const std::uint8_t* w1 = nullptr;
    std::size_t first = 0; ///< their first Q8_0 block (Q4_K's point at their super-block)
    int every = 1;         ///< the tiles that share the fetching (aheadTiles); tile `phase` takes its share
    int phase = 0;         ///< (Q8_0: the blocks b with b % every == phase; Q4_K: a range of lines)
};

/// A pair of row groups at one slice: the unit of work of the prefill kernels.
struct Unit {
    std::int64_t group = -1; ///< the pair's first group; -1 for none
    std::int64_t slice = 0;
};

/// The unit after pair g at `slice`, in the prefill's order: each pair runs through the slices
/// [blockFirst, blockEnd) packed together, then the next pair, then the next block of slices.
Unit nextUnit(std::int64_t g, std::int64_t slice, std::int64_t blockFirst, std::int64_t blockEnd, std::int64_t groups,
              std::int64_t slices)
{
    if (slice + 1 < blockEnd)
        return {g, slice + 1};
    if (g + 2 < groups)
        return {g + 2, blockFirst};
    if (blockEnd < slices)
        return {0, blockEnd};
    return {};
}

/// What the token tiles fetch for `next`: its two groups, each from at(group, slice) (Q4_K: the
/// group's super-block; Q8_0: the group's start, the slice found from its first block `first`).
template <class At> Ahead aheadAt(Unit next, std::int64_t groups, std::size_t first, const At& at)
{
    if (next.group < 0)
        return {};
    const std::uint8_t* w0 = at(next.group, next.slice);
    return {w0, next.group + 1 < groups ? at(next.group + 1, next.slice) : w0, first};
}

/// The next pair is fetched a share at a time by the first half of a pair's token tiles: all of
/// it in the first tile asked for ~9 KB at once and the tile waited; spread over every tile, the
/// last shares came too late for pairs of few tokens. Cold 256 x 1024 (and 1024 x 256) Q8_0
/// products, one thread: 48 tokens 292 -> 308 (342 -> 362) GMAC/s, 16 tokens 265 -> 275 (304 -> 329).
int aheadTiles(int tokens, int tileTokens)
{
    return std::max(1, (tokens + tileTokens - 1) / tileTokens / 2);
}

void prefetchQ8Block(const std::uint8_t* group, BlockAt at)
{
    for (std::size_t line = 0; line < kQ8Codes; line += 64)
        _mm_prefetch(reinterpret_cast<const char*>(group + at.codes + line), _MM_HINT_T0);
    _mm_prefetch(reinterpret_cast<const char*>(group + at.scales), _MM_HINT_T0);
}

/// 32 rows (two groups, `w0` and `w1`, of `groupBlocks` blocks) x NT tokens over the `blocks`
/// blocks of one slice from block `first` on; each broadcast activation group feeds two vpdpbusd.
template <int NT>
void microInterleavedQ8_0(const std::uint8_t* w0, const std::uint8_t* w1, std::size_t first, std::size_t groupBlocks,
                          const ActSlice& a, int t0, int blocks, float* y, std::int64_t yStride, int rows,
                          bool accumulate, const Ahead& ahead)
{
    constexpr auto kN = static_cast<std::size_t>(NT);
    __m512 acc0[kN];
    __m512 acc1[kN];
    for (std::size_t t = 0; t < kN; ++t) {
        acc0[t] = _mm512_setzero_ps();
        acc1[t] = _mm512_setzero_ps();
    }
    for (int b = 0; b < blocks; ++b) {
        const BlockAt at = q8BlockAt(first + static_cast<std::size_t>(b), groupBlocks);
        if (ahead.w0 != nullptr && b % ahead.every == ahead.phase
            && ahead.first + static_cast<std::size_t>(b) < groupBlocks) {
            const BlockAt next = q8BlockAt(ahead.first + static_cast<std::size_t>(b), groupBlocks);
            prefetchQ8Block(ahead.w0, next);
            prefetchQ8Block(ahead.w1, next);
        }
        __m512i wv0[kQ8Groups];
        __m512i wv1[kQ8Groups];
        for (std::size_t k = 0; k < kQ8Groups; ++k) {
            wv0[k] = _mm512_loadu_si512(w0 + at.codes + 64 * k);
            wv1[k] = _mm512_loadu_si512(w1 + at.codes + 64 * k);
        }
        const __m512 ws0 = halves16(w0 + at.scales);
        const __m512 ws1 = halves16(w1 + at.scales);
        for (std::size_t t = 0; t < kN; ++t) {
            const std::size_t token = static_cast<std::size_t>(t0) + t;
            const std::int8_t* x = a.codes[token] + 32 * b;
            __m512i sum0;
            __m512i sum1;
            dotBlock(wv0, wv1, x, _mm512_set1_epi32(a.bias[token][b]), sum0, sum1);
            const __m512 as = _mm512_set1_ps(a.scale[token][b]);
            acc0[t] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(sum0), _mm512_mul_ps(ws0, as), acc0[t]);
            acc1[t] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(sum1), _mm512_mul_ps(ws1, as), acc1[t]);
        }
    }
    for (std::size_t t = 0; t < kN; ++t) {
        float* out = y + static_cast<std::int64_t>(t) * yStride;
        Avx512::storeRows(out, acc0[t], rows, accumulate);
        Avx512::storeRows(out + kPanelRows, acc1[t], rows - kPanelRows, accumulate);
    }
}

/// Several tokens: activations repacked per slice and chunk of tokens (as the row-layout panels
/// do), weights read in place.
void prefillInterleavedQ8_0(const PanelArgs& p)
{
    constexpr int kTokens = 4; // 16 weight registers + 8 accumulators
    ActSlice* const act = threadBuffer<ActSlice>(kBlockSlices * sizeof(ActSlice));
    const auto groupBlocks = static_cast<std::size_t>(p.cols / 32);
    const std::size_t groupBytes = groupBlocks * kQ8Block;
    const std::int64_t groups = p.rows / kPanelRows;
    const std::int64_t slices = (p.cols + kSliceCols - 1) / kSliceCols;
    auto groupAt = [&](std::int64_t g, std::int64_t) { return p.w + static_cast<std::size_t>(g) * groupBytes; };
    for (std::int64_t tc = 0; tc < p.tokens; tc += kPassTokens) {
        const int chunk = minInt(kPassTokens, p.tokens - tc);
        const std::uint8_t* x = p.act + static_cast<std::size_t>(tc) * p.actStride;
        for (std::int64_t s0 = 0; s0 < slices; s0 += kBlockSlices) {
            const std::int64_t s1 = std::min(slices, s0 + kBlockSlices);
            for (std::int64_t s = s0; s < s1; ++s) {
                const std::int64_t k0 = s * kSliceCols;
                packActivations<ActQ8_0>(x, p.actStride, chunk, k0, minInt(kSliceCols, p.cols - k0), DType::Q8_0,
                                         act[s - s0]);
            }
            for (std::int64_t g = 0; g < groups; g += 2) {
                const int rows = minInt(2 * kPanelRows, static_cast<int>((groups - g) * kPanelRows));
                const std::uint8_t* w0 = groupAt(g, 0);
                // A lone last group is computed twice and stored once.
                const std::uint8_t* w1 = rows > kPanelRows ? w0 + groupBytes : w0;
                for (std::int64_t s = s0; s < s1; ++s) {
                    const std::int64_t k0 = s * kSliceCols;
                    const auto first = static_cast<std::size_t>(k0 / 32);
                    // The token tiles fetch what the next unit reads: streamed weights were 35 %
                    // slower than cached ones on an expert's 256 x 1024 x 48 product, the
                    // hardware prefetcher alone lagging.
                    const Unit next = nextUnit(g, s, s0, s1, groups, slices);
                    Ahead ahead
                        = aheadAt(next, groups, static_cast<std::size_t>(next.slice * kSliceCols / 32), groupAt);
                    ahead.every = aheadTiles(chunk, kTokens);
                    for (int t0 = 0; t0 < chunk; t0 += kTokens) {
                        ahead.phase = t0 / kTokens;
                        forTokenTile<kTokens>(minInt(kTokens, chunk - t0), [&]<int N>() {
                            microInterleavedQ8_0<N>(
                                w0, w1, first, groupBlocks, act[s - s0], t0, minInt(kSliceCols, p.cols - k0) / 32,
                                p.y + (tc + t0) * p.yStride + g * kPanelRows, p.yStride, rows, k0 > 0, ahead);
                        });
                    }
                }
            }
        }
    }
}

void matmulInterleavedQ8_0(const PanelArgs& p)
{
    if (p.tokens == 1)
        decodeInterleavedQ8_0(p);
    else
        prefillInterleavedQ8_0(p);
}

// Q4_K, per group of 16 rows and per 256-column super-block, 2304 bytes (16 GGUF blocks' worth):
// 32 lines of codes, line j holding columns 8j .. 8j + 3 of the 16 rows in its low nibbles and
// columns 8j + 4 .. 8j + 7 in its high ones ([row][4 columns] each), then the rows' d and dmin
// (binary16, 16 each) and their 12 packed scale bytes, byte k of every row together ([12][16]).
constexpr std::size_t kQ4KCodes = 2048; ///< code bytes per super-block
constexpr std::size_t kQ4KBlock = 2304; ///< interleaved bytes per super-block

using ActQ4K = ActPolicy<0, true>;

/// Per super-block of 16 rows: each row's codes in column order (Avx512::nibbles32 of each
/// 64-column chunk), then per 64 columns the 16 words of 4 columns transposed across the rows, so
/// that word w of all rows is one vector; line j is word 2j with word 2j + 1 in its high nibbles.
void interleaveQ4K(const std::uint8_t* src, std::size_t rowStride, std::int64_t rows, std::int64_t cols,
                   std::uint8_t* dst)
{
    const auto superBlocks = static_cast<std::size_t>(cols / kSuperBlock);
    for (std::int64_t g = 0; g < rows / kInterleaveRows; ++g) {
        const std::uint8_t* first = src + static_cast<std::size_t>(g) * kInterleaveRows * rowStride;
        for (std::size_t sb = 0; sb < superBlocks; ++sb) {
            std::uint8_t* out = dst + (static_cast<std::size_t>(g) * superBlocks + sb) * kQ4KBlock;
            for (std::size_t chunk = 0; chunk < 4; ++chunk) {
                __m512i words[kInterleaveRows];
                for (std::size_t r = 0; r < kInterleaveRows; ++r) {
                    const std::uint8_t* block = first + r * rowStride + sb * sizeof(BlockQ4K);
                    words[r] = Avx512::nibbles32(block + offsetof(BlockQ4K, qs) + 32 * chunk);
                }
                transpose16x16(words);
                for (std::size_t j = 0; j < 8; ++j) {
                    const __m512i line = _mm512_or_si512(words[2 * j], _mm512_slli_epi32(words[2 * j + 1], 4));
                    _mm512_storeu_si512(out + 64 * (8 * chunk + j), line);
                }
            }
            for (std::size_t r = 0; r < kInterleaveRows; ++r) {
                const std::uint8_t* block = first + r * rowStride + sb * sizeof(BlockQ4K);
                std::memcpy(out + kQ4KCodes + 2 * r, block + offsetof(BlockQ4K, d), 2);
                std::memcpy(out + kQ4KCodes + 32 + 2 * r, block + offsetof(BlockQ4K, dmin), 2);
                for (std::size_t k = 0; k < kScaleBytesK; ++k)
                    out[kQ4KCodes + 64 + 16 * k + r] = block[offsetof(BlockQ4K, scales) + k];
            }
        }
    }
}

void dequantizeInterleavedQ4K(const std::uint8_t* w, std::int64_t cols, std::int64_t row, float* out)
{
    const auto superBlocks = static_cast<std::size_t>(cols / kSuperBlock);
    const auto r = static_cast<std::size_t>(row % kInterleaveRows);
    for (std::size_t sb = 0; sb < superBlocks; ++sb) {
        const std::uint8_t* block
            = w + (static_cast<std::size_t>(row / kInterleaveRows) * superBlocks + sb) * kQ4KBlock;
        const std::uint8_t* meta = block + kQ4KCodes;
        std::uint8_t packed[kScaleBytesK];
        for (std::size_t k = 0; k < kScaleBytesK; ++k)
            packed[k] = meta[64 + 16 * k + r];
        const float d = halfAt(meta + 2 * r);
        const float dmin = halfAt(meta + 32 + 2 * r);
        for (std::size_t c = 0; c < static_cast<std::size_t>(kSuperBlock); ++c) {
            const std::uint8_t byte = block[64 * (c / 8) + 4 * r + c % 4];
            const int code = c % 8 < 4 ? byte & 0x0F : byte >> 4;
            const int j = static_cast<int>(c / 32);
            const int scale = j < 4 ? packed[j] & 63 : (packed[j + 4] & 0xF) | ((packed[j - 4] >> 6) << 4);
            const int min = j < 4 ? packed[j + 4] & 63 : (packed[j + 4] >> 4) | ((packed[j] >> 6) << 4);
            out[sb * kSuperBlock + c]
                = d * static_cast<float>(scale) * static_cast<float>(code) - dmin * static_cast<float>(min);
        }
    }
}

/// The 16 rows' sub-block scales (d * scale) and mins (dmin * min) of one interleaved super-block.
struct ScalesQ4K {
    alignas(64) float scale[8][16];
    alignas(64) float min[8][16];
};

void unpackScalesQ4K(const std::uint8_t* superBlock, ScalesQ4K& out)
{
    const std::uint8_t* meta = superBlock + kQ4KCodes;
    const __m512 d = halves16(meta);
    const __m512 dmin = halves16(meta + 32);
    __m128i q[kScaleBytesK];
    for (std::size_t k = 0; k < kScaleBytesK; ++k)
        q[k] = loadu128(meta + 64 + 16 * k);
    const __m128i low6 = _mm_set1_epi8(63);
    const __m128i low4 = _mm_set1_epi8(0x0F);
    const __m128i top2 = _mm_set1_epi8(0x30); // bits 6-7 of a byte shifted down to 4-5
    auto store = [](float* dst, __m128i bytes, __m512 factor) {
        _mm512_store_ps(dst, _mm512_mul_ps(_mm512_cvtepi32_ps(_mm512_cvtepu8_epi32(bytes)), factor));
    };
    for (int j = 0; j < 4; ++j) {
        store(out.scale[j], _mm_and_si128(q[j], low6), d);
        store(out.min[j], _mm_and_si128(q[j + 4], low6), dmin);
        const __m128i scale = _mm_or_si128(_mm_and_si128(q[j + 8], low4), _mm_and_si128(_mm_srli_epi16(q[j], 2), top2));
        const __m128i min = _mm_or_si128(_mm_and_si128(_mm_srli_epi16(q[j + 8], 4), low4),
                                         _mm_and_si128(_mm_srli_epi16(q[j + 4], 2), top2));
        store(out.scale[j + 4], scale, d);
        store(out.min[j + 4], min, dmin);
    }
}

/// Line `line` of a super-block's codes as two vectors of unsigned codes: columns 8 line + 0..3
/// and 8 line + 4..7 of the 16 rows.
void q4kLine(const std::uint8_t* superBlock, std::size_t line, __m512i& low, __m512i& high)
{
    const __m512i v = _mm512_loadu_si512(superBlock + 64 * line);
    const __m512i mask = _mm512_set1_epi8(0x0F);
    low = _mm512_and_si512(v, mask);
    high = _mm512_and_si512(_mm512_srli_epi16(v, 4), mask);
}

void decodeInterleavedQ4K(const PanelArgs& p)
{
    const auto superBlocks = static_cast<std::size_t>(p.cols / kSuperBlock);
    // Per super-block: the activation scale and each sub-block's activation sum times it.
    thread_local std::vector<float> actScale;
    thread_local std::vector<float> actSums;
    actScale.resize(superBlocks);
    actSums.resize(superBlocks * 8);
    for (std::size_t sb = 0; sb < superBlocks; ++sb) {
        const std::uint8_t* block = p.act + sb * sizeof(BlockQ8K);
        actScale[sb] = floatAt(block);
        std::int16_t bsums[16];
        std::memcpy(bsums, block + offsetof(BlockQ8K, bsums), sizeof bsums);
        for (std::size_t j = 0; j < 8; ++j)
            actSums[8 * sb + j] = actScale[sb] * static_cast<float>(bsums[2 * j] + bsums[2 * j + 1]);
    }
    ScalesQ4K scales;
    for (std::int64_t g = 0; g < p.rows / kInterleaveRows; ++g) {
        const std::uint8_t* w = p.w + static_cast<std::size_t>(g) * superBlocks * kQ4KBlock;
        __m512 acc = _mm512_setzero_ps();
        for (std::size_t sb = 0; sb < superBlocks; ++sb) {
            const std::uint8_t* wb = w + sb * kQ4KBlock;
            for (std::size_t line = 0; line < kQ4KBlock; line += 64)
                _mm_prefetch(reinterpret_cast<const char*>(wb + kAheadBytes + line), _MM_HINT_T0);
            unpackScalesQ4K(wb, scales);
            const auto* x
                = reinterpret_cast<const std::int8_t*>(p.act + sb * sizeof(BlockQ8K) + offsetof(BlockQ8K, qs));
            const __m512 da = _mm512_set1_ps(actScale[sb]);
            for (std::size_t j = 0; j < 8; ++j) {
                __m512i sum = _mm512_setzero_si512();
                for (std::size_t l = 0; l < 4; ++l) {
                    __m512i low;
                    __m512i high;
                    q4kLine(wb, 4 * j + l, low, high);
                    sum = _mm512_dpbusd_epi32(sum, low, _mm512_set1_epi32(load32(x + 32 * j + 8 * l)));
                    sum = _mm512_dpbusd_epi32(sum, high, _mm512_set1_epi32(load32(x + 32 * j + 8 * l + 4)));
                }
                acc = _mm512_fmadd_ps(_mm512_cvtepi32_ps(sum), _mm512_mul_ps(_mm512_load_ps(scales.scale[j]), da), acc);
                acc = _mm512_fnmadd_ps(_mm512_load_ps(scales.min[j]), _mm512_set1_ps(actSums[8 * sb + j]), acc);
            }
        }
        _mm512_storeu_ps(p.y + g * kInterleaveRows, acc);
    }
}

/// 32 rows (two groups at one super-block, their scales unpacked in s0 and s1) x NT tokens;
/// each broadcast activation group feeds two vpdpbusd.
/// `ahead` (its w0 and w1 at their super-block) is fetched into the cache along the way.
template <int NT>
void microInterleavedQ4K(const std::uint8_t* w0, const std::uint8_t* w1, const ScalesQ4K& s0, const ScalesQ4K& s1,
                         const ActSlice& a, int t0, float* y, std::int64_t yStride, int rows, bool accumulate,
                         const Ahead& ahead)
{
    constexpr int kLines = static_cast<int>(kQ4KBlock / 64);
    // This tile's share of the next unit's lines, a step's part of it at each of the 8 steps.
    const int shareBegin = ahead.phase < ahead.every ? kLines * ahead.phase / ahead.every : 0;
    const int shareLines = ahead.phase < ahead.every ? kLines * (ahead.phase + 1) / ahead.every - shareBegin : 0;
    constexpr auto kN = static_cast<std::size_t>(NT);
    __m512 acc0[kN];
    __m512 acc1[kN];
    for (std::size_t t = 0; t < kN; ++t) {
        acc0[t] = _mm512_setzero_ps();
        acc1[t] = _mm512_setzero_ps();
    }
    for (std::size_t j = 0; j < 8; ++j) {
        if (ahead.w0 != nullptr) {
            const int step = static_cast<int>(j);
            for (int line = shareBegin + shareLines * step / 8; line < shareBegin + shareLines * (step + 1) / 8;
                 ++line) {
                _mm_prefetch(reinterpret_cast<const char*>(ahead.w0 + 64 * line), _MM_HINT_T0);
                _mm_prefetch(reinterpret_cast<const char*>(ahead.w1 + 64 * line), _MM_HINT_T0);
            }
        }
        __m512i wv0[8];
        __m512i wv1[8];
        for (std::size_t l = 0; l < 4; ++l) {
            q4kLine(w0, 4 * j + l, wv0[2 * l], wv0[2 * l + 1]);
            q4kLine(w1, 4 * j + l, wv1[2 * l], wv1[2 * l + 1]);
        }
        const __m512 ws0 = _mm512_load_ps(s0.scale[j]);
        const __m512 ws1 = _mm512_load_ps(s1.scale[j]);
        for (std::size_t t = 0; t < kN; ++t) {
            const std::int8_t* x = a.codes[static_cast<std::size_t>(t0) + t] + 32 * j;
            __m512i sum0;
            __m512i sum1;
            dotBlock(wv0, wv1, x, _mm512_setzero_si512(), sum0, sum1);
            acc0[t] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(sum0), ws0, acc0[t]);
            acc1[t] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(sum1), ws1, acc1[t]);
        }
    }
    for (std::size_t t = 0; t < kN; ++t) {
        const std::size_t token = static_cast<std::size_t>(t0) + t;
        for (std::size_t j = 0; j < 8; ++j) {
            const __m512 sum = _mm512_set1_ps(a.minSum[token][j]);
            acc0[t] = _mm512_fnmadd_ps(_mm512_load_ps(s0.min[j]), sum, acc0[t]);
            acc1[t] = _mm512_fnmadd_ps(_mm512_load_ps(s1.min[j]), sum, acc1[t]);
        }
        const __m512 as = _mm512_set1_ps(a.scale[token][0]);
        float* out = y + static_cast<std::int64_t>(t) * yStride;
        Avx512::storeRows(out, _mm512_mul_ps(acc0[t], as), rows, accumulate);
        Avx512::storeRows(out + kPanelRows, _mm512_mul_ps(acc1[t], as), rows - kPanelRows, accumulate);
    }
}

void prefillInterleavedQ4K(const PanelArgs& p)
{
    constexpr int kTokens = 4;
    ActSlice* const act = threadBuffer<ActSlice>(kBlockSlices * sizeof(ActSlice));
    const auto superBlocks = static_cast<std::int64_t>(p.cols / kSuperBlock);
    const std::size_t groupBytes = static_cast<std::size_t>(superBlocks) * kQ4KBlock;
    const std::int64_t groups = p.rows / kPanelRows;
    auto superBlockAt = [&](std::int64_t g, std::int64_t sb) {
        return p.w + static_cast<std::size_t>(g) * groupBytes + static_cast<std::size_t>(sb) * kQ4KBlock;
    };
    ScalesQ4K scales[2];
    for (std::int64_t tc = 0; tc < p.tokens; tc += kPassTokens) {
        const int chunk = minInt(kPassTokens, p.tokens - tc);
        const std::uint8_t* x = p.act + static_cast<std::size_t>(tc) * p.actStride;
        for (std::int64_t s0 = 0; s0 < superBlocks; s0 += kBlockSlices) {
            const std::int64_t s1 = std::min(superBlocks, s0 + kBlockSlices);
            for (std::int64_t sb = s0; sb < s1; ++sb)
                packActivations<ActQ4K>(x, p.actStride, chunk, sb * kSuperBlock, kSliceCols, DType::Q8_K, act[sb - s0]);
            for (std::int64_t g = 0; g < groups; g += 2) {
                const int rows = minInt(2 * kPanelRows, static_cast<int>((groups - g) * kPanelRows));
                for (std::int64_t sb = s0; sb < s1; ++sb) {
                    const std::uint8_t* w0 = superBlockAt(g, sb);
                    // A lone last group is computed twice and stored once.
                    const std::uint8_t* w1 = rows > kPanelRows ? w0 + groupBytes : w0;
                    unpackScalesQ4K(w0, scales[0]);
                    unpackScalesQ4K(w1, scales[1]);
                    // As in the Q8_0 prefill: the token tiles fetch the next unit's weights.
                    Ahead ahead = aheadAt(nextUnit(g, sb, s0, s1, groups, superBlocks), groups, 0, superBlockAt);
                    ahead.every = aheadTiles(chunk, kTokens);
                    for (int t0 = 0; t0 < chunk; t0 += kTokens) {
                        ahead.phase = t0 / kTokens;
                        forTokenTile<kTokens>(minInt(kTokens, chunk - t0), [&]<int N>() {
                            microInterleavedQ4K<N>(w0, w1, scales[0], scales[1], act[sb - s0], t0,
                                                   p.y + (tc + t0) * p.yStride + g * kPanelRows, p.yStride, rows,
                                                   sb > 0, ahead);
                        });
                    }
                }
            }
        }
    }
}

void matmulInterleavedQ4K(const PanelArgs& p)
{
    if (p.tokens == 1)
        decodeInterleavedQ4K(p);
    else
        prefillInterleavedQ4K(p);
}

} // namespace

InterleavedKernel avx512InterleavedKernel(DType weightType)
{
    switch (weightType) {
    case DType::Q8_0:
        return {interleaveQ8_0, matmulInterleavedQ8_0, dequantizeInterleavedQ8_0};
    case DType::Q4_K:
        return {interleaveQ4K, matmulInterleavedQ4K, dequantizeInterleavedQ4K};
    default:
        return {};
    }
}

} // namespace cairn::cpu
