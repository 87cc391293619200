// SPDX-License-Identifier: MIT
// The parse pipeline for a folder: walk it, then read, hash, tag and chunk the new and changed files
// on a pool of worker threads, handing each file's result, in walk order, to one consumer on the
// calling thread (app's storage writer). Incremental against what the caller says is indexed.
#pragma once

#include "ingest/cancel_flag.h"
#include "ingest/ingest_result.h"
#include "ingest/repo/chunker.h"
#include "ingest/repo/tags.h"
#include "ingest/repo/walker.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace cairn::ingest {

/// What the caller's index holds for a file, to decide whether it changed.
struct IndexedFileState {
    qint64 size = 0;
    qint64 mtimeNs = 0;
    QByteArray contentHash; ///< as FileIndex::contentHash gave it
};

enum class FileChange { New, Changed };

/// One parsed file, everything the index stores for it.
struct FileIndex {
    WalkedFile file;
    FileChange change = FileChange::New;
    QByteArray contentHash; ///< SHA-1 of the bytes, raw (20 bytes)
    int lines = 0;
    QList<Symbol> symbols;
    QList<Reference> references;
    QList<Chunk> chunks; ///< always present: a file whose parse failed is chunked by lines
    bool syntaxErrors = false;
    QString problem; ///< why there are no symbols although the language is known, e.g. a parse timeout
};

struct IndexProgress {
    qsizetype filesDone = 0; ///< of the files that needed reading
    qsizetype filesTotal = 0;
    qint64 bytesDone = 0;
    qint64 bytesTotal = 0;
    QString currentFile; ///< the file just delivered
    double elapsedSeconds = 0;
    double etaSeconds = -1; ///< -1 until there is a rate to estimate from
};

struct IndexOptions {
    WalkOptions walk;
    ChunkOptions chunk; ///< its counter is called from the worker threads: it must be thread-safe
    uint64_t parseTimeoutMicros = 10'000'000;
    int threads = 0; ///< parsing threads; 0 = one per core
    /// What is indexed already, by WalkedFile::path; empty for a first, full index.
    QHash<QString, IndexedFileState> previous;
    /// The precision of the mtimes in `previous`: a caller that stores milliseconds passes
    /// 1'000'000, and a file's mtime is rounded down to it before the comparison. 1 = exact.
    /// (As with git's racy-clean files, a change that keeps the size within one step goes unseen.)
    qint64 mtimeGranularityNs = 1;
};

struct IndexSummary {
    WalkResult walk;            ///< every file found and every entry skipped, with reasons
    QList<SkippedEntry> failed; ///< files that vanished or became unreadable or too large between walk and read
    QStringList unchanged;      ///< same size and mtime as before: not read
    QList<WalkedFile> touched;  ///< new mtime, same content hash: not parsed; the caller should store the new mtime
    QStringList deleted;        ///< in `previous` but no longer found (or now skipped)
    qsizetype delivered = 0;    ///< FileIndex values handed to the consumer
    qint64 lines = 0;
    qint64 bytes = 0;
    qsizetype symbols = 0;
    qsizetype references = 0;
    qsizetype chunks = 0;
    QHash<QString, qsizetype> filesPerLanguage; ///< delivered files; "" for text without a grammar
    bool cancelled = false;
    double seconds = 0;
};

using FileIndexConsumer = std::function<void(FileIndex&& file)>;
using IndexProgressFn = std::function<void(const IndexProgress& progress)>;

/// Indexes `root`. `consumer` and `progress` run on the calling thread, in walk order, one file at a
/// time; workers run ahead of a slow consumer by a bounded window only. Fails only when the walk
/// cannot start (see walkFolder); per-file trouble is in the summary. On cancellation the files
/// delivered so far stay delivered and `cancelled` is set.
Result<IndexSummary> indexRepository(const QString& root, const IndexOptions& options,
                                     const FileIndexConsumer& consumer, const IndexProgressFn& progress = {},
                                     const CancelFlag* cancel = nullptr);

} // namespace cairn::ingest
