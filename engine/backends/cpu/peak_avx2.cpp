// SPDX-License-Identifier: MIT
// AVX2 yardstick loops: FMA and vpmaddubsw chains (in assembly, so every accumulator stays in a
// register whatever the optimiser does), and a streaming read.

#include "engine/backends/cpu/peak_loops.h"

#include <immintrin.h>

namespace cairn::cpu {

namespace {

constexpr int kChains = 12; // independent accumulators: enough to cover latency x ports

} // namespace

std::uint64_t fmaChainAvx2(std::int64_t iterations)
{
    // acc += a * b in 12 registers; 8 MACs each.
    if (iterations <= 0)
        return 0;
    std::int64_t n = iterations;
    const __m256 a = _mm256_set1_ps(1.0F);
    const __m256 b = _mm256_set1_ps(1e-3F);
    __asm__ volatile("vxorps %%ymm4, %%ymm4, %%ymm4\n\t"
                     "vxorps %%ymm5, %%ymm5, %%ymm5\n\t"
                     "vxorps %%ymm6, %%ymm6, %%ymm6\n\t"
                     "vxorps %%ymm7, %%ymm7, %%ymm7\n\t"
                     "vxorps %%ymm8, %%ymm8, %%ymm8\n\t"
                     "vxorps %%ymm9, %%ymm9, %%ymm9\n\t"
                     "vxorps %%ymm10, %%ymm10, %%ymm10\n\t"
                     "vxorps %%ymm11, %%ymm11, %%ymm11\n\t"
                     "vxorps %%ymm12, %%ymm12, %%ymm12\n\t"
                     "vxorps %%ymm13, %%ymm13, %%ymm13\n\t"
                     "vxorps %%ymm14, %%ymm14, %%ymm14\n\t"
                     "vxorps %%ymm15, %%ymm15, %%ymm15\n\t"
                     "1:\n\t"
                     "vfmadd231ps %[b], %[a], %%ymm4\n\t"
                     "vfmadd231ps %[b], %[a], %%ymm5\n\t"
                     "vfmadd231ps %[b], %[a], %%ymm6\n\t"
                     "vfmadd231ps %[b], %[a], %%ymm7\n\t"
                     "vfmadd231ps %[b], %[a], %%ymm8\n\t"
                     "vfmadd231ps %[b], %[a], %%ymm9\n\t"
                     "vfmadd231ps %[b], %[a], %%ymm10\n\t"
                     "vfmadd231ps %[b], %[a], %%ymm11\n\t"
                     "vfmadd231ps %[b], %[a], %%ymm12\n\t"
                     "vfmadd231ps %[b], %[a], %%ymm13\n\t"
                     "vfmadd231ps %[b], %[a], %%ymm14\n\t"
                     "vfmadd231ps %[b], %[a], %%ymm15\n\t"
                     "dec %[n]\n\t"
                     "jnz 1b\n\t"
                     : [n] "+r"(n)
                     : [a] "x"(a), [b] "x"(b)
                     : "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14",
                       "xmm15", "cc");
    return static_cast<std::uint64_t>(iterations) * kChains * 8;
}

std::uint64_t maddubsChainAvx2(std::int64_t iterations)
{
    // vpmaddubsw a, b into 12 registers (the kernels' int8 multiply); 32 MACs each.
    if (iterations <= 0)
        return 0;
    std::int64_t n = iterations;
    const __m256i a = _mm256_set1_epi8(3);
    const __m256i b = _mm256_set1_epi8(-2);
    __asm__ volatile("vpxor %%ymm4, %%ymm4, %%ymm4\n\t"
                     "vpxor %%ymm5, %%ymm5, %%ymm5\n\t"
                     "vpxor %%ymm6, %%ymm6, %%ymm6\n\t"
                     "vpxor %%ymm7, %%ymm7, %%ymm7\n\t"
                     "vpxor %%ymm8, %%ymm8, %%ymm8\n\t"
                     "vpxor %%ymm9, %%ymm9, %%ymm9\n\t"
                     "vpxor %%ymm10, %%ymm10, %%ymm10\n\t"
                     "vpxor %%ymm11, %%ymm11, %%ymm11\n\t"
                     "vpxor %%ymm12, %%ymm12, %%ymm12\n\t"
                     "vpxor %%ymm13, %%ymm13, %%ymm13\n\t"
                     "vpxor %%ymm14, %%ymm14, %%ymm14\n\t"
                     "vpxor %%ymm15, %%ymm15, %%ymm15\n\t"
                     "1:\n\t"
                     "vpmaddubsw %[b], %[a], %%ymm4\n\t"
                     "vpmaddubsw %[b], %[a], %%ymm5\n\t"
                     "vpmaddubsw %[b], %[a], %%ymm6\n\t"
                     "vpmaddubsw %[b], %[a], %%ymm7\n\t"
                     "vpmaddubsw %[b], %[a], %%ymm8\n\t"
                     "vpmaddubsw %[b], %[a], %%ymm9\n\t"
                     "vpmaddubsw %[b], %[a], %%ymm10\n\t"
                     "vpmaddubsw %[b], %[a], %%ymm11\n\t"
                     "vpmaddubsw %[b], %[a], %%ymm12\n\t"
                     "vpmaddubsw %[b], %[a], %%ymm13\n\t"
                     "vpmaddubsw %[b], %[a], %%ymm14\n\t"
                     "vpmaddubsw %[b], %[a], %%ymm15\n\t"
                     "dec %[n]\n\t"
                     "jnz 1b\n\t"
                     : [n] "+r"(n)
                     : [a] "x"(a), [b] "x"(b)
                     : "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14",
                       "xmm15", "cc");
    return static_cast<std::uint64_t>(iterations) * kChains * 32;
}

std::uint64_t readSumAvx2(const std::byte* data, std::size_t bytes)
{
    __m256i acc0 = _mm256_setzero_si256();
    __m256i acc1 = _mm256_setzero_si256();
    __m256i acc2 = _mm256_setzero_si256();
    __m256i acc3 = _mm256_setzero_si256();
    for (std::size_t i = 0; i < bytes; i += 128) {
        const auto* p = reinterpret_cast<const __m256i*>(data + i);
        acc0 = _mm256_add_epi64(acc0, _mm256_load_si256(p));
        acc1 = _mm256_add_epi64(acc1, _mm256_load_si256(p + 1));
        acc2 = _mm256_add_epi64(acc2, _mm256_load_si256(p + 2));
        acc3 = _mm256_add_epi64(acc3, _mm256_load_si256(p + 3));
    }
    const __m256i sum = _mm256_add_epi64(_mm256_add_epi64(acc0, acc1), _mm256_add_epi64(acc2, acc3));
    return static_cast<std::uint64_t>(_mm256_extract_epi64(sum, 0))
        + static_cast<std::uint64_t>(_mm256_extract_epi64(sum, 3));
}

} // namespace cairn::cpu
