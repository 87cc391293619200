// SPDX-License-Identifier: MIT
// The small element-wise and row ops of a transformer forward pass on f32 rows (norms, rotary
// embedding, activations, softmax). Matrix products live in backends/cpu/matmul.h.
#pragma once

#include "engine/core/dtype.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace cairn::ops {

/// out[i] = x[i] / sqrt(mean(x²) + eps) · weight[i]  (RMSNorm, Zhang & Sennrich 2019). In place allowed.
void rmsNorm(const float* x, const float* weight, float* out, std::int64_t n, float eps);

/// gate[i] = silu(gate[i]) · up[i]
void siluMul(float* gate, const float* up, std::int64_t n);

/// y[i] += weight · x[i] for i < n; x and y do not overlap.
void axpy(float weight, const float* x, float* y, std::int64_t n);

/// Numerically stable softmax in place.
void softmax(float* x, std::int64_t n);

/// out[r] = Σ_{s < count} weights[r · weightStride + s] · values[s][0 .. width) for r < rowCount:
/// several attention heads' probability rows applied to the same value rows, which are read
/// (and widened from f16/bf16) once for all heads. Value row s starts at values + s · valueStride.
void weightedRowSum(const float* weights, std::int64_t weightStride, std::int64_t rowCount, std::int64_t count,
                    const std::byte* values, DType valueType, std::size_t valueStride, std::int64_t width, float* out);

/// out[h · outStride + s] = scale · Σ_{c < width} queries[h · queryStride + c] · rows[s][c] for
/// h < heads, s < count: several attention heads' queries scored against the same cached rows,
/// each row read (and widened from f16/bf16) once per group of heads. Row s starts at
/// rows + s · rowStride.
void rowDots(const float* queries, std::int64_t queryStride, std::int64_t heads, const std::byte* rows, DType rowType,
             std::size_t rowStride, std::int64_t width, std::int64_t count, float scale, float* out,
             std::int64_t outStride);

/// Widens n f32, f16 or bf16 values to f32 (SIMD where the CPU has it).
void widenRow(DType type, const std::byte* in, float* out, std::int64_t n);

/// Rounds n floats to f32 (a copy), f16 or bf16, to nearest even as f32ToFp16 and f32ToBf16 do
/// (SIMD for f16 where the CPU has it).
void narrowRow(DType type, const float* in, std::byte* out, std::int64_t n);

/// Rotary embedding with optional YaRN scaling, as ggml's rope with mode 0: rotates adjacent
/// pairs (x[2i], x[2i+1]) by angle p·θ_i (GPT-J/interleaved layout, which MLA uses).
class Rope {
public:
    struct Config {
        std::uint32_t dims = 0;
        double freqBase = 10000.0;
        double freqScale = 1.0;  ///< 1 / YaRN factor; 1 without YaRN
        double extFactor = 0.0;  ///< 1 when YaRN is on
        double attnFactor = 1.0; ///< multiplies cos/sin (after YaRN's own magnitude factor)
        std::uint32_t originalContext = 0;
        double betaFast = 32.0;
        double betaSlow = 1.0;
    };
    explicit Rope(const Config& config);

    /// The cos and sin of every pair's angle at `pos`, times the magnitude factor: dims values,
    /// [c0, s0, c1, s1, ...]. Computed once per position, applied to every head.
    void rotation(std::int64_t pos, double* cosSin) const;
    /// Rotates `x` (dims values) by a rotation() result.
    void rotate(float* x, const double* cosSin) const;
    /// Rotates `x` (dims values) for position `pos`.
    void apply(float* x, std::int64_t pos) const;
    [[nodiscard]] std::uint32_t dims() const { return m_config.dims; }

private:
    Config m_config;
    std::vector<double> m_theta; ///< base angle per pair
    std::vector<double> m_ramp;  ///< YaRN extrapolation mix per pair
    double m_mscale = 1.0;
};

} // namespace cairn::ops
