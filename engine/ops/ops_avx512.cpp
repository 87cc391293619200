// SPDX-License-Identifier: MIT
// Compiled with -mavx512f (engine/ops/CMakeLists.txt); cpu_ops.cpp checks the CPU first.

#include "engine/ops/ops_avx512.h"

#include "engine/core/fp16.h"
#include "engine/ops/exp_avx512.h"
#include "engine/ops/lane_sums_avx512.h"

#include <algorithm>
#include <cmath>
#include <immintrin.h>
#include <limits>

namespace cairn::ops {

void widenHalfAvx512(const std::uint16_t* in, float* out, std::int64_t n)
{
    std::int64_t i = 0;
    for (; i + 16 <= n; i += 16)
        _mm512_storeu_ps(out + i, _mm512_cvtph_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(in + i))));
    for (; i < n; ++i)
        out[i] = fp16ToF32(in[i]);
}

void narrowHalfAvx512(const float* in, std::uint16_t* out, std::int64_t n)
{
    // The masked form with every lane set: GCC's unmasked macro (at -O0) passes -1 as the mask.
    constexpr auto kAll = static_cast<__mmask16>(0xFFFF);
    std::int64_t i = 0;
    for (; i + 16 <= n; i += 16)
        _mm256_storeu_si256(
            reinterpret_cast<__m256i*>(out + i),
            _mm512_maskz_cvtps_ph(kAll, _mm512_loadu_ps(in + i), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC));
    for (; i < n; ++i)
        out[i] = f32ToFp16(in[i]);
}

void widenBf16Avx512(const std::uint16_t* in, float* out, std::int64_t n)
{
    std::int64_t i = 0;
    for (; i + 16 <= n; i += 16) {
        const __m512i wide = _mm512_cvtepu16_epi32(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(in + i)));
        _mm512_storeu_ps(out + i, _mm512_castsi512_ps(_mm512_slli_epi32(wide, 16)));
    }
    for (; i < n; ++i)
        out[i] = bf16ToF32(in[i]);
}

namespace {

/// 16 values of row `s` starting at column `j`, widened to f32.
inline __m512 loadValues(const std::byte* row, DType type, std::int64_t j)
{
    switch (type) {
    case DType::F16:
        return _mm512_cvtph_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(row) + j / 16));
    case DType::BF16: {
        const __m512i wide = _mm512_cvtepu16_epi32(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(row) + j / 16));
        return _mm512_castsi512_ps(_mm512_slli_epi32(wide, 16));
    }
    default:
        return _mm512_loadu_ps(reinterpret_cast<const float*>(row) + j);
    }
}

/// Rows [r, r + kRows) × columns [j, j + 16 · kCols): accumulators stay in registers over s.
template <std::int64_t kRows, std::int64_t kCols>
void weightedBlock(const float* weights, std::int64_t weightStride, std::int64_t count, const std::byte* values,
                   DType valueType, std::size_t valueStride, std::int64_t width, float* out, std::int64_t r,
                   std::int64_t j)
{
    constexpr auto kR = static_cast<std::size_t>(kRows);
    constexpr auto kC = static_cast<std::size_t>(kCols);
    __m512 acc[kR][kC];
    for (auto& row : acc)
        for (__m512& v : row)
            v = _mm512_setzero_ps();
    for (std::int64_t s = 0; s < count; ++s) {
        const std::byte* value = values + static_cast<std::size_t>(s) * valueStride;
        __m512 v[kC];
        for (std::size_t c = 0; c < kC; ++c)
            v[c] = loadValues(value, valueType, j + 16 * static_cast<std::int64_t>(c));
        for (std::size_t i = 0; i < kR; ++i) {
            const __m512 weight = _mm512_set1_ps(weights[(r + static_cast<std::int64_t>(i)) * weightStride + s]);
            for (std::size_t c = 0; c < kC; ++c)
                acc[i][c] = _mm512_fmadd_ps(weight, v[c], acc[i][c]);
        }
    }
    for (std::size_t i = 0; i < kR; ++i)
        for (std::size_t c = 0; c < kC; ++c)
            _mm512_storeu_ps(out + (r + static_cast<std::int64_t>(i)) * width + j + 16 * static_cast<std::int64_t>(c),
                             acc[i][c]);
}

/// rowDots for kHeads heads (at most 8) over rows [begin, end).
template <std::int64_t kHeads>
void rowDotsGroup(const float* queries, std::int64_t queryStride, const std::byte* rows, DType rowType,
                  std::size_t rowStride, std::int64_t width, std::int64_t begin, std::int64_t end, float scale,
                  float* out, std::int64_t outStride)
{
    constexpr auto kH = static_cast<std::size_t>(kHeads);
    for (std::int64_t s = begin; s < end; ++s) {
        const std::byte* row = rows + static_cast<std::size_t>(s) * rowStride;
        __m512 acc[kH];
        for (__m512& a : acc)
            a = _mm512_setzero_ps();
        for (std::int64_t j = 0; j < width; j += 16) {
            const __m512 k = loadValues(row, rowType, j);
            for (std::size_t h = 0; h < kH; ++h)
                acc[h] = _mm512_fmadd_ps(_mm512_loadu_ps(queries + static_cast<std::int64_t>(h) * queryStride + j), k,
                                         acc[h]);
        }
        if constexpr (kHeads == 8) {
            float sums[8];
            sumLanes8(acc, sums);
            for (std::size_t h = 0; h < kH; ++h)
                out[static_cast<std::int64_t>(h) * outStride + s] = scale * sums[h];
        } else {
            for (std::size_t h = 0; h < kH; ++h)
                out[static_cast<std::int64_t>(h) * outStride + s] = scale * _mm512_reduce_add_ps(acc[h]);
        }
    }
}

} // namespace

void rowDotsAvx512(const float* queries, std::int64_t queryStride, std::int64_t heads, const std::byte* rows,
                   DType rowType, std::size_t rowStride, std::int64_t width, std::int64_t count, float scale,
                   float* out, std::int64_t outStride)
{
    // Rows in blocks of 16 (18 KiB of DeepSeek's 576-wide f16 rows): every group of heads finds
    // the block in L1.
    constexpr std::int64_t kRowBlock = 16;
    for (std::int64_t begin = 0; begin < count; begin += kRowBlock) {
        const std::int64_t end = std::min(count, begin + kRowBlock);
        std::int64_t h = 0;
        for (; h + 8 <= heads; h += 8)
            rowDotsGroup<8>(queries + h * queryStride, queryStride, rows, rowType, rowStride, width, begin, end, scale,
                            out + h * outStride, outStride);
        for (; h + 4 <= heads; h += 4)
            rowDotsGroup<4>(queries + h * queryStride, queryStride, rows, rowType, rowStride, width, begin, end, scale,
                            out + h * outStride, outStride);
        for (; h < heads; ++h)
            rowDotsGroup<1>(queries + h * queryStride, queryStride, rows, rowType, rowStride, width, begin, end, scale,
                            out + h * outStride, outStride);
    }
}

void rmsNormAvx512(const float* x, const float* weight, float* out, std::int64_t n, float eps)
{
    __m512d sums[4] = {_mm512_setzero_pd(), _mm512_setzero_pd(), _mm512_setzero_pd(), _mm512_setzero_pd()};
    std::int64_t i = 0;
    for (; i + 32 <= n; i += 32) {
        for (int half = 0; half < 2; ++half) {
            const __m512 v = _mm512_loadu_ps(x + i + 16 * half);
            const __m512d lo = _mm512_cvtps_pd(_mm512_castps512_ps256(v));
            const __m512d hi = _mm512_cvtps_pd(_mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(v), 1)));
            sums[2 * half] = _mm512_fmadd_pd(lo, lo, sums[2 * half]);
            sums[2 * half + 1] = _mm512_fmadd_pd(hi, hi, sums[2 * half + 1]);
        }
    }
    double sum = _mm512_reduce_add_pd(_mm512_add_pd(_mm512_add_pd(sums[0], sums[1]), _mm512_add_pd(sums[2], sums[3])));
    for (; i < n; ++i)
        sum += static_cast<double>(x[i]) * static_cast<double>(x[i]);
    const __m512 scale
        = _mm512_set1_ps(static_cast<float>(1.0 / std::sqrt(sum / static_cast<double>(n) + static_cast<double>(eps))));
    for (i = 0; i < n; i += 16) {
        const auto mask = n - i >= 16 ? static_cast<__mmask16>(0xFFFF) : static_cast<__mmask16>((1U << (n - i)) - 1U);
        const __m512 v = _mm512_mul_ps(_mm512_maskz_loadu_ps(mask, x + i), scale);
        _mm512_mask_storeu_ps(out + i, mask, _mm512_mul_ps(v, _mm512_maskz_loadu_ps(mask, weight + i)));
    }
}

void siluMulAvx512(float* gate, const float* up, std::int64_t n)
{
    const __m512 one = _mm512_set1_ps(1.0F);
    std::int64_t i = 0;
    for (; i < n; i += 16) {
        const auto mask = n - i >= 16 ? static_cast<__mmask16>(0xFFFF) : static_cast<__mmask16>((1U << (n - i)) - 1U);
        const __m512 g = _mm512_maskz_loadu_ps(mask, gate + i);
        const __m512 sigmoid = _mm512_div_ps(one, _mm512_add_ps(one, expAvx512(_mm512_sub_ps(_mm512_setzero_ps(), g))));
        _mm512_mask_storeu_ps(gate + i, mask,
                              _mm512_mul_ps(_mm512_mul_ps(g, sigmoid), _mm512_maskz_loadu_ps(mask, up + i)));
    }
}

void softmaxAvx512(float* x, std::int64_t n)
{
    std::int64_t i = 0;
    __m512 top = _mm512_set1_ps(-std::numeric_limits<float>::infinity());
    for (; i + 16 <= n; i += 16)
        top = _mm512_max_ps(top, _mm512_loadu_ps(x + i));
    float maximum = _mm512_reduce_max_ps(top);
    for (; i < n; ++i)
        maximum = std::max(maximum, x[i]);
    const __m512 shift = _mm512_set1_ps(maximum);
    // The sum is kept in double, as the scalar softmax does: a million-token row stays exact.
    __m512d sumLo = _mm512_setzero_pd();
    __m512d sumHi = _mm512_setzero_pd();
    for (i = 0; i + 16 <= n; i += 16) {
        const __m512 e = expAvx512(_mm512_sub_ps(_mm512_loadu_ps(x + i), shift));
        _mm512_storeu_ps(x + i, e);
        sumLo = _mm512_add_pd(sumLo, _mm512_cvtps_pd(_mm512_castps512_ps256(e)));
        sumHi = _mm512_add_pd(sumHi, _mm512_cvtps_pd(_mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(e), 1))));
    }
    if (i < n) {
        const auto mask = static_cast<__mmask16>((1U << (n - i)) - 1U);
        const __m512 e = expAvx512(_mm512_sub_ps(_mm512_maskz_loadu_ps(mask, x + i), shift));
        _mm512_mask_storeu_ps(x + i, mask, e);
        const __m512 kept = _mm512_maskz_mov_ps(mask, e);
        sumLo = _mm512_add_pd(sumLo, _mm512_cvtps_pd(_mm512_castps512_ps256(kept)));
        sumHi = _mm512_add_pd(sumHi,
                              _mm512_cvtps_pd(_mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(kept), 1))));
    }
    const __m512 inverse = _mm512_set1_ps(static_cast<float>(1.0 / _mm512_reduce_add_pd(_mm512_add_pd(sumLo, sumHi))));
    for (i = 0; i + 16 <= n; i += 16)
        _mm512_storeu_ps(x + i, _mm512_mul_ps(_mm512_loadu_ps(x + i), inverse));
    if (i < n) {
        const auto mask = static_cast<__mmask16>((1U << (n - i)) - 1U);
        _mm512_mask_storeu_ps(x + i, mask, _mm512_mul_ps(_mm512_maskz_loadu_ps(mask, x + i), inverse));
    }
}

void weightedRowSumAvx512(const float* weights, std::int64_t weightStride, std::int64_t rowCount, std::int64_t count,
                          const std::byte* values, DType valueType, std::size_t valueStride, std::int64_t width,
                          float* out)
{
    std::int64_t r = 0;
    for (; r + 4 <= rowCount; r += 4) {
        std::int64_t j = 0;
        for (; j + 64 <= width; j += 64)
            weightedBlock<4, 4>(weights, weightStride, count, values, valueType, valueStride, width, out, r, j);
        for (; j < width; j += 16)
            weightedBlock<4, 1>(weights, weightStride, count, values, valueType, valueStride, width, out, r, j);
    }
    for (; r < rowCount; ++r) {
        std::int64_t j = 0;
        for (; j + 64 <= width; j += 64)
            weightedBlock<1, 4>(weights, weightStride, count, values, valueType, valueStride, width, out, r, j);
        for (; j < width; j += 16)
            weightedBlock<1, 1>(weights, weightStride, count, values, valueType, valueStride, width, out, r, j);
    }
}

} // namespace cairn::ops
