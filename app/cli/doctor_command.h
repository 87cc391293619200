// SPDX-License-Identifier: MIT
// `cairn-cli doctor`: prints every linked library, grammar and backend; exit 1 if Cairn is unusable.
#pragma once

#include <QTextStream>

namespace cairn::app {

int runDoctorCommand(QTextStream& out);

} // namespace cairn::app
