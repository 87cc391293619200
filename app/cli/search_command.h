// SPDX-License-Identifier: MIT
// `cairn-cli search TEXT [--limit N] [--repo PATH] [--db DB]`: full-text search over indexed code
// chunks, best first, as "path:start-end" and a snippet.
#pragma once

#include <QStringList>
#include <QTextStream>

namespace cairn::app {

/// `args` starts with "search". Exit codes: 0 found, 1 nothing found or no index, 2 usage.
int runSearchCommand(const QStringList& args, QTextStream& out, QTextStream& err);

} // namespace cairn::app
