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

/// A --kv value into `type`: "auto" (unset: the model's choice), "f32", "f16" or "bf16". False,
/// and `type` unchanged, for anything else.
bool parseKvType(const QString& name, std::optional<KvType>& type);

/// --kv's help text.
QString kvOptionHelp();

/// Reads them back; returns an error message, or an empty string on success.
QString readModelOptions(const QCommandLineParser& parser, ModelOptions& options);

} // namespace cairn::app
