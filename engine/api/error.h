// SPDX-License-Identifier: MIT
// Error values returned across the engine's boundary: what went wrong and with which file.
#pragma once

#include <string>

namespace cairn {

enum class ErrorCode {
    InvalidInput, ///< the caller or a file gave us something malformed
    Unsupported,  ///< well-formed, but a feature this build or device lacks
    Io,           ///< the operating system refused an open, read or map
    Cancelled,    ///< the caller's CancelToken was set
};

/// An error names the thing it is about (a file path, a tensor) and the problem, so that
/// `message()` reads like "model.gguf: tensor blk.3.attn_q.weight: data out of bounds".
struct Error {
    ErrorCode code = ErrorCode::InvalidInput;
    std::string subject;
    std::string detail;

    [[nodiscard]] std::string message() const { return subject.empty() ? detail : subject + ": " + detail; }
};

} // namespace cairn
