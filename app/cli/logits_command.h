// SPDX-License-Identifier: MIT
// `cairn-cli logits -m FILE --tokens 1,2,3 [--top K] [--batch N] [--kv f32|f16|bf16] [-t N]`:
// feeds the tokens and prints one line per position, `POS ARGMAX l0 ... l(V-1)`, for
// conformance checks against other implementations.
#pragma once

#include <QStringList>
#include <QTextStream>

namespace cairn::app {

int runLogitsCommand(const QStringList& args, QTextStream& out, QTextStream& err);

} // namespace cairn::app
