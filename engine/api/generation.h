// SPDX-License-Identifier: MIT
// The sampling loop: prefill a prompt, then sample, stream and feed tokens until end of text, a
// stop string, the token limit, a full context, cancellation, or the caller says stop.
#pragma once

#include "engine/api/params.h"
#include "engine/api/progress.h"
#include "engine/api/result.h"
#include "engine/api/session.h"

#include <cstdint>
#include <functional>
#include <span>
#include <string_view>
#include <vector>

namespace cairn {

enum class StopReason {
    EndOfText,   ///< the model produced its end-of-sentence token
    MaxTokens,   ///< SamplingParams::maxTokens reached
    StopString,  ///< one of SamplingParams::stop appeared (and was not shown)
    ContextFull, ///< the session's context has no room for another token
    Cancelled,   ///< the CancelToken was set
    Stopped,     ///< the text callback returned false
};

std::string_view stopReasonName(StopReason reason);

struct GenerationStats {
    std::int64_t promptTokens = 0;
    std::int64_t generatedTokens = 0;
    double prefillSeconds = 0.0;
    double decodeSeconds = 0.0;
    StopReason reason = StopReason::EndOfText;
    std::uint64_t seed = 0; ///< the sampler's seed (the drawn one for kRandomSeed)
    /// The generated tokens in order (end of text excluded). All but possibly the last were fed:
    /// the session holds the prompt and then the first `session.position() - prompt` of these, so
    /// a caller can tell which tokens its cache holds and reuse them for the next prompt.
    std::vector<std::int32_t> tokens;
};

/// Receives text as it becomes safe to show: whole UTF-8 characters, never part of a stop
/// string. Return false to stop generating.
using TextFn = std::function<bool(std::string_view text)>;

/// Feeds `prompt` after what `session` holds, then generates. The prompt counts for the
/// repetition penalties. The session keeps every fed token, so a chat continues from it.
Result<GenerationStats> generate(Session& session, std::span<const std::int32_t> prompt, const SamplingParams& params,
                                 const TextFn& onText, const CancelToken* cancel = nullptr,
                                 const ProgressFn& progress = {});

} // namespace cairn
