// SPDX-License-Identifier: MIT
// `cairn-cli repomap PATH --tokens N` (the ranked outline of an indexed repository) and
// `cairn-cli pack PATH --tokens N [--question TEXT]` (the map plus the most relevant code), both
// measured in bytes/4 or in --model's tokens, never over the budget.
#pragma once

#include <QStringList>
#include <QTextStream>

namespace cairn::app {

/// `args` starts with "repomap". Exit codes: 0 printed, 1 not indexed or failed, 2 usage.
int runRepoMapCommand(const QStringList& args, QTextStream& out, QTextStream& err);

/// `args` starts with "pack". Exit codes: 0 printed, 1 not indexed or failed, 2 usage.
int runPackCommand(const QStringList& args, QTextStream& out, QTextStream& err);

} // namespace cairn::app
