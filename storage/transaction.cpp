// SPDX-License-Identifier: MIT
// Write transactions that roll back when an error return leaves their scope early.

#include "storage/transaction.h"

#include "storage/statement.h"

#include <sqlite3.h>

#include <utility>

namespace cairn::storage {

namespace {

constexpr const char* kBegin = "BEGIN IMMEDIATE";
constexpr const char* kCommit = "COMMIT";
constexpr const char* kRollback = "ROLLBACK";
constexpr const char* kSavepoint = "SAVEPOINT cairn_nested";
constexpr const char* kRelease = "RELEASE cairn_nested";
constexpr const char* kRollbackSavepoint = "ROLLBACK TO cairn_nested; RELEASE cairn_nested";

} // namespace

Result<Transaction> Transaction::begin(sqlite3* db)
{
    const bool nested = sqlite3_get_autocommit(db) == 0;
    Status begun = execute(db, nested ? kSavepoint : kBegin);
    if (!begun)
        return begun.error();
    return Transaction(db, nested);
}

Transaction::Transaction(Transaction&& other) noexcept
    : m_db(std::exchange(other.m_db, nullptr)), m_nested(other.m_nested)
{
}

Transaction::~Transaction()
{
    // A failed COMMIT can leave the transaction open; ROLLBACK is harmless when it is already over.
    // (A savepoint is named like every other nested one: ROLLBACK TO and RELEASE take the innermost.)
    if (m_db != nullptr && sqlite3_get_autocommit(m_db) == 0)
        sqlite3_exec(m_db, m_nested ? kRollbackSavepoint : kRollback, nullptr, nullptr, nullptr);
}

Status Transaction::commit()
{
    Status committed = execute(m_db, m_nested ? kRelease : kCommit);
    if (committed)
        m_db = nullptr;
    return committed;
}

} // namespace cairn::storage
