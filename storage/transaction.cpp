// SPDX-License-Identifier: MIT
// Write transactions that roll back when an error return leaves their scope early.

#include "storage/transaction.h"

#include "storage/statement.h"

#include <sqlite3.h>

#include <utility>

namespace cairn::storage {

Result<Transaction> Transaction::begin(sqlite3* db)
{
    Status begun = execute(db, "BEGIN IMMEDIATE");
    if (!begun)
        return begun.error();
    return Transaction(db);
}

Transaction::Transaction(Transaction&& other) noexcept : m_db(std::exchange(other.m_db, nullptr))
{
}

Transaction::~Transaction()
{
    // A failed COMMIT can leave the transaction open; ROLLBACK is harmless when it is already over.
    if (m_db != nullptr && sqlite3_get_autocommit(m_db) == 0)
        sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
}

Status Transaction::commit()
{
    Status committed = execute(m_db, "COMMIT");
    if (committed)
        m_db = nullptr;
    return committed;
}

} // namespace cairn::storage
