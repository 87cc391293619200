// SPDX-License-Identifier: MIT
// Result<T>, Status and Error for ingest's boundary. Ingest may not include engine/ or storage/, so it
// has its own small expected-like type with the same shape as engine/api/result.h.
#pragma once

#include <QString>

#include <cassert>
#include <utility>
#include <variant>

namespace cairn::ingest {

enum class ErrorCode {
    Io,           ///< the operating system refused an open, read or stat
    InvalidInput, ///< the caller or a file gave us something we cannot use
    Unsupported,  ///< well-formed, but not something this build handles (no grammar, ABI mismatch)
    Cancelled,    ///< the caller's cancel flag was set
    Timeout,      ///< a parse ran past its time limit
};

/// An error names the thing it is about (usually a file path) and the problem, so that
/// `message()` reads like "src/big.min.js: parse timed out after 5000 ms".
struct Error {
    ErrorCode code = ErrorCode::InvalidInput;
    QString subject;
    QString detail;

    [[nodiscard]] QString message() const
    {
        return subject.isEmpty() ? detail : subject + QStringLiteral(": ") + detail;
    }
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

} // namespace cairn::ingest
