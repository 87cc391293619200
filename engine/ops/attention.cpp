// SPDX-License-Identifier: MIT
// causalAttention's dispatch: the AVX-512 kernels where the CPU has them (bfloat16 products only
// with AVX512-BF16), else nothing.

#include "engine/ops/attention.h"

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

} // namespace cairn::ops
