// SPDX-License-Identifier: MIT
// The AVX-512 kernels of the attention ops (attention.h); attention.cpp checks the CPU first.
#pragma once

#include "engine/ops/attention.h"

namespace cairn::ops {

/// Needs AVX-512 F/BW/VL, and AVX512-BF16 for `bf16`; values.width a multiple of 16.
void causalAttentionAvx512(const CausalAttention& a, bool bf16);

/// latentAttention with bfloat16 products: needs AVX-512 F/BW/VL/BF16, f16 or bf16 rows, width
/// and valueWidth multiples of 32.
void latentAttentionBf16(const LatentAttention& a);

} // namespace cairn::ops
