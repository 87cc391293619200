// SPDX-License-Identifier: MIT
// `cairn-cli db check|backup OUT|move-aside|list|export|import [--db DB]`: inspect, copy, or rename an
// unusable profile database (default: the profile's, under the XDG data folder); list, export and
// import conversations.
#pragma once

#include <QStringList>
#include <QTextStream>

namespace cairn::app {

/// `args` starts with "db". Exit codes: 0 done, 1 the database is unusable or the action failed, 2 usage.
int runDbCommand(const QStringList& args, QTextStream& out, QTextStream& err);

} // namespace cairn::app
