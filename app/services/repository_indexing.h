// SPDX-License-Identifier: MIT
// RepositoryIndexing: indexes dropped folders with RepoIndexService on a worker thread that opens
// its own connection to the profile database, one folder at a time, with throttled progress and
// cancel. Lives on the GUI thread; its signals arrive there. Not the index itself (repo_index_service.h).
#pragma once

#include <QObject>
#include <QString>

#include <cstdint>
#include <memory>

namespace cairn::storage {
class Database;
}

namespace cairn::app {

/// What a finished run indexed.
struct RepositoryIndexSummary {
    std::int64_t repositoryId = 0; ///< storage id, what ChatService::addRepository takes
    QString root;                  ///< the folder as indexed (absolute, symlinks resolved)
    QString name;                  ///< its folder name
    qint64 files = 0;              ///< files found by the walk
    qint64 parsedFiles = 0;        ///< new or changed files read in this run
    qint64 symbols = 0;            ///< symbols found in the files read in this run
    qint64 lines = 0;              ///< lines of the files read in this run
    qint64 skipped = 0;            ///< entries left out (too large, binary, ignored, unreadable)
    double seconds = 0;
    /// "1,204 files · 8,311 symbols · 2.4 s" for a chip; "1,204 files · 3 changed · 0.2 s" or
    /// "… · up to date · …" when the folder was indexed before.
    [[nodiscard]] QString text() const;
};

class RepositoryIndexing : public QObject {
    Q_OBJECT
public:
    static constexpr int kProgressIntervalMs = 100;

    /// Workers open their own connection to `db.path()`; `db` itself is not used from them.
    explicit RepositoryIndexing(const storage::Database& db, QObject* parent = nullptr);
    /// Cancels every run and waits for the worker to stop.
    ~RepositoryIndexing() override;

    /// Queues `folder` for indexing; returns the ticket the signals carry. `started` is emitted
    /// before this returns; runs go one at a time in the order asked.
    quint64 index(const QString& folder);
    /// Stops a queued or running index: `cancelled` follows (files already written stay indexed,
    /// the repository is not marked complete). Unknown or finished tickets are ignored.
    void cancel(quint64 ticket);
    void cancelAll();
    [[nodiscard]] bool isActive(quint64 ticket) const;
    [[nodiscard]] int activeCount() const;

signals:
    void started(quint64 ticket, const QString& folder);
    /// At most every kProgressIntervalMs, and once more at the end of parsing. `filesTotal` counts
    /// the files that need reading (all of them the first time, the changed ones after).
    void progress(quint64 ticket, qint64 filesDone, qint64 filesTotal, const QString& currentFile);
    void finished(quint64 ticket, const cairn::app::RepositoryIndexSummary& summary);
    void failed(quint64 ticket, const QString& folder, const QString& message);
    void cancelled(quint64 ticket, const QString& folder);

private:
    struct State;
    std::unique_ptr<State> m_state;
};

} // namespace cairn::app

Q_DECLARE_METATYPE(cairn::app::RepositoryIndexSummary)
