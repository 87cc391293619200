// SPDX-License-Identifier: MIT
// Text flows token bytes -> Utf8Stream (whole characters) -> StopMatcher (holds back possible
// stop-string prefixes) -> the caller.

#include "engine/api/generation.h"

#include "engine/sampling/sampler.h"
#include "engine/sampling/stop_matcher.h"
#include "engine/tokenizer/utf8_stream.h"

#include <chrono>
#include <limits>

namespace cairn {

namespace {

double secondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

} // namespace

std::string_view stopReasonName(StopReason reason)
{
    switch (reason) {
    case StopReason::EndOfText:
        return "end of text";
    case StopReason::MaxTokens:
        return "token limit";
    case StopReason::StopString:
        return "stop string";
    case StopReason::ContextFull:
        return "context full";
    case StopReason::Cancelled:
        return "cancelled";
    case StopReason::Stopped:
        return "stopped";
    }
    return "?";
}

Result<GenerationStats> generate(Session& session, std::span<const std::int32_t> prompt, const SamplingParams& params,
                                 const TextFn& onText, const CancelToken* cancel, const ProgressFn& progress)
{
    const Tokenizer* tokenizer = session.model().tokenizer();
    if (tokenizer == nullptr)
        return Error{ErrorCode::Unsupported, "generate", session.model().tokenizerProblem()};
    if (Status valid = validateSamplingParams(params); !valid)
        return valid.error();

    GenerationStats stats;
    stats.promptTokens = static_cast<std::int64_t>(prompt.size());
    auto start = std::chrono::steady_clock::now();
    if (Status fed = session.feed(prompt, cancel, progress); !fed) {
        if (fed.error().code == ErrorCode::Cancelled) {
            stats.reason = StopReason::Cancelled;
            return stats;
        }
        return fed.error();
    }
    stats.prefillSeconds = secondsSince(start);
    if (session.logits().empty())
        return Error{ErrorCode::InvalidInput, "generate",
                     "nothing to continue from: the prompt and the session are empty"};

    Sampler sampler(params);
    stats.seed = sampler.seed();
    for (const std::int32_t token : prompt)
        sampler.accept(token);
    Utf8Stream utf8;
    StopMatcher stops(params.stop);
    bool keepGoing = true;
    auto show = [&](const std::string& text) {
        if (!text.empty() && keepGoing && !onText(text))
            keepGoing = false;
    };

    const std::int32_t endOfText = tokenizer->eos().value_or(-1);
    std::vector<float> withoutEnd; // the logits with end of text ruled out, for ignoreEndOfText
    start = std::chrono::steady_clock::now();
    for (;;) {
        if (cancel != nullptr && cancel->cancelled()) {
            stats.reason = StopReason::Cancelled;
            break;
        }
        std::span<const float> logits = session.logits();
        if (params.ignoreEndOfText && endOfText >= 0 && static_cast<std::size_t>(endOfText) < logits.size()) {
            withoutEnd.assign(logits.begin(), logits.end());
            withoutEnd[static_cast<std::size_t>(endOfText)] = -std::numeric_limits<float>::infinity();
            logits = withoutEnd;
        }
        Result<std::int32_t> sampled = sampler.sample(logits);
        if (!sampled)
            return sampled.error();
        const std::int32_t token = sampled.value();
        if (token == endOfText) {
            stats.reason = StopReason::EndOfText;
            break;
        }
        sampler.accept(token);
        ++stats.generatedTokens;
        stats.tokens.push_back(token);
        // Control tokens (BOS, role markers) steer the model; they are not text to show.
        const std::string bytes = tokenizer->isControl(token) ? std::string() : tokenizer->tokenBytes(token);
        const StopMatcher::Step step = stops.push(utf8.push(bytes));
        show(step.text);
        if (step.stopped) {
            stats.reason = StopReason::StopString;
            break;
        }
        if (!keepGoing) {
            stats.reason = StopReason::Stopped;
            break;
        }
        if (params.maxTokens >= 0 && stats.generatedTokens >= params.maxTokens) {
            stats.reason = StopReason::MaxTokens;
            break;
        }
        if (session.position() >= session.capacity()) {
            stats.reason = StopReason::ContextFull;
            break;
        }
        if (Status fed = session.feed(std::span(&token, 1), cancel); !fed) {
            if (fed.error().code != ErrorCode::Cancelled)
                return fed.error();
            stats.reason = StopReason::Cancelled;
            break;
        }
    }
    if (stats.reason != StopReason::StopString) {
        const StopMatcher::Step tail = stops.push(utf8.finish());
        show(tail.text);
        if (!tail.stopped)
            show(stops.flush());
    }
    stats.decodeSeconds = secondsSince(start);
    return stats;
}

} // namespace cairn
