// SPDX-License-Identifier: MIT
// DeepSeek-V3 chat prompt format (the model's tokenizer_config.json chat template without tool
// calls): role markers are control tokens, parsed when the prompt is encoded with parseSpecial.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace cairn {

struct ChatMessage {
    enum class Role { System, User, Assistant };
    Role role = Role::User;
    std::string content;
};

inline constexpr std::string_view kDeepSeekBos = "<｜begin▁of▁sentence｜>";
inline constexpr std::string_view kDeepSeekEos = "<｜end▁of▁sentence｜>";
inline constexpr std::string_view kDeepSeekUser = "<｜User｜>";
inline constexpr std::string_view kDeepSeekAssistant = "<｜Assistant｜>";

/// BOS, then every system message's content (joined by "\n\n", wherever they stand), then per
/// turn "<｜User｜>{content}" or "<｜Assistant｜>{content}<｜end▁of▁sentence｜>", and a final
/// "<｜Assistant｜>" when `addGenerationPrompt`. BOS is in the text: encode with addBos = false.
[[nodiscard]] std::string formatDeepSeekV3(std::span<const ChatMessage> messages, bool addGenerationPrompt);

} // namespace cairn
