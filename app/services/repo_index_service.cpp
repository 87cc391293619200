// SPDX-License-Identifier: MIT
// The writer side of repository indexing: ingest's FileIndex -> storage's, batched upserts, then
// stamps, removals, reference links and the revision. Everything here runs on the calling thread.

#include "app/services/repo_index_service.h"

#include "ingest/repo/git_head.h"
#include "storage/database.h"
#include "storage/repo_graph_store.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QHash>
#include <QSet>

#include <algorithm>
#include <utility>
#include <vector>

namespace cairn::app {

namespace {

constexpr qint64 kNsPerMs = 1'000'000; // storage keeps mtimes in milliseconds

std::int64_t mtimeMs(qint64 mtimeNs)
{
    return mtimeNs >= 0 ? mtimeNs / kNsPerMs : -((-mtimeNs + kNsPerMs - 1) / kNsPerMs);
}

std::string utf8(const QString& text)
{
    return text.toStdString();
}

/// ingest's FileIndex as storage stores it. Symbols without a name (which storage refuses) are
/// dropped and the indices of parents, enclosing symbols and chunk symbols are renumbered.
storage::FileIndex toStorage(const ingest::FileIndex& in)
{
    storage::FileIndex out;
    out.file.path = utf8(in.file.path);
    out.file.language = utf8(in.file.language);
    out.file.sizeBytes = in.file.size;
    out.file.mtimeMs = mtimeMs(in.file.mtimeNs);
    out.file.contentHash = in.contentHash.toHex().toStdString();

    std::vector<std::optional<std::size_t>> renumbered(static_cast<std::size_t>(in.symbols.size()));
    QHash<QString, std::size_t> byPath; // symbol path -> new index, for chunks
    out.symbols.reserve(static_cast<std::size_t>(in.symbols.size()));
    for (qsizetype i = 0; i < in.symbols.size(); ++i) {
        const ingest::Symbol& symbol = in.symbols[i];
        if (symbol.name.isEmpty())
            continue;
        storage::NewSymbol stored;
        stored.name = utf8(symbol.name);
        stored.kind = utf8(ingest::symbolKindName(symbol.kind));
        stored.startByte = symbol.startByte;
        stored.endByte = std::max(symbol.endByte, symbol.startByte);
        stored.startLine = std::max(symbol.startLine, 1);
        stored.endLine = std::max<std::int64_t>(symbol.endLine, stored.startLine);
        stored.signature = utf8(symbol.signature);
        // parents come first, so the parent's new index (if it was kept) is known already
        for (int parent = symbol.parent; parent >= 0 && parent < i; parent = in.symbols[parent].parent) {
            if (const auto mapped = renumbered[static_cast<std::size_t>(parent)]) {
                stored.parent = mapped;
                break;
            }
        }
        renumbered[static_cast<std::size_t>(i)] = out.symbols.size();
        byPath.insert(symbol.path, out.symbols.size());
        out.symbols.push_back(std::move(stored));
    }
    auto mapIndex = [&](int index) -> std::optional<std::size_t> {
        if (index < 0 || index >= in.symbols.size())
            return std::nullopt;
        return renumbered[static_cast<std::size_t>(index)];
    };

    out.references.reserve(static_cast<std::size_t>(in.references.size()));
    for (const ingest::Reference& reference : in.references) {
        if (reference.name.isEmpty())
            continue;
        storage::NewReference stored;
        stored.fromSymbol = mapIndex(reference.enclosing);
        stored.line = std::max(reference.line, 1);
        stored.toName = utf8(reference.name);
        stored.kind = utf8(ingest::referenceKindName(reference.kind));
        out.references.push_back(std::move(stored));
    }

    out.chunks.reserve(static_cast<std::size_t>(in.chunks.size()));
    for (const ingest::Chunk& chunk : in.chunks) {
        storage::NewChunk stored;
        stored.startLine = std::max(chunk.startLine, 1);
        stored.endLine = std::max<std::int64_t>(chunk.endLine, stored.startLine);
        stored.startByte = chunk.startByte;
        stored.endByte = std::max(chunk.endByte, chunk.startByte);
        if (!chunk.symbolPath.isEmpty()) {
            const auto found = byPath.constFind(chunk.symbolPath);
            if (found != byPath.cend())
                stored.symbol = found.value();
        }
        stored.text = utf8(chunk.text);
        stored.tokenCount = chunk.tokens;
        out.chunks.push_back(std::move(stored));
    }
    return out;
}

/// What the database holds for the repository, in the form indexRepository compares against.
storage::Result<QHash<QString, ingest::IndexedFileState>> indexedState(const storage::RepoIndexStore& store,
                                                                       std::int64_t repositoryId)
{
    storage::Result<std::vector<storage::CodeFile>> files = store.files(repositoryId);
    if (!files)
        return files.error();
    QHash<QString, ingest::IndexedFileState> state;
    state.reserve(static_cast<qsizetype>(files.value().size()));
    for (const storage::CodeFile& file : files.value()) {
        state.insert(QString::fromStdString(file.path),
                     {file.sizeBytes, file.mtimeMs * kNsPerMs,
                      QByteArray::fromHex(QByteArray::fromStdString(file.contentHash))});
    }
    return state;
}

} // namespace

QString canonicalRepositoryRoot(const QString& folder)
{
    return QFileInfo(folder).canonicalFilePath();
}

storage::Result<RepoIndexReport> RepoIndexService::index(const QString& folder, const RepoIndexOptions& options,
                                                         const ingest::IndexProgressFn& progress,
                                                         const ingest::CancelFlag* cancel)
{
    QElapsedTimer clock;
    clock.start();
    const QFileInfo info(folder);
    if (!info.exists()) {
        // A path whose bytes are not UTF-8 reaches a QString with U+FFFD in their place and so
        // names no folder; the index keeps paths as UTF-8 and could not tell two such folders apart.
        if (folder.contains(QChar::ReplacementCharacter))
            return storage::Error{storage::ErrorCode::Io, utf8(folder),
                                  "no such folder: a name in the path is not valid UTF-8 (shown as \uFFFD), "
                                  "which the code index cannot hold; rename that folder"};
        return storage::Error{storage::ErrorCode::Io, utf8(folder), "no such folder"};
    }
    if (!info.isDir())
        return storage::Error{storage::ErrorCode::InvalidInput, utf8(folder), "not a folder"};
    const QString root = canonicalRepositoryRoot(folder);

    storage::RepoIndexStore store(m_db);
    storage::Result<std::optional<storage::Repository>> found = store.findRepository(utf8(root));
    if (!found)
        return found.error();
    std::int64_t repositoryId = 0;
    if (found.value()) {
        repositoryId = found.value()->id;
    } else {
        storage::Result<storage::Repository> added = store.addRepository({utf8(root), utf8(QDir(root).dirName()), ""});
        if (!added)
            return added.error();
        repositoryId = added.value().id;
    }

    ingest::IndexOptions indexOptions;
    indexOptions.walk = options.walk;
    indexOptions.threads = options.threads;
    indexOptions.chunk.maxTokens = options.chunkTokens;
    indexOptions.chunk.count = options.count;
    indexOptions.mtimeGranularityNs = kNsPerMs;
    storage::Result<QHash<QString, ingest::IndexedFileState>> previous = indexedState(store, repositoryId);
    if (!previous)
        return previous.error();
    indexOptions.previous = std::move(previous).value();

    RepoIndexReport report;
    std::vector<storage::FileIndex> batch;
    std::optional<storage::Error> writeError;
    const std::size_t batchFiles = std::max<std::size_t>(options.batchFiles, 1);
    auto flush = [&] {
        if (batch.empty() || writeError)
            return;
        storage::Result<storage::BulkWriteOutcome> written = store.upsertFiles(repositoryId, batch, batchFiles);
        if (!written)
            writeError = written.error();
        batch.clear();
    };
    auto consume = [&](ingest::FileIndex&& file) {
        ++(file.change == ingest::FileChange::New ? report.newFiles : report.changedFiles);
        if (writeError)
            return; // reported at the end; parsing goes on only to finish the walk's bookkeeping
        batch.push_back(toStorage(file));
        if (batch.size() >= batchFiles)
            flush();
    };
    ingest::Result<ingest::IndexSummary> indexed
        = ingest::indexRepository(root, indexOptions, consume, progress, cancel);
    if (!indexed)
        return storage::Error{
            indexed.error().code == ingest::ErrorCode::Io ? storage::ErrorCode::Io : storage::ErrorCode::InvalidInput,
            utf8(indexed.error().subject.isEmpty() ? root : indexed.error().subject), utf8(indexed.error().detail)};
    flush(); // the files parsed before a cancel are whole: they are kept
    if (writeError)
        return *writeError;
    const ingest::IndexSummary& summary = indexed.value();

    storage::RepoGraphStore graph(m_db);
    std::vector<storage::FileStamp> stamps;
    stamps.reserve(static_cast<std::size_t>(summary.touched.size()));
    for (const ingest::WalkedFile& file : summary.touched)
        stamps.push_back({utf8(file.path), file.size, mtimeMs(file.mtimeNs)});
    storage::Result<std::int64_t> stamped = graph.updateStamps(repositoryId, stamps);
    if (!stamped)
        return stamped.error();

    report.cancelled = summary.cancelled;
    std::int64_t removed = 0;
    if (!summary.cancelled) {
        const QSet<QString> gone(summary.deleted.cbegin(), summary.deleted.cend());
        std::vector<std::string> present;
        present.reserve(static_cast<std::size_t>(summary.walk.files.size()));
        for (const ingest::WalkedFile& file : summary.walk.files) {
            if (!gone.contains(file.path))
                present.push_back(utf8(file.path));
        }
        storage::Result<std::int64_t> removal = store.removeFilesNotIn(repositoryId, present);
        if (!removal)
            return removal.error();
        removed = removal.value();
    }
    if (summary.delivered > 0 || removed > 0) {
        storage::Result<std::int64_t> linked = store.resolveReferences(repositoryId);
        if (!linked)
            return linked.error();
        report.referencesLinked = linked.value();
    }
    report.gitRepository = summary.walk.gitRepository;
    if (!summary.cancelled) {
        report.headRevision = summary.walk.gitRepository ? ingest::gitHeadCommit(root) : QString();
        storage::Status marked = store.markIndexed(repositoryId, utf8(report.headRevision));
        if (!marked)
            return marked.error();
    }
    storage::Result<storage::Repository> repository = store.repository(repositoryId);
    if (!repository)
        return repository.error();
    report.repository = std::move(repository).value();

    for (auto it = summary.filesPerLanguage.cbegin(); it != summary.filesPerLanguage.cend(); ++it)
        report.filesPerLanguage.insert(it.key(), it.value());
    report.filesFound = summary.walk.files.size();
    report.unchangedFiles = summary.unchanged.size() + summary.touched.size();
    report.touchedFiles = summary.touched.size();
    report.deletedFiles = removed;
    report.symbols = summary.symbols;
    report.references = summary.references;
    report.chunks = summary.chunks;
    report.lines = summary.lines;
    report.bytes = summary.bytes;
    report.skipped = summary.walk.skipped + summary.failed;
    report.seconds = static_cast<double>(clock.nsecsElapsed()) / 1e9;
    return report;
}

} // namespace cairn::app
