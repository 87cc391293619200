// SPDX-License-Identifier: MIT
// Work items run in parallel whose results must be combined in a fixed order (a MoE layer's routed
// experts summed into each token in ascending expert order), so that the sums do not depend on
// which thread ran what or on the number of threads.
#pragma once

#include "engine/core/thread_pool.h"

#include <cstddef>
#include <functional>

namespace cairn {

/// Runs `run(slot, result)` for every slot in [0, slots) over the pool's threads, each into a
/// buffer of resultSize(slot) floats, and calls `add(slot, result)` for every slot in ascending
/// order, one at a time (on whichever thread finished the slot that was next). The buffers are
/// the calling threads' own and are reused by later calls.
void runInSlotOrder(ThreadPool& pool, std::size_t slots, const std::function<void(std::size_t, float*)>& run,
                    const std::function<void(std::size_t, const float*)>& add,
                    const std::function<std::size_t(std::size_t)>& resultSize);

} // namespace cairn
