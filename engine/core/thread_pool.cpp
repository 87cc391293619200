// SPDX-License-Identifier: MIT
// Workers spin briefly on a generation counter before sleeping, so the hundreds of small
// parallel loops in one decoded token do not each pay a futex wake-up. Spins are short and
// then yield the core: on a machine shared with other busy processes a long spin would burn
// the time slice the thread being waited for needs.

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
        m_workers.emplace_back([this, i] { workerLoop(i); });
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

void ThreadPool::run(const std::function<void(int, int)>& fn)
{
    if (m_size == 1) {
        fn(0, 1);
        return;
    }
    m_job = &fn;
    m_pending.store(m_size - 1, std::memory_order_relaxed);
    {
        std::lock_guard lock(m_mutex);
        m_generation.fetch_add(1, std::memory_order_release);
    }
    m_wake.notify_all();
    fn(0, m_size);
    for (int spin = 0; m_pending.load(std::memory_order_acquire) != 0; ++spin) {
        if (spin < kSpinIterations)
            cpuRelax();
        else
            sched_yield();
    }
    m_job = nullptr;
}

void ThreadPool::parallelFor(std::int64_t count, std::int64_t grain,
                             const std::function<void(std::int64_t, std::int64_t)>& fn)
{
    if (count <= 0)
        return;
    grain = std::max<std::int64_t>(1, grain);
    const std::int64_t maxChunks = (count + grain - 1) / grain;
    if (m_size == 1 || maxChunks == 1) {
        fn(0, count);
        return;
    }
    run([&](int thread, int threads) {
        const std::int64_t chunks = std::min<std::int64_t>(threads, maxChunks);
        if (thread >= chunks)
            return;
        const std::int64_t begin = count * thread / chunks;
        const std::int64_t end = count * (thread + 1) / chunks;
        if (begin < end)
            fn(begin, end);
    });
}

void ThreadPool::workerLoop(int index)
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
        (*m_job)(index, m_size);
        m_pending.fetch_sub(1, std::memory_order_release);
    }
}

} // namespace cairn
