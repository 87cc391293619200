// SPDX-License-Identifier: MIT
// Portable dot-product tiles, the fallback on every CPU and the reference the SIMD families
// are tested against. Integer sums per block as ggml's generic code does, float across blocks.

#include "engine/backends/cpu/quant_blocks.h"
#include "engine/backends/cpu/tile_kernel.h"

#include <cstring>

namespace cairn::cpu {

namespace {

float loadF32(const std::uint8_t* p)
{
    float v = 0.0F;
    std::memcpy(&v, p, sizeof v);
    return v;
}

std::uint16_t loadU16(const std::uint8_t* p)
{
    std::uint16_t v = 0;
    std::memcpy(&v, p, sizeof v);
    return v;
}

float dotF32(const std::uint8_t* w, const std::uint8_t* a, std::int64_t n)
{
    float sum = 0.0F;
    for (std::int64_t i = 0; i < n; ++i)
        sum += loadF32(w + 4 * i) * loadF32(a + 4 * i);
    return sum;
}

float dotF16(const std::uint8_t* w, const std::uint8_t* a, std::int64_t n)
{
    float sum = 0.0F;
    for (std::int64_t i = 0; i < n; ++i)
        sum += fp16ToF32(loadU16(w + 2 * i)) * loadF32(a + 4 * i);
    return sum;
}

float dotBf16(const std::uint8_t* w, const std::uint8_t* a, std::int64_t n)
{
    float sum = 0.0F;
    for (std::int64_t i = 0; i < n; ++i)
        sum += bf16ToF32(loadU16(w + 2 * i)) * loadF32(a + 4 * i);
    return sum;
}

float dotQ8_0(const std::uint8_t* w, const std::uint8_t* a, std::int64_t n)
{
    const auto* x = reinterpret_cast<const BlockQ8_0*>(w);
    const auto* y = reinterpret_cast<const BlockQ8_0*>(a);
    float sum = 0.0F;
    for (std::int64_t b = 0; b < n / kBlockSize; ++b) {
        int sumi = 0;
        for (int i = 0; i < kBlockSize; ++i)
            sumi += x[b].qs[i] * y[b].qs[i];
        sum += static_cast<float>(sumi) * (x[b].d.value() * y[b].d.value());
    }
    return sum;
}

float dotQ4_0(const std::uint8_t* w, const std::uint8_t* a, std::int64_t n)
{
    const auto* x = reinterpret_cast<const BlockQ4_0*>(w);
    const auto* y = reinterpret_cast<const BlockQ8_0*>(a);
    float sum = 0.0F;
    for (std::int64_t b = 0; b < n / kBlockSize; ++b) {
        int sumi = 0;
        for (int i = 0; i < kBlockSize / 2; ++i) {
            sumi += ((x[b].qs[i] & 0xF) - 8) * y[b].qs[i];
            sumi += ((x[b].qs[i] >> 4) - 8) * y[b].qs[i + kBlockSize / 2];
        }
        sum += static_cast<float>(sumi) * (x[b].d.value() * y[b].d.value());
    }
    return sum;
}

float dotQ5_0(const std::uint8_t* w, const std::uint8_t* a, std::int64_t n)
{
    const auto* x = reinterpret_cast<const BlockQ5_0*>(w);
    const auto* y = reinterpret_cast<const BlockQ8_0*>(a);
    float sum = 0.0F;
    for (std::int64_t b = 0; b < n / kBlockSize; ++b) {
        int q[kBlockSize];
        unpackCodes5(x[b].qs, x[b].qh, q);
        int sumi = 0;
        for (int i = 0; i < kBlockSize; ++i)
            sumi += (q[i] - 16) * y[b].qs[i];
        sum += static_cast<float>(sumi) * (x[b].d.value() * y[b].d.value());
    }
    return sum;
}

/// Weights d * q + m: (dw * da) * sum q * qa + (m * da) * sum qa per block (ggml reads the
/// activation sum from Q8_1 blocks; here it comes from the Q8_0 codes).
template <class Block, bool kFiveBits> float dotWithMin(const std::uint8_t* w, const std::uint8_t* a, std::int64_t n)
{
    const auto* x = reinterpret_cast<const Block*>(w);
    const auto* y = reinterpret_cast<const BlockQ8_0*>(a);
    float sum = 0.0F;
    for (std::int64_t b = 0; b < n / kBlockSize; ++b) {
        int q[kBlockSize];
        if constexpr (kFiveBits) {
            unpackCodes5(x[b].qs, x[b].qh, q);
        } else {
            for (int i = 0; i < kBlockSize / 2; ++i) {
                q[i] = x[b].qs[i] & 0xF;
                q[i + kBlockSize / 2] = x[b].qs[i] >> 4;
            }
        }
        int sumi = 0;
        int suma = 0;
        for (int i = 0; i < kBlockSize; ++i) {
            sumi += q[i] * y[b].qs[i];
            suma += y[b].qs[i];
        }
        const float da = y[b].d.value();
        sum += static_cast<float>(sumi) * (x[b].d.value() * da) + static_cast<float>(suma) * (x[b].m.value() * da);
    }
    return sum;
}

float dotIQ4NL(const std::uint8_t* w, const std::uint8_t* a, std::int64_t n)
{
    const auto* x = reinterpret_cast<const BlockIQ4NL*>(w);
    const auto* y = reinterpret_cast<const BlockQ8_0*>(a);
    float sum = 0.0F;
    for (std::int64_t b = 0; b < n / kBlockSize; ++b) {
        int sumi = 0;
        for (int i = 0; i < kBlockSize / 2; ++i) {
            sumi += kIq4NlValues[x[b].qs[i] & 0xF] * y[b].qs[i];
            sumi += kIq4NlValues[x[b].qs[i] >> 4] * y[b].qs[i + kBlockSize / 2];
        }
        sum += static_cast<float>(sumi) * (x[b].d.value() * y[b].d.value());
    }
    return sum;
}

/// d * sum_j scale_j * dot_j - dmin * sum_j min_j * (sum of activations in sub-block j).
float dotQ4K(const std::uint8_t* w, const std::uint8_t* a, std::int64_t n)
{
    const auto* x = reinterpret_cast<const BlockQ4K*>(w);
    const auto* y = reinterpret_cast<const BlockQ8K*>(a);
    float sum = 0.0F;
    for (std::int64_t b = 0; b < n / kSuperBlock; ++b) {
        int sumi = 0;
        int summ = 0;
        for (int j = 0; j < 8; ++j) {
            int sc = 0;
            int m = 0;
            unpackScaleMinK(x[b].scales, j, sc, m);
            const std::uint8_t* q = x[b].qs + 32 * (j / 2);
            const std::int8_t* q8 = y[b].qs + 32 * j;
            const int shift = (j % 2) * 4;
            int dot = 0;
            for (int l = 0; l < 32; ++l)
                dot += ((q[l] >> shift) & 0xF) * q8[l];
            sumi += sc * dot;
            summ += m * (y[b].bsums[2 * j] + y[b].bsums[2 * j + 1]);
        }
        sum += y[b].d * (x[b].d.value() * static_cast<float>(sumi) - x[b].dmin.value() * static_cast<float>(summ));
    }
    return sum;
}

float dotQ5K(const std::uint8_t* w, const std::uint8_t* a, std::int64_t n)
{
    const auto* x = reinterpret_cast<const BlockQ5K*>(w);
    const auto* y = reinterpret_cast<const BlockQ8K*>(a);
    float sum = 0.0F;
    for (std::int64_t b = 0; b < n / kSuperBlock; ++b) {
        int sumi = 0;
        int summ = 0;
        for (int j = 0; j < 8; ++j) {
            int sc = 0;
            int m = 0;
            unpackScaleMinK(x[b].scales, j, sc, m);
            const std::uint8_t* q = x[b].qs + 32 * (j / 2);
            const std::int8_t* q8 = y[b].qs + 32 * j;
            const int shift = (j % 2) * 4;
            int dot = 0;
            for (int l = 0; l < 32; ++l)
                dot += (((q[l] >> shift) & 0xF) | (((x[b].qh[l] >> j) & 1) << 4)) * q8[l];
            sumi += sc * dot;
            summ += m * (y[b].bsums[2 * j] + y[b].bsums[2 * j + 1]);
        }
        sum += y[b].d * (x[b].d.value() * static_cast<float>(sumi) - x[b].dmin.value() * static_cast<float>(summ));
    }
    return sum;
}

float dotQ6K(const std::uint8_t* w, const std::uint8_t* a, std::int64_t n)
{
    const auto* x = reinterpret_cast<const BlockQ6K*>(w);
    const auto* y = reinterpret_cast<const BlockQ8K*>(a);
    float sum = 0.0F;
    for (std::int64_t b = 0; b < n / kSuperBlock; ++b) {
        int sumi = 0;
        for (int e = 0; e < kSuperBlock; e += 16) {
            // Element e + i: half n, position p within the half, quarter p / 32, lane l.
            const int half = e / 128;
            const int quarter = (e % 128) / 32;
            const std::uint8_t* ql = x[b].ql + 64 * half + 32 * (quarter % 2);
            const std::uint8_t* qh = x[b].qh + 32 * half;
            int dot = 0;
            for (int i = 0; i < 16; ++i) {
                const int l = (e % 32) + i;
                const int low = (ql[l] >> (4 * (quarter / 2))) & 0xF;
                const int high = (qh[l] >> (2 * quarter)) & 3;
                dot += ((low | (high << 4)) - 32) * y[b].qs[e + i];
            }
            sumi += x[b].scales[e / 16] * dot;
        }
        sum += y[b].d * x[b].d.value() * static_cast<float>(sumi);
    }
    return sum;
}

using DotFn = float (*)(const std::uint8_t*, const std::uint8_t*, std::int64_t);

template <DotFn dot> void tile(const TileArgs& args)
{
    for (int t = 0; t < args.tokens; ++t) {
        const std::uint8_t* a = args.act + static_cast<std::size_t>(t) * args.actStride;
        float* out = args.y + t * args.yStride;
        for (int r = 0; r < args.rows; ++r) {
            const float v = dot(args.w + static_cast<std::size_t>(r) * args.rowStride, a, args.cols);
            out[r] = args.accumulate ? out[r] + v : v;
        }
    }
}

} // namespace

TileKernel scalarTileKernel(DType weightType)
{
    switch (weightType) {
    case DType::F32:
        return {tile<dotF32>, 1, 1};
    case DType::F16:
        return {tile<dotF16>, 1, 1};
    case DType::BF16:
        return {tile<dotBf16>, 1, 1};
    case DType::Q8_0:
        return {tile<dotQ8_0>, 1, 1};
    case DType::Q4_0:
        return {tile<dotQ4_0>, 1, 1};
    case DType::Q4_1:
        return {tile<dotWithMin<BlockQ4_1, false>>, 1, 1};
    case DType::Q5_0:
        return {tile<dotQ5_0>, 1, 1};
    case DType::Q5_1:
        return {tile<dotWithMin<BlockQ5_1, true>>, 1, 1};
    case DType::IQ4_NL:
        return {tile<dotIQ4NL>, 1, 1};
    case DType::Q4_K:
        return {tile<dotQ4K>, 1, 1};
    case DType::Q5_K:
        return {tile<dotQ5K>, 1, 1};
    case DType::Q6_K:
        return {tile<dotQ6K>, 1, 1};
    default:
        return {};
    }
}

} // namespace cairn::cpu
