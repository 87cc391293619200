// SPDX-License-Identifier: MIT
// Architecture rows. `deepseek32` and `deepseek4` land here as their forward passes do.

#include "engine/arch/arch_table.h"

#include "engine/arch/deepseek2.h"
#include "engine/format/gguf_file.h"

#include <algorithm>
#include <array>
#include <string>

namespace cairn {

namespace {

constexpr std::array<ArchEntry, 1> kArchitectures{{
    {"deepseek2", "DeepSeek V2 / V2-Lite / V2.5 / V3 / V3.1 / R1 (MLA + DeepSeekMoE)", &DeepSeek2Forward::create},
}};

/// Architectures DeepSeek publishes that have no forward pass here yet.
constexpr std::array<std::string_view, 2> kPlanned{"deepseek32", "deepseek4"};

std::string knownArchitectures()
{
    std::string known;
    for (const ArchEntry& entry : kArchitectures)
        known += (known.empty() ? "" : ", ") + std::string(entry.name);
    return known;
}

} // namespace

Result<std::unique_ptr<ForwardPass>> createForwardPass(const GgufFile& file, ThreadPool& pool)
{
    const auto arch = file.getString("general.architecture");
    if (!arch)
        return Error{ErrorCode::InvalidInput, file.path(), "missing key general.architecture"};
    for (const ArchEntry& entry : kArchitectures) {
        if (entry.name == *arch)
            return entry.create(file, pool);
    }
    return Error{ErrorCode::Unsupported, file.path(), unsupportedArchitectureReason(*arch)};
}

std::string unsupportedArchitectureReason(std::string_view architecture)
{
    for (const ArchEntry& entry : kArchitectures) {
        if (entry.name == architecture)
            return {};
    }
    const bool planned = std::find(kPlanned.begin(), kPlanned.end(), architecture) != kPlanned.end();
    return (planned ? "architecture '" + std::string(architecture) + "' is not supported yet"
                    : "unknown architecture '" + std::string(architecture) + "'")
        + " (this build runs: " + knownArchitectures() + ")";
}

} // namespace cairn
