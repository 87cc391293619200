// SPDX-License-Identifier: MIT
// Weights are uniform with a small, fan-in-scaled spread so activations stay finite through any
// depth; each tensor's stream is seeded by its name, so the file does not depend on write order.

#include "engine/tools/synthetic_model.h"

#include "engine/api/synthetic_model.h"
#include "engine/backends/cpu/quantize.h"
#include "engine/format/gguf_writer.h"
#include "engine/runtime/gguf_vocabulary.h"
#include "engine/tokenizer/bpe_trainer.h"
#include "engine/tools/random.h"
#include "engine/tools/synthetic_corpus.h"

#include <cmath>
#include <cstring>

namespace cairn {

namespace {

const std::vector<std::string> kSpecialTokens{"<｜begin▁of▁sentence｜>", "<｜end▁of▁sentence｜>", "<｜▁pad▁｜>",
                                              "<｜User｜>", "<｜Assistant｜>"};

struct TensorPlan {
    std::string name;
    DType type;
    std::vector<std::uint64_t> dims;
    double spread; ///< half-width of the uniform distribution
    double centre; ///< 1 for norm weights, 0 otherwise
};

class ModelPlan {
public:
    explicit ModelPlan(const SyntheticConfig& config) : m_config(config) { }

    void matrix(const std::string& name, std::uint64_t cols, std::uint64_t rows, std::uint64_t count = 1)
    {
        std::vector<std::uint64_t> dims{cols, rows};
        if (count > 1)
            dims.push_back(count);
        m_tensors.push_back({name, syntheticTensorType(m_config.type, cols), dims,
                             0.5 * std::sqrt(3.0 / static_cast<double>(cols)), 0.0});
    }
    void norm(const std::string& name, std::uint64_t length)
    {
        m_tensors.push_back({name, DType::F32, {length}, 0.1, 1.0});
    }
    void vector(const std::string& name, std::uint64_t length, double spread)
    {
        m_tensors.push_back({name, DType::F32, {length}, spread, 0.0});
    }
    void router(const std::string& name, std::uint64_t cols, std::uint64_t rows)
    {
        m_tensors.push_back({name, DType::F32, {cols, rows}, std::sqrt(3.0 / static_cast<double>(cols)), 0.0});
    }
    void embedding(const std::string& name, std::uint64_t cols, std::uint64_t rows)
    {
        m_tensors.push_back({name, syntheticTensorType(m_config.type, cols), {cols, rows}, std::sqrt(3.0), 0.0});
    }

    [[nodiscard]] const std::vector<TensorPlan>& tensors() const { return m_tensors; }

private:
    const SyntheticConfig& m_config;
    std::vector<TensorPlan> m_tensors;
};

void planTensors(const SyntheticConfig& c, std::uint32_t vocab, ModelPlan& plan)
{
    const std::uint64_t e = c.embedding;
    const std::uint64_t qk = c.nopeDim + c.ropeDim;
    plan.embedding("token_embd.weight", e, vocab);
    for (std::uint32_t l = 0; l < c.layers; ++l) {
        const std::string blk = "blk." + std::to_string(l) + ".";
        plan.norm(blk + "attn_norm.weight", e);
        if (c.qLoraRank > 0) {
            plan.matrix(blk + "attn_q_a.weight", e, c.qLoraRank);
            plan.norm(blk + "attn_q_a_norm.weight", c.qLoraRank);
            plan.matrix(blk + "attn_q_b.weight", c.qLoraRank, c.heads * qk);
        } else {
            plan.matrix(blk + "attn_q.weight", e, c.heads * qk);
        }
        plan.matrix(blk + "attn_kv_a_mqa.weight", e, c.kvLoraRank + c.ropeDim);
        plan.norm(blk + "attn_kv_a_norm.weight", c.kvLoraRank);
        if (c.splitKvB) {
            plan.matrix(blk + "attn_k_b.weight", c.nopeDim, c.kvLoraRank, c.heads);
            plan.matrix(blk + "attn_v_b.weight", c.kvLoraRank, c.headDimV, c.heads);
        } else {
            plan.matrix(blk + "attn_kv_b.weight", c.kvLoraRank, c.heads * (c.nopeDim + c.headDimV));
        }
        plan.matrix(blk + "attn_output.weight", static_cast<std::uint64_t>(c.heads) * c.headDimV, e);
        plan.norm(blk + "ffn_norm.weight", e);
        if (l < c.denseLayers) {
            plan.matrix(blk + "ffn_gate.weight", e, c.denseFf);
            plan.matrix(blk + "ffn_up.weight", e, c.denseFf);
            plan.matrix(blk + "ffn_down.weight", c.denseFf, e);
            continue;
        }
        plan.router(blk + "ffn_gate_inp.weight", e, c.experts);
        if (c.sigmoidGating)
            plan.vector(blk + "exp_probs_b.bias", c.experts, 0.05);
        plan.matrix(blk + "ffn_gate_exps.weight", e, c.expertFf, c.experts);
        plan.matrix(blk + "ffn_up_exps.weight", e, c.expertFf, c.experts);
        plan.matrix(blk + "ffn_down_exps.weight", c.expertFf, e, c.experts);
        if (c.expertsShared > 0) {
            const std::uint64_t ff = static_cast<std::uint64_t>(c.expertFf) * c.expertsShared;
            plan.matrix(blk + "ffn_gate_shexp.weight", e, ff);
            plan.matrix(blk + "ffn_up_shexp.weight", e, ff);
            plan.matrix(blk + "ffn_down_shexp.weight", ff, e);
        }
    }
    plan.norm("output_norm.weight", e);
    plan.matrix("output.weight", e, vocab);
}

void setMetadata(const SyntheticConfig& c, std::uint32_t vocab, GgufWriter& w)
{
    const std::string a = "deepseek2.";
    auto u32 = [&](const std::string& key, std::uint32_t value) { w.set(a + key, value); };
    auto f32 = [&](const std::string& key, double value) { w.set(a + key, static_cast<float>(value)); };
    w.set("general.architecture", std::string("deepseek2"));
    w.set("general.name", std::string("cairn-synthetic"));
    w.set("general.source.seed", static_cast<std::uint32_t>(c.seed));
    u32("block_count", c.layers);
    u32("context_length", 163840);
    u32("embedding_length", c.embedding);
    u32("feed_forward_length", c.denseFf);
    u32("attention.head_count", c.heads);
    u32("attention.head_count_kv", c.splitKvB ? 1 : c.heads);
    if (c.yarn) {
        w.set(a + "rope.scaling.type", std::string("yarn"));
        f32("rope.scaling.factor", 40.0);
        u32("rope.scaling.original_context_length", 4096);
        f32("rope.scaling.yarn_log_multiplier", 0.1);
        f32("rope.scaling.yarn_beta_fast", 32.0);
        f32("rope.scaling.yarn_beta_slow", 1.0);
    }
    f32("rope.freq_base", 10000.0);
    f32("attention.layer_norm_rms_epsilon", 1e-6);
    u32("expert_count", c.experts);
    u32("expert_used_count", c.expertsUsed);
    u32("expert_group_count", c.groups);
    u32("expert_group_used_count", c.groupsUsed);
    u32("expert_gating_func", c.sigmoidGating ? 2 : 1);
    u32("leading_dense_block_count", c.denseLayers);
    u32("vocab_size", vocab);
    u32("attention.q_lora_rank", c.qLoraRank);
    u32("attention.kv_lora_rank", c.kvLoraRank);
    if (c.splitKvB) {
        u32("attention.key_length", c.kvLoraRank + c.ropeDim);
        u32("attention.value_length", c.kvLoraRank);
        u32("attention.key_length_mla", c.nopeDim + c.ropeDim);
        u32("attention.value_length_mla", c.headDimV);
    } else {
        u32("attention.key_length", c.nopeDim + c.ropeDim);
        u32("attention.value_length", c.headDimV);
    }
    u32("expert_feed_forward_length", c.expertFf);
    u32("expert_shared_count", c.expertsShared);
    f32("expert_weights_scale", c.weightsScale);
    w.set(a + "expert_weights_norm", c.normWeights);
    u32("rope.dimension_count", c.ropeDim);
}

/// Fills `out` with the tensor's deterministic values in its type, row by row.
void produce(const TensorPlan& plan, std::uint64_t seed, std::span<std::byte> out)
{
    SplitMix64 rng(hashName(plan.name.c_str(), seed));
    const std::uint64_t cols = plan.dims[0];
    const std::size_t rowSize = static_cast<std::size_t>(rowBytes(plan.type, cols).value_or(0));
    std::vector<float> row(cols);
    for (std::size_t offset = 0; offset + rowSize <= out.size(); offset += rowSize) {
        for (float& v : row)
            v = static_cast<float>(plan.centre + plan.spread * (2.0 * rng.uniform() - 1.0));
        cpu::quantizeRow(plan.type, row.data(), out.data() + offset, static_cast<std::int64_t>(cols));
    }
}

} // namespace

DType syntheticTensorType(DType wanted, std::uint64_t cols)
{
    if (cols % dtypeInfo(wanted).blockSize == 0)
        return wanted;
    if (cols % dtypeInfo(DType::Q8_0).blockSize == 0)
        return DType::Q8_0;
    return DType::F16;
}

std::optional<SyntheticConfig> syntheticPreset(const std::string& name)
{
    SyntheticConfig c;
    if (name == "tiny")
        return c; // the shape of shared/fixtures/deepseek2-tiny
    if (name == "small") {
        // DeepSeek-V2-Lite shaped: no query low rank, softmax gating, one group, legacy kv_b.
        c.vocab = 2048;
        c.embedding = 512;
        c.layers = 6;
        c.denseFf = 1536;
        c.heads = 8;
        c.qLoraRank = 0;
        c.kvLoraRank = 128;
        c.nopeDim = 64;
        c.ropeDim = 32;
        c.headDimV = 64;
        c.experts = 32;
        c.expertsUsed = 4;
        c.expertsShared = 1;
        c.expertFf = 256;
        c.groups = 1;
        c.groupsUsed = 1;
        c.sigmoidGating = false;
        c.normWeights = false;
        c.weightsScale = 1.0;
        c.splitKvB = false;
        c.yarn = false;
        return c;
    }
    if (name == "bench") {
        // About 0.95 B parameters, 64 routed experts with 6 active and 2 shared: decode reads
        // ~18 % of the weights per token, like DeepSeek-V3 (37 B of 671 B).
        c.vocab = 8192;
        c.embedding = 1024;
        c.layers = 18;
        c.denseFf = 2816;
        c.heads = 16;
        c.qLoraRank = 512;
        c.kvLoraRank = 256;
        c.nopeDim = 64;
        c.ropeDim = 32;
        c.headDimV = 64;
        c.experts = 64;
        c.expertsUsed = 6;
        c.expertsShared = 2;
        c.expertFf = 256;
        c.groups = 8;
        c.groupsUsed = 4;
        return c;
    }
    return std::nullopt;
}

Status writeSyntheticModel(const SyntheticConfig& config, const std::string& path, const ProgressFn& progress,
                           const CancelToken* cancel)
{
    if (!cpu::supportsConversion(config.type))
        return Error{ErrorCode::Unsupported, path,
                     "cannot write weights of type " + std::string(dtypeInfo(config.type).name)};
    // Enough text that every merge up to the vocabulary size has a pair to learn from.
    const std::string corpus = syntheticCorpus(config.seed, std::max<std::size_t>(200000, config.vocab * 120ULL));
    Result<Vocabulary> learned = trainBpe(corpus, static_cast<std::int32_t>(config.vocab), kSpecialTokens);
    if (!learned)
        return learned.error();
    Vocabulary vocabulary = std::move(learned).value();
    vocabulary.bos = 0;
    vocabulary.eos = 1;
    vocabulary.pad = 2;
    vocabulary.addBos = true;
    const auto vocab = static_cast<std::uint32_t>(vocabulary.tokens.size());

    GgufWriter writer;
    setMetadata(config, vocab, writer);
    writeGgufVocabulary(vocabulary, writer);
    ModelPlan plan(config);
    planTensors(config, vocab, plan);
    const auto total = static_cast<std::uint64_t>(plan.tensors().size());
    std::uint64_t done = 0;
    for (const TensorPlan& tensor : plan.tensors()) {
        Status added = writer.addTensor(tensor.name, tensor.type, tensor.dims,
                                        [&tensor, &config, &done, total, &progress](std::span<std::byte> out) {
                                            produce(tensor, config.seed, out);
                                            if (progress)
                                                progress("tensors", ++done, total);
                                        });
        if (!added)
            return Error{ErrorCode::InvalidInput, path, added.error().message()};
    }
    if (cancel != nullptr && cancel->cancelled())
        return Error{ErrorCode::Cancelled, path, "cancelled"};
    return writer.write(path);
}

std::vector<std::string> syntheticPresets()
{
    return {"tiny", "small", "bench"};
}

Status writeSyntheticModel(const SyntheticModelOptions& options, const ProgressFn& progress, const CancelToken* cancel)
{
    std::optional<SyntheticConfig> config = syntheticPreset(options.preset);
    if (!config)
        return Error{ErrorCode::InvalidInput, options.preset, "unknown preset (tiny, small or bench)"};
    std::optional<DType> type;
    for (std::uint32_t id = 0; id < 64 && !type; ++id) {
        if (const auto info = dtypeInfo(id); info && info->name == options.type)
            type = info->type;
    }
    if (!type || !cpu::supportsConversion(*type))
        return Error{ErrorCode::InvalidInput, options.type,
                     "unknown weight type (f32, f16, bf16, q8_0, q4_0, q4_1, q5_0, q5_1, iq4_nl, q4_K, q5_K, q6_K)"};
    config->type = *type;
    config->seed = options.seed;
    if (options.out.empty())
        return Error{ErrorCode::InvalidInput, "make-model", "no output file given"};
    return writeSyntheticModel(*config, options.out, progress, cancel);
}

} // namespace cairn
