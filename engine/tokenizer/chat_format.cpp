// SPDX-License-Identifier: MIT
// DeepSeek-V3 chat prompt formatting.

#include "engine/tokenizer/chat_format.h"

namespace cairn {

std::string formatDeepSeekV3(std::span<const ChatMessage> messages, bool addGenerationPrompt)
{
    std::string prompt(kDeepSeekBos);
    bool firstSystem = true;
    for (const ChatMessage& message : messages) {
        if (message.role != ChatMessage::Role::System)
            continue;
        if (!firstSystem)
            prompt += "\n\n";
        prompt += message.content;
        firstSystem = false;
    }
    for (const ChatMessage& message : messages) {
        switch (message.role) {
        case ChatMessage::Role::System:
            break;
        case ChatMessage::Role::User:
            prompt += kDeepSeekUser;
            prompt += message.content;
            break;
        case ChatMessage::Role::Assistant:
            prompt += kDeepSeekAssistant;
            prompt += message.content;
            prompt += kDeepSeekEos;
            break;
        }
    }
    if (addGenerationPrompt)
        prompt += kDeepSeekAssistant;
    return prompt;
}

} // namespace cairn
