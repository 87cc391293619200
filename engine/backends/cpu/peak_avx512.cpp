// SPDX-License-Identifier: MIT
// AVX-512 yardstick loops: 512-bit FMA and vpdpbusd (VNNI) chains, in assembly so every
// accumulator stays in a register whatever the optimiser does.

#include "engine/backends/cpu/peak_loops.h"

#include <immintrin.h>

namespace cairn::cpu {

namespace {

constexpr int kChains = 12;

} // namespace

std::uint64_t fmaChainAvx512(std::int64_t iterations)
{
    // acc += a * b in zmm16-27; 16 MACs each.
    if (iterations <= 0)
        return 0;
    std::int64_t n = iterations;
    const __m512 a = _mm512_set1_ps(1.0F);
    const __m512 b = _mm512_set1_ps(1e-3F);
    __asm__ volatile("vpxord %%zmm16, %%zmm16, %%zmm16\n\t"
                     "vpxord %%zmm17, %%zmm17, %%zmm17\n\t"
                     "vpxord %%zmm18, %%zmm18, %%zmm18\n\t"
                     "vpxord %%zmm19, %%zmm19, %%zmm19\n\t"
                     "vpxord %%zmm20, %%zmm20, %%zmm20\n\t"
                     "vpxord %%zmm21, %%zmm21, %%zmm21\n\t"
                     "vpxord %%zmm22, %%zmm22, %%zmm22\n\t"
                     "vpxord %%zmm23, %%zmm23, %%zmm23\n\t"
                     "vpxord %%zmm24, %%zmm24, %%zmm24\n\t"
                     "vpxord %%zmm25, %%zmm25, %%zmm25\n\t"
                     "vpxord %%zmm26, %%zmm26, %%zmm26\n\t"
                     "vpxord %%zmm27, %%zmm27, %%zmm27\n\t"
                     "1:\n\t"
                     "vfmadd231ps %[b], %[a], %%zmm16\n\t"
                     "vfmadd231ps %[b], %[a], %%zmm17\n\t"
                     "vfmadd231ps %[b], %[a], %%zmm18\n\t"
                     "vfmadd231ps %[b], %[a], %%zmm19\n\t"
                     "vfmadd231ps %[b], %[a], %%zmm20\n\t"
                     "vfmadd231ps %[b], %[a], %%zmm21\n\t"
                     "vfmadd231ps %[b], %[a], %%zmm22\n\t"
                     "vfmadd231ps %[b], %[a], %%zmm23\n\t"
                     "vfmadd231ps %[b], %[a], %%zmm24\n\t"
                     "vfmadd231ps %[b], %[a], %%zmm25\n\t"
                     "vfmadd231ps %[b], %[a], %%zmm26\n\t"
                     "vfmadd231ps %[b], %[a], %%zmm27\n\t"
                     "dec %[n]\n\t"
                     "jnz 1b\n\t"
                     : [n] "+r"(n)
                     : [a] "v"(a), [b] "v"(b)
                     : "xmm16", "xmm17", "xmm18", "xmm19", "xmm20", "xmm21", "xmm22", "xmm23", "xmm24", "xmm25",
                       "xmm26", "xmm27", "cc");
    return static_cast<std::uint64_t>(iterations) * kChains * 16;
}

std::uint64_t dpbusdChainAvx512(std::int64_t iterations)
{
    // acc += sum of 4 u8 x s8 products per int32 lane in zmm16-27; 64 MACs each.
    if (iterations <= 0)
        return 0;
    std::int64_t n = iterations;
    const __m512i a = _mm512_set1_epi8(3);
    const __m512i b = _mm512_set1_epi8(-2);
    __asm__ volatile("vpxord %%zmm16, %%zmm16, %%zmm16\n\t"
                     "vpxord %%zmm17, %%zmm17, %%zmm17\n\t"
                     "vpxord %%zmm18, %%zmm18, %%zmm18\n\t"
                     "vpxord %%zmm19, %%zmm19, %%zmm19\n\t"
                     "vpxord %%zmm20, %%zmm20, %%zmm20\n\t"
                     "vpxord %%zmm21, %%zmm21, %%zmm21\n\t"
                     "vpxord %%zmm22, %%zmm22, %%zmm22\n\t"
                     "vpxord %%zmm23, %%zmm23, %%zmm23\n\t"
                     "vpxord %%zmm24, %%zmm24, %%zmm24\n\t"
                     "vpxord %%zmm25, %%zmm25, %%zmm25\n\t"
                     "vpxord %%zmm26, %%zmm26, %%zmm26\n\t"
                     "vpxord %%zmm27, %%zmm27, %%zmm27\n\t"
                     "1:\n\t"
                     "vpdpbusd %[b], %[a], %%zmm16\n\t"
                     "vpdpbusd %[b], %[a], %%zmm17\n\t"
                     "vpdpbusd %[b], %[a], %%zmm18\n\t"
                     "vpdpbusd %[b], %[a], %%zmm19\n\t"
                     "vpdpbusd %[b], %[a], %%zmm20\n\t"
                     "vpdpbusd %[b], %[a], %%zmm21\n\t"
                     "vpdpbusd %[b], %[a], %%zmm22\n\t"
                     "vpdpbusd %[b], %[a], %%zmm23\n\t"
                     "vpdpbusd %[b], %[a], %%zmm24\n\t"
                     "vpdpbusd %[b], %[a], %%zmm25\n\t"
                     "vpdpbusd %[b], %[a], %%zmm26\n\t"
                     "vpdpbusd %[b], %[a], %%zmm27\n\t"
                     "dec %[n]\n\t"
                     "jnz 1b\n\t"
                     : [n] "+r"(n)
                     : [a] "v"(a), [b] "v"(b)
                     : "xmm16", "xmm17", "xmm18", "xmm19", "xmm20", "xmm21", "xmm22", "xmm23", "xmm24", "xmm25",
                       "xmm26", "xmm27", "cc");
    return static_cast<std::uint64_t>(iterations) * kChains * 64;
}

} // namespace cairn::cpu
