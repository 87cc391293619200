// SPDX-License-Identifier: MIT
// `cairn-cli index PATH [--db DB] [--threads N]`: indexes a folder into the code index with a
// progress line on a terminal, Ctrl+C to stop cleanly, and a summary.
#pragma once

#include <QStringList>
#include <QTextStream>

namespace cairn::app {

/// `args` starts with "index". Exit codes: 0 indexed, 1 failed, 2 usage, 130 cancelled by Ctrl+C.
int runIndexCommand(const QStringList& args, QTextStream& out, QTextStream& err);

} // namespace cairn::app
