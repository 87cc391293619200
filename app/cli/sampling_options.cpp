// SPDX-License-Identifier: MIT
// Parsing of the sampling options; defaults come from SamplingParams.

#include "app/cli/sampling_options.h"

namespace cairn::app {

namespace {

QString number(double value)
{
    return QString::number(value, 'g', 6);
}

} // namespace

void addSamplingOptions(QCommandLineParser& parser)
{
    const SamplingParams defaults;
    parser.addOption({{QStringLiteral("n"), QStringLiteral("tokens")},
                      QStringLiteral("Most tokens to generate (-1: until end of text or a full context)."),
                      QStringLiteral("N"),
                      QString::number(defaults.maxTokens)});
    parser.addOption({QStringLiteral("temp"), QStringLiteral("Temperature (0: greedy)."), QStringLiteral("T"),
                      number(static_cast<double>(defaults.temperature))});
    parser.addOption({QStringLiteral("top-k"), QStringLiteral("Keep the K most likely tokens (0: off)."),
                      QStringLiteral("K"), QString::number(defaults.topK)});
    parser.addOption({QStringLiteral("top-p"), QStringLiteral("Nucleus sampling mass (1: off)."), QStringLiteral("P"),
                      number(static_cast<double>(defaults.topP))});
    parser.addOption({QStringLiteral("min-p"), QStringLiteral("Drop tokens below P times the best (0: off)."),
                      QStringLiteral("P"), number(static_cast<double>(defaults.minP))});
    parser.addOption({QStringLiteral("repeat-penalty"), QStringLiteral("Repetition penalty (1: off)."),
                      QStringLiteral("X"), number(static_cast<double>(defaults.repeatPenalty))});
    parser.addOption({QStringLiteral("presence-penalty"), QStringLiteral("Presence penalty."), QStringLiteral("X"),
                      number(static_cast<double>(defaults.presencePenalty))});
    parser.addOption({QStringLiteral("frequency-penalty"), QStringLiteral("Frequency penalty."), QStringLiteral("X"),
                      number(static_cast<double>(defaults.frequencyPenalty))});
    parser.addOption({QStringLiteral("seed"), QStringLiteral("Random seed (-1: a random one)."), QStringLiteral("S"),
                      QString::number(defaults.seed)});
    parser.addOption(
        {QStringLiteral("stop"), QStringLiteral("Stop before this text (repeatable)."), QStringLiteral("TEXT")});
    parser.addOption({QStringLiteral("ignore-eos"),
                      QStringLiteral("Never end at the model's end-of-text token (for long benchmark runs).")});
}

QString readSamplingOptions(const QCommandLineParser& parser, SamplingParams& params)
{
    bool ok = true;
    auto readFloat = [&](const char* name, float& out) {
        bool good = false;
        const float value = parser.value(QLatin1String(name)).toFloat(&good);
        if (good)
            out = value;
        ok = ok && good;
    };
    readFloat("temp", params.temperature);
    readFloat("top-p", params.topP);
    readFloat("min-p", params.minP);
    readFloat("repeat-penalty", params.repeatPenalty);
    readFloat("presence-penalty", params.presencePenalty);
    readFloat("frequency-penalty", params.frequencyPenalty);
    if (!ok)
        return QStringLiteral("a sampling option is not a number");
    bool good = false;
    params.topK = parser.value(QStringLiteral("top-k")).toInt(&good);
    if (!good)
        return QStringLiteral("--top-k needs a whole number");
    params.maxTokens = parser.value(QStringLiteral("tokens")).toInt(&good);
    if (!good)
        return QStringLiteral("-n needs a whole number");
    const QString seed = parser.value(QStringLiteral("seed"));
    if (seed == QLatin1String("-1")) {
        params.seed = SamplingParams::kRandomSeed;
    } else {
        params.seed = seed.toULongLong(&good);
        if (!good)
            return QStringLiteral("--seed needs a number (or -1)");
    }
    for (const QString& stop : parser.values(QStringLiteral("stop")))
        params.stop.push_back(stop.toStdString());
    params.ignoreEndOfText = parser.isSet(QStringLiteral("ignore-eos"));
    return {};
}

} // namespace cairn::app
