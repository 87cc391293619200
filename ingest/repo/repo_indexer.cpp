// SPDX-License-Identifier: MIT
// indexRepository: walk, sort files into unchanged / to read, then worker threads fill result results
// by index while the calling thread delivers them in order (a bounded window keeps memory flat).

#include "ingest/repo/repo_indexer.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QThread>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace cairn::ingest {

namespace {

constexpr size_t kWindowPerThread = 64; // results parsed ahead of the consumer, per worker

struct Job {
    WalkedFile file;
    const IndexedFileState* previous = nullptr;
};

struct Slot {
    bool ready = false;
    std::optional<FileIndex> index;
    std::optional<WalkedFile> touched;
    std::optional<SkippedEntry> failure;
};

/// `mtimeNs` rounded down to a multiple of `granularityNs` (toward minus infinity).
qint64 truncateMtime(qint64 mtimeNs, qint64 granularityNs)
{
    if (granularityNs <= 1)
        return mtimeNs;
    const qint64 rest = mtimeNs % granularityNs;
    return mtimeNs - (rest < 0 ? rest + granularityNs : rest);
}

int countLines(const QByteArray& bytes)
{
    if (bytes.isEmpty())
        return 0;
    return static_cast<int>(bytes.count('\n')) + (bytes.endsWith('\n') ? 0 : 1);
}

/// Reads, hashes, tags and chunks one file.
void processJob(const Job& job, const IndexOptions& options, const CancelFlag* cancel, TagExtractor& extractor,
                Slot& slot)
{
    QFile file(job.file.absolutePath);
    if (!file.open(QIODevice::ReadOnly)) {
        const bool gone = !QFileInfo::exists(job.file.absolutePath);
        slot.failure
            = SkippedEntry{job.file.path, gone ? SkipReason::Vanished : SkipReason::Unreadable, file.errorString()};
        return;
    }
    if (file.size() > options.walk.maxFileBytes) {
        slot.failure = SkippedEntry{job.file.path, SkipReason::TooLarge,
                                    QStringLiteral("%1 bytes > %2").arg(file.size()).arg(options.walk.maxFileBytes)};
        return;
    }
    const QByteArray bytes = file.read(options.walk.maxFileBytes + 1);
    if (file.error() != QFileDevice::NoError) {
        slot.failure = SkippedEntry{job.file.path, SkipReason::Unreadable, file.errorString()};
        return;
    }
    const QByteArray hash = QCryptographicHash::hash(bytes, QCryptographicHash::Sha1);
    if (job.previous != nullptr && job.previous->contentHash == hash) {
        WalkedFile touched = job.file;
        touched.size = bytes.size();
        slot.touched = touched;
        return;
    }
    FileIndex index;
    index.file = job.file;
    index.file.size = bytes.size();
    index.change = job.previous != nullptr ? FileChange::Changed : FileChange::New;
    index.contentHash = hash;
    index.lines = countLines(bytes);
    if (const Language* language = job.file.language.isEmpty() ? nullptr : languageById(job.file.language)) {
        TagOptions tagOptions;
        tagOptions.timeoutMicros = options.parseTimeoutMicros;
        tagOptions.cancel = cancel;
        Result<FileTags> tags = extractor.extract(*language, bytes, tagOptions);
        if (tags.ok()) {
            index.symbols = std::move(tags.value().symbols);
            index.references = std::move(tags.value().references);
            index.syntaxErrors = tags.value().syntaxErrors;
        } else {
            index.problem = tags.error().message();
        }
    }
    index.chunks = chunkFile(job.file.path, bytes, index.symbols, options.chunk);
    slot.index = std::move(index);
}

} // namespace

Result<IndexSummary> indexRepository(const QString& root, const IndexOptions& options,
                                     const FileIndexConsumer& consumer, const IndexProgressFn& progress,
                                     const CancelFlag* cancel)
{
    QElapsedTimer clock;
    clock.start();
    Result<WalkResult> walked = walkFolder(root, options.walk, cancel);
    if (!walked.ok())
        return walked.error();
    IndexSummary summary;
    summary.walk = std::move(walked).value();
    summary.cancelled = summary.walk.cancelled;

    // Unchanged by size and mtime: not read at all. Everything else is a job.
    std::vector<Job> jobs;
    QSet<QString> seen;
    qint64 bytesTotal = 0;
    for (const WalkedFile& file : summary.walk.files) {
        seen.insert(file.path);
        const auto known = options.previous.constFind(file.path);
        const IndexedFileState* previous = known != options.previous.cend() ? &known.value() : nullptr;
        if (previous != nullptr && previous->size == file.size
            && previous->mtimeNs == truncateMtime(file.mtimeNs, options.mtimeGranularityNs)) {
            summary.unchanged.append(file.path);
            continue;
        }
        jobs.push_back({file, previous});
        bytesTotal += file.size;
    }
    for (auto it = options.previous.cbegin(); it != options.previous.cend(); ++it) {
        if (!seen.contains(it.key()) && !summary.walk.cancelled)
            summary.deleted.append(it.key());
    }
    std::sort(summary.deleted.begin(), summary.deleted.end());

    const size_t threadCount
        = static_cast<size_t>(std::clamp(options.threads > 0 ? options.threads : QThread::idealThreadCount(), 1, 256));
    const size_t window = kWindowPerThread * threadCount;
    std::vector<Slot> results(jobs.size());
    std::mutex mutex;
    std::condition_variable readyChanged;
    std::condition_variable windowMoved;
    size_t delivered = 0;
    bool stopping = false;
    std::atomic<size_t> next{0};

    auto worker = [&] {
        TagExtractor extractor;
        while (true) {
            const size_t i = next.fetch_add(1);
            if (i >= jobs.size())
                return;
            {
                std::unique_lock lock(mutex);
                windowMoved.wait(lock, [&] { return stopping || i < delivered + window; });
                if (stopping)
                    return;
            }
            Slot slot;
            if (cancel == nullptr || !cancel->cancelled())
                processJob(jobs[i], options, cancel, extractor, slot);
            const std::lock_guard lock(mutex);
            results[i] = std::move(slot);
            results[i].ready = true;
            readyChanged.notify_all();
        }
    };
    std::vector<std::thread> workers;
    for (size_t t = 0; t < std::min(threadCount, std::max<size_t>(jobs.size(), 1)); ++t)
        workers.emplace_back(worker);

    IndexProgress state;
    state.filesTotal = static_cast<qsizetype>(jobs.size());
    state.bytesTotal = bytesTotal;
    for (size_t i = 0; i < jobs.size(); ++i) {
        Slot slot;
        {
            std::unique_lock lock(mutex);
            readyChanged.wait(lock, [&] { return results[i].ready; });
            slot = std::move(results[i]);
            results[i] = Slot{};
        }
        if (cancel != nullptr && cancel->cancelled()) {
            summary.cancelled = true;
            break;
        }
        if (slot.failure) {
            summary.failed.append(*slot.failure);
            if (jobs[i].previous != nullptr)
                summary.deleted.append(jobs[i].file.path);
        } else if (slot.touched) {
            summary.touched.append(*slot.touched);
        } else if (slot.index) {
            FileIndex& index = *slot.index;
            summary.lines += index.lines;
            summary.bytes += index.file.size;
            summary.symbols += index.symbols.size();
            summary.references += index.references.size();
            summary.chunks += index.chunks.size();
            ++summary.filesPerLanguage[index.file.language];
            ++summary.delivered;
            if (consumer)
                consumer(std::move(index));
        }
        {
            const std::lock_guard lock(mutex);
            delivered = i + 1;
            windowMoved.notify_all();
        }
        ++state.filesDone;
        state.bytesDone += jobs[i].file.size;
        state.currentFile = jobs[i].file.path;
        state.elapsedSeconds = static_cast<double>(clock.nsecsElapsed()) / 1e9;
        state.etaSeconds = state.bytesDone > 0 ? state.elapsedSeconds
                * static_cast<double>(bytesTotal - state.bytesDone) / static_cast<double>(state.bytesDone)
                                               : -1;
        if (progress)
            progress(state);
    }
    {
        const std::lock_guard lock(mutex);
        stopping = true;
        windowMoved.notify_all();
    }
    for (std::thread& thread : workers)
        thread.join();
    std::sort(summary.deleted.begin(), summary.deleted.end());
    summary.seconds = static_cast<double>(clock.nsecsElapsed()) / 1e9;
    return summary;
}

} // namespace cairn::ingest
