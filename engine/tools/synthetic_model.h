// SPDX-License-Identifier: MIT
// The full configuration of a synthetic deepseek2 model; presets fill it, tests vary it
// (query low rank on/off, softmax or sigmoid gating, split or fused kv_b, YaRN on/off).
#pragma once

#include "engine/api/progress.h"
#include "engine/api/result.h"
#include "engine/core/dtype.h"

#include <cstdint>
#include <optional>
#include <string>

namespace cairn {

struct SyntheticConfig {
    std::uint32_t vocab = 512;
    std::uint32_t embedding = 256;
    std::uint32_t layers = 4;
    std::uint32_t denseLayers = 1;
    std::uint32_t denseFf = 768;
    std::uint32_t heads = 8;
    std::uint32_t qLoraRank = 128; ///< 0: one `attn_q` projection
    std::uint32_t kvLoraRank = 64;
    std::uint32_t nopeDim = 32;
    std::uint32_t ropeDim = 16;
    std::uint32_t headDimV = 32;
    std::uint32_t experts = 16;
    std::uint32_t expertsUsed = 4;
    std::uint32_t expertsShared = 2;
    std::uint32_t expertFf = 128;
    std::uint32_t groups = 4;
    std::uint32_t groupsUsed = 2;
    bool sigmoidGating = true; ///< with the `exp_probs_b` selection bias
    bool normWeights = true;
    double weightsScale = 2.5;
    bool splitKvB = true; ///< attn_k_b/attn_v_b, else the legacy fused attn_kv_b
    bool yarn = true;     ///< factor 40 over 4096 tokens, like DeepSeek-V3
    DType type = DType::F32;
    std::uint64_t seed = 1;
};

/// The preset's configuration, or nothing for an unknown name.
std::optional<SyntheticConfig> syntheticPreset(const std::string& name);

/// The type a weight matrix with `cols` columns gets when `wanted` is asked for: `wanted` when
/// its blocks fit the rows, else Q8_0, else F16 (GGUF stores whole blocks per row).
DType syntheticTensorType(DType wanted, std::uint64_t cols);

Status writeSyntheticModel(const SyntheticConfig& config, const std::string& path, const ProgressFn& progress = {},
                           const CancelToken* cancel = nullptr);

} // namespace cairn
