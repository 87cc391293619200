// SPDX-License-Identifier: MIT
// GenerationSettings: what a reply is generated with (system prompt, sampling, limits). The
// profile keeps defaults under one settings key; a conversation keeps only its overrides in its
// settings JSON. Both are this struct as JSON, with absent fields meaning "inherit".
#pragma once

#include "engine/api/params.h"

#include <QString>

#include <cstdint>
#include <optional>

namespace cairn::app {

/// Every field is optional so that one type serves as defaults and as per-conversation overrides.
struct GenerationSettings {
    std::optional<QString> systemPrompt;
    std::optional<double> temperature;
    std::optional<double> topP;
    std::optional<int> topK;
    std::optional<double> minP;
    std::optional<double> repeatPenalty;
    std::optional<int> maxTokens;              ///< -1: until the model ends its turn or the context is full
    std::optional<std::int64_t> contextLength; ///< tokens of the session's KV cache
    std::optional<int> threads;                ///< 0: one per core

    friend bool operator==(const GenerationSettings&, const GenerationSettings&) = default;
};

/// The settings key that holds the profile's defaults.
inline constexpr const char* kGenerationDefaultsKey = "generation.defaults";

/// Cairn's built-in defaults, every field set.
GenerationSettings builtInGenerationSettings();
/// `overrides` on top of `base`: each field set in `overrides` wins.
GenerationSettings mergedGenerationSettings(const GenerationSettings& base, const GenerationSettings& overrides);

/// The fields that are set, as a JSON object; an empty struct gives "{}".
QByteArray generationSettingsToJson(const GenerationSettings& settings);
/// Reads what generationSettingsToJson wrote. Unknown keys are ignored (a conversation's settings
/// JSON may hold other things); a known key of the wrong type or out of range is an error naming it.
std::optional<GenerationSettings> generationSettingsFromJson(const QByteArray& json, QString* problem = nullptr);

/// The engine's sampling parameters for fully merged settings (fields left empty take the
/// engine's own defaults).
SamplingParams samplingParamsFor(const GenerationSettings& settings);

} // namespace cairn::app
