// SPDX-License-Identifier: MIT
// The prompt for one reply, as pure functions: the conversation's turns in DeepSeek's chat format,
// earlier replies without their <think> sections, attachments' text before the text of the message
// they belong to, and repositories' context before the latest question. No storage, no engine state.
#pragma once

#include "engine/api/chat_format.h"
#include "ingest/repo/chunker.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cairn::app {

/// Tokens of one attachment's text a prompt takes at most (estimated).
inline constexpr std::int64_t kAttachmentTokenBudget = 3000;

struct PromptAttachment {
    std::string name; ///< the file name shown to the model
    std::string text; ///< what ingest extracted
};

struct PromptTurn {
    ChatMessage::Role role = ChatMessage::Role::User;
    std::string content;
    std::vector<PromptAttachment> attachments; ///< a user turn's files, in the order shown
};

struct PromptRepository {
    std::string name; ///< the repository's folder name
    std::string text; ///< context_pack.h's map and code for the question
};

struct PromptInput {
    std::string systemPrompt;
    std::vector<PromptTurn> turns;              ///< root to the user message being answered
    std::vector<PromptRepository> repositories; ///< go before the latest user turn's own text
    std::int64_t attachmentTokenBudget = kAttachmentTokenBudget;
    ingest::TokenCounter count; ///< empty: ingest::estimateTokens
};

/// `reply` without its reasoning: every <think>...</think> section removed, and an unclosed
/// <think> to the end; leading white space after a removed section goes too.
std::string stripThinking(std::string_view reply);

/// `text` cut (at a line end where one is close, never inside a UTF-8 character) to at most
/// `budget` tokens by `count`, with a note saying how much was left out; `text` itself when it fits.
std::string truncateToTokens(std::string_view text, std::int64_t budget, const ingest::TokenCounter& count);

/// The whole prompt: system prompt, turns, and the generation marker for the next reply.
std::string buildChatPrompt(const PromptInput& input);

} // namespace cairn::app
