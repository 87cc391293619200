// SPDX-License-Identifier: MIT
// A slow, obviously correct float64 forward pass of llama.cpp's `deepseek2` architecture
// (DeepSeek V2/V3 with MLA and MoE), the oracle for differential tests of the engine. It follows
// the Hugging Face modelling as llama.cpp reproduces it and uses the non-absorbed (MHA) form of
// MLA on purpose, unlike the engine. No cache, no threads, no SIMD.
#pragma once

#include "engine/api/result.h"
#include "engine/format/gguf_file.h"

#include <cstdint>
#include <span>
#include <vector>

namespace cairn::reference {

enum class ExpertGating { Softmax, Sigmoid };

/// The `deepseek2.*` hyperparameters the reference needs, parsed and checked once.
struct ReferenceConfig {
    std::uint32_t layerCount = 0;
    std::uint32_t embeddingLength = 0;
    std::uint32_t feedForwardLength = 0; ///< dense (leading) layers
    std::uint32_t vocabSize = 0;         ///< from token_embd's shape
    std::uint32_t headCount = 0;
    std::uint32_t qLoraRank = 0; ///< 0: no low-rank query (tensor attn_q)
    std::uint32_t kvLoraRank = 0;
    std::uint32_t headDimQk = 0;   ///< nope + rope
    std::uint32_t headDimV = 0;    ///< per-head value width
    std::uint32_t headDimRope = 0; ///< rope.dimension_count
    double rmsEpsilon = 0.0;

    double ropeFreqBase = 10000.0;
    bool yarn = false;
    double yarnFactor = 1.0; ///< rope.scaling.factor (context extension, 1/freq_scale)
    std::uint32_t yarnOriginalContext = 0;
    double yarnBetaFast = 32.0;
    double yarnBetaSlow = 1.0;
    double yarnLogMultiplier = 0.0; ///< as stored: 0.1 * HF's mscale_all_dim

    std::uint32_t leadingDenseBlockCount = 0;
    std::uint32_t expertCount = 0;
    std::uint32_t expertUsedCount = 0;
    std::uint32_t expertSharedCount = 0;
    std::uint32_t expertFeedForwardLength = 0;
    double expertWeightsScale = 1.0;
    bool expertWeightsNorm = false;
    ExpertGating expertGating = ExpertGating::Softmax;
    std::uint32_t expertGroupCount = 1;
    std::uint32_t expertGroupUsedCount = 1;

    [[nodiscard]] std::uint32_t headDimNope() const { return headDimQk - headDimRope; }
    /// Softmax scale of q.k: mscale^2 / sqrt(headDimQk) with YaRN's mscale = 1 + 0.1 *
    /// mscale_all_dim * ln(factor) ([LC-DS2], HF DeepseekV3Attention.softmax_scale).
    [[nodiscard]] double attentionScale() const;
};

/// Reads and validates the hyperparameters of a `deepseek2` file; a missing required key, an
/// inconsistent value or a feature the reference lacks is an error naming the file and key.
Result<ReferenceConfig> parseReferenceConfig(const GgufFile& file);

/// Logits [position][vocab] for every position of `tokens`, fed as one causal sequence starting
/// at position 0. Weights are read (and widened to double) one layer at a time.
Result<std::vector<std::vector<double>>> referenceLogits(const GgufFile& file, std::span<const std::int32_t> tokens);

} // namespace cairn::reference
