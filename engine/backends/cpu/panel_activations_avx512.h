// SPDX-License-Identifier: MIT
// The activation side of the AVX-512 VNNI int8 panels (panel_int8_avx512.cpp, interleaved_avx512.cpp):
// one 256-column slice of a chunk of tokens, codes contiguous per token with each scale block's
// scale, offset correction and (for weights with mins) activation sum beside them. Include only
// from files compiled with the AVX-512 flags; everything has internal linkage.
#pragma once

#include "engine/backends/cpu/simd_avx512.h"

namespace cairn::cpu {
namespace { // NOLINT(google-build-namespaces,cert-dcl59-cpp): one private copy per ISA file

constexpr int kPanelRows = 16;
constexpr int kSliceCols = 256;  ///< columns per packed slice (one K-quant super-block)
constexpr int kTokenChunk = 512; ///< tokens whose activations are repacked at once

/// Activations of one slice for a chunk of tokens, repacked for the panels.
struct ActSlice {
    alignas(64) std::int8_t codes[kTokenChunk][kSliceCols];
    alignas(64) float scale[kTokenChunk][kSliceCols / 16];
    alignas(64) std::int32_t bias[kTokenChunk][kSliceCols / 16];
    alignas(64) float minSum[kTokenChunk][kSliceCols / 32];
};

/// Sum of 32 signed bytes. Intrinsics, not a plain loop: with GCC 12 at -O3 the loop summing the
/// bytes just copied into ActSlice gave wrong sums once it also stored minSum (right at -O2 and
/// with -fno-tree-vectorize).
int sumBytes32(const std::uint8_t* p)
{
    const __m512i wide = _mm512_cvtepi8_epi16(loadu256(p));
    return _mm512_reduce_add_epi32(_mm512_madd_epi16(wide, _mm512_set1_epi16(1)));
}

/// Repacks the activations of `tokens` tokens for columns [k0, k0 + cols).
template <class W>
void packActivations(const std::uint8_t* act, std::size_t actStride, int tokens, std::int64_t k0, int cols,
                     DType actType, ActSlice& out)
{
    for (int t = 0; t < tokens; ++t) {
        const std::uint8_t* row = act + static_cast<std::size_t>(t) * actStride;
        if (actType == DType::Q8_0) {
            for (int b = 0; b < cols / 32; ++b) {
                const std::uint8_t* block = row + static_cast<std::size_t>(k0 / 32 + b) * sizeof(BlockQ8_0);
                std::memcpy(&out.codes[t][32 * b], block + 2, 32);
                const int sum = sumBytes32(block + 2);
                out.scale[t][b] = halfAt(block);
                out.bias[t][b] = -W::kOffset * sum;
                if constexpr (W::kMins)
                    out.minSum[t][b] = out.scale[t][b] * static_cast<float>(sum); // scaled per block here
            }
            continue;
        }
        const std::uint8_t* block = row + static_cast<std::size_t>(k0 / kSliceCols) * sizeof(BlockQ8K);
        std::memcpy(out.codes[t], block + offsetof(BlockQ8K, qs), kSliceCols);
        const float d = floatAt(block);
        std::int16_t bsums[16];
        std::memcpy(bsums, block + offsetof(BlockQ8K, bsums), sizeof bsums);
        for (int b = 0; b < kSliceCols / W::kScaleBlock; ++b) {
            int sum = 0;
            for (int g = b * W::kScaleBlock / 16; g < (b + 1) * W::kScaleBlock / 16; ++g)
                sum += bsums[g];
            out.scale[t][b] = d;
            out.bias[t][b] = -W::kOffset * sum;
        }
        if constexpr (W::kMins) {
            for (int j = 0; j < 8; ++j)
                out.minSum[t][j] = static_cast<float>(bsums[2 * j] + bsums[2 * j + 1]); // times d at the end
        }
    }
}

std::int32_t load32(const std::int8_t* p)
{
    std::int32_t v = 0;
    std::memcpy(&v, p, sizeof v);
    return v;
}

/// The activation side of packActivations for weights with 32-column scale blocks: `Offset` is
/// what the weights' unsigned codes add to the signed ones, `Mins` whether they have mins.
template <int Offset, bool Mins> struct ActPolicy {
    static constexpr int kScaleBlock = 32;
    static constexpr int kOffset = Offset;
    static constexpr bool kMins = Mins;
};

/// Calls `micro.template operator()<N>()` with N the largest tile height up to NT that `tokens`
/// fills: NT for whole tiles, fewer for a chunk's last tokens (the micro-kernels unroll N).
template <int NT, class Micro> void forTokenTile(int tokens, const Micro& micro)
{
    if constexpr (NT > 1) {
        if (tokens < NT) {
            forTokenTile<NT - 1>(tokens, micro);
            return;
        }
    }
    micro.template operator()<NT>();
}

} // namespace
} // namespace cairn::cpu
