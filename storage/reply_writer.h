// SPDX-License-Identifier: MIT
// ReplyWriter: paces the commits of a streamed reply, so that a crash loses at most the last
// interval (2 s by default) of text and the database is not written once per token.
#pragma once

#include "storage/conversation_store.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace cairn::storage {

class ReplyWriter {
public:
    using Clock = std::function<std::chrono::steady_clock::time_point()>;
    static constexpr std::chrono::milliseconds kDefaultInterval{2000};

    /// Writes the reply `messageId` (from ConversationStore::beginReply) through `store`. The
    /// interval counts from construction; `clock` is steady_clock::now unless a test passes its own.
    ReplyWriter(ConversationStore& store, std::int64_t messageId, Clock clock = {},
                std::chrono::milliseconds interval = kDefaultInterval);

    /// Adds streamed text and commits everything so far when `interval` has passed since the last
    /// commit. True when it committed. A failed commit keeps the text, and the next call retries.
    Result<bool> append(std::string_view piece);
    /// Commits pending text if the interval has passed: call it from a timer when tokens may stall.
    Result<bool> flushIfDue();
    /// Commits the whole text with the reply's statistics and marks it complete.
    Status finish(const ReplyStats& stats);

    [[nodiscard]] const std::string& text() const { return m_text; }
    /// How many bytes of text() the database holds for certain.
    [[nodiscard]] std::size_t committedSize() const { return m_committedSize; }

private:
    ConversationStore& m_store;
    std::int64_t m_messageId;
    Clock m_clock;
    std::chrono::milliseconds m_interval;
    std::chrono::steady_clock::time_point m_lastCommit;
    std::string m_text;
    std::size_t m_committedSize = 0;
};

} // namespace cairn::storage
