// SPDX-License-Identifier: MIT
// `cairn-cli bench -m FILE [-p 512] [-n 128] [-t 2] [--kv f16] [--json]`: prefill and decode
// speed with this machine's measured memory bandwidth and multiply-add peak beside them.
#pragma once

#include <QStringList>
#include <QTextStream>

namespace cairn::app {

int runBenchCommand(const QStringList& args, QTextStream& out, QTextStream& err);

} // namespace cairn::app
