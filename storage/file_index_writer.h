// SPDX-License-Identifier: MIT
// FileIndexWriter: the write path of the code index for RepoIndexStore. Checks a FileIndex and
// writes it with statements prepared once and reused; transactions are the caller's. Chunks are
// staged and written by flush(), one statement per batch (see file_index_writer.cpp for why).
#pragma once

#include "storage/repo_index_store.h"
#include "storage/statement.h"
#include "storage/storage_result.h"

#include <cstdint>
#include <string>
#include <vector>

struct sqlite3;

namespace cairn::storage {

/// Checks what the schema cannot (links by index) and what it would reject less clearly (ranges,
/// empty names), so that bad input fails before anything is written. The Error's detail starts
/// with the file's path; `subject` is the database.
Status checkFileIndex(const FileIndex& file, const std::string& subject);

class FileIndexWriter {
public:
    static Result<FileIndexWriter> prepare(Database& db);

    /// Inserts the file, or replaces the one at its path: its old symbols, references and chunks
    /// go (and with them their search entries), the new ones come. Returns the file's id, which a
    /// replaced file keeps. The new chunks are staged: flush() writes them. Must run inside a
    /// transaction; `file` must have passed checkFileIndex.
    Result<std::int64_t> write(std::int64_t repositoryId, const FileIndex& file);

    /// Writes the chunks staged by write() since the last flush; call it before committing.
    Status flush();

    /// Deletes the file's symbols, references and chunks, keeping the file row.
    Status clearFile(std::int64_t fileId);

private:
    FileIndexWriter(sqlite3* db, Statement upsertFile, Statement deleteReferences, Statement deleteChunks,
                    Statement deleteSymbols, Statement insertSymbol, Statement insertReference, Statement stageChunk,
                    Statement moveStagedChunks, Statement clearStagedChunks);

    Result<std::vector<std::int64_t>> insertSymbols(std::int64_t fileId, const std::vector<NewSymbol>& symbols);

    sqlite3* m_db; ///< for sqlite3_last_insert_rowid: a RETURNING clause buffers its rows, ~1 us a symbol
    Statement m_upsertFile;
    Statement m_deleteReferences;
    Statement m_deleteChunks;
    Statement m_deleteSymbols;
    Statement m_insertSymbol;
    Statement m_insertReference;
    Statement m_stageChunk;
    Statement m_moveStagedChunks;
    Statement m_clearStagedChunks;
};

} // namespace cairn::storage
