// SPDX-License-Identifier: MIT
// `cairn-cli chat -m FILE [--system TEXT]`: a terminal conversation in the model's chat format.
// Each input line is a user turn; `/reset` starts over, `/quit` (or end of input) leaves.
#pragma once

#include <QStringList>
#include <QTextStream>

namespace cairn::app {

int runChatCommand(const QStringList& args, QTextStream& in, QTextStream& out, QTextStream& err);

} // namespace cairn::app
