// SPDX-License-Identifier: MIT
// Options every model-running command shares (-m, -t, --ctx, --kv) and their parsing.
#pragma once

#include "engine/api/model.h"
#include "engine/api/session.h"

#include <QCommandLineParser>
#include <QString>

#include <optional>

namespace cairn::app {

struct ModelOptions {
    ModelParams model;
    ContextParams context;
};

/// Adds -m/--model, -t/--threads, -c/--ctx, --kv and --batch to `parser`; `kvDefault` is the
/// command's default cache type name.
void addModelOptions(QCommandLineParser& parser, const QString& kvDefault);

/// "f32", "f16" or "bf16" as a cache type; nothing for anything else.
std::optional<KvType> parseKvType(const QString& name);

/// Reads them back; returns an error message, or an empty string on success.
QString readModelOptions(const QCommandLineParser& parser, ModelOptions& options);

} // namespace cairn::app
