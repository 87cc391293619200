// SPDX-License-Identifier: MIT
// Compiled with -mavx512f (engine/ops/CMakeLists.txt); cpu_ops.cpp checks the CPU first.

#include "engine/ops/ops_avx512.h"

#include "engine/core/fp16.h"

#include <immintrin.h>

namespace cairn::ops {

void widenHalfAvx512(const std::uint16_t* in, float* out, std::int64_t n)
{
    std::int64_t i = 0;
    for (; i + 16 <= n; i += 16)
        _mm512_storeu_ps(out + i, _mm512_cvtph_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(in + i))));
    for (; i < n; ++i)
        out[i] = fp16ToF32(in[i]);
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

} // namespace

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
