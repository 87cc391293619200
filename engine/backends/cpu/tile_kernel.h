// SPDX-License-Identifier: MIT
// The contract between the matmul driver and the per-ISA kernels: one register tile of
// weight rows x activation rows over a range of columns. Internal to engine/backends/cpu.
#pragma once

#include "engine/core/dtype.h"

#include <cstddef>
#include <cstdint>

namespace cairn::cpu {

/// y[t * yStride + r] (+)= dot(weight row r, activation row t) for r < rows, t < tokens.
struct TileArgs {
    const std::uint8_t* w = nullptr;   ///< first weight row of the tile, at the tile's first column
    std::size_t rowStride = 0;         ///< bytes between weight rows
    const std::uint8_t* act = nullptr; ///< first activation row, in activationType(weight type)
    std::size_t actStride = 0;         ///< bytes between activation rows
    std::int64_t cols = 0;             ///< dot length; whole blocks for quantised types
    float* y = nullptr;
    std::int64_t yStride = 0; ///< floats between the outputs of consecutive tokens
    int rows = 0;             ///< 1..TileKernel::maxRows
    int tokens = 0;           ///< 1..TileKernel::maxTokens
    bool accumulate = false;  ///< add to y instead of overwriting it
};

using TileFn = void (*)(const TileArgs&);

/// A whole row range times all tokens, for kernels that repack weight panels (prefill).
/// y[t * yStride + r] = dot(weight row r, activation row t).
struct PanelArgs {
    DType type = DType::F32;
    const std::uint8_t* w = nullptr; ///< first weight row of the range
    std::size_t rowStride = 0;
    std::int64_t rows = 0;
    std::int64_t cols = 0;
    const std::uint8_t* act = nullptr; ///< activations in activationType(weight type); f32 for floats
    std::size_t actStride = 0;
    std::int64_t tokens = 0;
    float* y = nullptr;
    std::int64_t yStride = 0;
};

using PanelFn = void (*)(const PanelArgs&);

/// From this many tokens on, int8 panels beat tiles (packing a 16 x 256 weight slice costs about
/// as much as 4 tokens of tile work); K-quant super-blocks take longer to unpack.
inline constexpr std::int64_t kPanelMinTokens = 4;
inline constexpr std::int64_t kKPanelMinTokens = 8;
/// Float panels repack weights with a scalar conversion per element, which a few dozen tokens
/// do not repay: below this the multi-token float tiles run (a decode step's attention scores,
/// one query row per head, is 16..128 tokens against a cache it reads once).
inline constexpr std::int64_t kFloatPanelMinTokens = 64;

/// Copies `rows` rows (a multiple of kInterleaveRows) of `cols` columns, `rowStride` bytes apart,
/// into the interleaved layout of the weight type at `dst` (rows * rowStride bytes, no padding).
using InterleaveFn
    = void (*)(const std::uint8_t* src, std::size_t rowStride, std::int64_t rows, std::int64_t cols, std::uint8_t* dst);

/// The kernels for a weight type's interleaved layout (WeightLayout::Interleaved16): `matmul`
/// takes PanelArgs whose `w` is the first of `rows` interleaved rows (both multiples of
/// kInterleaveRows; rowStride stays the GGUF row size, so 16 rows take 16 * rowStride bytes).
struct InterleavedKernel {
    InterleaveFn interleave = nullptr;
    PanelFn matmul = nullptr;
    /// Row `row` of the interleaved matrix at `w` (`cols` columns) as floats, exactly as
    /// dequantizeRow gives the row it was made from.
    void (*dequantizeRow)(const std::uint8_t* w, std::int64_t cols, std::int64_t row, float* out) = nullptr;
};

inline constexpr std::int64_t kInterleaveRows = 16;

/// Quantises one row of `cols` activations into the kernel's activation type.
using QuantizeFn = void (*)(const float* x, std::uint8_t* dst, std::int64_t cols);

/// A kernel for one weight type; `fn` is null where an ISA has none for that type. `decode`,
/// when set, replaces `fn` for a single token (memory-bound: more rows, fewer tokens per tile).
/// `panel`, when set, replaces the tile loop from `panelMinTokens` tokens on (below that,
/// repacking weights costs more than it saves). `quantize`, when set, replaces quantizeRow for the
/// activations and must give the same bytes.
struct TileKernel {
    TileFn fn = nullptr;
    int maxRows = 1;
    int maxTokens = 1;
    TileFn decode = nullptr;
    int decodeRows = 1;
    PanelFn panel = nullptr;
    std::int64_t panelMinTokens = kPanelMinTokens;
    QuantizeFn quantize = nullptr;
};

/// The activation format a weight type's kernels read: F32 for float weights, Q8_0 for the
/// 32-element block types (Q8_0, Q4_0, Q4_1, Q5_0, Q5_1, IQ4_NL; ggml pairs Q4_1 and Q5_1 with
/// Q8_1, whose block sum the kernels here take from the codes), Q8_K for the K-quants.
DType activationType(DType weightType);

TileKernel scalarTileKernel(DType weightType);
/// AVX2 + FMA + F16C kernels (kernels_avx2.cpp, compiled with those flags only).
TileKernel avx2TileKernel(DType weightType);
/// AVX-512 F/BW/VL + VNNI kernels (kernels_avx512.cpp).
TileKernel avx512TileKernel(DType weightType);
/// The AVX-512 VNNI prefill panel for an int8 weight type, null for others (panel_int8_avx512.cpp).
PanelFn avx512Int8Panel(DType weightType);
/// The AVX-512 VNNI interleaved-layout kernels for `weightType`, empty for types without them
/// (interleaved_avx512.cpp).
InterleavedKernel avx512InterleavedKernel(DType weightType);
/// AVX-512 activation quantisers (quantize_avx512.cpp).
void quantizeQ8_0Avx512(const float* x, std::uint8_t* dst, std::int64_t cols);
void quantizeQ8KAvx512(const float* x, std::uint8_t* dst, std::int64_t cols);

} // namespace cairn::cpu
