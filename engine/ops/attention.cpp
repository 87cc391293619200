// SPDX-License-Identifier: MIT
// The attention ops' dispatch: the AVX-512 kernels where the CPU has them (bfloat16 products
// only with AVX512-BF16); else nothing for causalAttention, float row ops for latentAttention.

#include "engine/ops/attention.h"

#include "engine/ops/cpu_ops.h"

#include <algorithm>
#include <vector>

#if CAIRN_CPU_X86
#include "engine/ops/attention_avx512.h"
#endif

namespace cairn::ops {

namespace {

#if CAIRN_CPU_X86
const bool kHasAvx512
    = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl");
const bool kHasBf16 = kHasAvx512 && __builtin_cpu_supports("avx512bf16");
#endif

} // namespace

bool causalAttention(const CausalAttention& a, AttentionPrecision precision)
{
#if CAIRN_CPU_X86
    if (!kHasAvx512 || a.values.width % 16 != 0)
        return false;
    causalAttentionAvx512(a, precision == AttentionPrecision::Bf16 && kHasBf16);
    return true;
#else
    (void)a;
    (void)precision;
    return false;
#endif
}

void latentAttention(const LatentAttention& a, AttentionPrecision precision)
{
    // Heads in groups whose scores take at most kScoreBytes: a million cached rows are 4 MB of
    // scores per head.
    constexpr std::int64_t kScoreBytes = std::int64_t{64} << 20;
    const std::int64_t group = std::clamp<std::int64_t>(kScoreBytes / (std::max<std::int64_t>(a.count, 1) * 4), 1,
                                                        std::max<std::int64_t>(a.heads, 1));
    for (std::int64_t first = 0; first < a.heads; first += group) {
        LatentAttention part = a;
        part.queries = a.queries + first * a.queryStride;
        part.heads = std::min(group, a.heads - first);
        part.out = a.out + first * a.valueWidth;
#if CAIRN_CPU_X86
        if (precision == AttentionPrecision::Bf16 && kHasBf16 && (a.rowType == DType::F16 || a.rowType == DType::BF16)
            && a.width % 32 == 0 && a.valueWidth % 32 == 0 && a.valueWidth <= a.width) {
            latentAttentionBf16(part);
            continue;
        }
#else
        (void)precision;
#endif
        thread_local std::vector<float> scores;
        scores.resize(static_cast<std::size_t>(part.heads * a.count));
        rowDots(part.queries, a.queryStride, part.heads, a.rows, a.rowType, a.rowStride, a.width, a.count, a.scale,
                scores.data(), a.count);
        for (std::int64_t h = 0; h < part.heads; ++h)
            softmax(&scores[static_cast<std::size_t>(h * a.count)], a.count);
        weightedRowSum(scores.data(), a.count, part.heads, a.count, a.rows, a.rowType, a.rowStride, a.valueWidth,
                       part.out);
    }
}

} // namespace cairn::ops
