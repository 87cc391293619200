// SPDX-License-Identifier: MIT
// RepositoryProgress: one row per folder being indexed: its name, a bar of files done/total, a
// Cancel button; when done the row becomes a "ready" chip (or an error) the user can dismiss.
// Keyed by RepositoryIndexing ticket; it shows, the owner wires it to the service.
#pragma once

#include "app/services/repository_indexing.h"

#include <QHash>
#include <QWidget>

class QVBoxLayout;

namespace cairn::ui {

class RepositoryProgress : public QWidget {
    Q_OBJECT
public:
    enum class RowState { Indexing, Ready, Failed };

    explicit RepositoryProgress(QWidget* parent = nullptr);
    ~RepositoryProgress() override;

    void addRun(quint64 ticket, const QString& folder);
    void setProgress(quint64 ticket, qint64 filesDone, qint64 filesTotal, const QString& currentFile);
    void setFinished(quint64 ticket, const app::RepositoryIndexSummary& summary);
    void setFailed(quint64 ticket, const QString& message);
    /// Drops the row (a cancelled run, a dismissed chip).
    void removeRun(quint64 ticket);

    [[nodiscard]] bool contains(quint64 ticket) const;
    [[nodiscard]] RowState rowState(quint64 ticket) const;
    /// The row's status line as shown: "12 / 40 files", "ready · 40 files · …", the error.
    [[nodiscard]] QString rowText(quint64 ticket) const;
    [[nodiscard]] int indexingCount() const;
    [[nodiscard]] int rowCount() const { return int(m_rows.size()); }

signals:
    void cancelRequested(quint64 ticket);

private:
    struct Row;
    Row* row(quint64 ticket) const;
    QVBoxLayout* m_layout = nullptr;
    QHash<quint64, Row*> m_rows;
};

} // namespace cairn::ui
