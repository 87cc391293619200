// SPDX-License-Identifier: MIT
// The attention ops: causal attention of one head over decompressed keys and values (the
// multi-head form a long prefill uses), and the attention of several heads over a latent cache
// (the absorbed form decoding uses).
#pragma once

#include "engine/core/dtype.h"

#include <cstddef>
#include <cstdint>

namespace cairn::ops {

/// The number format of the products: F32 multiplies floats; Bf16 rounds queries, keys,
/// probabilities and values to bfloat16 (8 significant bits, 2^-9 relative) and sums the
/// products in float (AVX512-BF16 vdpbf16ps, twice the float rate).
enum class AttentionPrecision : std::uint8_t { F32, Bf16 };

/// Rows of floats `stride` floats apart.
struct AttentionRows {
    const float* data = nullptr;
    std::int64_t stride = 0;
    std::int64_t width = 0;
};

/// One head: out[t] = Σ_{s <= start + t} softmax_s(scale · q[t] · k[s]) · v[s] for t < tokens.
/// A key row is keys[0]'s row followed by keys[1]'s (DeepSeek's per-head part and the shared
/// rotary part; width 0 for none); queries are rows of both widths together. keys and values
/// have start + tokens rows.
struct CausalAttention {
    AttentionRows queries;
    AttentionRows keys[2];
    AttentionRows values;
    std::int64_t tokens = 0;
    std::int64_t start = 0;
    float scale = 1.0F;
    float* out = nullptr; ///< tokens rows of values.width floats
    std::int64_t outStride = 0;
};

/// Runs `a` and returns true, or returns false (nothing written) when this CPU has no kernel for
/// it: one needs AVX-512 (F/BW/VL) and values.width a multiple of 16. Bf16 allows bfloat16
/// products; they are used where the CPU has AVX512-BF16, float products elsewhere.
bool causalAttention(const CausalAttention& a, AttentionPrecision precision);

/// Heads whose queries all score the same cached rows [latent | rope] (MLA with the key and value
/// up-projections absorbed), the probabilities weighting each row's latent part.
struct LatentAttention {
    const float* queries = nullptr; ///< heads rows of `width` floats, queryStride floats apart
    std::int64_t queryStride = 0;
    std::int64_t heads = 0;
    const std::byte* rows = nullptr; ///< `count` rows of `width` elements in rowType, rowStride bytes apart
    DType rowType = DType::F16;
    std::size_t rowStride = 0;
    std::int64_t width = 0;      ///< elements a query scores: latent + rope
    std::int64_t valueWidth = 0; ///< the leading elements of a row the probabilities weight: latent
    std::int64_t count = 0;      ///< visible rows
    float scale = 1.0F;
    float* out = nullptr; ///< heads rows of valueWidth floats, one after the other
};

/// out[h] = Σ_s softmax_s(scale · q[h] · row[s]) · row[s][0, valueWidth) for h < heads. Bf16 as
/// for causalAttention where the CPU has AVX512-BF16, the rows are f16 or bf16, width and
/// valueWidth are multiples of 32; float products (rowDots, softmax, weightedRowSum)
/// otherwise.
void latentAttention(const LatentAttention& a, AttentionPrecision precision);

} // namespace cairn::ops
