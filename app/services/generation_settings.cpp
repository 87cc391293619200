// SPDX-License-Identifier: MIT
// GenerationSettings: built-in defaults, merging of overrides, the JSON form kept in settings and
// conversations (with range checks), and the engine's SamplingParams for merged settings.

#include "app/services/generation_settings.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>

#include <cmath>
#include <limits>

namespace cairn::app {

namespace {

constexpr const char* kSystemPromptKey = "systemPrompt";
constexpr const char* kTemperatureKey = "temperature";
constexpr const char* kTopPKey = "topP";
constexpr const char* kTopKKey = "topK";
constexpr const char* kMinPKey = "minP";
constexpr const char* kRepeatPenaltyKey = "repeatPenalty";
constexpr const char* kMaxTokensKey = "maxTokens";
constexpr const char* kContextLengthKey = "contextLength";
constexpr const char* kThreadsKey = "threads";

constexpr std::int64_t kDefaultContextLength = 4096;
constexpr std::int64_t kMaxContextLength = std::int64_t{1} << 24;
constexpr int kMaxThreads = 1024;

template <typename T> void mergeField(std::optional<T>& into, const std::optional<T>& from)
{
    if (from)
        into = from;
}

/// Reads one JSON field into `field`; false with `problem` set for a present field of the wrong
/// type or out of [low, high].
bool readNumber(const QJsonObject& object, const char* key, double low, double high, std::optional<double>& field,
                QString* problem)
{
    const QJsonValue value = object.value(QLatin1String(key));
    if (value.isUndefined() || value.isNull())
        return true;
    if (!value.isDouble() || !std::isfinite(value.toDouble()) || value.toDouble() < low || value.toDouble() > high) {
        if (problem != nullptr)
            *problem = QCoreApplication::translate("cairn::app::GenerationSettings",
                                                   "generation settings: %1 must be a number from %2 to %3")
                           .arg(QLatin1String(key))
                           .arg(low)
                           .arg(high);
        return false;
    }
    field = value.toDouble();
    return true;
}

bool readInteger(const QJsonObject& object, const char* key, std::int64_t low, std::int64_t high,
                 std::optional<std::int64_t>& field, QString* problem)
{
    const QJsonValue value = object.value(QLatin1String(key));
    if (value.isUndefined() || value.isNull())
        return true;
    const double number = value.toDouble();
    if (!value.isDouble() || !std::isfinite(number) || std::floor(number) != number || number < static_cast<double>(low)
        || number > static_cast<double>(high)) {
        if (problem != nullptr)
            *problem = QCoreApplication::translate("cairn::app::GenerationSettings",
                                                   "generation settings: %1 must be a whole number from %2 to %3")
                           .arg(QLatin1String(key))
                           .arg(low)
                           .arg(high);
        return false;
    }
    field = static_cast<std::int64_t>(number);
    return true;
}

bool readInt(const QJsonObject& object, const char* key, int low, int high, std::optional<int>& field, QString* problem)
{
    std::optional<std::int64_t> wide;
    if (!readInteger(object, key, low, high, wide, problem))
        return false;
    if (wide)
        field = static_cast<int>(*wide);
    return true;
}

} // namespace

GenerationSettings builtInGenerationSettings()
{
    const SamplingParams engine;
    GenerationSettings settings;
    settings.systemPrompt = QString();
    settings.temperature = static_cast<double>(engine.temperature);
    settings.topP = static_cast<double>(engine.topP);
    settings.topK = engine.topK;
    settings.minP = static_cast<double>(engine.minP);
    settings.repeatPenalty = static_cast<double>(engine.repeatPenalty);
    settings.maxTokens = engine.maxTokens;
    settings.contextLength = kDefaultContextLength;
    settings.threads = 0;
    return settings;
}

GenerationSettings mergedGenerationSettings(const GenerationSettings& base, const GenerationSettings& overrides)
{
    GenerationSettings merged = base;
    mergeField(merged.systemPrompt, overrides.systemPrompt);
    mergeField(merged.temperature, overrides.temperature);
    mergeField(merged.topP, overrides.topP);
    mergeField(merged.topK, overrides.topK);
    mergeField(merged.minP, overrides.minP);
    mergeField(merged.repeatPenalty, overrides.repeatPenalty);
    mergeField(merged.maxTokens, overrides.maxTokens);
    mergeField(merged.contextLength, overrides.contextLength);
    mergeField(merged.threads, overrides.threads);
    return merged;
}

QByteArray generationSettingsToJson(const GenerationSettings& settings)
{
    QJsonObject object;
    if (settings.systemPrompt)
        object.insert(QLatin1String(kSystemPromptKey), *settings.systemPrompt);
    if (settings.temperature)
        object.insert(QLatin1String(kTemperatureKey), *settings.temperature);
    if (settings.topP)
        object.insert(QLatin1String(kTopPKey), *settings.topP);
    if (settings.topK)
        object.insert(QLatin1String(kTopKKey), *settings.topK);
    if (settings.minP)
        object.insert(QLatin1String(kMinPKey), *settings.minP);
    if (settings.repeatPenalty)
        object.insert(QLatin1String(kRepeatPenaltyKey), *settings.repeatPenalty);
    if (settings.maxTokens)
        object.insert(QLatin1String(kMaxTokensKey), *settings.maxTokens);
    if (settings.contextLength)
        object.insert(QLatin1String(kContextLengthKey), static_cast<qint64>(*settings.contextLength));
    if (settings.threads)
        object.insert(QLatin1String(kThreadsKey), *settings.threads);
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

std::optional<GenerationSettings> generationSettingsFromJson(const QByteArray& json, QString* problem)
{
    if (json.trimmed().isEmpty())
        return GenerationSettings{};
    QJsonParseError parseError{};
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        if (problem != nullptr)
            *problem = parseError.error != QJsonParseError::NoError
                ? QCoreApplication::translate("cairn::app::GenerationSettings",
                                              "generation settings: not valid JSON (%1 at offset %2)")
                      .arg(parseError.errorString())
                      .arg(parseError.offset)
                : QCoreApplication::translate("cairn::app::GenerationSettings",
                                              "generation settings: expected a JSON object");
        return std::nullopt;
    }
    const QJsonObject object = document.object();
    GenerationSettings settings;

    const QJsonValue systemPrompt = object.value(QLatin1String(kSystemPromptKey));
    if (!systemPrompt.isUndefined() && !systemPrompt.isNull()) {
        if (!systemPrompt.isString()) {
            if (problem != nullptr)
                *problem = QCoreApplication::translate("cairn::app::GenerationSettings",
                                                       "generation settings: %1 must be text")
                               .arg(QLatin1String(kSystemPromptKey));
            return std::nullopt;
        }
        settings.systemPrompt = systemPrompt.toString();
    }
    std::optional<std::int64_t> contextLength;
    const bool ok = readNumber(object, kTemperatureKey, 0.0, 10.0, settings.temperature, problem)
        && readNumber(object, kTopPKey, 0.0, 1.0, settings.topP, problem)
        && readInt(object, kTopKKey, 0, 1 << 20, settings.topK, problem)
        && readNumber(object, kMinPKey, 0.0, 1.0, settings.minP, problem)
        && readNumber(object, kRepeatPenaltyKey, 0.01, 10.0, settings.repeatPenalty, problem)
        && readInt(object, kMaxTokensKey, -1, std::numeric_limits<std::int32_t>::max(), settings.maxTokens, problem)
        && readInteger(object, kContextLengthKey, 0, kMaxContextLength, contextLength, problem)
        && readInt(object, kThreadsKey, 0, kMaxThreads, settings.threads, problem);
    if (!ok)
        return std::nullopt;
    settings.contextLength = contextLength;
    return settings;
}

SamplingParams samplingParamsFor(const GenerationSettings& settings)
{
    SamplingParams params;
    if (settings.temperature)
        params.temperature = static_cast<float>(*settings.temperature);
    if (settings.topP)
        params.topP = static_cast<float>(*settings.topP);
    if (settings.topK)
        params.topK = *settings.topK;
    if (settings.minP)
        params.minP = static_cast<float>(*settings.minP);
    if (settings.repeatPenalty)
        params.repeatPenalty = static_cast<float>(*settings.repeatPenalty);
    if (settings.maxTokens)
        params.maxTokens = *settings.maxTokens;
    return params;
}

} // namespace cairn::app
