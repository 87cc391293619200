// SPDX-License-Identifier: MIT
// A fixed pool of worker threads for data-parallel loops (row-parallel matmul, expert-parallel
// MoE). Not a task queue: one parallel loop runs at a time and the caller takes part in it.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace cairn {

class ThreadPool {
public:
    /// `threads` counts the calling thread: ThreadPool(2) starts one worker. 0 means one per core.
    explicit ThreadPool(int threads = 0);
    ~ThreadPool();
    ThreadPool(const ThreadPool&) = delete;
    ThreadPool& operator=(const ThreadPool&) = delete;

    [[nodiscard]] int size() const { return m_size; }

    /// Runs `fn(thread, threads)` once on every thread of the pool (the caller is thread 0) and
    /// returns when all have finished. Not reentrant: `fn` must not call back into the pool.
    void run(const std::function<void(int thread, int threads)>& fn);

    /// Splits [0, count) into contiguous ranges, at least `grain` long, one per thread, and calls
    /// `fn(begin, end)` for each non-empty range.
    void parallelFor(std::int64_t count, std::int64_t grain,
                     const std::function<void(std::int64_t begin, std::int64_t end)>& fn);

    /// The number of hardware threads the operating system lets this process use.
    static int hardwareThreads();

private:
    void workerLoop(int index);

    int m_size = 1;
    std::vector<std::thread> m_workers;
    const std::function<void(int, int)>* m_job = nullptr;
    std::atomic<std::uint64_t> m_generation{0};
    std::atomic<int> m_pending{0};
    std::atomic<bool> m_stop{false};
    std::mutex m_mutex;
    std::condition_variable m_wake;
};

} // namespace cairn
