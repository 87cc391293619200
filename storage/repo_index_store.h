// SPDX-License-Identifier: MIT
// RepoIndexStore: the code index of repositories (files, symbols, references, chunks) as value
// types. Owns every query on those tables; full-text search over chunks lives in code_search.h.
#pragma once

#include "storage/storage_result.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cairn::storage {

class Database;

struct NewRepository {
    std::string rootPath; ///< absolute path of the working tree; unique among repositories
    std::string name;
    std::string headRevision; ///< commit id (or other revision text) the index is built from
};

struct Repository {
    std::int64_t id = 0;
    std::string rootPath;
    std::string name;
    std::string headRevision;
    std::optional<std::int64_t> indexedMs; ///< when the last complete index finished; empty: never
    std::int64_t createdMs = 0;
};

/// A file as the walker saw it. `path` is relative to the repository root, '/'-separated.
struct NewFile {
    std::string path;
    std::string language;
    std::int64_t sizeBytes = 0;
    std::int64_t mtimeMs = 0;
    std::string contentHash;
};

/// Lines are 1-based and inclusive, bytes 0-based with the end exclusive (tree-sitter's ranges).
/// Links to other symbols are indices into the same FileIndex::symbols list.
struct NewSymbol {
    std::string name;
    std::string kind; ///< function, method, class, ... as the tagger names it
    std::int64_t startByte = 0;
    std::int64_t endByte = 0;
    std::int64_t startLine = 1;
    std::int64_t endLine = 1;
    std::string signature;
    std::optional<std::size_t> parent; ///< the enclosing symbol; it must come earlier in the list
};

struct NewReference {
    std::optional<std::size_t> fromSymbol; ///< the symbol the reference is made in; empty: file level
    std::int64_t line = 1;
    std::string toName;                  ///< the name referred to
    std::optional<std::size_t> toSymbol; ///< the target when it is in the same file and known
    std::string kind;                    ///< call, type, import, ...
};

struct NewChunk {
    std::int64_t startLine = 1;
    std::int64_t endLine = 1;
    std::int64_t startByte = 0;
    std::int64_t endByte = 0;
    std::optional<std::size_t> symbol; ///< the symbol the chunk covers, if one
    std::string text;
    std::int64_t tokenCount = 0;
};

/// Everything indexed about one file; written (or replaced) as a unit.
struct FileIndex {
    NewFile file;
    std::vector<NewSymbol> symbols;
    std::vector<NewReference> references;
    std::vector<NewChunk> chunks;
};

struct CodeFile {
    std::int64_t id = 0;
    std::int64_t repositoryId = 0;
    std::string path;
    std::string language;
    std::int64_t sizeBytes = 0;
    std::int64_t mtimeMs = 0;
    std::string contentHash;
};

struct CodeSymbol {
    std::int64_t id = 0;
    std::int64_t fileId = 0;
    std::optional<std::int64_t> parentId;
    std::string name;
    std::string kind;
    std::int64_t startByte = 0;
    std::int64_t endByte = 0;
    std::int64_t startLine = 1;
    std::int64_t endLine = 1;
    std::string signature;
    std::string path; ///< the file's path, for results that span files
};

struct CodeReference {
    std::int64_t id = 0;
    std::int64_t fileId = 0;
    std::optional<std::int64_t> fromSymbolId;
    std::int64_t line = 1;
    std::string toName;
    std::optional<std::int64_t> toSymbolId;
    std::string kind;
};

struct CodeChunk {
    std::int64_t id = 0;
    std::int64_t fileId = 0;
    std::optional<std::int64_t> symbolId;
    std::int64_t startLine = 1;
    std::int64_t endLine = 1;
    std::int64_t startByte = 0;
    std::int64_t endByte = 0;
    std::string text;
    std::int64_t tokenCount = 0;
};

enum class NameMatch { Exact, Prefix };

/// How a bulk write ended. A cancelled write keeps the batches committed before the cancel.
struct BulkWriteOutcome {
    std::size_t filesWritten = 0;
    bool cancelled = false;
};

class RepoIndexStore {
public:
    using WallClock = std::function<std::int64_t()>; ///< Unix milliseconds, system clock if empty
    /// Called after each committed batch with the files written so far and the total.
    using ProgressFn = std::function<void(std::size_t filesDone, std::size_t filesTotal)>;
    /// Asked before each batch; true stops the write there.
    using CancelFn = std::function<bool()>;

    explicit RepoIndexStore(Database& db, WallClock now = {});

    /// Adds a repository; a root path that is indexed already is InvalidInput.
    Result<Repository> addRepository(const NewRepository& repository);
    Result<Repository> repository(std::int64_t id) const;
    /// The repository at `rootPath`, or empty when there is none.
    Result<std::optional<Repository>> findRepository(std::string_view rootPath) const;
    /// Every repository, by name then id.
    Result<std::vector<Repository>> listRepositories() const;
    /// Records that the index now matches `headRevision`, stamped with the current time.
    Status markIndexed(std::int64_t repositoryId, std::string_view headRevision);
    /// Deletes the repository with everything indexed about it and its review findings.
    Status deleteRepository(std::int64_t id);

    /// Inserts or replaces (by path) each file with its symbols, references and chunks, `batchSize`
    /// files per transaction. The whole input is checked before anything is written: a duplicate
    /// path, an index out of range or an unknown repository is an error that writes nothing.
    /// Between batches `cancelled` is asked and `progress` told; a cancel keeps finished batches.
    Result<BulkWriteOutcome> upsertFiles(std::int64_t repositoryId, const std::vector<FileIndex>& files,
                                         std::size_t batchSize, const ProgressFn& progress = {},
                                         const CancelFn& cancelled = {});
    /// Replaces one file (inserts it when new) in one transaction; returns its id, which stays the
    /// same across replacements. References elsewhere that were resolved to its old symbols become
    /// unresolved (resolveReferences() links them again).
    Result<std::int64_t> replaceFile(std::int64_t repositoryId, const FileIndex& file);
    /// Removes the repository's files whose path is not in `presentPaths`; returns how many.
    Result<std::int64_t> removeFilesNotIn(std::int64_t repositoryId, const std::vector<std::string>& presentPaths);
    /// Links unresolved references to the symbol of that name when the repository has exactly one;
    /// returns how many were linked.
    Result<std::int64_t> resolveReferences(std::int64_t repositoryId);

    /// Merges the full-text index of code chunks into one segment (FTS5 'optimize'), so that
    /// searches read one doclist per word instead of one per segment. Rewrites the whole index (a
    /// few seconds per million chunks) in one transaction: call it once after a full index run,
    /// not after each file. Search results are the same before and after.
    Status optimizeSearchIndex();

    /// The repository's files ordered by path.
    Result<std::vector<CodeFile>> files(std::int64_t repositoryId) const;
    /// The file at `path` in the repository, or empty.
    Result<std::optional<CodeFile>> file(std::int64_t repositoryId, std::string_view path) const;
    /// Symbols named `name` (or starting with it, case-sensitively), in one repository or all,
    /// ordered by name, path and position, at most `limit`.
    Result<std::vector<CodeSymbol>> symbolsNamed(std::string_view name, NameMatch match,
                                                 std::optional<std::int64_t> repositoryId, int limit) const;
    /// The file's symbols in source order.
    Result<std::vector<CodeSymbol>> fileSymbols(std::int64_t fileId) const;
    /// The file's references by line.
    Result<std::vector<CodeReference>> fileReferences(std::int64_t fileId) const;
    /// References to `name` anywhere in the repository, by file and line.
    Result<std::vector<CodeReference>> referencesTo(std::int64_t repositoryId, std::string_view name) const;
    /// The file's chunks by line.
    Result<std::vector<CodeChunk>> fileChunks(std::int64_t fileId) const;

private:
    Status checkRepositoryExists(std::int64_t repositoryId) const;

    Database& m_db;
    WallClock m_now;
};

} // namespace cairn::storage
