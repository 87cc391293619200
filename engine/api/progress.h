// SPDX-License-Identifier: MIT
// Cancellation and progress for long engine calls: the caller owns the token and may set it from
// any thread; the engine checks it between layers and between files.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string_view>

namespace cairn {

class CancelToken {
public:
    void cancel() { m_cancelled.store(true, std::memory_order_relaxed); }
    void reset() { m_cancelled.store(false, std::memory_order_relaxed); }
    [[nodiscard]] bool cancelled() const { return m_cancelled.load(std::memory_order_relaxed); }

private:
    std::atomic<bool> m_cancelled{false};
};

/// `done` of `total` units of the step named `what`; called from the working thread.
using ProgressFn = std::function<void(std::string_view what, std::uint64_t done, std::uint64_t total)>;

} // namespace cairn
