// SPDX-License-Identifier: MIT
// Result<T>: a value or an Error, the engine's small stand-in for C++23 std::expected.
#pragma once

#include "engine/api/error.h"

#include <cassert>
#include <utility>
#include <variant>

namespace cairn {

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

} // namespace cairn
