// SPDX-License-Identifier: MIT
// The AVX-512 kernels of causalAttention (attention.h); attention.cpp checks the CPU first.
#pragma once

#include "engine/ops/attention.h"

namespace cairn::ops {

/// Needs AVX-512 F/BW/VL, and AVX512-BF16 for `bf16`; values.width a multiple of 16.
void causalAttentionAvx512(const CausalAttention& a, bool bf16);

} // namespace cairn::ops
