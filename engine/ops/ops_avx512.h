// SPDX-License-Identifier: MIT
// AVX-512 versions of cpu_ops.h functions; only called when the CPU has AVX-512F.
#pragma once

#include "engine/core/dtype.h"

#include <cstddef>
#include <cstdint>

namespace cairn::ops {

void widenHalfAvx512(const std::uint16_t* in, float* out, std::int64_t n);
void widenBf16Avx512(const std::uint16_t* in, float* out, std::int64_t n);
/// f32 -> binary16 rounded to nearest even, bit-identical to f32ToFp16 (vcvtps2ph).
void narrowHalfAvx512(const float* in, std::uint16_t* out, std::int64_t n);

/// rmsNorm (cpu_ops.h): the squares summed in double as there, in eight lanes and four chains.
void rmsNormAvx512(const float* x, const float* weight, float* out, std::int64_t n, float eps);

/// siluMul (cpu_ops.h) with the polynomial e^x of softmaxAvx512.
void siluMulAvx512(float* gate, const float* up, std::int64_t n);

/// softmax (cpu_ops.h) with a polynomial e^x, within 2e-7 relative of the scalar one.
void softmaxAvx512(float* x, std::int64_t n);

/// weightedRowSum (cpu_ops.h) with the output held in registers, 4 rows × 64 columns at a time;
/// `width` must be a multiple of 16.
void weightedRowSumAvx512(const float* weights, std::int64_t weightStride, std::int64_t rowCount, std::int64_t count,
                          const std::byte* values, DType valueType, std::size_t valueStride, std::int64_t width,
                          float* out);

/// rowDots (cpu_ops.h) for eight heads at a time, the rows walked in blocks that stay in L1;
/// `width` must be a multiple of 16.
void rowDotsAvx512(const float* queries, std::int64_t queryStride, std::int64_t heads, const std::byte* rows,
                   DType rowType, std::size_t rowStride, std::int64_t width, std::int64_t count, float scale,
                   float* out, std::int64_t outStride);

} // namespace cairn::ops
