// SPDX-License-Identifier: MIT
// Causal attention of one head over decompressed keys and values (the multi-head form a long
// prefill uses): scores, softmax and the weighted sum of values in one pass over query tiles.
// Only a SIMD kernel: callers keep their own path for CPUs without one.
#pragma once

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

} // namespace cairn::ops
