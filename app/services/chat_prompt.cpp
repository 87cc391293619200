// SPDX-License-Identifier: MIT
// Prompt assembly: reasoning stripped from earlier replies, attachments and repository context
// wrapped in tags the model can tell apart from the user's words, budgets by the token counter.

#include "app/services/chat_prompt.h"

#include <algorithm>

namespace cairn::app {

namespace {

constexpr std::string_view kThinkOpen = "<think>";
constexpr std::string_view kThinkClose = "</think>";
/// A cut moves back to a line end when one lies within this many bytes.
constexpr std::size_t kLineSnapBytes = 400;

bool isContinuationByte(char byte)
{
    return (static_cast<unsigned char>(byte) & 0xC0U) == 0x80U;
}

std::string_view trimLeft(std::string_view text)
{
    const std::size_t start = text.find_first_not_of(" \t\r\n");
    return start == std::string_view::npos ? std::string_view() : text.substr(start);
}

void appendTagged(std::string& out, std::string_view tag, std::string_view name, std::string_view body)
{
    out += '<';
    out += tag;
    out += " name=\"";
    out += name;
    out += "\">\n";
    out += body;
    if (!body.ends_with('\n'))
        out += '\n';
    out += "</";
    out += tag;
    out += ">\n\n";
}

} // namespace

std::string stripThinking(std::string_view reply)
{
    std::string out;
    std::string_view rest = reply;
    bool afterSection = false;
    for (;;) {
        const std::size_t open = rest.find(kThinkOpen);
        const std::string_view before = rest.substr(0, open);
        out += afterSection ? trimLeft(before) : before;
        if (open == std::string_view::npos)
            break;
        const std::size_t close = rest.find(kThinkClose, open + kThinkOpen.size());
        if (close == std::string_view::npos)
            break; // an unclosed section (a cut reply) runs to the end
        rest = rest.substr(close + kThinkClose.size());
        afterSection = true;
    }
    return out;
}

std::string truncateToTokens(std::string_view text, std::int64_t budget, const ingest::TokenCounter& count)
{
    const ingest::TokenCounter counter = count ? count : ingest::TokenCounter(ingest::estimateTokens);
    const std::int64_t total = counter(text);
    if (total <= budget)
        return std::string(text);
    // The longest prefix within the budget that ends on a character boundary, by bisection.
    std::size_t low = 0;
    std::size_t high = text.size();
    while (low < high) {
        std::size_t middle = low + (high - low + 1) / 2;
        while (middle < high && isContinuationByte(text[middle]))
            ++middle;
        if (counter(text.substr(0, middle)) <= budget)
            low = middle;
        else
            high = middle - 1;
        while (high > low && isContinuationByte(text[high]))
            --high;
    }
    std::size_t cut = low;
    const std::size_t lineEnd = cut == 0 ? std::string_view::npos : text.rfind('\n', cut - 1);
    if (lineEnd != std::string_view::npos && cut - lineEnd <= kLineSnapBytes)
        cut = lineEnd + 1;
    std::string out(text.substr(0, cut));
    if (!out.empty() && !out.ends_with('\n'))
        out += '\n';
    out += "[... truncated: the first " + std::to_string(counter(out)) + " of about " + std::to_string(total)
        + " tokens are shown]\n";
    return out;
}

std::string buildChatPrompt(const PromptInput& input)
{
    std::vector<ChatMessage> messages;
    if (!input.systemPrompt.empty())
        messages.push_back({ChatMessage::Role::System, input.systemPrompt});
    const auto latestUser = std::find_if(input.turns.rbegin(), input.turns.rend(),
                                         [](const PromptTurn& turn) { return turn.role == ChatMessage::Role::User; });
    for (auto turn = input.turns.begin(); turn != input.turns.end(); ++turn) {
        ChatMessage message{turn->role, {}};
        if (turn->role == ChatMessage::Role::Assistant) {
            message.content = stripThinking(turn->content);
            messages.push_back(std::move(message));
            continue;
        }
        if (latestUser != input.turns.rend() && &*turn == &*latestUser) {
            for (const PromptRepository& repository : input.repositories)
                appendTagged(message.content, "repository", repository.name, repository.text);
        }
        for (const PromptAttachment& attachment : turn->attachments)
            appendTagged(message.content, "attachment", attachment.name,
                         truncateToTokens(attachment.text, input.attachmentTokenBudget, input.count));
        message.content += turn->content;
        messages.push_back(std::move(message));
    }
    return formatDeepSeekV3(messages, true);
}

} // namespace cairn::app
