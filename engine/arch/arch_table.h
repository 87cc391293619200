// SPDX-License-Identifier: MIT
// The one place that maps a GGUF `general.architecture` string to its forward pass. Adding an
// architecture is one row here plus its own file.
#pragma once

#include "engine/api/result.h"
#include "engine/arch/forward_pass.h"

#include <memory>
#include <string>
#include <string_view>

namespace cairn {

class GgufFile;
class ThreadPool;

struct ArchEntry {
    std::string_view name;        ///< general.architecture
    std::string_view description; ///< for messages and `cairn-cli doctor`
    Result<std::unique_ptr<ForwardPass>> (*create)(const GgufFile& file, ThreadPool& pool);
};

/// Builds the forward pass for `file`; an unknown or missing architecture is an error naming it
/// and listing what this build runs.
Result<std::unique_ptr<ForwardPass>> createForwardPass(const GgufFile& file, ThreadPool& pool);

/// Empty when this build runs `architecture`; otherwise why not, naming what it does run:
/// "architecture 'deepseek4' is not supported yet (this build runs: deepseek2)".
std::string unsupportedArchitectureReason(std::string_view architecture);

} // namespace cairn
