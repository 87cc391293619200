// SPDX-License-Identifier: MIT
// RepositoryIndexing: a one-thread pool runs the queued folders in order; each run opens the
// database afresh, indexes, and posts its progress and outcome back to this object's thread,
// where they become signals. Progress is thinned on the worker so the GUI sees ~10 updates a second.

#include "app/services/repository_indexing.h"

#include "app/services/repo_index_service.h"
#include "storage/database.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QHash>
#include <QLocale>
#include <QThread>
#include <QThreadPool>

#include <algorithm>
#include <filesystem>
#include <optional>

namespace cairn::app {

QString RepositoryIndexSummary::text() const
{
    // English has no translation file: singular and plural are separate source strings.
    const QLocale locale;
    const QString fileCount = files == 1 ? RepositoryIndexing::tr("1 file")
                                         : RepositoryIndexing::tr("%1 files").arg(locale.toString(files));
    const QString symbolCount = symbols == 1 ? RepositoryIndexing::tr("1 symbol")
                                             : RepositoryIndexing::tr("%1 symbols").arg(locale.toString(symbols));
    const QString time = locale.toString(seconds, 'f', 1);
    if (parsedFiles == files)
        return RepositoryIndexing::tr("%1 \u00b7 %2 \u00b7 %3 s").arg(fileCount, symbolCount, time);
    // Indexed before: only what changed was read, so its symbol count is not the repository's.
    const QString changes = parsedFiles == 0 ? RepositoryIndexing::tr("up to date")
                                             : RepositoryIndexing::tr("%1 changed").arg(locale.toString(parsedFiles));
    return RepositoryIndexing::tr("%1 \u00b7 %2 \u00b7 %3 s").arg(fileCount, changes, time);
}

struct RepositoryIndexing::State {
    std::filesystem::path databasePath;
    QThreadPool pool;
    QHash<quint64, std::shared_ptr<ingest::CancelFlag>> active;
    quint64 nextTicket = 1;
};

namespace {

struct RunOutcome {
    std::optional<RepositoryIndexSummary> summary;
    QString problem;
    bool cancelled = false;
};

RunOutcome runIndex(const std::filesystem::path& databasePath, const QString& folder,
                    const ingest::IndexProgressFn& progress, const ingest::CancelFlag& cancel)
{
    RunOutcome outcome;
    if (cancel.cancelled()) {
        outcome.cancelled = true;
        return outcome;
    }
    if (databasePath.empty()) {
        outcome.problem = RepositoryIndexing::tr("%1: cannot be indexed: the database has no file").arg(folder);
        return outcome;
    }
    storage::OpenOptions openOptions;
    openOptions.create = false;
    storage::Result<storage::Database> db = storage::Database::open(databasePath, openOptions);
    if (!db) {
        outcome.problem = RepositoryIndexing::tr("%1: cannot be indexed: %2")
                              .arg(folder, QString::fromStdString(db.error().message()));
        return outcome;
    }
    RepoIndexOptions options;
    options.threads = std::max(1, QThread::idealThreadCount() - 1);
    RepoIndexService service(db.value());
    storage::Result<RepoIndexReport> report = service.index(folder, options, progress, &cancel);
    if (!report) {
        outcome.problem = QString::fromStdString(report.error().message());
        return outcome;
    }
    const RepoIndexReport& done = report.value();
    if (done.cancelled) {
        outcome.cancelled = true;
        return outcome;
    }
    RepositoryIndexSummary summary;
    summary.repositoryId = done.repository.id;
    summary.root = QString::fromStdString(done.repository.rootPath);
    summary.name = QString::fromStdString(done.repository.name);
    if (summary.name.isEmpty())
        summary.name = QFileInfo(summary.root).fileName();
    summary.files = done.filesFound;
    summary.parsedFiles = done.newFiles + done.changedFiles;
    summary.symbols = done.symbols;
    summary.lines = done.lines;
    summary.skipped = done.skipped.size();
    summary.seconds = done.seconds;
    outcome.summary = summary;
    return outcome;
}

} // namespace

RepositoryIndexing::RepositoryIndexing(const storage::Database& db, QObject* parent)
    : QObject(parent), m_state(std::make_unique<State>())
{
    qRegisterMetaType<RepositoryIndexSummary>();
    m_state->databasePath = db.path();
    m_state->pool.setMaxThreadCount(1);
}

RepositoryIndexing::~RepositoryIndexing()
{
    cancelAll();
    m_state->pool.waitForDone();
}

quint64 RepositoryIndexing::index(const QString& folder)
{
    const quint64 ticket = m_state->nextTicket++;
    auto cancel = std::make_shared<ingest::CancelFlag>();
    m_state->active.insert(ticket, cancel);
    emit started(ticket, folder);

    // The pool is waited for in the destructor, so `this` outlives every run; events posted to it
    // after that are discarded with it.
    const std::filesystem::path databasePath = m_state->databasePath;
    m_state->pool.start([this, ticket, folder, databasePath, cancel] {
        QElapsedTimer sinceLast;
        bool sentAny = false;
        const ingest::IndexProgressFn progressFn = [&](const ingest::IndexProgress& step) {
            const bool last = step.filesDone >= step.filesTotal;
            if (sentAny && !last && sinceLast.elapsed() < kProgressIntervalMs)
                return;
            sentAny = true;
            sinceLast.start();
            QMetaObject::invokeMethod(
                this,
                [this, ticket, step] {
                    if (m_state->active.contains(ticket))
                        emit progress(ticket, step.filesDone, step.filesTotal, step.currentFile);
                },
                Qt::QueuedConnection);
        };
        RunOutcome outcome = runIndex(databasePath, folder, progressFn, *cancel);
        QMetaObject::invokeMethod(
            this,
            [this, ticket, folder, outcome = std::move(outcome)] {
                m_state->active.remove(ticket);
                if (outcome.cancelled)
                    emit cancelled(ticket, folder);
                else if (outcome.summary)
                    emit finished(ticket, *outcome.summary);
                else
                    emit failed(ticket, folder, outcome.problem);
            },
            Qt::QueuedConnection);
    });
    return ticket;
}

void RepositoryIndexing::cancel(quint64 ticket)
{
    if (const auto flag = m_state->active.value(ticket))
        flag->cancel();
}

void RepositoryIndexing::cancelAll()
{
    for (const auto& flag : std::as_const(m_state->active))
        flag->cancel();
}

bool RepositoryIndexing::isActive(quint64 ticket) const
{
    return m_state->active.contains(ticket);
}

int RepositoryIndexing::activeCount() const
{
    return int(m_state->active.size());
}

} // namespace cairn::app
