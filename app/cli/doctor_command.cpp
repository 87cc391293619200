// SPDX-License-Identifier: MIT
// The doctor command: collect the full system report (with backend probes) and print it.

#include "app/cli/doctor_command.h"

#include "app/services/system_report.h"

namespace cairn::app {

int runDoctorCommand(QTextStream& out)
{
    const SystemReport report = collectSystemReport();
    out << formatDoctor(report);
    out.flush();
    return report.healthy() ? 0 : 1;
}

} // namespace cairn::app
