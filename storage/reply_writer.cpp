// SPDX-License-Identifier: MIT
// Time-paced commits of a streamed reply through ConversationStore::updateReply.

#include "storage/reply_writer.h"

#include <utility>

namespace cairn::storage {

ReplyWriter::ReplyWriter(ConversationStore& store, std::int64_t messageId, Clock clock,
                         std::chrono::milliseconds interval)
    : m_store(store), m_messageId(messageId), m_clock(std::move(clock)), m_interval(interval)
{
    if (!m_clock)
        m_clock = [] { return std::chrono::steady_clock::now(); };
    m_lastCommit = m_clock();
}

Result<bool> ReplyWriter::append(std::string_view piece)
{
    m_text.append(piece);
    return flushIfDue();
}

Result<bool> ReplyWriter::flushIfDue()
{
    const auto now = m_clock();
    if (m_committedSize == m_text.size() || now - m_lastCommit < m_interval)
        return false;
    Status committed = m_store.updateReply(m_messageId, m_text);
    if (!committed)
        return committed.error();
    m_lastCommit = now;
    m_committedSize = m_text.size();
    return true;
}

Status ReplyWriter::finish(const ReplyStats& stats)
{
    Status finished = m_store.finishReply(m_messageId, m_text, stats);
    if (finished) {
        m_lastCommit = m_clock();
        m_committedSize = m_text.size();
    }
    return finished;
}

} // namespace cairn::storage
