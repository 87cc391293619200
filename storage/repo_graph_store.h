// SPDX-License-Identifier: MIT
// RepoGraphStore: whole-repository reads of the code index for ranking (every symbol, references
// grouped by source file and target name, the distinct symbol names) and the one write a no-change
// re-index needs (new size and mtime of files whose content did not change). Per-file lookups and
// index writes stay in RepoIndexStore.
#pragma once

#include "storage/repo_index_store.h"
#include "storage/storage_result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cairn::storage {

class Database;

/// The references of one file to one name, of one kind, with one resolution, counted.
struct ReferenceEdge {
    std::int64_t fromFileId = 0;
    std::string toName;
    std::string kind;
    std::optional<std::int64_t> toSymbolId; ///< set when resolveReferences() linked them
    std::int64_t count = 0;
};

/// A file's new size and modification time, by path relative to the repository root.
struct FileStamp {
    std::string path;
    std::int64_t sizeBytes = 0;
    std::int64_t mtimeMs = 0;
};

class RepoGraphStore {
public:
    explicit RepoGraphStore(Database& db) : m_db(db) { }

    /// Every symbol of the repository, ordered by file path, then position.
    Result<std::vector<CodeSymbol>> symbols(std::int64_t repositoryId) const;
    /// The repository's references grouped by (file, name, kind, resolved symbol), ordered by file id
    /// and name.
    Result<std::vector<ReferenceEdge>> referenceEdges(std::int64_t repositoryId) const;
    /// Each distinct symbol name once, in one repository or in all, ordered bytewise.
    Result<std::vector<std::string>> symbolNames(std::optional<std::int64_t> repositoryId) const;
    /// Sets size and mtime of the listed files (symbols, chunks and hash stay) in one transaction;
    /// returns how many rows matched. A path that is not indexed is skipped, not an error.
    Result<std::int64_t> updateStamps(std::int64_t repositoryId, const std::vector<FileStamp>& stamps);

private:
    Database& m_db;
};

} // namespace cairn::storage
