// SPDX-License-Identifier: MIT
// Scalar quantisation and dequantisation rows. Quantisers pick scales from per-block extremes
// (not ggml's iterative search): valid blocks with bounded error, which is what tests and
// activation quantisation need. Dequantisers follow ggml's formulas and evaluation order.

#include "engine/backends/cpu/quantize.h"

#include "engine/backends/cpu/quant_blocks.h"
#include "engine/core/fp16.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace cairn::cpu {

namespace {

/// Nearest integer, ties to even, as lrintf does in the default rounding mode, for |v| <= 2^22
/// (larger values and NaN saturate): adding 1.5 * 2^23 makes the FPU round the fraction away.
/// No libm call, so the activation quantisers' loops vectorise.
int roundToInt(float v)
{
    constexpr float kMagic = 12582912.0F; // 1.5 * 2^23
    constexpr float kLimit = 4194304.0F;  // 2^22
    const float clamped = v > kLimit ? kLimit : (v >= -kLimit ? v : -kLimit);
    return static_cast<int>((clamped + kMagic) - kMagic);
}

float absMax(const float* x, int n)
{
    float best = 0.0F;
    for (int i = 0; i < n; ++i)
        best = std::max(best, std::fabs(x[i]));
    return best;
}

/// The value with the largest magnitude, keeping its sign.
float signedAbsMax(const float* x, int n)
{
    float best = 0.0F;
    for (int i = 0; i < n; ++i) {
        if (std::fabs(x[i]) > std::fabs(best))
            best = x[i];
    }
    return best;
}

void quantizeQ8_0(const float* x, BlockQ8_0* blocks, std::int64_t count)
{
    for (std::int64_t b = 0; b < count; ++b, x += kBlockSize) {
        const float amax = absMax(x, kBlockSize);
        const float d = amax / 127.0F;
        const float id = d != 0.0F ? 1.0F / d : 0.0F;
        blocks[b].d.set(d);
        for (int i = 0; i < kBlockSize; ++i)
            blocks[b].qs[i] = static_cast<std::int8_t>(std::clamp(roundToInt(x[i] * id), -127, 127));
    }
}

void quantizeQ4_0(const float* x, BlockQ4_0* blocks, std::int64_t count)
{
    for (std::int64_t b = 0; b < count; ++b, x += kBlockSize) {
        // The extreme value maps to -8, the one code with no positive twin.
        const float d = signedAbsMax(x, kBlockSize) / -8.0F;
        const float id = d != 0.0F ? 1.0F / d : 0.0F;
        blocks[b].d.set(d);
        for (int i = 0; i < kBlockSize / 2; ++i) {
            const int lo = std::clamp(roundToInt(x[i] * id) + 8, 0, 15);
            const int hi = std::clamp(roundToInt(x[i + kBlockSize / 2] * id) + 8, 0, 15);
            blocks[b].qs[i] = static_cast<std::uint8_t>(lo | (hi << 4));
        }
    }
}

/// Q5_0: like Q4_0 with 32 codes, the extreme value at -16.
void quantizeQ5_0(const float* x, BlockQ5_0* blocks, std::int64_t count)
{
    for (std::int64_t b = 0; b < count; ++b, x += kBlockSize) {
        const float d = signedAbsMax(x, kBlockSize) / -16.0F;
        const float id = d != 0.0F ? 1.0F / d : 0.0F;
        blocks[b].d.set(d);
        std::uint32_t high = 0;
        for (int i = 0; i < kBlockSize / 2; ++i) {
            const int lo = std::clamp(roundToInt(x[i] * id) + 16, 0, 31);
            const int hi = std::clamp(roundToInt(x[i + kBlockSize / 2] * id) + 16, 0, 31);
            blocks[b].qs[i] = static_cast<std::uint8_t>((lo & 0xF) | ((hi & 0xF) << 4));
            high |= static_cast<std::uint32_t>(lo >> 4) << i;
            high |= static_cast<std::uint32_t>(hi >> 4) << (i + kBlockSize / 2);
        }
        std::memcpy(blocks[b].qh, &high, sizeof high);
    }
}

/// Q4_1 / Q5_1 codes: the block spans [min, max] in maxQ steps, x = d * q + m. Codes are chosen
/// against the stored (half-rounded) d and m. Returns them in q[32].
void quantizeBlockMin(const float* x, int maxQ, Half& dOut, Half& mOut, int* q)
{
    const float lo = *std::min_element(x, x + kBlockSize);
    const float hi = *std::max_element(x, x + kBlockSize);
    dOut.set((hi - lo) / static_cast<float>(maxQ));
    mOut.set(lo);
    const float d = dOut.value();
    const float m = mOut.value();
    const float id = d != 0.0F ? 1.0F / d : 0.0F;
    for (int i = 0; i < kBlockSize; ++i)
        q[i] = std::clamp(roundToInt((x[i] - m) * id), 0, maxQ);
}

void quantizeQ4_1(const float* x, BlockQ4_1* blocks, std::int64_t count)
{
    for (std::int64_t b = 0; b < count; ++b, x += kBlockSize) {
        int q[kBlockSize];
        quantizeBlockMin(x, 15, blocks[b].d, blocks[b].m, q);
        for (int i = 0; i < kBlockSize / 2; ++i)
            blocks[b].qs[i] = static_cast<std::uint8_t>(q[i] | (q[i + kBlockSize / 2] << 4));
    }
}

void quantizeQ5_1(const float* x, BlockQ5_1* blocks, std::int64_t count)
{
    for (std::int64_t b = 0; b < count; ++b, x += kBlockSize) {
        int q[kBlockSize];
        quantizeBlockMin(x, 31, blocks[b].d, blocks[b].m, q);
        std::uint32_t high = 0;
        for (int i = 0; i < kBlockSize / 2; ++i) {
            const int lo = q[i];
            const int hi = q[i + kBlockSize / 2];
            blocks[b].qs[i] = static_cast<std::uint8_t>((lo & 0xF) | ((hi & 0xF) << 4));
            high |= static_cast<std::uint32_t>(lo >> 4) << i;
            high |= static_cast<std::uint32_t>(hi >> 4) << (i + kBlockSize / 2);
        }
        std::memcpy(blocks[b].qh, &high, sizeof high);
    }
}

/// Index of the IQ4_NL level nearest to v (levels ascend).
int nearestIq4NlLevel(float v)
{
    int best = 0;
    for (int k = 1; k < 16; ++k) {
        const float mid = 0.5F * static_cast<float>(kIq4NlValues[k - 1] + kIq4NlValues[k]);
        if (v > mid)
            best = k;
    }
    return best;
}

/// IQ4_NL: tries scales that put the block's extreme value on or near either end of the table,
/// refits d by least squares for each assignment of levels and keeps the smallest squared error.
void quantizeIQ4NL(const float* x, BlockIQ4NL* blocks, std::int64_t count)
{
    for (std::int64_t b = 0; b < count; ++b, x += kBlockSize) {
        const float extreme = signedAbsMax(x, kBlockSize);
        float bestD = 0.0F;
        if (extreme != 0.0F) {
            float bestError = -1.0F;
            for (const float end : {static_cast<float>(kIq4NlValues[0]), static_cast<float>(kIq4NlValues[15])}) {
                for (int step = -6; step <= 6; ++step) {
                    const float id = (end + static_cast<float>(step) * (end < 0.0F ? -2.0F : 2.0F)) / extreme;
                    float sumXV = 0.0F;
                    float sumVV = 0.0F;
                    for (int i = 0; i < kBlockSize; ++i) {
                        const auto v = static_cast<float>(kIq4NlValues[nearestIq4NlLevel(x[i] * id)]);
                        sumXV += x[i] * v;
                        sumVV += v * v;
                    }
                    const float d = sumXV / sumVV;
                    float error = 0.0F;
                    for (int i = 0; i < kBlockSize; ++i) {
                        const auto v = static_cast<float>(kIq4NlValues[nearestIq4NlLevel(x[i] * id)]);
                        error += (x[i] - d * v) * (x[i] - d * v);
                    }
                    if (bestError < 0.0F || error < bestError) {
                        bestError = error;
                        bestD = d;
                    }
                }
            }
        }
        blocks[b].d.set(bestD);
        const float d = blocks[b].d.value();
        const float id = d != 0.0F ? 1.0F / d : 0.0F;
        for (int i = 0; i < kBlockSize / 2; ++i) {
            const int lo = nearestIq4NlLevel(x[i] * id);
            const int hi = nearestIq4NlLevel(x[i + kBlockSize / 2] * id);
            blocks[b].qs[i] = static_cast<std::uint8_t>(lo | (hi << 4));
        }
    }
}

/// Fills packed 6-bit scales and mins (the inverse of unpackScaleMinK).
void packScaleMinK(const int* scale, const int* min, std::uint8_t* packed)
{
    for (int j = 0; j < 4; ++j) {
        packed[j] = static_cast<std::uint8_t>((scale[j] & 63) | ((scale[j + 4] >> 4) << 6));
        packed[j + 4] = static_cast<std::uint8_t>((min[j] & 63) | ((min[j + 4] >> 4) << 6));
        packed[j + 8] = static_cast<std::uint8_t>((scale[j + 4] & 0xF) | ((min[j + 4] & 0xF) << 4));
    }
}

/// Shared scale search of Q4_K and Q5_K: sub-block j covers [-dmin*min[j], -dmin*min[j] +
/// d*scale[j]*maxQ]. Writes d, dmin, the packed scales and the codes q[256] in 0..maxQ.
void quantizeSuperBlockK(const float* x, int maxQ, Half& dOut, Half& dminOut, std::uint8_t* packed, std::uint8_t* q)
{
    constexpr int kSubBlocks = kSuperBlock / kBlockSize;
    float step[kSubBlocks];
    float offset[kSubBlocks];
    float maxStep = 0.0F;
    float maxOffset = 0.0F;
    for (int j = 0; j < kSubBlocks; ++j) {
        const float* sub = x + j * kBlockSize;
        const float lo = std::min(0.0F, *std::min_element(sub, sub + kBlockSize));
        const float hi = *std::max_element(sub, sub + kBlockSize);
        step[j] = (hi - lo) / static_cast<float>(maxQ);
        offset[j] = -lo;
        maxStep = std::max(maxStep, step[j]);
        maxOffset = std::max(maxOffset, offset[j]);
    }
    dOut.set(maxStep / 63.0F);
    dminOut.set(maxOffset / 63.0F);
    const float d = dOut.value();
    const float dmin = dminOut.value();
    int scale[kSubBlocks];
    int min[kSubBlocks];
    for (int j = 0; j < kSubBlocks; ++j) {
        scale[j] = d > 0.0F ? std::clamp(roundToInt(step[j] / d), 0, 63) : 0;
        min[j] = dmin > 0.0F ? std::clamp(roundToInt(offset[j] / dmin), 0, 63) : 0;
    }
    packScaleMinK(scale, min, packed);
    for (int j = 0; j < kSubBlocks; ++j) {
        const float s = d * static_cast<float>(scale[j]);
        const float m = dmin * static_cast<float>(min[j]);
        for (int i = 0; i < kBlockSize; ++i) {
            const int code = s > 0.0F ? roundToInt((x[j * kBlockSize + i] + m) / s) : 0;
            q[j * kBlockSize + i] = static_cast<std::uint8_t>(std::clamp(code, 0, maxQ));
        }
    }
}

void quantizeQ4K(const float* x, BlockQ4K* blocks, std::int64_t count)
{
    for (std::int64_t b = 0; b < count; ++b, x += kSuperBlock) {
        std::uint8_t q[kSuperBlock];
        quantizeSuperBlockK(x, 15, blocks[b].d, blocks[b].dmin, blocks[b].scales, q);
        for (int c = 0; c < 4; ++c) {
            for (int l = 0; l < 32; ++l)
                blocks[b].qs[32 * c + l] = static_cast<std::uint8_t>(q[64 * c + l] | (q[64 * c + 32 + l] << 4));
        }
    }
}

void quantizeQ5K(const float* x, BlockQ5K* blocks, std::int64_t count)
{
    for (std::int64_t b = 0; b < count; ++b, x += kSuperBlock) {
        std::uint8_t q[kSuperBlock];
        quantizeSuperBlockK(x, 31, blocks[b].d, blocks[b].dmin, blocks[b].scales, q);
        std::memset(blocks[b].qh, 0, sizeof(blocks[b].qh));
        for (int c = 0; c < 4; ++c) {
            for (int l = 0; l < 32; ++l) {
                const int lo = q[64 * c + l];
                const int hi = q[64 * c + 32 + l];
                blocks[b].qs[32 * c + l] = static_cast<std::uint8_t>((lo & 0xF) | ((hi & 0xF) << 4));
                blocks[b].qh[l]
                    = static_cast<std::uint8_t>(blocks[b].qh[l] | ((lo >> 4) << (2 * c)) | ((hi >> 4) << (2 * c + 1)));
            }
        }
    }
}

void quantizeQ6K(const float* x, BlockQ6K* blocks, std::int64_t count)
{
    constexpr int kGroups = kSuperBlock / 16;
    for (std::int64_t b = 0; b < count; ++b, x += kSuperBlock) {
        float groupScale[kGroups];
        float maxScale = 0.0F;
        for (int g = 0; g < kGroups; ++g) {
            groupScale[g] = signedAbsMax(x + 16 * g, 16) / -32.0F;
            maxScale = std::max(maxScale, std::fabs(groupScale[g]));
        }
        blocks[b].d.set(maxScale / 127.0F);
        const float d = blocks[b].d.value();
        std::uint8_t q[kSuperBlock];
        for (int g = 0; g < kGroups; ++g) {
            const int sc = d > 0.0F ? std::clamp(roundToInt(groupScale[g] / d), -128, 127) : 0;
            blocks[b].scales[g] = static_cast<std::int8_t>(sc);
            const float s = d * static_cast<float>(sc);
            for (int i = 0; i < 16; ++i) {
                const int code = s != 0.0F ? roundToInt(x[16 * g + i] / s) : 0;
                q[16 * g + i] = static_cast<std::uint8_t>(std::clamp(code + 32, 0, 63));
            }
        }
        for (int n = 0; n < 2; ++n) {
            const std::uint8_t* h = q + 128 * n;
            std::uint8_t* ql = blocks[b].ql + 64 * n;
            std::uint8_t* qh = blocks[b].qh + 32 * n;
            for (int l = 0; l < 32; ++l) {
                ql[l] = static_cast<std::uint8_t>((h[l] & 0xF) | ((h[l + 64] & 0xF) << 4));
                ql[l + 32] = static_cast<std::uint8_t>((h[l + 32] & 0xF) | ((h[l + 96] & 0xF) << 4));
                qh[l] = static_cast<std::uint8_t>((h[l] >> 4) | ((h[l + 32] >> 4) << 2) | ((h[l + 64] >> 4) << 4)
                                                  | ((h[l + 96] >> 4) << 6));
            }
        }
    }
}

void quantizeQ8K(const float* x, BlockQ8K* blocks, std::int64_t count)
{
    for (std::int64_t b = 0; b < count; ++b, x += kSuperBlock) {
        const float amax = absMax(x, kSuperBlock);
        const float d = amax / 127.0F;
        const float id = d != 0.0F ? 1.0F / d : 0.0F;
        blocks[b].d = d;
        for (int g = 0; g < kSuperBlock / 16; ++g) {
            int sum = 0;
            for (int i = 16 * g; i < 16 * g + 16; ++i) {
                const int q = std::clamp(roundToInt(x[i] * id), -127, 127);
                blocks[b].qs[i] = static_cast<std::int8_t>(q);
                sum += q;
            }
            blocks[b].bsums[g] = static_cast<std::int16_t>(sum);
        }
    }
}

void dequantizeQ4_0(const BlockQ4_0* blocks, float* y, std::int64_t count)
{
    for (std::int64_t b = 0; b < count; ++b, y += kBlockSize) {
        const float d = blocks[b].d.value();
        for (int i = 0; i < kBlockSize / 2; ++i) {
            y[i] = static_cast<float>((blocks[b].qs[i] & 0xF) - 8) * d;
            y[i + kBlockSize / 2] = static_cast<float>((blocks[b].qs[i] >> 4) - 8) * d;
        }
    }
}

void dequantizeQ4_1(const BlockQ4_1* blocks, float* y, std::int64_t count)
{
    for (std::int64_t b = 0; b < count; ++b, y += kBlockSize) {
        const float d = blocks[b].d.value();
        const float m = blocks[b].m.value();
        for (int i = 0; i < kBlockSize / 2; ++i) {
            y[i] = static_cast<float>(blocks[b].qs[i] & 0xF) * d + m;
            y[i + kBlockSize / 2] = static_cast<float>(blocks[b].qs[i] >> 4) * d + m;
        }
    }
}

void dequantizeQ5_0(const BlockQ5_0* blocks, float* y, std::int64_t count)
{
    for (std::int64_t b = 0; b < count; ++b, y += kBlockSize) {
        const float d = blocks[b].d.value();
        int q[kBlockSize];
        unpackCodes5(blocks[b].qs, blocks[b].qh, q);
        for (int i = 0; i < kBlockSize; ++i)
            y[i] = static_cast<float>(q[i] - 16) * d;
    }
}

void dequantizeQ5_1(const BlockQ5_1* blocks, float* y, std::int64_t count)
{
    for (std::int64_t b = 0; b < count; ++b, y += kBlockSize) {
        const float d = blocks[b].d.value();
        const float m = blocks[b].m.value();
        int q[kBlockSize];
        unpackCodes5(blocks[b].qs, blocks[b].qh, q);
        for (int i = 0; i < kBlockSize; ++i)
            y[i] = static_cast<float>(q[i]) * d + m;
    }
}

void dequantizeIQ4NL(const BlockIQ4NL* blocks, float* y, std::int64_t count)
{
    for (std::int64_t b = 0; b < count; ++b, y += kBlockSize) {
        const float d = blocks[b].d.value();
        for (int i = 0; i < kBlockSize / 2; ++i) {
            y[i] = d * static_cast<float>(kIq4NlValues[blocks[b].qs[i] & 0xF]);
            y[i + kBlockSize / 2] = d * static_cast<float>(kIq4NlValues[blocks[b].qs[i] >> 4]);
        }
    }
}

void dequantizeQ8_0(const BlockQ8_0* blocks, float* y, std::int64_t count)
{
    for (std::int64_t b = 0; b < count; ++b, y += kBlockSize) {
        const float d = blocks[b].d.value();
        for (int i = 0; i < kBlockSize; ++i)
            y[i] = static_cast<float>(blocks[b].qs[i]) * d;
    }
}

void dequantizeQ4K(const BlockQ4K* blocks, float* y, std::int64_t count)
{
    for (std::int64_t b = 0; b < count; ++b) {
        const float d = blocks[b].d.value();
        const float dmin = blocks[b].dmin.value();
        const std::uint8_t* q = blocks[b].qs;
        for (int j = 0; j < 8; j += 2, q += 32) {
            int sc = 0;
            int m = 0;
            unpackScaleMinK(blocks[b].scales, j, sc, m);
            const float d1 = d * static_cast<float>(sc);
            const float m1 = dmin * static_cast<float>(m);
            unpackScaleMinK(blocks[b].scales, j + 1, sc, m);
            const float d2 = d * static_cast<float>(sc);
            const float m2 = dmin * static_cast<float>(m);
            for (int l = 0; l < 32; ++l)
                *y++ = d1 * static_cast<float>(q[l] & 0xF) - m1;
            for (int l = 0; l < 32; ++l)
                *y++ = d2 * static_cast<float>(q[l] >> 4) - m2;
        }
    }
}

void dequantizeQ5K(const BlockQ5K* blocks, float* y, std::int64_t count)
{
    for (std::int64_t b = 0; b < count; ++b) {
        const float d = blocks[b].d.value();
        const float dmin = blocks[b].dmin.value();
        const std::uint8_t* ql = blocks[b].qs;
        const std::uint8_t* qh = blocks[b].qh;
        unsigned u1 = 1;
        unsigned u2 = 2;
        for (int j = 0; j < 8; j += 2, ql += 32, u1 <<= 2, u2 <<= 2) {
            int sc = 0;
            int m = 0;
            unpackScaleMinK(blocks[b].scales, j, sc, m);
            const float d1 = d * static_cast<float>(sc);
            const float m1 = dmin * static_cast<float>(m);
            unpackScaleMinK(blocks[b].scales, j + 1, sc, m);
            const float d2 = d * static_cast<float>(sc);
            const float m2 = dmin * static_cast<float>(m);
            for (int l = 0; l < 32; ++l)
                *y++ = d1 * static_cast<float>((ql[l] & 0xF) + ((qh[l] & u1) != 0 ? 16 : 0)) - m1;
            for (int l = 0; l < 32; ++l)
                *y++ = d2 * static_cast<float>((ql[l] >> 4) + ((qh[l] & u2) != 0 ? 16 : 0)) - m2;
        }
    }
}

void dequantizeQ6K(const BlockQ6K* blocks, float* y, std::int64_t count)
{
    for (std::int64_t b = 0; b < count; ++b) {
        const float d = blocks[b].d.value();
        for (int n = 0; n < 2; ++n, y += 128) {
            const std::uint8_t* ql = blocks[b].ql + 64 * n;
            const std::uint8_t* qh = blocks[b].qh + 32 * n;
            const std::int8_t* sc = blocks[b].scales + 8 * n;
            for (int l = 0; l < 32; ++l) {
                const int is = l / 16;
                const int q1 = ((ql[l] & 0xF) | (((qh[l] >> 0) & 3) << 4)) - 32;
                const int q2 = ((ql[l + 32] & 0xF) | (((qh[l] >> 2) & 3) << 4)) - 32;
                const int q3 = ((ql[l] >> 4) | (((qh[l] >> 4) & 3) << 4)) - 32;
                const int q4 = ((ql[l + 32] >> 4) | (((qh[l] >> 6) & 3) << 4)) - 32;
                y[l] = d * static_cast<float>(sc[is]) * static_cast<float>(q1);
                y[l + 32] = d * static_cast<float>(sc[is + 2]) * static_cast<float>(q2);
                y[l + 64] = d * static_cast<float>(sc[is + 4]) * static_cast<float>(q3);
                y[l + 96] = d * static_cast<float>(sc[is + 6]) * static_cast<float>(q4);
            }
        }
    }
}

void dequantizeQ8K(const BlockQ8K* blocks, float* y, std::int64_t count)
{
    for (std::int64_t b = 0; b < count; ++b, y += kSuperBlock) {
        for (int i = 0; i < kSuperBlock; ++i)
            y[i] = static_cast<float>(blocks[b].qs[i]) * blocks[b].d;
    }
}

} // namespace

bool supportsConversion(DType type)
{
    switch (type) {
    case DType::F32:
    case DType::F16:
    case DType::BF16:
    case DType::Q8_0:
    case DType::Q4_0:
    case DType::Q4_1:
    case DType::Q5_0:
    case DType::Q5_1:
    case DType::IQ4_NL:
    case DType::Q4_K:
    case DType::Q5_K:
    case DType::Q6_K:
    case DType::Q8_K:
        return true;
    default:
        return false;
    }
}

void quantizeRow(DType type, const float* src, void* dst, std::int64_t n)
{
    const std::int64_t blocks = n / dtypeInfo(type).blockSize;
    auto* out = static_cast<std::uint8_t*>(dst);
    switch (type) {
    case DType::F32:
        std::memcpy(dst, src, static_cast<std::size_t>(n) * sizeof(float));
        break;
    case DType::F16:
        for (std::int64_t i = 0; i < n; ++i) {
            const std::uint16_t h = f32ToFp16(src[i]);
            std::memcpy(out + 2 * i, &h, 2);
        }
        break;
    case DType::BF16:
        for (std::int64_t i = 0; i < n; ++i) {
            const std::uint16_t h = f32ToBf16(src[i]);
            std::memcpy(out + 2 * i, &h, 2);
        }
        break;
    case DType::Q8_0:
        quantizeQ8_0(src, static_cast<BlockQ8_0*>(dst), blocks);
        break;
    case DType::Q4_0:
        quantizeQ4_0(src, static_cast<BlockQ4_0*>(dst), blocks);
        break;
    case DType::Q4_1:
        quantizeQ4_1(src, static_cast<BlockQ4_1*>(dst), blocks);
        break;
    case DType::Q5_0:
        quantizeQ5_0(src, static_cast<BlockQ5_0*>(dst), blocks);
        break;
    case DType::Q5_1:
        quantizeQ5_1(src, static_cast<BlockQ5_1*>(dst), blocks);
        break;
    case DType::IQ4_NL:
        quantizeIQ4NL(src, static_cast<BlockIQ4NL*>(dst), blocks);
        break;
    case DType::Q4_K:
        quantizeQ4K(src, static_cast<BlockQ4K*>(dst), blocks);
        break;
    case DType::Q5_K:
        quantizeQ5K(src, static_cast<BlockQ5K*>(dst), blocks);
        break;
    case DType::Q6_K:
        quantizeQ6K(src, static_cast<BlockQ6K*>(dst), blocks);
        break;
    case DType::Q8_K:
        quantizeQ8K(src, static_cast<BlockQ8K*>(dst), blocks);
        break;
    default:
        __builtin_trap(); // callers check supportsConversion
    }
}

void dequantizeRow(DType type, const void* src, float* dst, std::int64_t n)
{
    const std::int64_t blocks = n / dtypeInfo(type).blockSize;
    const auto* in = static_cast<const std::uint8_t*>(src);
    switch (type) {
    case DType::F32:
        std::memcpy(dst, src, static_cast<std::size_t>(n) * sizeof(float));
        break;
    case DType::F16:
        for (std::int64_t i = 0; i < n; ++i) {
            std::uint16_t h = 0;
            std::memcpy(&h, in + 2 * i, 2);
            dst[i] = fp16ToF32(h);
        }
        break;
    case DType::BF16:
        for (std::int64_t i = 0; i < n; ++i) {
            std::uint16_t h = 0;
            std::memcpy(&h, in + 2 * i, 2);
            dst[i] = bf16ToF32(h);
        }
        break;
    case DType::Q8_0:
        dequantizeQ8_0(static_cast<const BlockQ8_0*>(src), dst, blocks);
        break;
    case DType::Q4_0:
        dequantizeQ4_0(static_cast<const BlockQ4_0*>(src), dst, blocks);
        break;
    case DType::Q4_1:
        dequantizeQ4_1(static_cast<const BlockQ4_1*>(src), dst, blocks);
        break;
    case DType::Q5_0:
        dequantizeQ5_0(static_cast<const BlockQ5_0*>(src), dst, blocks);
        break;
    case DType::Q5_1:
        dequantizeQ5_1(static_cast<const BlockQ5_1*>(src), dst, blocks);
        break;
    case DType::IQ4_NL:
        dequantizeIQ4NL(static_cast<const BlockIQ4NL*>(src), dst, blocks);
        break;
    case DType::Q4_K:
        dequantizeQ4K(static_cast<const BlockQ4K*>(src), dst, blocks);
        break;
    case DType::Q5_K:
        dequantizeQ5K(static_cast<const BlockQ5K*>(src), dst, blocks);
        break;
    case DType::Q6_K:
        dequantizeQ6K(static_cast<const BlockQ6K*>(src), dst, blocks);
        break;
    case DType::Q8_K:
        dequantizeQ8K(static_cast<const BlockQ8K*>(src), dst, blocks);
        break;
    default:
        __builtin_trap();
    }
}

} // namespace cairn::cpu
