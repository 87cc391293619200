// SPDX-License-Identifier: MIT
// `cairn-cli make-model`: writes a deepseek2 GGUF with deterministic random weights and a BPE
// vocabulary learned from generated text. For tests and benchmarks; such a model talks nonsense.
#pragma once

#include "engine/api/progress.h"
#include "engine/api/result.h"

#include <cstdint>
#include <string>
#include <vector>

namespace cairn {

struct SyntheticModelOptions {
    std::string preset = "tiny"; ///< tiny (fixture-sized), small (V2-Lite shaped), bench (~1B, 64 experts)
    std::string type = "f32";    ///< f32, f16, bf16, q8_0, q4_0, q4_1, q5_0, q5_1, iq4_nl, q4_K, q5_K, q6_K
    std::uint64_t seed = 1;
    std::string out;
};

/// Names of the presets, for help texts.
std::vector<std::string> syntheticPresets();

/// Writes the model to options.out; the weight count and file size come back in `progress`.
Status writeSyntheticModel(const SyntheticModelOptions& options, const ProgressFn& progress = {},
                           const CancelToken* cancel = nullptr);

} // namespace cairn
