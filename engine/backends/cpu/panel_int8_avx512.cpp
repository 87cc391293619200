// SPDX-License-Identifier: MIT
// AVX-512 VNNI prefill for the int8 weight types (Q8_0, Q4_0, Q4_1, Q5_0, Q5_1, IQ4_NL, Q4_K,
// Q5_K, Q6_K): weight slices
// repacked for vpdpbusd against broadcast activation groups. Used from TileKernel::panelMinTokens on.

#include "engine/backends/cpu/panel_activations_avx512.h"

namespace cairn::cpu {
namespace { // NOLINT(google-build-namespaces,cert-dcl59-cpp)

// A 256-column slice of 16 rows is unpacked once into unsigned codes laid out [group of 4 columns]
// [row][4 bytes], so one 64-byte load feeds vpdpbusd for all 16 rows; the micro-kernel runs two
// slices (32 rows) so each broadcast 4-byte activation group feeds two vpdpbusd. Per scale block
// (32 or 16 columns) the int32 sums start at -offset * (activation sum), become floats and are
// scaled by the row scales (and per block or per slice by the activation scale).

struct PackedSlice {
    alignas(64) std::uint8_t codes[kSliceCols / 4][kPanelRows][4];
    alignas(64) float scale[kSliceCols / 16][kPanelRows]; ///< per scale block
    alignas(64) float mins[kSliceCols / 32][kPanelRows];  ///< dmin * min per sub-block (Q4_K, Q5_K), -m (Q4_1, Q5_1)
};

void unpackScaleMin(const std::uint8_t* packed, int j, int& scale, int& min)
{
    if (j < 4) {
        scale = packed[j] & 63;
        min = packed[j + 4] & 63;
    } else {
        scale = (packed[j + 4] & 0xF) | ((packed[j - 4] >> 6) << 4);
        min = (packed[j + 4] >> 4) | ((packed[j] >> 6) << 4);
    }
}

void store256(std::uint8_t* p, __m256i v)
{
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(p), v);
}

/// Weight-side policies: codes (unsigned) and scales of `cols` columns of one row from `w`.
struct PanelQ8_0 {
    static constexpr int kScaleBlock = 32;
    static constexpr int kOffset = 128;
    static constexpr bool kMins = false;
    static void unpack(const std::uint8_t* w, int cols, std::uint8_t* codes, float* scale, float*)
    {
        for (int b = 0; b < cols / 32; ++b) {
            const std::uint8_t* block = w + static_cast<std::size_t>(b) * sizeof(BlockQ8_0);
            store256(codes + 32 * b, _mm256_xor_si256(loadu256(block + 2), _mm256_set1_epi8(static_cast<char>(0x80))));
            scale[b] = halfAt(block);
        }
    }
};

/// The 32 nibbles at `qs` of a 32-element block in element order.
__m256i blockNibbles(const std::uint8_t* qs)
{
    const __m128i q = loadu128(qs);
    return _mm256_and_si256(_mm256_set_m128i(_mm_srli_epi16(q, 4), q), _mm256_set1_epi8(0x0F));
}

/// The 5-bit codes of a Q5_0 / Q5_1 block: nibbles plus 0x10 where the block's qh word has a bit.
__m256i blockCodes5(const std::uint8_t* qh, const std::uint8_t* qs)
{
    std::uint32_t bits = 0;
    std::memcpy(&bits, qh, sizeof bits);
    return _mm256_or_si256(blockNibbles(qs), _mm256_maskz_set1_epi8(_cvtu32_mask32(bits), 0x10));
}

struct PanelQ4_0 {
    static constexpr int kScaleBlock = 32;
    static constexpr int kOffset = 8;
    static constexpr bool kMins = false;
    static void unpack(const std::uint8_t* w, int cols, std::uint8_t* codes, float* scale, float*)
    {
        for (int b = 0; b < cols / 32; ++b) {
            const std::uint8_t* block = w + static_cast<std::size_t>(b) * sizeof(BlockQ4_0);
            store256(codes + 32 * b, blockNibbles(block + offsetof(BlockQ4_0, qs)));
            scale[b] = halfAt(block);
        }
    }
};

struct PanelQ5_0 {
    static constexpr int kScaleBlock = 32;
    static constexpr int kOffset = 16;
    static constexpr bool kMins = false;
    static void unpack(const std::uint8_t* w, int cols, std::uint8_t* codes, float* scale, float*)
    {
        for (int b = 0; b < cols / 32; ++b) {
            const std::uint8_t* block = w + static_cast<std::size_t>(b) * sizeof(BlockQ5_0);
            store256(codes + 32 * b, blockCodes5(block + offsetof(BlockQ5_0, qh), block + offsetof(BlockQ5_0, qs)));
            scale[b] = halfAt(block);
        }
    }
};

/// x = d * q + m: the min enters as -m per block, the sign the K-quant mins have.
template <class Block, bool kFiveBits> struct PanelWithMin {
    static constexpr int kScaleBlock = 32;
    static constexpr int kOffset = 0;
    static constexpr bool kMins = true;
    static void unpack(const std::uint8_t* w, int cols, std::uint8_t* codes, float* scale, float* mins)
    {
        for (int b = 0; b < cols / 32; ++b) {
            const std::uint8_t* block = w + static_cast<std::size_t>(b) * sizeof(Block);
            if constexpr (kFiveBits)
                store256(codes + 32 * b, blockCodes5(block + offsetof(Block, qh), block + offsetof(Block, qs)));
            else
                store256(codes + 32 * b, blockNibbles(block + offsetof(Block, qs)));
            scale[b] = halfAt(block + offsetof(Block, d));
            mins[b] = -halfAt(block + offsetof(Block, m));
        }
    }
};

/// IQ4_NL: levels + 128 from a shuffle of the table, like Q8_0 codes.
struct PanelIQ4NL {
    static constexpr int kScaleBlock = 32;
    static constexpr int kOffset = 128;
    static constexpr bool kMins = false;
    static void unpack(const std::uint8_t* w, int cols, std::uint8_t* codes, float* scale, float*)
    {
        const __m256i table = _mm256_xor_si256(
            _mm256_broadcastsi128_si256(loadu128(reinterpret_cast<const std::uint8_t*>(kIq4NlValues))),
            _mm256_set1_epi8(static_cast<char>(0x80)));
        for (int b = 0; b < cols / 32; ++b) {
            const std::uint8_t* block = w + static_cast<std::size_t>(b) * sizeof(BlockIQ4NL);
            store256(codes + 32 * b, _mm256_shuffle_epi8(table, blockNibbles(block + offsetof(BlockIQ4NL, qs))));
            scale[b] = halfAt(block);
        }
    }
};

template <class W> struct PanelScaleMinK {
    static constexpr int kScaleBlock = 32;
    static constexpr int kOffset = 0;
    static constexpr bool kMins = true;
    static void unpack(const std::uint8_t* w, int, std::uint8_t* codes, float* scale, float* mins)
    {
        for (int h = 0; h < 2; ++h) {
            __m512i pair[2];
            W::template chunkPair<Avx512>(w, h, pair);
            _mm512_storeu_si512(codes + 128 * h, pair[0]);
            _mm512_storeu_si512(codes + 128 * h + 64, pair[1]);
        }
        const float d = halfAt(w + offsetof(BlockQ4K, d));
        const float dmin = halfAt(w + offsetof(BlockQ4K, dmin));
        for (int j = 0; j < 8; ++j) {
            int sc = 0;
            int m = 0;
            unpackScaleMin(w + offsetof(BlockQ4K, scales), j, sc, m);
            scale[j] = d * static_cast<float>(sc);
            mins[j] = dmin * static_cast<float>(m);
        }
    }
};

struct PanelQ6K {
    static constexpr int kScaleBlock = 16;
    static constexpr int kOffset = 32;
    static constexpr bool kMins = false;
    static void unpack(const std::uint8_t* w, int, std::uint8_t* codes, float* scale, float*)
    {
        for (int h = 0; h < 2; ++h) {
            __m512i pair[2];
            WeightsQ6K::chunkPair<Avx512>(w, h, pair);
            _mm512_storeu_si512(codes + 128 * h, pair[0]);
            _mm512_storeu_si512(codes + 128 * h + 64, pair[1]);
        }
        const float d = halfAt(w + offsetof(BlockQ6K, d));
        const auto* scales = reinterpret_cast<const std::int8_t*>(w + offsetof(BlockQ6K, scales));
        for (int g = 0; g < 16; ++g)
            scale[g] = d * static_cast<float>(scales[g]);
    }
};

/// Repacks `rows` (<= 16; missing rows are zero) x `cols` columns starting at `w`: each row is
/// unpacked to codes, then 16 x 16 blocks of 4-byte groups are transposed into [group][row].
template <class W> void packWeights(const std::uint8_t* w, std::size_t rowStride, int rows, int cols, PackedSlice& out)
{
    alignas(64) std::uint8_t codes[kPanelRows][kSliceCols];
    float scale[kSliceCols / 16];
    float mins[kSliceCols / 32] = {};
    for (int r = 0; r < kPanelRows; ++r) {
        if (r < rows) {
            W::unpack(w + static_cast<std::size_t>(r) * rowStride, cols, codes[r], scale, mins);
            std::memset(codes[r] + cols, 0, static_cast<std::size_t>(kSliceCols - cols));
        } else {
            std::memset(codes[r], 0, sizeof codes[r]);
            for (float& s : scale)
                s = 0.0F;
        }
        for (int b = 0; b < cols / W::kScaleBlock; ++b)
            out.scale[b][r] = scale[b];
        if constexpr (W::kMins) {
            for (int j = 0; j < cols / 32; ++j)
                out.mins[j][r] = r < rows ? mins[j] : 0.0F;
        }
    }
    for (int g0 = 0; g0 < cols / 4; g0 += 16) {
        __m512i block[16];
        for (int r = 0; r < kPanelRows; ++r)
            block[r] = _mm512_load_si512(codes[r] + 4 * g0);
        transpose16x16(block);
        for (int g = 0; g < 16; ++g)
            _mm512_store_si512(out.codes[g0 + g], block[g]);
    }
}

/// 32 rows (two packed slices) x NT tokens over one slice of columns; G groups of 4 columns per
/// scale block. Each broadcast activation group feeds two vpdpbusd. With kBlockActScale the
/// activation scale varies per block (Q8_0), otherwise it is one per slice (Q8_K) and applied once
/// at the end (minSum then excludes it too).
template <int G, bool kMins, bool kBlockActScale, int NT>
void microInt8(const PackedSlice& w0, const PackedSlice& w1, const ActSlice& a, int t0, int blocks, float* y,
               std::int64_t yStride, int rows, bool accumulate)
{
    constexpr auto kN = static_cast<std::size_t>(NT);
    constexpr auto kG = static_cast<std::size_t>(G);
    __m512 acc0[kN];
    __m512 acc1[kN];
    for (int t = 0; t < NT; ++t) {
        acc0[t] = _mm512_setzero_ps();
        acc1[t] = _mm512_setzero_ps();
    }
    for (int b = 0; b < blocks; ++b) {
        __m512i wv0[kG];
        __m512i wv1[kG];
        for (int g = 0; g < G; ++g) {
            wv0[g] = _mm512_load_si512(w0.codes[b * G + g]);
            wv1[g] = _mm512_load_si512(w1.codes[b * G + g]);
        }
        const __m512 ws0 = _mm512_load_ps(w0.scale[b]);
        const __m512 ws1 = _mm512_load_ps(w1.scale[b]);
        for (int t = 0; t < NT; ++t) {
            const std::int8_t* x = a.codes[t0 + t] + 4 * G * b;
            __m512i sum0 = _mm512_set1_epi32(a.bias[t0 + t][b]);
            __m512i sum1 = sum0;
            for (int g = 0; g < G; ++g) {
                const __m512i xv = _mm512_set1_epi32(load32(x + 4 * g));
                sum0 = _mm512_dpbusd_epi32(sum0, wv0[g], xv);
                sum1 = _mm512_dpbusd_epi32(sum1, wv1[g], xv);
            }
            if constexpr (kBlockActScale) {
                const __m512 as = _mm512_set1_ps(a.scale[t0 + t][b]);
                acc0[t] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(sum0), _mm512_mul_ps(ws0, as), acc0[t]);
                acc1[t] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(sum1), _mm512_mul_ps(ws1, as), acc1[t]);
            } else {
                acc0[t] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(sum0), ws0, acc0[t]);
                acc1[t] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(sum1), ws1, acc1[t]);
            }
        }
        if constexpr (kMins) {
            const __m512 wm0 = _mm512_load_ps(w0.mins[b]);
            const __m512 wm1 = _mm512_load_ps(w1.mins[b]);
            for (int t = 0; t < NT; ++t) {
                const __m512 ms = _mm512_set1_ps(a.minSum[t0 + t][b]);
                acc0[t] = _mm512_fnmadd_ps(wm0, ms, acc0[t]);
                acc1[t] = _mm512_fnmadd_ps(wm1, ms, acc1[t]);
            }
        }
    }
    for (int t = 0; t < NT; ++t) {
        if constexpr (!kBlockActScale) {
            const __m512 as = _mm512_set1_ps(a.scale[t0 + t][0]);
            acc0[t] = _mm512_mul_ps(acc0[t], as);
            acc1[t] = _mm512_mul_ps(acc1[t], as);
        }
        float* out = y + static_cast<std::int64_t>(t) * yStride;
        Avx512::storeRows(out, acc0[t], rows, accumulate);
        Avx512::storeRows(out + kPanelRows, acc1[t], rows - kPanelRows, accumulate);
    }
}

template <class W, DType kActType> void panelInt8(const PanelArgs& p)
{
    constexpr int kGroups = W::kScaleBlock / 4;
    constexpr bool kBlockActScale = kActType == DType::Q8_0;
    // Two slices of weights (2 x kGroups registers) plus two accumulators per token.
    constexpr int kTokens = kGroups == 8 ? 4 : 8;
    ActSlice* const act = threadBuffer<ActSlice>(sizeof(ActSlice));
    PackedSlice slices[2];
    const DTypeInfo& info = dtypeInfo(p.type);
    for (std::int64_t tc = 0; tc < p.tokens; tc += kTokenChunk) {
        const int chunk = minInt(kTokenChunk, p.tokens - tc);
        for (std::int64_t k0 = 0; k0 < p.cols; k0 += kSliceCols) {
            const int cols = minInt(kSliceCols, p.cols - k0);
            packActivations<W>(p.act + static_cast<std::size_t>(tc) * p.actStride, p.actStride, chunk, k0, cols,
                               kActType, *act);
            const std::size_t weightOffset = static_cast<std::size_t>(k0 / info.blockSize) * info.typeSize;
            for (std::int64_t r0 = 0; r0 < p.rows; r0 += 2 * kPanelRows) {
                const int rows = minInt(2 * kPanelRows, p.rows - r0);
                for (int s = 0; s < 2; ++s) {
                    const std::int64_t first = r0 + s * kPanelRows;
                    packWeights<W>(p.w + static_cast<std::size_t>(first < p.rows ? first : r0) * p.rowStride
                                       + weightOffset,
                                   p.rowStride, minInt(kPanelRows, p.rows - first), cols, slices[s]);
                }
                for (int t0 = 0; t0 < chunk; t0 += kTokens) {
                    forTokenTile<kTokens>(minInt(kTokens, chunk - t0), [&]<int N>() {
                        microInt8<kGroups, W::kMins, kBlockActScale, N>(
                            slices[0], slices[1], *act, t0, cols / W::kScaleBlock, p.y + (tc + t0) * p.yStride + r0,
                            p.yStride, rows, k0 > 0);
                    });
                }
            }
        }
    }
}

} // namespace

PanelFn avx512Int8Panel(DType weightType)
{
    switch (weightType) {
    case DType::Q8_0:
        return panelInt8<PanelQ8_0, DType::Q8_0>;
    case DType::Q4_0:
        return panelInt8<PanelQ4_0, DType::Q8_0>;
    case DType::Q4_1:
        return panelInt8<PanelWithMin<BlockQ4_1, false>, DType::Q8_0>;
    case DType::Q5_0:
        return panelInt8<PanelQ5_0, DType::Q8_0>;
    case DType::Q5_1:
        return panelInt8<PanelWithMin<BlockQ5_1, true>, DType::Q8_0>;
    case DType::IQ4_NL:
        return panelInt8<PanelIQ4NL, DType::Q8_0>;
    case DType::Q4_K:
        return panelInt8<PanelScaleMinK<WeightsQ4K>, DType::Q8_K>;
    case DType::Q5_K:
        return panelInt8<PanelScaleMinK<WeightsQ5K>, DType::Q8_K>;
    case DType::Q6_K:
        return panelInt8<PanelQ6K, DType::Q8_K>;
    default:
        return nullptr;
    }
}

} // namespace cairn::cpu
