// SPDX-License-Identifier: MIT
// Result<T>, Status and Error for storage's boundary. Storage may not include engine/, so it has its
// own small expected-like type with the same shape as engine/api/result.h.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace cairn::storage {

enum class ErrorCode {
    Io,           ///< the file or its folder could not be created, opened, read or written
    NotADatabase, ///< the file is not SQLite, is damaged, or is another program's database
    TooNew,       ///< written by a newer Cairn: its schema version is above the one we know
    NotFound,     ///< no row with that id
    InvalidInput, ///< the caller passed something the schema does not allow
    Sql,          ///< any other failure SQLite reported (busy, full disk, constraint)
};

/// An error names the thing it is about (usually the database path) and the problem, so that
/// `message()` reads like "/home/a/.local/share/cairn/cairn.db: not a SQLite database".
struct Error {
    ErrorCode code = ErrorCode::Sql;
    std::string subject;
    std::string detail;

    [[nodiscard]] std::string message() const { return subject.empty() ? detail : subject + ": " + detail; }
};

template <typename T> class [[nodiscard]] Result {
public:
    Result(T value) : m_state(std::move(value)) { }     // NOLINT(google-explicit-constructor)
    Result(Error error) : m_state(std::move(error)) { } // NOLINT(google-explicit-constructor)

    [[nodiscard]] bool ok() const { return std::holds_alternative<T>(m_state); }
    explicit operator bool() const { return ok(); }

    [[nodiscard]] T& value() &
    {
        assert(ok());
        return std::get<T>(m_state);
    }
    [[nodiscard]] const T& value() const&
    {
        assert(ok());
        return std::get<T>(m_state);
    }
    [[nodiscard]] T&& value() &&
    {
        assert(ok());
        return std::get<T>(std::move(m_state));
    }
    [[nodiscard]] const Error& error() const
    {
        assert(!ok());
        return std::get<Error>(m_state);
    }

private:
    std::variant<T, Error> m_state;
};

/// Result of an operation that yields nothing but can fail.
struct Ok { };
using Status = Result<Ok>;

} // namespace cairn::storage
