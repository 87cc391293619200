// SPDX-License-Identifier: MIT
// Probes the compute backends off the GUI thread (a Vulkan dispatch takes tens of milliseconds,
// more on a cold driver) and reports the result once on the thread that owns the service.
#pragma once

#include "engine/api/backends.h"

#include <QFutureWatcher>
#include <QObject>

namespace cairn::app {

class BackendProbeService : public QObject {
    Q_OBJECT
public:
    explicit BackendProbeService(QObject* parent = nullptr);
    ~BackendProbeService() override;

    /// Starts a probe unless one is running; probed() follows.
    void start();
    [[nodiscard]] bool hasResult() const { return m_hasResult; }
    [[nodiscard]] const BackendReport& result() const { return m_result; }
    /// One-line summary of the last result, as probed() carried it.
    [[nodiscard]] const QString& summary() const { return m_summary; }

signals:
    void probed(const QString& summary);

private:
    QFutureWatcher<BackendReport> m_watcher;
    BackendReport m_result;
    QString m_summary;
    bool m_hasResult = false;
};

} // namespace cairn::app
