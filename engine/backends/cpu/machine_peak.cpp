// SPDX-License-Identifier: MIT
// Bandwidth and peak-rate probes: every pool thread runs the same loop at once, the wall time
// of the slowest decides, and the best of a few runs is reported.

#include "engine/backends/cpu/machine_peak.h"

#include "engine/api/backends.h"
#include "engine/backends/cpu/kernel_select.h"
#include "engine/backends/cpu/peak_loops.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>

#include <sys/mman.h>

namespace cairn::cpu {

namespace {

using Clock = std::chrono::steady_clock;
using ChainFn = std::uint64_t (*)(std::int64_t);

constexpr int kRuns = 3;
constexpr double kTargetSeconds = 0.03; // per run of a chain

std::uint64_t scalarChain(std::int64_t iterations)
{
    constexpr int kChains = 8;
    float acc[kChains];
    for (int i = 0; i < kChains; ++i)
        acc[i] = static_cast<float>(i);
    for (std::int64_t it = 0; it < iterations; ++it) {
        for (float& a : acc)
            a = a * 0.999F + 1e-3F;
    }
    volatile float sink = acc[0] + acc[kChains - 1];
    static_cast<void>(sink);
    return static_cast<std::uint64_t>(iterations) * kChains;
}

std::uint64_t readSumScalar(const std::byte* data, std::size_t bytes)
{
    std::uint64_t sum = 0;
    for (std::size_t i = 0; i < bytes; i += sizeof(std::uint64_t)) {
        std::uint64_t v = 0;
        std::memcpy(&v, data + i, sizeof v);
        sum += v;
    }
    return sum;
}

std::uint64_t readSum(const std::byte* data, std::size_t bytes, [[maybe_unused]] bool avx2)
{
#if defined(CAIRN_CPU_X86)
    if (avx2)
        return readSumAvx2(data, bytes);
#endif
    return readSumScalar(data, bytes);
}

ChainFn chainFor(DType weightType)
{
    KernelLevel level = KernelLevel::Scalar;
    selectTileKernel(weightType, &level);
    [[maybe_unused]] const bool integer = activationType(weightType) != DType::F32;
    switch (level) {
#if defined(CAIRN_CPU_X86)
    case KernelLevel::Avx512Vnni:
        return integer ? dpbusdChainAvx512 : fmaChainAvx512;
    case KernelLevel::Avx2:
        return integer ? maddubsChainAvx2 : fmaChainAvx2;
#endif
    default:
        return scalarChain;
    }
}

/// Runs `chain` on every pool thread at once; returns MACs per second.
double chainRate(ThreadPool& pool, ChainFn chain, std::int64_t iterations, double& seconds)
{
    std::atomic<std::uint64_t> macs{0};
    const auto start = Clock::now();
    pool.run([&](int, int) { macs.fetch_add(chain(iterations)); });
    seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return static_cast<double>(macs.load()) / seconds;
}

} // namespace

double measurePeakMacs(ThreadPool& pool, DType weightType)
{
    const ChainFn chain = chainFor(weightType);
    std::int64_t iterations = 1 << 12;
    double seconds = 0.0;
    chainRate(pool, chain, iterations, seconds);
    while (seconds < kTargetSeconds / 8) {
        iterations *= 4;
        chainRate(pool, chain, iterations, seconds);
    }
    iterations = static_cast<std::int64_t>(static_cast<double>(iterations) * kTargetSeconds / seconds) + 1;
    double best = 0.0;
    for (int run = 0; run < kRuns; ++run)
        best = std::max(best, chainRate(pool, chain, iterations, seconds));
    return best;
}

BandwidthProbe::BandwidthProbe(ThreadPool& pool, std::size_t bytes)
    : m_pool(pool), m_threads(pool.size()), m_avx2(probeCpu().avx2)
{
    constexpr std::size_t kHugePage = std::size_t{2} << 20;
    const auto threads = static_cast<std::size_t>(m_threads);
    m_slice = std::max(kHugePage, bytes / threads / kHugePage * kHugePage);
    m_reserved = m_slice * threads;
    void* data = mmap(nullptr, m_reserved, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (data == MAP_FAILED) {
        m_slice = 0;
        return;
    }
    m_data = static_cast<std::byte*>(data);
    madvise(m_data, m_reserved, MADV_HUGEPAGE);
    // First touch from the thread that reads the slice, so pages land on its memory node.
    m_pool.run([&](int thread, int) {
        std::memset(m_data + static_cast<std::size_t>(thread) * m_slice, thread + 1, m_slice);
    });
}

BandwidthProbe::~BandwidthProbe()
{
    if (m_data != nullptr)
        munmap(m_data, m_reserved);
}

double BandwidthProbe::pass()
{
    std::atomic<std::uint64_t> sink{0};
    // Workers that slept since the last pass wake up outside the timed part.
    m_pool.run([](int, int) {});
    const auto start = Clock::now();
    m_pool.run([&](int thread, int) {
        sink.fetch_add(readSum(m_data + static_cast<std::size_t>(thread) * m_slice, m_slice, m_avx2));
    });
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    // The sum of bytes every thread set to its index + 1 is never 0: the reads cannot be elided.
    return sink.load() == 0 ? 0.0 : seconds;
}

double measureMemoryBandwidth(ThreadPool& pool, std::size_t bytes)
{
    BandwidthProbe probe(pool, bytes);
    if (probe.bytes() == 0)
        return 0.0;
    double best = 0.0;
    for (int run = 0; run < kRuns + 1; ++run) {
        const double seconds = probe.pass();
        if (seconds > 0.0)
            best = std::max(best, static_cast<double>(probe.bytes()) / seconds);
    }
    return best;
}

} // namespace cairn::cpu
