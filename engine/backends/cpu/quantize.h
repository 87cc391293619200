// SPDX-License-Identifier: MIT
// Reference (scalar) conversion of float rows to and from every weight and activation type the
// CPU kernels use. Dequantisation matches ggml bit for bit; quantisation is a simple, valid search.
#pragma once

#include "engine/core/dtype.h"

#include <cstdint>

namespace cairn::cpu {

/// Whether quantizeRow / dequantizeRow handle `type` (F32, F16, BF16, Q8_0, Q4_0, Q4_1, Q5_0,
/// Q5_1, IQ4_NL, Q4_K, Q5_K, Q6_K, Q8_K).
bool supportsConversion(DType type);

/// Writes `n` values of `src` as `type` into `dst` (rowBytes(type, n) bytes). `n` must be a
/// multiple of the type's block size.
void quantizeRow(DType type, const float* src, void* dst, std::int64_t n);

/// Reads `n` values of `type` from `src` into `dst`.
void dequantizeRow(DType type, const void* src, float* dst, std::int64_t n);

} // namespace cairn::cpu
