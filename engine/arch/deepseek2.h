// SPDX-License-Identifier: MIT
// The DeepSeek V2/V3 (`deepseek2`) forward pass on the CPU: MLA attention in the latent space
// with absorbed key/value up-projections, dense leading layers, then routed + shared experts.
#pragma once

#include "engine/arch/deepseek2_weights.h"
#include "engine/arch/forward_pass.h"
#include "engine/arch/hparams.h"
#include "engine/core/aligned_vector.h"
#include "engine/core/thread_pool.h"
#include "engine/ops/attention.h"
#include "engine/ops/cpu_ops.h"

namespace cairn {

class LatentKvCache;

class DeepSeek2Forward final : public ForwardPass {
public:
    DeepSeek2Forward(DeepSeek2Params params, DeepSeek2Weights weights, ThreadPool& pool);

    /// Reads the parameters and binds the weights of a `deepseek2` GGUF.
    static Result<std::unique_ptr<ForwardPass>> create(const GgufFile& file, ThreadPool& pool);

    [[nodiscard]] std::uint32_t vocabSize() const override { return m_params.vocab; }
    [[nodiscard]] std::uint32_t trainedContext() const override { return m_params.contextLength; }
    [[nodiscard]] TokenCost tokenCost() const override;
    [[nodiscard]] std::uint64_t prefillMacs(std::int64_t tokens) const override;
    [[nodiscard]] KvType preferredKvType() const override;
    [[nodiscard]] std::unique_ptr<KvCache> createCache(std::int64_t capacity, KvType type) const override;
    std::optional<std::uint64_t> interleaveWeights(const GgufFile& file, std::uint64_t budgetBytes,
                                                   const ProgressFn& progress, const CancelToken* cancel) override;
    Status forward(std::span<const std::int32_t> tokens, KvCache& cache, bool allLogits, float* logits,
                   const CancelToken* cancel) override;

private:
    struct Routing;

    /// Fewer tokens than threads: the decoding paths, where every thread takes a share of the
    /// heads (and of the experts) rather than of the tokens.
    [[nodiscard]] bool decoding(std::int64_t tokens) const { return tokens < m_pool.size(); }
    void attention(std::uint32_t layer, float* x, std::int64_t tokens, std::int64_t start, LatentKvCache& cache);
    /// Attention in the latent space (weights absorbed): o [tokens, heads, headDimV]. With a
    /// query latent (decoding, fewer tokens than threads), the queries q are made here first.
    void absorbedAttention(std::uint32_t layer, float* q, const float* queryLatent, std::int64_t tokens,
                           std::int64_t start, LatentKvCache& cache, float* o);
    /// Rotates the rope part of heads [begin, end) of one token's queries q [heads, headDimQk].
    void rotateQueries(float* q, std::int64_t begin, std::int64_t end, const double* rotation) const;
    /// Attention over keys and values decompressed from the cache (multi-head form), cheaper for
    /// a batch of many tokens: o [tokens, heads, headDimV].
    void decompressedAttention(std::uint32_t layer, const float* q, std::int64_t tokens, std::int64_t start,
                               LatentKvCache& cache, float* o);
    /// Bfloat16 attention products for a layer whose key and value up-projections are quantised.
    static ops::AttentionPrecision attentionPrecision(const DeepSeek2Layer& layer);
    [[nodiscard]] bool decompressPays(const DeepSeek2Layer& layer, std::int64_t tokens, std::int64_t cached) const;
    void feedForward(std::uint32_t layer, float* x, std::int64_t tokens);
    void swiglu(const FfnWeights& ffn, const float* in, std::int64_t tokens, float* out);
    void moe(std::uint32_t layer, const float* in, std::int64_t tokens, float* out);
    [[nodiscard]] Routing route(const DeepSeek2Layer& layer, const float* in, std::int64_t tokens);
    /// out row r = RMSNorm(in row r) · weight, rows in parallel (in may be out).
    void normRows(const float* in, const float* weight, float* out, std::int64_t rows, std::int64_t width);
    /// x += y over rows x width values, rows in parallel.
    void addRows(float* x, const float* y, std::int64_t rows, std::int64_t width);

    DeepSeek2Params m_params;
    DeepSeek2Weights m_weights;
    ThreadPool& m_pool;
    ops::Rope m_rope;

    /// Large buffers kept between calls (forward passes on one model do not overlap).
    struct Workspace {
        cpu::ActivationRows expertInput; ///< a layer's input as the routed experts read it
        std::vector<double> rotations;   ///< per token of the batch: its rope angles' cos and sin
        /// A batch's activations, reused by every layer and call: allocated per layer, a
        /// 512-token prefill of the bench model took ~3500 page faults of fresh pages.
        AlignedVector<float> residual;    ///< x [tokens, embedding]
        AlignedVector<float> normed;      ///< a block's normed input [tokens, embedding]
        AlignedVector<float> blockOut;    ///< attention's projection, then the ffn's output
        AlignedVector<float> queryLatent; ///< the query compression [tokens, q_lora_rank]
        AlignedVector<float> latentKv;    ///< [tokens, kv_lora_rank | rope]
        /// Each block's two widest intermediates, never live at once: attention's queries
        /// [tokens, heads, nope | rope] and heads' outputs [tokens, heads, headDimV], then a
        /// SwiGLU's gate and up [tokens, ff] (separate, the bench model's peak RSS rose 5 MB).
        AlignedVector<float> wideA;
        AlignedVector<float> wideB;
        /// Decompressed attention: the widened latents, every head's keys and values, and each
        /// pool part's per-head copies.
        AlignedVector<float> latents;
        AlignedVector<float> ropeKeys;
        AlignedVector<float> decompressed;
        struct Part {
            AlignedVector<float> keys;
            AlignedVector<float> values;
            AlignedVector<float> queries;
            AlignedVector<float> scores;
            AlignedVector<float> out;
        };
        std::vector<Part> parts;
    };
    Workspace m_workspace;

    /// decompressedAttention's portable path for one head (CPUs without its SIMD kernel): float
    /// matmul scores, softmax, P · V.
    static void attendHead(const ops::CausalAttention& head, Workspace::Part& buffers);
};

} // namespace cairn
