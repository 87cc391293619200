// SPDX-License-Identifier: MIT
// What every cairn-cli command does first: parse its options (printing help or the error) and,
// for model commands, load the model and report why it cannot run.
#pragma once

#include "engine/api/generation.h"
#include "engine/api/model.h"

#include <QCommandLineParser>
#include <QTextStream>

#include <memory>
#include <optional>

namespace cairn::app {

/// Parses `args` (args[0] is the command name). Returns the exit status to end with (0 after
/// --help, 2 after a usage error, both printed), or nothing when the command should run.
std::optional<int> parseCommandLine(QCommandLineParser& parser, const QStringList& args, QTextStream& out,
                                    QTextStream& err);

/// Loads a model; with `needTokenizer` also requires its vocabulary. On failure prints
/// "cairn-cli <command>: <problem>" and returns null.
std::shared_ptr<Model> loadModel(const ModelParams& params, bool needTokenizer, const QString& command,
                                 QTextStream& err);

/// The generation callback of terminal commands: prints each piece of text as it comes.
TextFn printPieces(QTextStream& out);

} // namespace cairn::app
