// SPDX-License-Identifier: MIT
// Scalar loops: these ops are a small share of a forward pass next to the matrix products, and
// the compiler vectorises them well enough.

#include "engine/ops/cpu_ops.h"

#include "engine/core/fp16.h"
#include "engine/ops/ops_avx512.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numbers>

namespace cairn::ops {

namespace {

#if CAIRN_CPU_X86
const bool kHasAvx512 = __builtin_cpu_supports("avx512f");
#endif

} // namespace

void rmsNorm(const float* x, const float* weight, float* out, std::int64_t n, float eps)
{
#if CAIRN_CPU_X86
    if (kHasAvx512) {
        rmsNormAvx512(x, weight, out, n, eps);
        return;
    }
#endif
    double sum = 0.0;
    for (std::int64_t i = 0; i < n; ++i)
        sum += static_cast<double>(x[i]) * static_cast<double>(x[i]);
    const auto scale = static_cast<float>(1.0 / std::sqrt(sum / static_cast<double>(n) + static_cast<double>(eps)));
    for (std::int64_t i = 0; i < n; ++i)
        out[i] = x[i] * scale * weight[i];
}

void siluMul(float* gate, const float* up, std::int64_t n)
{
#if CAIRN_CPU_X86
    if (kHasAvx512) {
        siluMulAvx512(gate, up, n);
        return;
    }
#endif
    for (std::int64_t i = 0; i < n; ++i) {
        const float g = gate[i];
        gate[i] = g / (1.0F + std::exp(-g)) * up[i];
    }
}

void softmax(float* x, std::int64_t n)
{
    if (n <= 0)
        return;
#if CAIRN_CPU_X86
    if (kHasAvx512) {
        softmaxAvx512(x, n);
        return;
    }
#endif
    const float top = *std::max_element(x, x + n);
    double sum = 0.0;
    for (std::int64_t i = 0; i < n; ++i) {
        x[i] = std::exp(x[i] - top);
        sum += static_cast<double>(x[i]);
    }
    const auto inverse = static_cast<float>(1.0 / sum);
    for (std::int64_t i = 0; i < n; ++i)
        x[i] *= inverse;
}

// Compiled for AVX-512, AVX2 and the baseline; the loader picks one (GCC function multi-versioning).
__attribute__((target_clones("avx512f", "avx2", "default"))) void axpy(float weight, const float* __restrict x,
                                                                       float* __restrict y, std::int64_t n)
{
    for (std::int64_t j = 0; j < n; ++j)
        y[j] += weight * x[j];
}

void rowDots(const float* queries, std::int64_t queryStride, std::int64_t heads, const std::byte* rows, DType rowType,
             std::size_t rowStride, std::int64_t width, std::int64_t count, float scale, float* out,
             std::int64_t outStride)
{
#if CAIRN_CPU_X86
    if (kHasAvx512 && width % 16 == 0) {
        rowDotsAvx512(queries, queryStride, heads, rows, rowType, rowStride, width, count, scale, out, outStride);
        return;
    }
#endif
    std::vector<float> row(static_cast<std::size_t>(width));
    for (std::int64_t s = 0; s < count; ++s) {
        widenRow(rowType, rows + static_cast<std::size_t>(s) * rowStride, row.data(), width);
        for (std::int64_t h = 0; h < heads; ++h) {
            const float* q = queries + h * queryStride;
            float sum = 0.0F;
            for (std::int64_t c = 0; c < width; ++c)
                sum += q[c] * row[static_cast<std::size_t>(c)];
            out[h * outStride + s] = scale * sum;
        }
    }
}

void narrowRow(DType type, const float* in, std::byte* out, std::int64_t n)
{
    if (type == DType::F32) {
        std::memcpy(out, in, static_cast<std::size_t>(n) * sizeof(float));
        return;
    }
    auto* bits = reinterpret_cast<std::uint16_t*>(out);
#if CAIRN_CPU_X86
    if (kHasAvx512 && type == DType::F16) {
        narrowHalfAvx512(in, bits, n);
        return;
    }
#endif
    for (std::int64_t i = 0; i < n; ++i)
        bits[i] = type == DType::F16 ? f32ToFp16(in[i]) : f32ToBf16(in[i]);
}

void widenRow(DType type, const std::byte* in, float* out, std::int64_t n)
{
    if (type == DType::F32) {
        std::memcpy(out, in, static_cast<std::size_t>(n) * sizeof(float));
        return;
    }
    const auto* bits = reinterpret_cast<const std::uint16_t*>(in);
#if CAIRN_CPU_X86
    if (kHasAvx512) {
        if (type == DType::F16)
            widenHalfAvx512(bits, out, n);
        else
            widenBf16Avx512(bits, out, n);
        return;
    }
#endif
    for (std::int64_t i = 0; i < n; ++i)
        out[i] = type == DType::F16 ? fp16ToF32(bits[i]) : bf16ToF32(bits[i]);
}

void weightedRowSum(const float* weights, std::int64_t weightStride, std::int64_t rowCount, std::int64_t count,
                    const std::byte* values, DType valueType, std::size_t valueStride, std::int64_t width, float* out)
{
#if CAIRN_CPU_X86
    if (kHasAvx512 && width % 16 == 0) {
        weightedRowSumAvx512(weights, weightStride, rowCount, count, values, valueType, valueStride, width, out);
        return;
    }
#endif
    for (std::int64_t r = 0; r < rowCount; ++r)
        std::fill_n(out + r * width, width, 0.0F);
    std::vector<float> row(static_cast<std::size_t>(width));
    for (std::int64_t s = 0; s < count; ++s) {
        widenRow(valueType, values + static_cast<std::size_t>(s) * valueStride, row.data(), width);
        for (std::int64_t r = 0; r < rowCount; ++r)
            axpy(weights[r * weightStride + s], row.data(), out + r * width, width);
    }
}

namespace {

/// ggml_rope_yarn_corr_dim: the dimension whose wavelength spans `rotations` turns over the
/// original context.
double correctionDim(double dims, double originalContext, double rotations, double base)
{
    return dims * std::log(originalContext / (rotations * 2.0 * std::numbers::pi)) / (2.0 * std::log(base));
}

} // namespace

Rope::Rope(const Config& config) : m_config(config)
{
    const std::uint32_t pairs = config.dims / 2;
    m_theta.resize(pairs);
    m_ramp.assign(pairs, 0.0);
    const double dims = config.dims;
    for (std::uint32_t i = 0; i < pairs; ++i)
        m_theta[i] = std::pow(config.freqBase, -2.0 * i / dims);
    m_mscale = config.attnFactor;
    if (config.extFactor != 0.0) {
        const double low
            = std::max(0.0, std::floor(correctionDim(dims, config.originalContext, config.betaFast, config.freqBase)));
        const double high = std::min(
            dims - 1.0, std::ceil(correctionDim(dims, config.originalContext, config.betaSlow, config.freqBase)));
        for (std::uint32_t i = 0; i < pairs; ++i) {
            const double y = (static_cast<double>(i) - low) / std::max(0.001, high - low);
            m_ramp[i] = (1.0 - std::clamp(y, 0.0, 1.0)) * config.extFactor;
        }
        m_mscale *= 1.0 + 0.1 * std::log(1.0 / config.freqScale);
    }
}

void Rope::rotation(std::int64_t pos, double* cosSin) const
{
    const auto p = static_cast<double>(pos);
    for (std::size_t i = 0; i < m_theta.size(); ++i) {
        const double extrapolated = p * m_theta[i];
        const double interpolated = extrapolated * m_config.freqScale;
        const double angle = interpolated * (1.0 - m_ramp[i]) + extrapolated * m_ramp[i];
        cosSin[2 * i] = std::cos(angle) * m_mscale;
        cosSin[2 * i + 1] = std::sin(angle) * m_mscale;
    }
}

void Rope::rotate(float* x, const double* cosSin) const
{
    for (std::size_t i = 0; i < m_theta.size(); ++i) {
        const double c = cosSin[2 * i];
        const double s = cosSin[2 * i + 1];
        const double a = x[2 * i];
        const double b = x[2 * i + 1];
        x[2 * i] = static_cast<float>(a * c - b * s);
        x[2 * i + 1] = static_cast<float>(a * s + b * c);
    }
}

void Rope::apply(float* x, std::int64_t pos) const
{
    std::vector<double> cosSin(2 * m_theta.size());
    rotation(pos, cosSin.data());
    rotate(x, cosSin.data());
}

} // namespace cairn::ops
