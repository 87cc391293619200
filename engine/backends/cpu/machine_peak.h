// SPDX-License-Identifier: MIT
// What this machine can do at best, as yardsticks for the matmul kernels (`cairn-cli bench`):
// read bandwidth from memory and the multiply-accumulate rate of the kernels' inner instruction.
#pragma once

#include "engine/core/dtype.h"
#include "engine/core/thread_pool.h"

#include <cstddef>

namespace cairn::cpu {

/// A buffer the pool's threads read together, each its own slice, to time the memory's read
/// bandwidth; on huge pages where the system allows them, like the weights it is compared with.
/// Keep it well above the last-level cache.
class BandwidthProbe {
public:
    /// Allocates and writes `bytes` (rounded to whole slices); bytes() is 0 when that failed.
    BandwidthProbe(ThreadPool& pool, std::size_t bytes);
    ~BandwidthProbe();
    BandwidthProbe(const BandwidthProbe&) = delete;
    BandwidthProbe& operator=(const BandwidthProbe&) = delete;

    /// Seconds one pass over the whole buffer takes.
    double pass();
    [[nodiscard]] std::size_t bytes() const { return m_slice * static_cast<std::size_t>(m_threads); }

private:
    ThreadPool& m_pool;
    int m_threads = 1;
    std::size_t m_slice = 0;
    std::byte* m_data = nullptr;
    std::size_t m_reserved = 0;
    bool m_avx2 = false;
};

/// Read bandwidth in bytes/s: best of a few passes by all pool threads over a buffer of `bytes`.
double measureMemoryBandwidth(ThreadPool& pool, std::size_t bytes = std::size_t{512} << 20);

/// Multiply-accumulates per second, all pool threads, of independent chains of the instruction
/// the kernel family chosen for `weightType` spends its time in: vpdpbusd (64 int8 MACs) for
/// integer types with VNNI, vpmaddubsw (32) with AVX2, vfmadd231ps (16 or 8) for float weights,
/// scalar multiply-add otherwise. Takes about 100 ms.
double measurePeakMacs(ThreadPool& pool, DType weightType);

} // namespace cairn::cpu
