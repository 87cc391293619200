// SPDX-License-Identifier: MIT
// The code index: repositories, batched writes of files with their symbols, references and chunks,
// removal of vanished files, reference resolution and lookups. Every query bound by name.

#include "storage/repo_index_store.h"

#include "storage/code_index_rows.h"
#include "storage/database.h"
#include "storage/file_index_writer.h"
#include "storage/statement.h"
#include "storage/transaction.h"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <unordered_set>
#include <utility>

namespace cairn::storage {

namespace {

constexpr const char* kInsertRepository = "INSERT INTO repositories(root_path, name, head_rev, created_ms)"
                                          " VALUES (:root_path, :name, :head_rev, :now) RETURNING id";
constexpr const char* kSelectRepository
    = "SELECT id, root_path, name, head_rev, indexed_ms, created_ms FROM repositories WHERE id = :id";
constexpr const char* kSelectRepositoryByRoot
    = "SELECT id, root_path, name, head_rev, indexed_ms, created_ms FROM repositories WHERE root_path = :root_path";
constexpr const char* kListRepositories
    = "SELECT id, root_path, name, head_rev, indexed_ms, created_ms FROM repositories ORDER BY name, id";
constexpr const char* kMarkIndexed = "UPDATE repositories SET head_rev = :head_rev, indexed_ms = :now WHERE id = :id";
constexpr const char* kDeleteRepository = "DELETE FROM repositories WHERE id = :id";
constexpr const char* kRepositoryExists = "SELECT 1 FROM repositories WHERE id = :id";

constexpr const char* kSelectFiles = "SELECT id, repository_id, path, language, size_bytes, mtime_ms, content_hash"
                                     " FROM code_files WHERE repository_id = :repository_id ORDER BY path";
constexpr const char* kSelectFile = "SELECT id, repository_id, path, language, size_bytes, mtime_ms, content_hash"
                                    " FROM code_files WHERE repository_id = :repository_id AND path = :path";
constexpr const char* kDeleteFile = "DELETE FROM code_files WHERE id = :id";

constexpr const char* kSelectSymbolsNamed
    = "SELECT s.id, s.file_id, s.parent_id, s.name, s.kind, s.start_byte, s.end_byte, s.start_line, s.end_line,"
      " s.signature, f.path FROM code_symbols s JOIN code_files f ON f.id = s.file_id"
      " WHERE s.name = :name AND (:repository_id IS NULL OR f.repository_id = :repository_id)"
      " ORDER BY s.name, f.path, s.start_byte, s.id LIMIT :limit";
// [:low, :high) is every name that starts with :low (see symbolsNamed); a range uses the name index.
constexpr const char* kSelectSymbolsPrefixed
    = "SELECT s.id, s.file_id, s.parent_id, s.name, s.kind, s.start_byte, s.end_byte, s.start_line, s.end_line,"
      " s.signature, f.path FROM code_symbols s JOIN code_files f ON f.id = s.file_id"
      " WHERE s.name >= :low AND s.name < :high AND (:repository_id IS NULL OR f.repository_id = :repository_id)"
      " ORDER BY s.name, f.path, s.start_byte, s.id LIMIT :limit";
constexpr const char* kSelectFileSymbols
    = "SELECT s.id, s.file_id, s.parent_id, s.name, s.kind, s.start_byte, s.end_byte, s.start_line, s.end_line,"
      " s.signature, f.path FROM code_symbols s JOIN code_files f ON f.id = s.file_id"
      " WHERE s.file_id = :file_id ORDER BY s.start_byte, s.id";
constexpr const char* kSelectFileReferences
    = "SELECT id, file_id, from_symbol_id, line, to_name, to_symbol_id, kind FROM code_references"
      " WHERE file_id = :file_id ORDER BY line, id";
constexpr const char* kSelectReferencesTo
    = "SELECT r.id, r.file_id, r.from_symbol_id, r.line, r.to_name, r.to_symbol_id, r.kind FROM code_references r"
      " JOIN code_files f ON f.id = r.file_id WHERE r.to_name = :name AND f.repository_id = :repository_id"
      " ORDER BY f.path, r.line, r.id";
constexpr const char* kSelectFileChunks
    = "SELECT id, file_id, symbol_id, start_line, end_line, start_byte, end_byte, text, token_count"
      " FROM code_chunks WHERE file_id = :file_id ORDER BY start_line, id";
// A reference is linked only when its name is unambiguous within the repository.
constexpr const char* kResolveReferences
    = "UPDATE code_references SET to_symbol_id = (SELECT s.id FROM code_symbols s JOIN code_files f"
      "   ON f.id = s.file_id WHERE s.name = code_references.to_name AND f.repository_id = :repository_id)"
      " WHERE to_symbol_id IS NULL"
      " AND file_id IN (SELECT id FROM code_files WHERE repository_id = :repository_id)"
      " AND (SELECT count(*) FROM code_symbols s JOIN code_files f ON f.id = s.file_id"
      "   WHERE s.name = code_references.to_name AND f.repository_id = :repository_id) = 1";
// A bulk write inserts into B-trees that outgrow SQLite's default 2 MB page cache (the symbol
// name index takes ~25 MB at a million symbols, inserted in random order), so it runs with up to
// 64 MB of cache and gives it back after. Connections keep SQLite's default cache otherwise
// (Database::open sets none). bench_code_index, 1M chunks: 49.4-50.5k -> 52.8-53.6k chunks/s.
constexpr const char* kRaiseCacheForBulkWrite = "PRAGMA cache_size = -65536";
constexpr const char* kRestoreDefaultCache = "PRAGMA cache_size = -2000";
constexpr const char* kOptimizeSearchIndex = "INSERT INTO code_chunk_fts(code_chunk_fts) VALUES ('optimize')";

std::int64_t systemNowMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

/// Gives a bulk write's page cache back on every return (see kRaiseCacheForBulkWrite).
struct CacheRestorer {
    explicit CacheRestorer(sqlite3* handle) : db(handle) { }
    CacheRestorer(const CacheRestorer&) = delete;
    CacheRestorer& operator=(const CacheRestorer&) = delete;
    ~CacheRestorer() { static_cast<void>(execute(db, kRestoreDefaultCache)); } // a pragma that cannot fail
    sqlite3* db;
};

template <typename T, typename Read> Result<std::optional<T>> readOptional(Statement& statement, Read read)
{
    Result<bool> row = statement.step();
    if (!row)
        return row.error();
    if (!row.value())
        return std::optional<T>{};
    return std::optional<T>(read(statement));
}

} // namespace

RepoIndexStore::RepoIndexStore(Database& db, WallClock now) : m_db(db), m_now(std::move(now))
{
    if (!m_now)
        m_now = systemNowMs;
}

Result<Repository> RepoIndexStore::addRepository(const NewRepository& repository)
{
    if (repository.rootPath.empty())
        return Error{ErrorCode::InvalidInput, m_db.path().string(), "a repository without a root path"};
    Result<Statement> insert = Statement::prepare(m_db.handle(), kInsertRepository);
    if (!insert)
        return insert.error();
    Statement& statement = insert.value();
    statement.bind(":root_path", std::string_view(repository.rootPath));
    statement.bind(":name", std::string_view(repository.name));
    statement.bind(":head_rev", std::string_view(repository.headRevision));
    statement.bind(":now", m_now());
    Result<bool> row = statement.step();
    if (!row && sqlite3_extended_errcode(m_db.handle()) == SQLITE_CONSTRAINT_UNIQUE)
        return Error{ErrorCode::InvalidInput, m_db.path().string(),
                     "the repository at " + repository.rootPath + " is indexed already"};
    if (!row)
        return row.error();
    const std::int64_t id = statement.columnInt(0);
    statement.reset(); // finishes the INSERT ... RETURNING
    return this->repository(id);
}

Result<Repository> RepoIndexStore::repository(std::int64_t id) const
{
    Result<Statement> select = Statement::prepare(m_db.handle(), kSelectRepository);
    if (!select)
        return select.error();
    select.value().bind(":id", id);
    Result<std::optional<Repository>> found = readOptional<Repository>(select.value(), readRepository);
    if (!found)
        return found.error();
    if (!found.value())
        return Error{ErrorCode::NotFound, m_db.path().string(), "no repository " + std::to_string(id)};
    return std::move(*found.value());
}

Result<std::optional<Repository>> RepoIndexStore::findRepository(std::string_view rootPath) const
{
    Result<Statement> select = Statement::prepare(m_db.handle(), kSelectRepositoryByRoot);
    if (!select)
        return select.error();
    select.value().bind(":root_path", rootPath);
    return readOptional<Repository>(select.value(), readRepository);
}

Result<std::vector<Repository>> RepoIndexStore::listRepositories() const
{
    Result<Statement> select = Statement::prepare(m_db.handle(), kListRepositories);
    if (!select)
        return select.error();
    return readAll<Repository>(select.value(), readRepository);
}

Status RepoIndexStore::markIndexed(std::int64_t repositoryId, std::string_view headRevision)
{
    Result<Statement> update = Statement::prepare(m_db.handle(), kMarkIndexed);
    if (!update)
        return update.error();
    update.value().bind(":head_rev", headRevision);
    update.value().bind(":now", m_now());
    update.value().bind(":id", repositoryId);
    Status done = update.value().run();
    if (done && sqlite3_changes(m_db.handle()) == 0)
        return Error{ErrorCode::NotFound, m_db.path().string(), "no repository " + std::to_string(repositoryId)};
    return done;
}

Status RepoIndexStore::deleteRepository(std::int64_t id)
{
    Result<Statement> remove = Statement::prepare(m_db.handle(), kDeleteRepository);
    if (!remove)
        return remove.error();
    remove.value().bind(":id", id);
    Status done = remove.value().run();
    if (done && sqlite3_changes(m_db.handle()) == 0)
        return Error{ErrorCode::NotFound, m_db.path().string(), "no repository " + std::to_string(id)};
    return done;
}

Status RepoIndexStore::checkRepositoryExists(std::int64_t repositoryId) const
{
    Result<Statement> select = Statement::prepare(m_db.handle(), kRepositoryExists);
    if (!select)
        return select.error();
    select.value().bind(":id", repositoryId);
    Result<bool> row = select.value().step();
    if (!row)
        return row.error();
    if (!row.value())
        return Error{ErrorCode::NotFound, m_db.path().string(), "no repository " + std::to_string(repositoryId)};
    return Ok{};
}

Result<BulkWriteOutcome> RepoIndexStore::upsertFiles(std::int64_t repositoryId, const std::vector<FileIndex>& files,
                                                     std::size_t batchSize, const ProgressFn& progress,
                                                     const CancelFn& cancelled)
{
    const std::string subject = m_db.path().string();
    if (batchSize == 0)
        return Error{ErrorCode::InvalidInput, subject, "a batch size of 0 files"};
    Status exists = checkRepositoryExists(repositoryId);
    if (!exists)
        return exists.error();
    std::unordered_set<std::string_view> paths;
    paths.reserve(files.size());
    for (const FileIndex& file : files) {
        Status checked = checkFileIndex(file, subject);
        if (!checked)
            return checked.error();
        if (!paths.insert(file.file.path).second)
            return Error{ErrorCode::InvalidInput, subject, file.file.path + ": listed twice in one write"};
    }

    Result<FileIndexWriter> writer = FileIndexWriter::prepare(m_db);
    if (!writer)
        return writer.error();
    Status raised = execute(m_db.handle(), kRaiseCacheForBulkWrite);
    if (!raised)
        return raised.error();
    const CacheRestorer restorer{m_db.handle()};
    BulkWriteOutcome outcome;
    while (outcome.filesWritten < files.size()) {
        if (cancelled && cancelled()) {
            outcome.cancelled = true;
            return outcome;
        }
        Result<Transaction> transaction = Transaction::begin(m_db.handle());
        if (!transaction)
            return transaction.error();
        const std::size_t end = std::min(files.size(), outcome.filesWritten + batchSize);
        for (std::size_t i = outcome.filesWritten; i < end; ++i) {
            Result<std::int64_t> written = writer.value().write(repositoryId, files[i]);
            if (!written)
                return written.error();
        }
        Status committed = writer.value().flush();
        if (committed)
            committed = transaction.value().commit();
        if (!committed)
            return committed.error();
        outcome.filesWritten = end;
        if (progress)
            progress(outcome.filesWritten, files.size());
    }
    return outcome;
}

Status RepoIndexStore::optimizeSearchIndex()
{
    Result<Transaction> transaction = Transaction::begin(m_db.handle());
    if (!transaction)
        return transaction.error();
    Status optimized = execute(m_db.handle(), kOptimizeSearchIndex);
    if (!optimized)
        return optimized;
    return transaction.value().commit();
}

Result<std::int64_t> RepoIndexStore::replaceFile(std::int64_t repositoryId, const FileIndex& file)
{
    Status checked = checkFileIndex(file, m_db.path().string());
    if (!checked)
        return checked.error();
    Status exists = checkRepositoryExists(repositoryId);
    if (!exists)
        return exists.error();
    Result<FileIndexWriter> writer = FileIndexWriter::prepare(m_db);
    if (!writer)
        return writer.error();
    Result<Transaction> transaction = Transaction::begin(m_db.handle());
    if (!transaction)
        return transaction.error();
    Result<std::int64_t> written = writer.value().write(repositoryId, file);
    if (!written)
        return written.error();
    Status committed = writer.value().flush();
    if (committed)
        committed = transaction.value().commit();
    if (!committed)
        return committed.error();
    return written.value();
}

Result<std::int64_t> RepoIndexStore::removeFilesNotIn(std::int64_t repositoryId,
                                                      const std::vector<std::string>& presentPaths)
{
    Status exists = checkRepositoryExists(repositoryId);
    if (!exists)
        return exists.error();
    Result<Transaction> transaction = Transaction::begin(m_db.handle());
    if (!transaction)
        return transaction.error();
    Result<std::vector<CodeFile>> indexed = files(repositoryId);
    if (!indexed)
        return indexed.error();
    Result<Statement> remove = Statement::prepare(m_db.handle(), kDeleteFile);
    if (!remove)
        return remove.error();
    const std::unordered_set<std::string_view> present(presentPaths.begin(), presentPaths.end());
    std::int64_t removed = 0;
    for (const CodeFile& file : indexed.value()) {
        if (present.count(file.path) != 0)
            continue;
        remove.value().bind(":id", file.id);
        Status done = remove.value().run();
        if (!done)
            return done.error();
        ++removed;
    }
    Status committed = transaction.value().commit();
    if (!committed)
        return committed.error();
    return removed;
}

Result<std::int64_t> RepoIndexStore::resolveReferences(std::int64_t repositoryId)
{
    Status exists = checkRepositoryExists(repositoryId);
    if (!exists)
        return exists.error();
    Result<Statement> update = Statement::prepare(m_db.handle(), kResolveReferences);
    if (!update)
        return update.error();
    update.value().bind(":repository_id", repositoryId);
    Status done = update.value().run();
    if (!done)
        return done.error();
    return static_cast<std::int64_t>(sqlite3_changes64(m_db.handle()));
}

Result<std::vector<CodeFile>> RepoIndexStore::files(std::int64_t repositoryId) const
{
    Result<Statement> select = Statement::prepare(m_db.handle(), kSelectFiles);
    if (!select)
        return select.error();
    select.value().bind(":repository_id", repositoryId);
    return readAll<CodeFile>(select.value(), readFile);
}

Result<std::optional<CodeFile>> RepoIndexStore::file(std::int64_t repositoryId, std::string_view path) const
{
    Result<Statement> select = Statement::prepare(m_db.handle(), kSelectFile);
    if (!select)
        return select.error();
    select.value().bind(":repository_id", repositoryId);
    select.value().bind(":path", path);
    return readOptional<CodeFile>(select.value(), readFile);
}

Result<std::vector<CodeSymbol>> RepoIndexStore::symbolsNamed(std::string_view name, NameMatch match,
                                                             std::optional<std::int64_t> repositoryId, int limit) const
{
    if (name.empty() || limit <= 0)
        return std::vector<CodeSymbol>{};
    Result<Statement> select
        = Statement::prepare(m_db.handle(), match == NameMatch::Exact ? kSelectSymbolsNamed : kSelectSymbolsPrefixed);
    if (!select)
        return select.error();
    Statement& statement = select.value();
    if (match == NameMatch::Exact) {
        statement.bind(":name", name);
    } else {
        // Names compare bytewise; no UTF-8 text holds the byte 0xff, so every name starting with
        // `name` sorts below `name` + 0xff.
        statement.bind(":low", name);
        statement.bind(":high", std::string(name) + '\xff');
    }
    statement.bind(":repository_id", repositoryId);
    statement.bind(":limit", std::int64_t{limit});
    return readAll<CodeSymbol>(statement, readSymbol);
}

Result<std::vector<CodeSymbol>> RepoIndexStore::fileSymbols(std::int64_t fileId) const
{
    Result<Statement> select = Statement::prepare(m_db.handle(), kSelectFileSymbols);
    if (!select)
        return select.error();
    select.value().bind(":file_id", fileId);
    return readAll<CodeSymbol>(select.value(), readSymbol);
}

Result<std::vector<CodeReference>> RepoIndexStore::fileReferences(std::int64_t fileId) const
{
    Result<Statement> select = Statement::prepare(m_db.handle(), kSelectFileReferences);
    if (!select)
        return select.error();
    select.value().bind(":file_id", fileId);
    return readAll<CodeReference>(select.value(), readReference);
}

Result<std::vector<CodeReference>> RepoIndexStore::referencesTo(std::int64_t repositoryId, std::string_view name) const
{
    Result<Statement> select = Statement::prepare(m_db.handle(), kSelectReferencesTo);
    if (!select)
        return select.error();
    select.value().bind(":repository_id", repositoryId);
    select.value().bind(":name", name);
    return readAll<CodeReference>(select.value(), readReference);
}

Result<std::vector<CodeChunk>> RepoIndexStore::fileChunks(std::int64_t fileId) const
{
    Result<Statement> select = Statement::prepare(m_db.handle(), kSelectFileChunks);
    if (!select)
        return select.error();
    select.value().bind(":file_id", fileId);
    return readAll<CodeChunk>(select.value(), readChunk);
}

} // namespace cairn::storage
