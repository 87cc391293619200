// SPDX-License-Identifier: MIT
// Architecture rows. `deepseek32` and `deepseek4` land here as their forward passes do.

#include "engine/arch/arch_table.h"

#include "engine/arch/deepseek2.h"
#include "engine/format/gguf_file.h"

#include <array>
#include <string>

namespace cairn {

namespace {

constexpr std::array<ArchEntry, 1> kArchitectures{{
    {"deepseek2", "DeepSeek V2 / V2-Lite / V2.5 / V3 / V3.1 / R1 (MLA + DeepSeekMoE)", &DeepSeek2Forward::create},
}};

} // namespace

Result<std::unique_ptr<ForwardPass>> createForwardPass(const GgufFile& file, ThreadPool& pool)
{
    const auto arch = file.getString("general.architecture");
    if (!arch)
        return Error{ErrorCode::InvalidInput, file.path(), "missing key general.architecture"};
    std::string known;
    for (const ArchEntry& entry : kArchitectures) {
        if (entry.name == *arch)
            return entry.create(file, pool);
        known += (known.empty() ? "" : ", ") + std::string(entry.name);
    }
    return Error{ErrorCode::Unsupported, file.path(),
                 "unknown architecture '" + *arch + "' (this build runs: " + known + ")"};
}

} // namespace cairn
