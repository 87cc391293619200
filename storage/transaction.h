// SPDX-License-Identifier: MIT
// Transaction: BEGIN IMMEDIATE on creation, ROLLBACK on destruction unless commit() succeeded.
#pragma once

#include "storage/storage_result.h"

struct sqlite3;

namespace cairn::storage {

class Transaction {
public:
    /// Takes the write lock now (IMMEDIATE), so a busy database fails here, not halfway through.
    static Result<Transaction> begin(sqlite3* db);

    Transaction(Transaction&& other) noexcept;
    Transaction& operator=(Transaction&&) = delete;
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    ~Transaction();

    /// Makes every change since begin() durable; afterwards the destructor does nothing.
    Status commit();

private:
    explicit Transaction(sqlite3* db) : m_db(db) { }

    sqlite3* m_db = nullptr; ///< null once committed or rolled back
};

} // namespace cairn::storage
