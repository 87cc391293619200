// SPDX-License-Identifier: MIT
// Statement: one prepared SQLite statement with parameters bound by name, stepped into Results.
// The thin layer every store builds on; it knows nothing of Cairn's schema.
#pragma once

#include "storage/storage_result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace cairn::storage {

/// Turns SQLite's result code and message for `db` into an Error about the database file.
Error sqliteError(sqlite3* db, int resultCode);

/// Runs SQL without parameters or result rows (pragmas, BEGIN/COMMIT, migration scripts).
Status execute(sqlite3* db, const char* sql);

class Statement {
public:
    /// Compiles `sql`; fails with the database's message (e.g. a table missing in a foreign file).
    static Result<Statement> prepare(sqlite3* db, const char* sql);

    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&& other) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement();

    /// Binds `:name` (the name includes its colon). Binding a name the SQL lacks is a bug: asserts.
    void bind(const char* name, std::int64_t value);
    void bind(const char* name, std::string_view text);
    void bind(const char* name, std::optional<std::int64_t> value);
    void bindNull(const char* name);

    /// Advances one row: true when a row is ready for column*(), false when the statement is done.
    Result<bool> step();
    /// Steps to the end, for statements that return no rows.
    Status run();
    /// Makes the statement ready to run again; bindings are kept.
    void reset();

    [[nodiscard]] std::int64_t columnInt(int column) const;
    [[nodiscard]] double columnDouble(int column) const;
    [[nodiscard]] std::string columnText(int column) const;
    [[nodiscard]] bool columnIsNull(int column) const;
    /// The column's integer, or empty when it is NULL.
    [[nodiscard]] std::optional<std::int64_t> columnOptionalInt(int column) const;

private:
    Statement(sqlite3* db, sqlite3_stmt* statement);
    int parameterIndex(const char* name) const;
    void noteBindResult(int resultCode);

    sqlite3* m_db = nullptr;
    sqlite3_stmt* m_statement = nullptr;
    int m_bindError = 0; ///< the first failed bind's code, reported by the next step()
};

/// Steps `statement` to its end and makes a T of each row with `read(statement)`.
template <class T, class Read> Result<std::vector<T>> readAll(Statement& statement, Read read)
{
    std::vector<T> rows;
    for (;;) {
        Result<bool> row = statement.step();
        if (!row)
            return row.error();
        if (!row.value())
            return rows;
        rows.push_back(read(std::as_const(statement)));
    }
}

} // namespace cairn::storage
