// SPDX-License-Identifier: MIT
// Whole-repository reads of the code index and file stamp updates. Every query bound by name.

#include "storage/repo_graph_store.h"

#include "storage/code_index_rows.h"
#include "storage/database.h"
#include "storage/statement.h"
#include "storage/transaction.h"

#include <sqlite3.h>

namespace cairn::storage {

namespace {

constexpr const char* kSelectRepositorySymbols
    = "SELECT s.id, s.file_id, s.parent_id, s.name, s.kind, s.start_byte, s.end_byte, s.start_line, s.end_line,"
      " s.signature, f.path FROM code_symbols s JOIN code_files f ON f.id = s.file_id"
      " WHERE f.repository_id = :repository_id ORDER BY f.path, s.start_byte, s.id";
constexpr const char* kSelectReferenceEdges
    = "SELECT r.file_id, r.to_name, r.kind, r.to_symbol_id, count(*) FROM code_references r"
      " JOIN code_files f ON f.id = r.file_id WHERE f.repository_id = :repository_id"
      " GROUP BY r.file_id, r.to_name, r.kind, r.to_symbol_id ORDER BY r.file_id, r.to_name, r.kind, r.to_symbol_id";
constexpr const char* kSelectSymbolNames
    = "SELECT DISTINCT s.name FROM code_symbols s JOIN code_files f ON f.id = s.file_id"
      " WHERE :repository_id IS NULL OR f.repository_id = :repository_id ORDER BY s.name";
constexpr const char* kUpdateStamp = "UPDATE code_files SET size_bytes = :size_bytes, mtime_ms = :mtime_ms"
                                     " WHERE repository_id = :repository_id AND path = :path";

ReferenceEdge readEdge(const Statement& row)
{
    ReferenceEdge edge;
    edge.fromFileId = row.columnInt(0);
    edge.toName = row.columnText(1);
    edge.kind = row.columnText(2);
    edge.toSymbolId = row.columnOptionalInt(3);
    edge.count = row.columnInt(4);
    return edge;
}

} // namespace

Result<std::vector<CodeSymbol>> RepoGraphStore::symbols(std::int64_t repositoryId) const
{
    Result<Statement> select = Statement::prepare(m_db.handle(), kSelectRepositorySymbols);
    if (!select)
        return select.error();
    select.value().bind(":repository_id", repositoryId);
    return readAll<CodeSymbol>(select.value(), readSymbol);
}

Result<std::vector<ReferenceEdge>> RepoGraphStore::referenceEdges(std::int64_t repositoryId) const
{
    Result<Statement> select = Statement::prepare(m_db.handle(), kSelectReferenceEdges);
    if (!select)
        return select.error();
    select.value().bind(":repository_id", repositoryId);
    return readAll<ReferenceEdge>(select.value(), readEdge);
}

Result<std::vector<std::string>> RepoGraphStore::symbolNames(std::optional<std::int64_t> repositoryId) const
{
    Result<Statement> select = Statement::prepare(m_db.handle(), kSelectSymbolNames);
    if (!select)
        return select.error();
    select.value().bind(":repository_id", repositoryId);
    return readAll<std::string>(select.value(), [](const Statement& row) { return row.columnText(0); });
}

Result<std::int64_t> RepoGraphStore::updateStamps(std::int64_t repositoryId, const std::vector<FileStamp>& stamps)
{
    if (stamps.empty())
        return std::int64_t{0};
    Result<Transaction> transaction = Transaction::begin(m_db.handle());
    if (!transaction)
        return transaction.error();
    Result<Statement> update = Statement::prepare(m_db.handle(), kUpdateStamp);
    if (!update)
        return update.error();
    Statement& statement = update.value();
    statement.bind(":repository_id", repositoryId);
    std::int64_t matched = 0;
    for (const FileStamp& stamp : stamps) {
        statement.bind(":path", std::string_view(stamp.path));
        statement.bind(":size_bytes", stamp.sizeBytes);
        statement.bind(":mtime_ms", stamp.mtimeMs);
        Status done = statement.run();
        if (!done)
            return done.error();
        matched += sqlite3_changes64(m_db.handle());
    }
    Status committed = transaction.value().commit();
    if (!committed)
        return committed.error();
    return matched;
}

} // namespace cairn::storage
