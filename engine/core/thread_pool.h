// SPDX-License-Identifier: MIT
// A fixed pool of worker threads for data-parallel loops (row-parallel matmul, expert-parallel
// MoE). Not a task queue: one parallel loop runs at a time and the caller takes part in it.
// Work is split into chunks that threads claim as they arrive, so a worker the operating
// system has not scheduled yet delays nothing: the caller runs the chunks it does not claim.
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

    /// Calls `fn(part, parts)` once for every part in [0, parts) with parts = size(), spread over
    /// the pool's threads, and returns when all have finished. Parts may run one after another
    /// on one thread, so they must not wait for each other. Not reentrant.
    void run(const std::function<void(int part, int parts)>& fn);

    /// Splits [0, count) into contiguous ranges at least `grain` long and calls `fn(begin, end)`
    /// for each; threads claim ranges as they come.
    void parallelFor(std::int64_t count, std::int64_t grain,
                     const std::function<void(std::int64_t begin, std::int64_t end)>& fn);

    /// The number of hardware threads the operating system lets this process use.
    static int hardwareThreads();

private:
    /// Runs `fn(chunk)` for chunk in [0, chunks) on every thread that arrives in time.
    void dispatch(std::int64_t chunks, const std::function<void(std::int64_t chunk)>& fn);
    void claimChunks();
    void workerLoop();

    int m_size = 1;
    std::vector<std::thread> m_workers;
    const std::function<void(std::int64_t)>* m_job = nullptr;
    std::int64_t m_chunks = 0;
    std::atomic<bool> m_open{false}; ///< workers may still join the current job
    // The counters every thread writes each live on their own cache line: sharing one with
    // what the spinning workers read made each claim invalidate it for everybody.
    alignas(64) std::atomic<std::int64_t> m_nextChunk{0};
    alignas(64) std::atomic<std::int64_t> m_doneChunks{0};
    alignas(64) std::atomic<int> m_active{0}; ///< workers inside the current job
    alignas(64) std::atomic<std::uint64_t> m_generation{0};
    std::atomic<bool> m_stop{false};
    std::mutex m_mutex;
    std::condition_variable m_wake;
};

} // namespace cairn
