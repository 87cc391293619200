// SPDX-License-Identifier: MIT
// `cairn-cli generate -m FILE -p TEXT [-n N] [--temp T] [--seed S] ...`: continues a raw prompt
// (no chat format), streaming the text to stdout and the speed to stderr.
#pragma once

#include <QStringList>
#include <QTextStream>

namespace cairn::app {

int runGenerateCommand(const QStringList& args, QTextStream& out, QTextStream& err);

} // namespace cairn::app
