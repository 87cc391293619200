// SPDX-License-Identifier: MIT
// Writing one file's index: input checks, then the file row, its symbols (parents first), references
// and chunks through statements prepared once per writer.

#include "storage/file_index_writer.h"

#include "storage/database.h"

#include <sqlite3.h>

#include <iterator>
#include <utility>

namespace cairn::storage {

namespace {

constexpr const char* kUpsertFile
    = "INSERT INTO code_files(repository_id, path, language, size_bytes, mtime_ms, content_hash)"
      " VALUES (:repository_id, :path, :language, :size_bytes, :mtime_ms, :content_hash)"
      " ON CONFLICT(repository_id, path) DO UPDATE SET language = excluded.language,"
      " size_bytes = excluded.size_bytes, mtime_ms = excluded.mtime_ms, content_hash = excluded.content_hash"
      " RETURNING id";
constexpr const char* kDeleteFileReferences = "DELETE FROM code_references WHERE file_id = :file_id";
constexpr const char* kDeleteFileChunks = "DELETE FROM code_chunks WHERE file_id = :file_id";
constexpr const char* kDeleteFileSymbols = "DELETE FROM code_symbols WHERE file_id = :file_id";
constexpr const char* kInsertSymbol
    = "INSERT INTO code_symbols(file_id, parent_id, name, kind, start_byte, end_byte, start_line, end_line,"
      " signature) VALUES (:file_id, :parent_id, :name, :kind, :start_byte, :end_byte, :start_line, :end_line,"
      " :signature)";
constexpr const char* kInsertReference
    = "INSERT INTO code_references(file_id, from_symbol_id, line, to_name, to_symbol_id, kind)"
      " VALUES (:file_id, :from_symbol_id, :line, :to_name, :to_symbol_id, :kind)";
// Chunks are staged in a connection-private table and moved into code_chunks by one statement per
// batch: FTS5 flushes its pending index data at every statement that fires its trigger, so one
// INSERT per chunk wrote ~5x slower (measured with bench_code_index).
constexpr const char* kCreateChunkStaging
    = "CREATE TEMP TABLE IF NOT EXISTS code_chunk_staging(seq INTEGER PRIMARY KEY, file_id INTEGER, symbol_id INTEGER,"
      " start_line INTEGER, end_line INTEGER, start_byte INTEGER, end_byte INTEGER, text TEXT, token_count INTEGER)";
constexpr const char* kStageChunk
    = "INSERT INTO temp.code_chunk_staging(file_id, symbol_id, start_line, end_line, start_byte, end_byte, text,"
      " token_count) VALUES (:file_id, :symbol_id, :start_line, :end_line, :start_byte, :end_byte, :text,"
      " :token_count)";
constexpr const char* kMoveStagedChunks
    = "INSERT INTO code_chunks(file_id, symbol_id, start_line, end_line, start_byte, end_byte, text, token_count)"
      " SELECT file_id, symbol_id, start_line, end_line, start_byte, end_byte, text, token_count"
      " FROM temp.code_chunk_staging ORDER BY seq";
constexpr const char* kClearStagedChunks = "DELETE FROM temp.code_chunk_staging";

Error invalid(const std::string& subject, const NewFile& file, const std::string& problem)
{
    return Error{ErrorCode::InvalidInput, subject, file.path + ": " + problem};
}

std::string rangeProblem(const char* what, std::size_t index, std::int64_t startLine, std::int64_t endLine,
                         std::int64_t startByte, std::int64_t endByte)
{
    const std::string name = std::string(what) + " " + std::to_string(index);
    if (startLine < 1 || endLine < startLine)
        return name + " has lines " + std::to_string(startLine) + ".." + std::to_string(endLine)
            + " (lines start at 1, the end is not before the start)";
    if (startByte < 0 || endByte < startByte)
        return name + " has bytes " + std::to_string(startByte) + ".." + std::to_string(endByte)
            + " (offsets are not negative, the end is not before the start)";
    return {};
}

/// A parent link must point before the symbol itself (`limit` is then its own index): no cycles.
std::string linkProblem(const char* what, std::size_t index, const char* link, const std::optional<std::size_t>& target,
                        std::size_t limit, bool parentLink = false)
{
    if (!target || *target < limit)
        return {};
    const std::string named
        = std::string(what) + " " + std::to_string(index) + " names " + link + " " + std::to_string(*target) + "; ";
    if (parentLink)
        return named + "a parent must be one of the " + std::to_string(limit) + " symbols before it";
    return named + "the file has " + std::to_string(limit) + " symbols";
}

std::optional<std::int64_t> idAt(const std::vector<std::int64_t>& ids, const std::optional<std::size_t>& index)
{
    if (!index)
        return std::nullopt;
    return ids[*index];
}

} // namespace

Status checkFileIndex(const FileIndex& file, const std::string& subject)
{
    if (file.file.path.empty())
        return Error{ErrorCode::InvalidInput, subject, "a file without a path"};
    const std::size_t symbolCount = file.symbols.size();
    for (std::size_t i = 0; i < symbolCount; ++i) {
        const NewSymbol& symbol = file.symbols[i];
        if (symbol.name.empty() || symbol.kind.empty())
            return invalid(subject, file.file, "symbol " + std::to_string(i) + " has no name or no kind");
        std::string problem
            = rangeProblem("symbol", i, symbol.startLine, symbol.endLine, symbol.startByte, symbol.endByte);
        if (problem.empty())
            problem = linkProblem("symbol", i, "parent", symbol.parent, i, true);
        if (!problem.empty())
            return invalid(subject, file.file, problem);
    }
    for (std::size_t i = 0; i < file.references.size(); ++i) {
        const NewReference& reference = file.references[i];
        if (reference.toName.empty() || reference.kind.empty())
            return invalid(subject, file.file, "reference " + std::to_string(i) + " has no target name or no kind");
        if (reference.line < 1)
            return invalid(subject, file.file,
                           "reference " + std::to_string(i) + " is on line " + std::to_string(reference.line));
        std::string problem = linkProblem("reference", i, "symbol", reference.fromSymbol, symbolCount);
        if (problem.empty())
            problem = linkProblem("reference", i, "target", reference.toSymbol, symbolCount);
        if (!problem.empty())
            return invalid(subject, file.file, problem);
    }
    for (std::size_t i = 0; i < file.chunks.size(); ++i) {
        const NewChunk& chunk = file.chunks[i];
        std::string problem = rangeProblem("chunk", i, chunk.startLine, chunk.endLine, chunk.startByte, chunk.endByte);
        if (problem.empty())
            problem = linkProblem("chunk", i, "symbol", chunk.symbol, symbolCount);
        if (!problem.empty())
            return invalid(subject, file.file, problem);
    }
    return Ok{};
}

Result<FileIndexWriter> FileIndexWriter::prepare(Database& db)
{
    Status staging = execute(db.handle(), kCreateChunkStaging);
    if (!staging)
        return staging.error();
    const char* const sql[]
        = {kUpsertFile,      kDeleteFileReferences, kDeleteFileChunks, kDeleteFileSymbols, kInsertSymbol,
           kInsertReference, kStageChunk,           kMoveStagedChunks, kClearStagedChunks};
    std::vector<Statement> statements;
    statements.reserve(std::size(sql));
    for (const char* text : sql) {
        Result<Statement> statement = Statement::prepare(db.handle(), text);
        if (!statement)
            return statement.error();
        statements.push_back(std::move(statement).value());
    }
    FileIndexWriter writer(db.handle(), std::move(statements[0]), std::move(statements[1]), std::move(statements[2]),
                           std::move(statements[3]), std::move(statements[4]), std::move(statements[5]),
                           std::move(statements[6]), std::move(statements[7]), std::move(statements[8]));
    Status cleared = writer.m_clearStagedChunks.run(); // left over only by a write that failed
    if (!cleared)
        return cleared.error();
    return writer;
}

FileIndexWriter::FileIndexWriter(sqlite3* db, Statement upsertFile, Statement deleteReferences, Statement deleteChunks,
                                 Statement deleteSymbols, Statement insertSymbol, Statement insertReference,
                                 Statement stageChunk, Statement moveStagedChunks, Statement clearStagedChunks)
    : m_db(db), m_upsertFile(std::move(upsertFile)), m_deleteReferences(std::move(deleteReferences)),
      m_deleteChunks(std::move(deleteChunks)), m_deleteSymbols(std::move(deleteSymbols)),
      m_insertSymbol(std::move(insertSymbol)), m_insertReference(std::move(insertReference)),
      m_stageChunk(std::move(stageChunk)), m_moveStagedChunks(std::move(moveStagedChunks)),
      m_clearStagedChunks(std::move(clearStagedChunks))
{
}

Status FileIndexWriter::flush()
{
    Status moved = m_moveStagedChunks.run();
    if (!moved)
        return moved;
    return m_clearStagedChunks.run();
}

Status FileIndexWriter::clearFile(std::int64_t fileId)
{
    // References and chunks point at symbols: they go first, so the symbols' delete has less to follow.
    for (Statement* remove : {&m_deleteReferences, &m_deleteChunks, &m_deleteSymbols}) {
        remove->bind(":file_id", fileId);
        Status removed = remove->run();
        if (!removed)
            return removed;
    }
    return Ok{};
}

Result<std::vector<std::int64_t>> FileIndexWriter::insertSymbols(std::int64_t fileId,
                                                                 const std::vector<NewSymbol>& symbols)
{
    std::vector<std::int64_t> ids;
    ids.reserve(symbols.size());
    for (const NewSymbol& symbol : symbols) {
        Statement& insert = m_insertSymbol;
        insert.bind(":file_id", fileId);
        insert.bind(":parent_id", idAt(ids, symbol.parent)); // checked: the parent is written already
        insert.bind(":name", std::string_view(symbol.name));
        insert.bind(":kind", std::string_view(symbol.kind));
        insert.bind(":start_byte", symbol.startByte);
        insert.bind(":end_byte", symbol.endByte);
        insert.bind(":start_line", symbol.startLine);
        insert.bind(":end_line", symbol.endLine);
        insert.bind(":signature", std::string_view(symbol.signature));
        Status inserted = insert.run();
        if (!inserted)
            return inserted.error();
        ids.push_back(sqlite3_last_insert_rowid(m_db));
    }
    return ids;
}

Result<std::int64_t> FileIndexWriter::write(std::int64_t repositoryId, const FileIndex& file)
{
    Statement& upsert = m_upsertFile;
    upsert.bind(":repository_id", repositoryId);
    upsert.bind(":path", std::string_view(file.file.path));
    upsert.bind(":language", std::string_view(file.file.language));
    upsert.bind(":size_bytes", file.file.sizeBytes);
    upsert.bind(":mtime_ms", file.file.mtimeMs);
    upsert.bind(":content_hash", std::string_view(file.file.contentHash));
    Result<bool> row = upsert.step();
    if (!row)
        return row.error();
    const std::int64_t fileId = upsert.columnInt(0);
    upsert.reset();

    Status cleared = clearFile(fileId);
    if (!cleared)
        return cleared.error();
    Result<std::vector<std::int64_t>> symbolIds = insertSymbols(fileId, file.symbols);
    if (!symbolIds)
        return symbolIds.error();
    const std::vector<std::int64_t>& ids = symbolIds.value();

    for (const NewReference& reference : file.references) {
        Statement& insert = m_insertReference;
        insert.bind(":file_id", fileId);
        insert.bind(":from_symbol_id", idAt(ids, reference.fromSymbol));
        insert.bind(":line", reference.line);
        insert.bind(":to_name", std::string_view(reference.toName));
        insert.bind(":to_symbol_id", idAt(ids, reference.toSymbol));
        insert.bind(":kind", std::string_view(reference.kind));
        Status inserted = insert.run();
        if (!inserted)
            return inserted.error();
    }
    for (const NewChunk& chunk : file.chunks) {
        Statement& insert = m_stageChunk;
        insert.bind(":file_id", fileId);
        insert.bind(":symbol_id", idAt(ids, chunk.symbol));
        insert.bind(":start_line", chunk.startLine);
        insert.bind(":end_line", chunk.endLine);
        insert.bind(":start_byte", chunk.startByte);
        insert.bind(":end_byte", chunk.endByte);
        insert.bind(":text", std::string_view(chunk.text));
        insert.bind(":token_count", chunk.tokenCount);
        Status inserted = insert.run();
        if (!inserted)
            return inserted.error();
    }
    return fileId;
}

} // namespace cairn::storage
