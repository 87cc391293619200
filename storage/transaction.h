// SPDX-License-Identifier: MIT
// Transaction: BEGIN IMMEDIATE on creation, ROLLBACK on destruction unless commit() succeeded.
// Begun inside another transaction it is a SAVEPOINT, so that a store method that writes in its own
// transaction can also be one step of a larger one (an import).
#pragma once

#include "storage/storage_result.h"

struct sqlite3;

namespace cairn::storage {

class Transaction {
public:
    /// Takes the write lock now (IMMEDIATE), so a busy database fails here, not halfway through.
    /// Inside an open transaction it starts a savepoint instead: commit() releases it into the outer
    /// transaction, and leaving without commit() undoes only what was done since begin().
    static Result<Transaction> begin(sqlite3* db);

    Transaction(Transaction&& other) noexcept;
    Transaction& operator=(Transaction&&) = delete;
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    ~Transaction();

    /// Makes every change since begin() durable; afterwards the destructor does nothing.
    Status commit();

private:
    Transaction(sqlite3* db, bool nested) : m_db(db), m_nested(nested) { }

    sqlite3* m_db = nullptr; ///< null once committed or rolled back
    bool m_nested = false;   ///< a savepoint inside an outer transaction
};

} // namespace cairn::storage
