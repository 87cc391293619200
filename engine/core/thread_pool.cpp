// SPDX-License-Identifier: MIT
// Workers spin briefly on a generation counter before sleeping, so the hundreds of small
// parallel loops in one decoded token do not each pay a futex wake-up. Spins are short and then
// yield the core: on a machine shared with other busy processes a long spin would burn the time
// slice another thread needs.
//
// A loop costs as few cache-line hand-offs between cores as we could make it (each one is
// ~400 ns when the two cores sit on different core complexes): the worker reads the job from one
// line, claims its own share's chunks on a line nobody else writes unless it steals, and reports
// its count once on another. Each share is tagged with the loop it belongs to, so the caller
// resets nothing: the first thread to claim from a share of an older loop starts it afresh, and
// a worker that wakes with a loop that has ended finds nothing to claim and touches nothing.

#include "engine/core/thread_pool.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <sched.h>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace cairn {

namespace {

constexpr int kSpinIterations = 1 << 12;
constexpr int kYieldIterations = 64;
/// A share packs its next and end chunk into 16 bits each, and a loop has at most 4 chunks a thread.
constexpr int kMaxThreads = 4096;

inline void cpuRelax()
{
#if defined(__x86_64__)
    _mm_pause();
#endif
}

/// Shares and finished counts name their loop by the low 32 bits of its (even) generation / 2.
std::uint64_t loopTag(std::uint64_t generation)
{
    return (generation >> 1) & 0xffffffffU;
}

std::uint64_t packShare(std::uint64_t tag, std::int64_t next, std::int64_t end)
{
    return tag << 32 | static_cast<std::uint64_t>(next) << 16 | static_cast<std::uint64_t>(end);
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

ThreadPool::ThreadPool(int threads)
    : m_size(std::min(threads > 0 ? threads : hardwareThreads(), kMaxThreads)),
      m_shares(std::make_unique<Line[]>(static_cast<std::size_t>(m_size))),
      m_finished(std::make_unique<Line[]>(static_cast<std::size_t>(m_size))),
      m_speed(static_cast<std::size_t>(m_size), 1.0)
{
    m_workers.reserve(static_cast<std::size_t>(m_size - 1));
    for (int i = 1; i < m_size; ++i)
        m_workers.emplace_back([this, i] { workerLoop(i); });
}

ThreadPool::~ThreadPool()
{
    m_stop.store(true, std::memory_order_relaxed);
    m_generation.store(m_published + 1, std::memory_order_relaxed);
    std::atomic_thread_fence(std::memory_order_release);
    m_generation.store(m_published + 2, std::memory_order_release);
    {
        std::lock_guard lock(m_mutex);
    }
    m_wake.notify_all();
    for (std::thread& worker : m_workers)
        worker.join();
}

void ThreadPool::homeShare(int owner, std::int64_t chunks, std::int64_t& first, std::int64_t& end) const
{
    first = chunks * owner / m_size;
    end = chunks * (owner + 1) / m_size;
    if (owner == 0)
        first = std::min(first + 1, end);
}

std::int64_t ThreadPool::claim(int thread, int owner, std::uint64_t generation, std::int64_t chunks)
{
    const std::uint64_t tag = loopTag(generation);
    std::atomic<std::uint64_t>& share = m_shares[static_cast<std::size_t>(owner)].value;
    std::uint64_t seen = share.load(std::memory_order_acquire);
    for (;;) {
        std::int64_t next = 0;
        std::int64_t end = 0;
        if (seen >> 32 == tag) {
            next = static_cast<std::int64_t>(seen >> 16 & 0xffffU);
            end = static_cast<std::int64_t>(seen & 0xffffU);
        } else {
            // A share last claimed in another loop: ours, if ours is still the current one.
            if (m_generation.load(std::memory_order_acquire) != generation)
                return -1;
            homeShare(owner, chunks, next, end);
        }
        if (next >= end)
            return -1;
        const bool own = owner == thread;
        const std::int64_t chunk = own ? next : end - 1;
        const std::uint64_t claimed = own ? packShare(tag, next + 1, end) : packShare(tag, next, end - 1);
        if (share.compare_exchange_weak(seen, claimed, std::memory_order_acq_rel, std::memory_order_acquire))
            return chunk;
    }
}

void ThreadPool::report(int thread, std::uint64_t generation, std::int64_t done)
{
    m_finished[static_cast<std::size_t>(thread)].value.store(
        loopTag(generation) << 32 | static_cast<std::uint64_t>(done), std::memory_order_release);
}

std::int64_t ThreadPool::runChunks(int thread, const Snapshot& snapshot, std::int64_t done)
{
    const std::uint64_t tag = loopTag(snapshot.generation);
    for (std::int64_t chunk = claim(thread, thread, snapshot.generation, snapshot.chunks); chunk >= 0;
         chunk = claim(thread, thread, snapshot.generation, snapshot.chunks)) {
        (*snapshot.job)(chunk, thread);
        report(thread, snapshot.generation, ++done);
    }
    // Help the others, but only one that has not come or has two chunks or more to go: reading
    // a share's line makes its owner's next claim wait for the line to come back.
    for (int k = 1; k < m_size; ++k) {
        const int owner = (thread + k) % m_size;
        const std::uint64_t progress
            = m_finished[static_cast<std::size_t>(owner)].value.load(std::memory_order_acquire);
        std::int64_t first = 0;
        std::int64_t end = 0;
        homeShare(owner, snapshot.chunks, first, end);
        const std::int64_t shareSize = end - first + (owner == 0 && end > 0 ? 1 : 0);
        if (progress >> 32 == tag && shareSize - static_cast<std::int64_t>(progress & 0xffffffffU) < 2)
            continue;
        for (std::int64_t chunk = claim(thread, owner, snapshot.generation, snapshot.chunks); chunk >= 0;
             chunk = claim(thread, owner, snapshot.generation, snapshot.chunks)) {
            (*snapshot.job)(chunk, thread);
            report(thread, snapshot.generation, ++done);
        }
    }
    return done;
}

void ThreadPool::dispatch(std::int64_t chunks, const Job& fn)
{
    if (chunks <= 0)
        return;
    if (m_size == 1 || chunks == 1) {
        for (std::int64_t chunk = 0; chunk < chunks; ++chunk)
            fn(chunk, 0);
        return;
    }
    // Publish under the sequence lock and wake the workers that went to sleep. No fence between
    // the two (it would stall the caller until the other core took the line): a worker that
    // goes to sleep just as the loop is published may miss this wake-up, which costs only its
    // help with this loop; its count is visible by the next one.
    m_generation.store(m_published + 1, std::memory_order_relaxed);
    std::atomic_thread_fence(std::memory_order_release);
    m_job.store(&fn, std::memory_order_relaxed);
    m_chunks.store(chunks, std::memory_order_relaxed);
    m_published += 2;
    const std::uint64_t generation = m_published;
    m_generation.store(generation, std::memory_order_release);
    if (m_sleepers.load(std::memory_order_relaxed) > 0) {
        {
            std::lock_guard lock(m_mutex);
        }
        m_wake.notify_all();
    }
    // The caller's first chunk is its own without a claim (it is always here to run it).
    std::int64_t mine = 0;
    if (chunks >= m_size) {
        fn(0, 0);
        report(0, generation, ++mine);
    }
    mine = runChunks(0, Snapshot{generation, &fn, chunks}, mine);
    // Wait until the chunks other threads claimed are done.
    const std::uint64_t tag = loopTag(generation);
    for (int spin = 0;; ++spin) {
        std::int64_t done = mine;
        for (int thread = 1; thread < m_size; ++thread) {
            const std::uint64_t finished
                = m_finished[static_cast<std::size_t>(thread)].value.load(std::memory_order_acquire);
            if (finished >> 32 == tag)
                done += static_cast<std::int64_t>(finished & 0xffffffffU);
        }
        if (done == chunks)
            return;
        if (spin < kSpinIterations)
            cpuRelax();
        else
            sched_yield();
    }
}

void ThreadPool::run(const std::function<void(int, int)>& fn)
{
    dispatch(m_size, [&](std::int64_t part, int) { fn(static_cast<int>(part), m_size); });
}

void ThreadPool::parallelFor(std::int64_t count, std::int64_t grain,
                             const std::function<void(std::int64_t, std::int64_t)>& fn)
{
    if (count <= 0)
        return;
    grain = std::max<std::int64_t>(1, grain);
    // A few chunks per thread keep threads balanced when one is late or a range is slower.
    const std::int64_t chunks = std::min<std::int64_t>((count + grain - 1) / grain, std::int64_t{4} * m_size);
    dispatch(chunks, [&](std::int64_t chunk, int) {
        const std::int64_t begin = count * chunk / chunks;
        const std::int64_t end = count * (chunk + 1) / chunks;
        if (begin < end)
            fn(begin, end);
    });
}

void ThreadPool::parallelForBalanced(std::int64_t count, std::int64_t align,
                                     const std::function<void(std::int64_t, std::int64_t)>& fn)
{
    if (count <= 0)
        return;
    align = std::max<std::int64_t>(1, align);
    const auto threads = static_cast<std::size_t>(m_size);
    // Range t ends where the speeds of threads 0..t reach their share of the total.
    std::vector<std::int64_t> ends(threads);
    const double total = std::accumulate(m_speed.begin(), m_speed.end(), 0.0);
    double reached = 0.0;
    for (std::size_t t = 0; t + 1 < threads; ++t) {
        reached += m_speed[t];
        const auto units = static_cast<std::int64_t>(
            std::llround(reached / total * static_cast<double>(count) / static_cast<double>(align)));
        ends[t] = std::clamp(units * align, t == 0 ? 0 : ends[t - 1], count);
    }
    ends.back() = count;
    // Seconds per item of the range each thread ran itself (0: run by another, or empty).
    std::vector<double> perItem(threads, 0.0);
    dispatch(m_size, [&](std::int64_t chunk, int thread) {
        const auto c = static_cast<std::size_t>(chunk);
        const std::int64_t begin = c == 0 ? 0 : ends[c - 1];
        if (begin == ends[c])
            return;
        const auto start = std::chrono::steady_clock::now();
        fn(begin, ends[c]);
        if (thread == static_cast<int>(chunk))
            perItem[c] = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()
                / static_cast<double>(ends[c] - begin);
    });
    // Speeds move a sixteenth of the way to this loop's, relative to its mean, when every thread
    // ran its own range: one token's ninety loops follow a change of the machine, while one
    // loop in which a thread lost its core for a while moves them by 3 % at most.
    if (std::any_of(perItem.begin(), perItem.end(), [](double s) { return s <= 0.0; }))
        return;
    double mean = 0.0;
    for (const double s : perItem)
        mean += 1.0 / s;
    mean /= static_cast<double>(threads);
    constexpr double kStep = 1.0 / 16;
    for (std::size_t t = 0; t < threads; ++t)
        m_speed[t] = std::clamp((1.0 - kStep) * m_speed[t] + kStep * std::clamp((1.0 / perItem[t]) / mean, 0.5, 1.5),
                                0.5, 2.0);
}

ThreadPool::Snapshot ThreadPool::readSnapshot(std::uint64_t seen)
{
    for (;;) {
        const std::uint64_t generation = m_generation.load(std::memory_order_acquire);
        if (generation == seen || (generation & 1U) != 0) {
            cpuRelax();
            continue;
        }
        const Job* job = m_job.load(std::memory_order_relaxed);
        const std::int64_t chunks = m_chunks.load(std::memory_order_relaxed);
        std::atomic_thread_fence(std::memory_order_acquire);
        if (m_generation.load(std::memory_order_relaxed) == generation)
            return Snapshot{generation, job, chunks};
    }
}

void ThreadPool::sleepUntilPublished(std::uint64_t seen)
{
    std::unique_lock lock(m_mutex);
    m_sleepers.fetch_add(1, std::memory_order_seq_cst);
    m_wake.wait(lock, [&] { return m_generation.load(std::memory_order_seq_cst) != seen; });
    m_sleepers.fetch_sub(1, std::memory_order_relaxed);
}

void ThreadPool::workerLoop(int thread)
{
    std::uint64_t seen = 0;
    for (;;) {
        bool published = false;
        for (int spin = 0; spin < kSpinIterations + kYieldIterations; ++spin) {
            if (m_generation.load(std::memory_order_acquire) != seen) {
                published = true;
                break;
            }
            if (spin < kSpinIterations)
                cpuRelax();
            else
                sched_yield();
        }
        if (!published)
            sleepUntilPublished(seen);
        const Snapshot snapshot = readSnapshot(seen);
        seen = snapshot.generation;
        if (m_stop.load(std::memory_order_relaxed))
            return;
        // Joining (a count of 0) tells the others this thread will run its own share.
        report(thread, seen, 0);
        runChunks(thread, snapshot, 0);
    }
}

} // namespace cairn
