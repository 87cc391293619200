// SPDX-License-Identifier: MIT
// Hyper-parameters of a DeepSeek V2/V3 (`deepseek2`) model, read from GGUF metadata and checked
// once, so the forward pass can trust them.
#pragma once

#include "engine/api/result.h"

#include <cstdint>
#include <string>

namespace cairn {

class GgufFile;

enum class ExpertGating : std::uint32_t {
    Softmax = 1, ///< V2: softmax over the router logits
    Sigmoid = 2, ///< V3: sigmoid, with the selection bias `exp_probs_b` (noaux_tc)
};

struct YarnParams {
    bool enabled = false;
    double factor = 1.0; ///< context extension factor (freq_scale = 1 / factor)
    std::uint32_t originalContext = 0;
    double logMultiplier = 0.0; ///< 0.1 · mscale_all_dim
    double betaFast = 32.0;
    double betaSlow = 1.0;
};

struct DeepSeek2Params {
    std::uint32_t layerCount = 0;
    std::uint32_t embedding = 0; ///< hidden size
    std::uint32_t vocab = 0;
    std::uint32_t contextLength = 0; ///< trained context (metadata), not the session's
    std::uint32_t headCount = 0;
    std::uint32_t qLoraRank = 0;  ///< 0: queries are one projection (`attn_q`, V2-Lite)
    std::uint32_t kvLoraRank = 0; ///< latent size cached per token
    std::uint32_t headDimQk = 0;  ///< nope + rope
    std::uint32_t headDimV = 0;
    std::uint32_t ropeDim = 0; ///< the rotary part of each query/key head
    std::uint32_t nopeDim = 0; ///< headDimQk - ropeDim
    double ropeFreqBase = 10000.0;
    YarnParams yarn;
    double rmsEps = 1e-6;
    std::uint32_t denseLayerCount = 0; ///< leading layers with a dense FFN
    std::uint32_t denseFf = 0;
    std::uint32_t expertCount = 0;
    std::uint32_t expertUsed = 0;
    std::uint32_t expertShared = 0;
    std::uint32_t expertFf = 0;
    double expertWeightsScale = 1.0;
    bool expertWeightsNorm = false;
    ExpertGating gating = ExpertGating::Softmax;
    std::uint32_t expertGroups = 1;
    std::uint32_t expertGroupsUsed = 1;

    /// Attention logit scale: 1/sqrt(headDimQk), times YaRN's mscale² when YaRN is on.
    [[nodiscard]] double attentionScale() const;
    [[nodiscard]] bool isMoeLayer(std::uint32_t layer) const { return layer >= denseLayerCount && expertCount > 0; }
};

/// Reads `<arch>.*` keys. Errors read like "model.gguf: missing key deepseek2.expert_count".
Result<DeepSeek2Params> parseDeepSeek2Params(const GgufFile& file, const std::string& arch);

} // namespace cairn
