// SPDX-License-Identifier: MIT
// RepoIndexService: indexes a folder into the code index of a database. ingest::indexRepository
// parses on its worker pool; this class, on the calling thread, turns each file into storage's
// value types and writes them in batches, then stamps touched files, removes deleted ones, links
// references and records the git revision. Not a query API (see repo_map.h, the cli commands).
#pragma once

#include "ingest/cancel_flag.h"
#include "ingest/repo/chunker.h"
#include "ingest/repo/repo_indexer.h"
#include "storage/repo_index_store.h"
#include "storage/storage_result.h"

#include <QList>
#include <QMap>
#include <QString>

#include <cstddef>
#include <optional>

namespace cairn::storage {
class Database;
}

namespace cairn::app {

struct RepoIndexOptions {
    int threads = 0;              ///< parsing threads; 0 = one per core
    std::size_t batchFiles = 200; ///< files per write transaction
    int chunkTokens = 512;        ///< retrieval chunk budget
    ingest::TokenCounter count;   ///< counts chunk tokens (thread-safe); empty: bytes/4
    ingest::WalkOptions walk;     ///< size limit, excluded folders, ignore rules
};

/// What an index run did. Files are counted once each: new + changed + unchanged (including
/// touched) + failed is what the walk found.
struct RepoIndexReport {
    storage::Repository repository; ///< as stored after the run
    bool gitRepository = false;
    QString headRevision;                      ///< HEAD's commit when the folder is in a git work tree
    QMap<QString, qsizetype> filesPerLanguage; ///< of the files parsed in this run; "" = plain text
    qsizetype filesFound = 0;                  ///< files the walk listed
    qsizetype newFiles = 0;
    qsizetype changedFiles = 0;
    qsizetype unchangedFiles = 0; ///< same size and mtime, or a new mtime over the same content
    qsizetype touchedFiles = 0;   ///< of unchangedFiles: only the mtime was new
    qsizetype deletedFiles = 0;   ///< removed from the index
    qsizetype symbols = 0;
    qsizetype references = 0;
    qsizetype chunks = 0;
    qint64 lines = 0;
    qint64 bytes = 0;
    std::int64_t referencesLinked = 0;   ///< by resolveReferences in this run
    QList<ingest::SkippedEntry> skipped; ///< left out by the walk, or unreadable when read
    bool cancelled = false;              ///< the files written so far stay; nothing was removed
    double seconds = 0;
};

/// `folder` as the index names it: absolute, symlinks resolved. Empty when it does not exist.
QString canonicalRepositoryRoot(const QString& folder);

class RepoIndexService {
public:
    explicit RepoIndexService(storage::Database& db) : m_db(db) { }

    /// Indexes `folder` (added as a repository on first use), incrementally against what the
    /// database holds. Fails when the folder is missing or not a folder, or a write fails; per-file
    /// problems are in the report. `progress` runs on the calling thread after each parsed file.
    /// On cancellation every file written stays whole and the repository is not marked indexed.
    storage::Result<RepoIndexReport> index(const QString& folder, const RepoIndexOptions& options,
                                           const ingest::IndexProgressFn& progress = {},
                                           const ingest::CancelFlag* cancel = nullptr);

private:
    storage::Database& m_db;
};

} // namespace cairn::app
