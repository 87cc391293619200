// SPDX-License-Identifier: MIT
// Workers spin briefly on a generation counter before sleeping, so the hundreds of small
// parallel loops in one decoded token do not each pay a futex wake-up. Spins are short and then
// yield the core: on a machine shared with other busy processes a long spin would burn the time
// slice another thread needs. A job closes when its last chunk is claimed; the caller then waits
// only for workers that joined it (a Dekker-style handshake on m_open / m_active).

#include "engine/core/thread_pool.h"

#include <algorithm>
#include <sched.h>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace cairn {

namespace {

constexpr int kSpinIterations = 1 << 12;
constexpr int kYieldIterations = 64;

inline void cpuRelax()
{
#if defined(__x86_64__)
    _mm_pause();
#endif
}

} // namespace

int ThreadPool::hardwareThreads()
{
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof(set), &set) == 0)
        return std::max(1, CPU_COUNT(&set));
    return static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
}

ThreadPool::ThreadPool(int threads) : m_size(threads > 0 ? threads : hardwareThreads())
{
    m_workers.reserve(static_cast<std::size_t>(m_size - 1));
    for (int i = 1; i < m_size; ++i)
        m_workers.emplace_back([this] { workerLoop(); });
}

ThreadPool::~ThreadPool()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop.store(true);
        m_generation.fetch_add(1);
    }
    m_wake.notify_all();
    for (std::thread& worker : m_workers)
        worker.join();
}

void ThreadPool::claimChunks()
{
    // Done chunks are counted here and published once: one write to the shared counter per
    // thread and job rather than per chunk.
    std::int64_t done = 0;
    for (std::int64_t chunk = m_nextChunk.fetch_add(1); chunk < m_chunks; chunk = m_nextChunk.fetch_add(1)) {
        (*m_job)(chunk);
        ++done;
    }
    if (done > 0)
        m_doneChunks.fetch_add(done, std::memory_order_release);
}

void ThreadPool::dispatch(std::int64_t chunks, const std::function<void(std::int64_t)>& fn)
{
    if (chunks <= 0)
        return;
    if (m_size == 1 || chunks == 1) {
        for (std::int64_t chunk = 0; chunk < chunks; ++chunk)
            fn(chunk);
        return;
    }
    m_job = &fn;
    m_chunks = chunks;
    m_nextChunk.store(0, std::memory_order_relaxed);
    m_doneChunks.store(0, std::memory_order_relaxed);
    m_open.store(true);
    {
        std::lock_guard lock(m_mutex);
        m_generation.fetch_add(1);
    }
    m_wake.notify_all();
    claimChunks();
    // Every chunk is claimed; wait until the ones other threads claimed are done.
    for (int spin = 0; m_doneChunks.load(std::memory_order_acquire) != chunks; ++spin) {
        if (spin < kSpinIterations)
            cpuRelax();
        else
            sched_yield();
    }
    // Close the job: a worker that arrives from now on sees m_open false and leaves.
    m_open.store(false);
    while (m_active.load() != 0)
        cpuRelax();
    m_job = nullptr;
}

void ThreadPool::run(const std::function<void(int, int)>& fn)
{
    dispatch(m_size, [&](std::int64_t part) { fn(static_cast<int>(part), m_size); });
}

void ThreadPool::parallelFor(std::int64_t count, std::int64_t grain,
                             const std::function<void(std::int64_t, std::int64_t)>& fn)
{
    if (count <= 0)
        return;
    grain = std::max<std::int64_t>(1, grain);
    // A few chunks per thread keep threads balanced when one is late or a range is slower.
    const std::int64_t chunks = std::min<std::int64_t>((count + grain - 1) / grain, std::int64_t{4} * m_size);
    dispatch(chunks, [&](std::int64_t chunk) {
        const std::int64_t begin = count * chunk / chunks;
        const std::int64_t end = count * (chunk + 1) / chunks;
        if (begin < end)
            fn(begin, end);
    });
}

void ThreadPool::workerLoop()
{
    std::uint64_t seen = 0;
    for (;;) {
        std::uint64_t current = m_generation.load(std::memory_order_acquire);
        for (int spin = 0; current == seen && spin < kSpinIterations + kYieldIterations; ++spin) {
            if (spin < kSpinIterations)
                cpuRelax();
            else
                sched_yield();
            current = m_generation.load(std::memory_order_acquire);
        }
        if (current == seen) {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [&] { return m_generation.load(std::memory_order_acquire) != seen; });
            current = m_generation.load(std::memory_order_acquire);
        }
        seen = current;
        if (m_stop.load())
            return;
        m_active.fetch_add(1);
        if (m_open.load() && m_generation.load() == seen)
            claimChunks();
        m_active.fetch_sub(1);
    }
}

} // namespace cairn
