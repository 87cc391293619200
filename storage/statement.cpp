// SPDX-License-Identifier: MIT
// Prepared statements over the SQLite C API and the mapping of SQLite result codes to Errors.

#include "storage/statement.h"

#include <sqlite3.h>

#include <cassert>
#include <cstring>
#include <string>
#include <utility>

namespace cairn::storage {

Error sqliteError(sqlite3* db, int resultCode)
{
    Error error;
    const char* file = db != nullptr ? sqlite3_db_filename(db, "main") : nullptr;
    error.subject = file != nullptr && file[0] != '\0' ? file : "database";
    error.detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(resultCode);
    switch (resultCode & 0xff) {
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
        error.code = ErrorCode::NotADatabase;
        break;
    case SQLITE_IOERR:
        error.code = ErrorCode::Io;
        if (db != nullptr && sqlite3_system_errno(db) != 0) // "disk I/O error (File too large)"
            error.detail += std::string(" (") + std::strerror(sqlite3_system_errno(db)) + ")";
        break;
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_FULL:
        error.code = ErrorCode::Io;
        break;
    default:
        error.code = ErrorCode::Sql;
        break;
    }
    return error;
}

Status execute(sqlite3* db, const char* sql)
{
    char* message = nullptr;
    const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &message);
    sqlite3_free(message); // sqlite3_errmsg(db) still holds the same text for sqliteError
    if (rc != SQLITE_OK)
        return sqliteError(db, rc);
    return Ok{};
}

Result<Statement> Statement::prepare(sqlite3* db, const char* sql)
{
    sqlite3_stmt* statement = nullptr;
    const int rc = sqlite3_prepare_v2(db, sql, -1, &statement, nullptr);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(statement);
        return sqliteError(db, rc);
    }
    return Statement(db, statement);
}

Statement::Statement(sqlite3* db, sqlite3_stmt* statement) : m_db(db), m_statement(statement)
{
}

Statement::Statement(Statement&& other) noexcept
    : m_db(other.m_db), m_statement(std::exchange(other.m_statement, nullptr)), m_bindError(other.m_bindError)
{
}

Statement& Statement::operator=(Statement&& other) noexcept
{
    if (this != &other) {
        sqlite3_finalize(m_statement);
        m_db = other.m_db;
        m_statement = std::exchange(other.m_statement, nullptr);
        m_bindError = other.m_bindError;
    }
    return *this;
}

Statement::~Statement()
{
    sqlite3_finalize(m_statement);
}

int Statement::parameterIndex(const char* name) const
{
    const int index = sqlite3_bind_parameter_index(m_statement, name);
    assert(index > 0 && "the statement has no parameter of that name");
    return index;
}

void Statement::noteBindResult(int resultCode)
{
    if (resultCode != SQLITE_OK && m_bindError == 0)
        m_bindError = resultCode;
}

void Statement::bind(const char* name, std::int64_t value)
{
    noteBindResult(sqlite3_bind_int64(m_statement, parameterIndex(name), value));
}

void Statement::bind(const char* name, std::string_view text)
{
    noteBindResult(sqlite3_bind_text64(m_statement, parameterIndex(name), text.data(), text.size(), SQLITE_TRANSIENT,
                                       SQLITE_UTF8));
}

void Statement::bind(const char* name, std::optional<std::int64_t> value)
{
    if (value)
        bind(name, *value);
    else
        bindNull(name);
}

void Statement::bindNull(const char* name)
{
    noteBindResult(sqlite3_bind_null(m_statement, parameterIndex(name)));
}

Result<bool> Statement::step()
{
    if (m_bindError != 0)
        return sqliteError(m_db, m_bindError);
    const int rc = sqlite3_step(m_statement);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    Error error = sqliteError(m_db, rc);
    sqlite3_reset(m_statement);
    return error;
}

Status Statement::run()
{
    for (;;) {
        Result<bool> row = step();
        if (!row)
            return row.error();
        if (!row.value())
            break;
    }
    reset();
    return Ok{};
}

void Statement::reset()
{
    sqlite3_reset(m_statement);
}

std::int64_t Statement::columnInt(int column) const
{
    return sqlite3_column_int64(m_statement, column);
}

double Statement::columnDouble(int column) const
{
    return sqlite3_column_double(m_statement, column);
}

std::string Statement::columnText(int column) const
{
    const auto* text = sqlite3_column_text(m_statement, column);
    const int bytes = sqlite3_column_bytes(m_statement, column);
    if (text == nullptr)
        return {};
    return std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(bytes));
}

bool Statement::columnIsNull(int column) const
{
    return sqlite3_column_type(m_statement, column) == SQLITE_NULL;
}

std::optional<std::int64_t> Statement::columnOptionalInt(int column) const
{
    if (columnIsNull(column))
        return std::nullopt;
    return columnInt(column);
}

} // namespace cairn::storage
