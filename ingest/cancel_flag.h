// SPDX-License-Identifier: MIT
// CancelFlag: the caller sets it from any thread; ingest checks it between files and hands it to
// tree-sitter so that a parse in progress stops too. Not a progress channel.
#pragma once

#include <atomic>
#include <cstddef>

namespace cairn::ingest {

class CancelFlag {
public:
    void cancel() { m_flag.store(1, std::memory_order_relaxed); }
    void reset() { m_flag.store(0, std::memory_order_relaxed); }
    [[nodiscard]] bool cancelled() const { return m_flag.load(std::memory_order_relaxed) != 0; }

    /// The flag in the form ts_parser_set_cancellation_flag takes; tree-sitter reads it atomically.
    [[nodiscard]] const std::size_t* treeSitterFlag() const
    {
        static_assert(sizeof(std::atomic<std::size_t>) == sizeof(std::size_t));
        static_assert(std::atomic<std::size_t>::is_always_lock_free);
        return reinterpret_cast<const std::size_t*>(&m_flag);
    }

private:
    std::atomic<std::size_t> m_flag{0};
};

} // namespace cairn::ingest
