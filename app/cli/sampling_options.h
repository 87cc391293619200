// SPDX-License-Identifier: MIT
// Sampling options shared by `generate` and `chat` (--temp, --top-k, --top-p, --min-p,
// --repeat-penalty, --presence-penalty, --frequency-penalty, --seed, -n, --stop).
#pragma once

#include "engine/api/params.h"

#include <QCommandLineParser>

namespace cairn::app {

void addSamplingOptions(QCommandLineParser& parser);

/// Returns an error message, or an empty string on success.
QString readSamplingOptions(const QCommandLineParser& parser, SamplingParams& params);

} // namespace cairn::app
