// SPDX-License-Identifier: MIT
// What crash_writer writes and prints, shared with tst_crash_safety so that the test can rebuild
// the exact text the child streamed. Lines on stdout, one per durable step:
//   conversation <id> | user <message id> | reply <message id> <steady ns> | commit <bytes> <steady ns>
#pragma once

#include <cstdint>
#include <string>

namespace cairn::crashtest {

/// The `index`-th streamed piece of every reply ("w0 ", "w1 ", ...).
inline std::string replyPiece(std::int64_t index)
{
    std::string piece = "w"; // appended piecewise: `"w" + std::to_string(i)` trips GCC 12's -Wrestrict at -O3
    piece += std::to_string(index);
    piece += ' ';
    return piece;
}

/// The user message written before each reply.
inline std::string userText(std::int64_t conversationId)
{
    std::string text = "question for conversation ";
    text += std::to_string(conversationId);
    return text;
}

} // namespace cairn::crashtest
