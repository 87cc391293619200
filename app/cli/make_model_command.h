// SPDX-License-Identifier: MIT
// `cairn-cli make-model --preset tiny|small|bench --type f32|f16|q8_0|q4_K --seed N --out FILE`.
#pragma once

#include <QStringList>
#include <QTextStream>

namespace cairn::app {

int runMakeModelCommand(const QStringList& args, QTextStream& out, QTextStream& err);

} // namespace cairn::app
