// SPDX-License-Identifier: MIT
// BackendProbeService: QtConcurrent runs probeBackends(); the watcher delivers on our thread.

#include "app/services/backend_probe_service.h"

#include "app/services/system_report.h"

#include <QtConcurrent/QtConcurrentRun>

namespace cairn::app {

BackendProbeService::BackendProbeService(QObject* parent) : QObject(parent)
{
    connect(&m_watcher, &QFutureWatcher<BackendReport>::finished, this, [this] {
        m_result = m_watcher.result();
        m_summary = backendSummary(m_result);
        m_hasResult = true;
        emit probed(m_summary);
    });
}

BackendProbeService::~BackendProbeService()
{
    // The probe cannot be interrupted half-way through a driver call; it is short, so wait.
    m_watcher.waitForFinished();
}

void BackendProbeService::start()
{
    if (m_watcher.isRunning())
        return;
    m_watcher.setFuture(QtConcurrent::run(&probeBackends));
}

} // namespace cairn::app
