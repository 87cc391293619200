// SPDX-License-Identifier: MIT
// `cairn-cli find NAME` (definitions by prefix, or fuzzy) and `cairn-cli refs NAME` (where it is
// defined and who refers to it) over the code index.
#pragma once

#include <QStringList>
#include <QTextStream>

namespace cairn::app {

/// `args` starts with "find". Exit codes: 0 found, 1 nothing found or no index, 2 usage.
int runFindCommand(const QStringList& args, QTextStream& out, QTextStream& err);

/// `args` starts with "refs". Exit codes: 0 found, 1 nothing found or no index, 2 usage.
int runRefsCommand(const QStringList& args, QTextStream& out, QTextStream& err);

} // namespace cairn::app
