// SPDX-License-Identifier: MIT
// Quantised block layouts, bit-compatible with GGUF files (ggml-common.h). Weight blocks have
// alignment 1 (halves are stored as two bytes) so a block may start at any address in a row.
#pragma once

#include "engine/core/dtype.h"
#include "engine/core/fp16.h"

#include <cstdint>

namespace cairn::cpu {

inline constexpr int kBlockSize = 32;   ///< elements in a Q4_0 / Q8_0 block
inline constexpr int kSuperBlock = 256; ///< elements in a K-quant super-block
inline constexpr int kScaleBytesK = 12; ///< packed 6-bit scales and mins of Q4_K / Q5_K

/// A binary16 value stored as two little-endian bytes.
struct Half {
    std::uint8_t bytes[2];

    [[nodiscard]] std::uint16_t bits() const { return static_cast<std::uint16_t>(bytes[0] | (bytes[1] << 8)); }
    [[nodiscard]] float value() const { return fp16ToF32(bits()); }
    void set(float v)
    {
        const std::uint16_t b = f32ToFp16(v);
        bytes[0] = static_cast<std::uint8_t>(b & 0xFFU);
        bytes[1] = static_cast<std::uint8_t>(b >> 8);
    }
};

/// x = d * (q - 8); element i < 16 is the low nibble of qs[i], element i + 16 its high nibble.
struct BlockQ4_0 {
    Half d;
    std::uint8_t qs[kBlockSize / 2];
};

/// x = d * q + m, q 4-bit, nibbles laid out as in Q4_0.
struct BlockQ4_1 {
    Half d;
    Half m;
    std::uint8_t qs[kBlockSize / 2];
};

/// x = d * (q - 16), q 5-bit: the low four bits as in Q4_0, the fifth bit of element i is bit i
/// of the little-endian 32-bit word qh.
struct BlockQ5_0 {
    Half d;
    std::uint8_t qh[4];
    std::uint8_t qs[kBlockSize / 2];
};

/// x = d * q + m, q 5-bit laid out as in Q5_0.
struct BlockQ5_1 {
    Half d;
    Half m;
    std::uint8_t qh[4];
    std::uint8_t qs[kBlockSize / 2];
};

/// x = d * kIq4NlValues[q], q 4-bit, nibbles laid out as in Q4_0.
struct BlockIQ4NL {
    Half d;
    std::uint8_t qs[kBlockSize / 2];
};

/// The 16 non-uniform levels of IQ4_NL (ggml's kvalues_iq4nl).
inline constexpr std::int8_t kIq4NlValues[16]
    = {-127, -104, -83, -65, -49, -35, -22, -10, 1, 13, 25, 38, 53, 69, 89, 113};

/// x = d * q.
struct BlockQ8_0 {
    Half d;
    std::int8_t qs[kBlockSize];
};

/// Eight sub-blocks of 32: x = d * scale[j] * q - dmin * min[j], 6-bit scales and mins packed in
/// `scales`, 4-bit q. In each 64-element chunk c, qs[32c + l] holds element 64c + l (low nibble)
/// and element 64c + 32 + l (high nibble).
struct BlockQ4K {
    Half d;
    Half dmin;
    std::uint8_t scales[kScaleBytesK];
    std::uint8_t qs[kSuperBlock / 2];
};

/// Q4_K plus a fifth bit per value: bit 2c of qh[l] for element 64c + l, bit 2c + 1 for 64c + 32 + l.
struct BlockQ5K {
    Half d;
    Half dmin;
    std::uint8_t scales[kScaleBytesK];
    std::uint8_t qh[kSuperBlock / 8];
    std::uint8_t qs[kSuperBlock / 2];
};

/// Sixteen groups of 16: x = d * scales[g] * (q - 32), q 6-bit. In half n (128 elements), for
/// l < 32: ql[64n + l] low/high nibble -> elements l / l + 64, ql[64n + 32 + l] -> l + 32 / l + 96,
/// and qh[32n + l] bits 0-1, 2-3, 4-5, 6-7 are the high bits of l, l + 32, l + 64, l + 96.
struct BlockQ6K {
    std::uint8_t ql[kSuperBlock / 2];
    std::uint8_t qh[kSuperBlock / 4];
    std::int8_t scales[kSuperBlock / 16];
    Half d;
};

/// Activations for K-quant dot products: x = d * q, with bsums[g] = sum of q over group g of 16.
struct BlockQ8K {
    float d;
    std::int8_t qs[kSuperBlock];
    std::int16_t bsums[kSuperBlock / 16];
};

static_assert(sizeof(BlockQ4_0) == 18 && alignof(BlockQ4_0) == 1);
static_assert(sizeof(BlockQ4_1) == 20 && alignof(BlockQ4_1) == 1);
static_assert(sizeof(BlockQ5_0) == 22 && alignof(BlockQ5_0) == 1);
static_assert(sizeof(BlockQ5_1) == 24 && alignof(BlockQ5_1) == 1);
static_assert(sizeof(BlockIQ4NL) == 18 && alignof(BlockIQ4NL) == 1);
static_assert(sizeof(BlockQ8_0) == 34 && alignof(BlockQ8_0) == 1);
static_assert(sizeof(BlockQ4K) == 144 && alignof(BlockQ4K) == 1);
static_assert(sizeof(BlockQ5K) == 176 && alignof(BlockQ5K) == 1);
static_assert(sizeof(BlockQ6K) == 210 && alignof(BlockQ6K) == 1);
static_assert(sizeof(BlockQ8K) == 292);

/// Scale and min of sub-block j (0..7) from the 12 packed bytes of a Q4_K / Q5_K block.
inline void unpackScaleMinK(const std::uint8_t* packed, int j, int& scale, int& min)
{
    if (j < 4) {
        scale = packed[j] & 63;
        min = packed[j + 4] & 63;
    } else {
        scale = (packed[j + 4] & 0xF) | ((packed[j - 4] >> 6) << 4);
        min = (packed[j + 4] >> 4) | ((packed[j] >> 6) << 4);
    }
}

/// The 32 codes (0..31) of a Q5_0 / Q5_1 block in element order: element i < 16 is the low nibble
/// of qs[i], element i + 16 its high nibble, and bit i of qh (bit i % 8 of qh[i / 8]) is the fifth bit.
inline void unpackCodes5(const std::uint8_t* qs, const std::uint8_t* qh, int* q)
{
    for (int i = 0; i < kBlockSize; ++i) {
        const int low = i < kBlockSize / 2 ? qs[i] & 0xF : qs[i - kBlockSize / 2] >> 4;
        q[i] = low | (((qh[i / 8] >> (i % 8)) & 1) << 4);
    }
}

} // namespace cairn::cpu
