// SPDX-License-Identifier: MIT
// Views of a deepseek2 GGUF's tensors, bound and shape-checked once at load. Weights stay in the
// file mapping; only attention's key up-projection is re-laid out (transposed copies).
#pragma once

#include "engine/api/result.h"
#include "engine/arch/hparams.h"
#include "engine/backends/cpu/interleaved_weights.h"
#include "engine/backends/cpu/matmul.h"

#include <memory>
#include <vector>

namespace cairn {

class GgufFile;

/// A SwiGLU feed-forward block: down(silu(gate x) * up x).
struct FfnWeights {
    cpu::WeightMatrix gate;
    cpu::WeightMatrix up;
    cpu::WeightMatrix down;
};

struct DeepSeek2Layer {
    const float* attnNorm = nullptr;
    cpu::WeightMatrix qA; ///< [qLoraRank rows, embedding] (absent when qLoraRank is 0)
    const float* qANorm = nullptr;
    cpu::WeightMatrix qB;  ///< [heads·headDimQk rows, qLoraRank], or attn_q [.., embedding]
    cpu::WeightMatrix kvA; ///< [kvLoraRank + ropeDim rows, embedding]
    const float* kvANorm = nullptr;
    std::vector<cpu::WeightMatrix> kB; ///< per head: [kvLoraRank rows, nopeDim] (absorbs q_nope)
    std::vector<cpu::WeightMatrix> vB; ///< per head: [headDimV rows, kvLoraRank]
    /// Split layout only: every head's kB transposed, stacked by head: [heads·nopeDim rows,
    /// kvLoraRank], so one product turns cached latents into all heads' keys (made at load).
    cpu::WeightMatrix kBTransposed;
    /// Split layout only: attn_v_b whole, [heads·headDimV rows, kvLoraRank]; vB are views of it.
    cpu::WeightMatrix vBStacked;
    /// The legacy fused attn_kv_b, [heads·(nopeDim + headDimV) rows, kvLoraRank], when the file
    /// has it: decompresses cached latents into per-head keys and values for a long prefill.
    cpu::WeightMatrix kvB;
    cpu::WeightMatrix output; ///< [embedding rows, heads·headDimV]
    const float* ffnNorm = nullptr;
    FfnWeights dense;                  ///< leading dense layers only
    cpu::WeightMatrix router;          ///< [expertCount rows, embedding]
    const float* routerBias = nullptr; ///< exp_probs_b, may be null
    std::vector<FfnWeights> experts;
    FfnWeights shared; ///< valid when expertShared > 0
};

struct DeepSeek2Weights {
    const void* tokenEmbd = nullptr;
    DType tokenEmbdType = DType::F32;
    std::size_t tokenEmbdRowBytes = 0;
    std::vector<DeepSeek2Layer> layers;
    const float* outputNorm = nullptr;
    cpu::WeightMatrix output;                        ///< [vocab rows, embedding]; token_embd when the file ties them
    std::vector<std::unique_ptr<std::byte[]>> owned; ///< re-laid-out legacy tensors
    cpu::InterleavedWeights interleaved;             ///< copies made by interleaveDeepSeek2Weights
};

/// Binds every tensor the parameters call for. Errors name the file and the tensor:
/// "model.gguf: missing tensor blk.3.ffn_gate_exps.weight".
Result<DeepSeek2Weights> bindDeepSeek2Weights(const GgufFile& file, const DeepSeek2Params& params);

/// Interleaves the matrices only matmul and dequantizeMatrixRow read (projections, experts,
/// output head, split attn_k_b, its transposed copy and attn_v_b, whose per-head views then point
/// into the copy; not the fused attn_kv_b nor its views) into weights.interleaved, releasing the
/// file pages copied and the transposed copy's own bytes. See ForwardPass::interleaveWeights.
std::optional<std::uint64_t> interleaveDeepSeek2Weights(DeepSeek2Weights& weights, const GgufFile& file,
                                                        ThreadPool& pool, std::uint64_t budgetBytes,
                                                        const ProgressFn& progress, const CancelToken* cancel);

} // namespace cairn
