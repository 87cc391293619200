// SPDX-License-Identifier: MIT
// A fixed pool of worker threads for data-parallel loops (row-parallel matmul, expert-parallel
// MoE). Not a task queue: one parallel loop runs at a time and the caller takes part in it.
// Every thread has a home share of each loop's chunks and takes them in order; a thread that
// runs out takes chunks from the end of another's share, so a worker the operating system has
// not scheduled yet delays nothing: the others run its share.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
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
    /// the pool's threads (part p on thread p unless that thread is late), and returns when all
    /// have finished. Parts may run one after another on one thread, so they must not wait for
    /// each other. Not reentrant.
    void run(const std::function<void(int part, int parts)>& fn);

    /// Splits [0, count) into contiguous ranges at least `grain` long and calls `fn(begin, end)`
    /// for each. Each thread runs a contiguous run of the ranges in ascending order unless
    /// another thread finishes first and takes some from its end.
    void parallelFor(std::int64_t count, std::int64_t grain,
                     const std::function<void(std::int64_t begin, std::int64_t end)>& fn);

    /// Splits [0, count) into one contiguous range per thread, its ends on multiples of `align`,
    /// sized by how fast each thread got through its range in earlier such loops (equal at
    /// first), and calls `fn(begin, end)` for each. For items that all cost alike (a matrix's row
    /// groups): when one thread's core is slower (it sits on the core complex farther from the
    /// memory, or a neighbour shares it), an equal split makes every loop wait for it. A late
    /// thread's range is run by another.
    void parallelForBalanced(std::int64_t count, std::int64_t align,
                             const std::function<void(std::int64_t begin, std::int64_t end)>& fn);

    /// The number of hardware threads the operating system lets this process use.
    static int hardwareThreads();

private:
    /// Runs one chunk on the pool's thread `thread` (0: the caller).
    using Job = std::function<void(std::int64_t chunk, int thread)>;

    /// A line written by one thread and read by the others: each counter a thread updates for
    /// every chunk lives on its own cache line, so claiming never invalidates what others read.
    struct alignas(64) Line {
        std::atomic<std::uint64_t> value{0};
    };

    /// What a worker needs to join a loop, read as one consistent snapshot.
    struct Snapshot {
        std::uint64_t generation = 0;
        const Job* job = nullptr;
        std::int64_t chunks = 0;
    };

    /// Runs `fn(chunk)` for chunk in [0, chunks) on every thread that arrives in time.
    void dispatch(std::int64_t chunks, const Job& fn);
    /// The chunks [first, end) of `owner`'s share of a loop of `chunks`; the caller's share
    /// leaves out its first chunk, which the caller runs without claiming it.
    void homeShare(int owner, std::int64_t chunks, std::int64_t& first, std::int64_t& end) const;
    /// Claims a chunk of loop `generation` from `owner`'s share for `thread`: the owner takes
    /// from the front, others from the back. -1 when none is left, or when the loop is over.
    std::int64_t claim(int thread, int owner, std::uint64_t generation, std::int64_t chunks);
    /// Runs every chunk `thread` can claim from its own share, then what it can take from
    /// others that are well behind (or have not come), reporting its count after each;
    /// `done` counts the chunks it already ran. Returns the chunks it ran in all.
    std::int64_t runChunks(int thread, const Snapshot& snapshot, std::int64_t done);
    void report(int thread, std::uint64_t generation, std::int64_t done);
    Snapshot readSnapshot(std::uint64_t seen);
    void sleepUntilPublished(std::uint64_t seen);
    void workerLoop(int thread);

    int m_size = 1;
    std::vector<std::thread> m_workers;
    /// Per thread: its share of the current loop, packed as (loop tag, next, end).
    std::unique_ptr<Line[]> m_shares;
    /// Per thread: (loop tag, chunks it finished in that loop), written when a worker joins a
    /// loop and after every chunk; others read it to see who needs help and when all is done.
    std::unique_ptr<Line[]> m_finished;
    std::uint64_t m_published = 0; ///< the caller's copy of the generation (even)
    /// Per thread: its speed relative to the others' in parallelForBalanced loops (a moving
    /// average; the caller's alone).
    std::vector<double> m_speed;
    // The loop on offer, written by the caller as a sequence lock: the generation is odd while
    // the job and chunk count change, so a worker never pairs one loop's job with another's count.
    alignas(64) std::atomic<std::uint64_t> m_generation{0};
    std::atomic<const Job*> m_job{nullptr};
    std::atomic<std::int64_t> m_chunks{0};
    std::atomic<bool> m_stop{false};
    alignas(64) std::atomic<int> m_sleepers{0};
    std::mutex m_mutex;
    std::condition_variable m_wake;
};

} // namespace cairn
