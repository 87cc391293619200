// SPDX-License-Identifier: MIT
// What this machine can do at best, as yardsticks for the matmul kernels (`cairn-cli bench`):
// read bandwidth from memory and the multiply-accumulate rate of the kernels' inner instruction.
#pragma once

#include "engine/core/dtype.h"
#include "engine/core/thread_pool.h"

#include <cstddef>

namespace cairn::cpu {

/// Read bandwidth in bytes/s: best of a few passes by all pool threads over a buffer of `bytes`
/// (keep it well above the last-level cache).
double measureMemoryBandwidth(ThreadPool& pool, std::size_t bytes = std::size_t{512} << 20);

/// Multiply-accumulates per second, all pool threads, of independent chains of the instruction
/// the kernel family chosen for `weightType` spends its time in: vpdpbusd (64 int8 MACs) for
/// integer types with VNNI, vpmaddubsw (32) with AVX2, vfmadd231ps (16 or 8) for float weights,
/// scalar multiply-add otherwise. Takes about 100 ms.
double measurePeakMacs(ThreadPool& pool, DType weightType);

} // namespace cairn::cpu
