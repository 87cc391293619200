// SPDX-License-Identifier: MIT
// runInSlotOrder: a shared slot counter, a ring of result buffers per thread and a try-lock for
// whoever adds finished slots in order.

#include "engine/core/ordered_slots.h"

#include "engine/core/aligned_vector.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <thread>
#include <vector>

namespace cairn {

void runInSlotOrder(ThreadPool& pool, std::size_t slots, const std::function<void(std::size_t, float*)>& run,
                    const std::function<void(std::size_t, const float*)>& add,
                    const std::function<std::size_t(std::size_t)>& resultSize)
{
    // Threads take slots from a shared counter in ascending order, so one loop covers slots of
    // any uneven sizes. The thread that finishes the next slot to add adds it and every finished
    // slot after it. A thread whose slot cannot be added yet goes on with the next one (waiting
    // for the other thread's expert took ~10 ms of a 512-token prefill's 400 thread-ms) and keeps
    // up to kRing results waiting. It takes a buffer before it claims a slot, so the lowest slot
    // not added is always being run or waits to be added: nobody waits for a thread that waits.
    constexpr std::size_t kRing = 4;
    std::atomic<std::size_t> next{0};
    std::atomic<std::size_t> added{0};
    std::vector<std::atomic<const float*>> done(slots);
    std::atomic_flag adding;
    // Adds finished slots in order; whoever finds another thread adding leaves it to that thread,
    // which looks again after it lets go (sequentially consistent, so one of the two sees the slot).
    auto addFinished = [&] {
        while (!adding.test_and_set()) {
            for (std::size_t a = added.load(); a < slots && done[a].load() != nullptr; a = added.load()) {
                add(a, done[a].load());
                added.store(a + 1);
            }
            adding.clear();
            const std::size_t a = added.load();
            if (a == slots || done[a].load() == nullptr)
                return;
        }
    };
    pool.run([&](int, int) {
        thread_local std::array<ScratchVector<float>, kRing> buffers;
        std::array<std::size_t, kRing> held{};
        held.fill(slots); // no slot
        for (std::size_t turn = 0;; ++turn) {
            const std::size_t i = turn % kRing;
            while (held[i] < slots && added.load() <= held[i]) {
                addFinished();
                if (added.load() <= held[i])
                    std::this_thread::yield();
            }
            const std::size_t slot = next.fetch_add(1);
            if (slot >= slots)
                return;
            // At least one float: a finished slot is marked by its buffer's address.
            buffers[i].resize(std::max({buffers[i].size(), resultSize(slot), std::size_t{1}}));
            held[i] = slot;
            run(slot, buffers[i].data());
            done[slot].store(buffers[i].data());
            addFinished();
        }
    });
}

} // namespace cairn
