// SPDX-License-Identifier: MIT
// Key names follow llama.cpp's converter (DeepseekV2Model.set_gguf_parameters); see
// shared/docs/deepseek-architectures.md §4.2.

#include "engine/arch/hparams.h"

#include "engine/format/gguf_file.h"

#include <cmath>

namespace cairn {

namespace {

class KeyReader {
public:
    KeyReader(const GgufFile& file, std::string arch) : m_file(file), m_prefix(std::move(arch) + ".") { }

    /// A required unsigned key; records the first problem.
    std::uint32_t need(const std::string& key)
    {
        const auto value = m_file.getUInt(m_prefix + key);
        if (!value || *value > 0xffffffffU) {
            fail(m_file.find(m_prefix + key) ? "key " + m_prefix + key + " is not a valid count"
                                             : "missing key " + m_prefix + key);
            return 0;
        }
        return static_cast<std::uint32_t>(*value);
    }
    std::uint32_t optional(const std::string& key, std::uint32_t fallback)
    {
        if (m_file.find(m_prefix + key) == nullptr)
            return fallback;
        return need(key);
    }
    double optionalFloat(const std::string& key, double fallback)
    {
        if (m_file.find(m_prefix + key) == nullptr)
            return fallback;
        const auto value = m_file.getFloat(m_prefix + key);
        if (!value) {
            fail("key " + m_prefix + key + " is not a number");
            return fallback;
        }
        return *value;
    }
    bool optionalBool(const std::string& key, bool fallback)
    {
        if (m_file.find(m_prefix + key) == nullptr)
            return fallback;
        const auto value = m_file.getBool(m_prefix + key);
        if (!value) {
            fail("key " + m_prefix + key + " is not a bool");
            return fallback;
        }
        return *value;
    }
    bool has(const std::string& key) const { return m_file.find(m_prefix + key) != nullptr; }
    std::string optionalString(const std::string& key) const { return m_file.getString(m_prefix + key).value_or(""); }

    void fail(std::string problem)
    {
        if (m_problem.empty())
            m_problem = std::move(problem);
    }
    void check(bool ok, const std::string& problem)
    {
        if (!ok)
            fail(problem);
    }
    [[nodiscard]] const std::string& problem() const { return m_problem; }

private:
    const GgufFile& m_file;
    std::string m_prefix;
    std::string m_problem;
};

} // namespace

double DeepSeek2Params::attentionScale() const
{
    double scale = 1.0 / std::sqrt(static_cast<double>(headDimQk));
    if (yarn.enabled && yarn.logMultiplier != 0.0) {
        // llama.cpp's deepseek2 graph: rope's own mscale is cancelled and mscale² moves here.
        const double mscale = 1.0 + yarn.logMultiplier * std::log(yarn.factor);
        scale *= mscale * mscale;
    }
    return scale;
}

Result<DeepSeek2Params> parseDeepSeek2Params(const GgufFile& file, const std::string& arch)
{
    KeyReader keys(file, arch);
    DeepSeek2Params p;
    p.layerCount = keys.need("block_count");
    p.embedding = keys.need("embedding_length");
    p.contextLength = keys.optional("context_length", 4096);
    p.headCount = keys.need("attention.head_count");
    p.qLoraRank = keys.optional("attention.q_lora_rank", 0);
    p.kvLoraRank = keys.need("attention.kv_lora_rank");
    p.ropeDim = keys.need("rope.dimension_count");
    const bool splitMla = file.tensor("blk.0.attn_k_b.weight") != nullptr;
    if (keys.has("attention.key_length_mla")) {
        p.headDimQk = keys.need("attention.key_length_mla");
        p.headDimV = keys.need("attention.value_length_mla");
    } else if (splitMla) {
        keys.fail("split attn_k_b/attn_v_b without attention.key_length_mla: a GGUF from an early MLA "
                  "patch of llama.cpp; re-convert it with a current converter");
    } else {
        p.headDimQk = keys.need("attention.key_length");
        p.headDimV = keys.need("attention.value_length");
    }
    p.ropeFreqBase = keys.optionalFloat("rope.freq_base", 10000.0);
    const std::string scaling = keys.optionalString("rope.scaling.type");
    if (scaling == "yarn") {
        p.yarn.enabled = true;
        p.yarn.factor = keys.optionalFloat("rope.scaling.factor", 1.0);
        p.yarn.originalContext = keys.need("rope.scaling.original_context_length");
        p.yarn.logMultiplier = keys.optionalFloat("rope.scaling.yarn_log_multiplier", 0.0);
        p.yarn.betaFast = keys.optionalFloat("rope.scaling.yarn_beta_fast", 32.0);
        p.yarn.betaSlow = keys.optionalFloat("rope.scaling.yarn_beta_slow", 1.0);
        keys.check(p.yarn.factor >= 1.0, "rope.scaling.factor below 1");
    } else {
        keys.check(scaling.empty() || scaling == "none", "unsupported rope.scaling.type '" + scaling + "'");
    }
    p.rmsEps = keys.optionalFloat("attention.layer_norm_rms_epsilon", 1e-6);
    p.denseLayerCount = keys.optional("leading_dense_block_count", 0);
    p.denseFf = keys.optional("feed_forward_length", 0);
    p.expertCount = keys.optional("expert_count", 0);
    if (p.expertCount > 0) {
        p.expertUsed = keys.need("expert_used_count");
        p.expertShared = keys.optional("expert_shared_count", 0);
        p.expertFf = keys.need("expert_feed_forward_length");
        p.expertWeightsScale = keys.optionalFloat("expert_weights_scale", 1.0);
        if (p.expertWeightsScale == 0.0)
            p.expertWeightsScale = 1.0; // llama.cpp reads 0 as "no scaling"
        p.expertWeightsNorm = keys.optionalBool("expert_weights_norm", false);
        const std::uint32_t gating = keys.optional("expert_gating_func", 1);
        keys.check(gating == 1 || gating == 2,
                   "expert_gating_func " + std::to_string(gating) + " is not softmax (1) or sigmoid (2)");
        p.gating = gating == 2 ? ExpertGating::Sigmoid : ExpertGating::Softmax;
        p.expertGroups = keys.optional("expert_group_count", 1);
        p.expertGroupsUsed = keys.optional("expert_group_used_count", p.expertGroups);
    }
    if (const GgufTensor* embd = file.tensor("token_embd.weight"); embd != nullptr && embd->dims.size() == 2)
        p.vocab = static_cast<std::uint32_t>(embd->dims[1]);

    if (keys.problem().empty()) {
        keys.check(p.layerCount > 0 && p.embedding > 0 && p.headCount > 0, "zero layers, width or heads");
        keys.check(p.vocab > 0, "no token_embd.weight of shape [embedding, vocab]");
        keys.check(p.ropeDim > 0 && p.ropeDim % 2 == 0 && p.ropeDim < p.headDimQk,
                   "rope.dimension_count must be even and smaller than the key length");
        keys.check(p.kvLoraRank > 0 && p.headDimV > 0, "zero kv_lora_rank or value length");
        keys.check(p.denseLayerCount == 0 || p.denseFf > 0, "dense layers without feed_forward_length");
        keys.check(p.denseLayerCount >= p.layerCount || p.expertCount > 0, "MoE layers without expert_count");
        if (p.expertCount > 0) {
            keys.check(p.expertUsed > 0 && p.expertUsed <= p.expertCount, "expert_used_count out of range");
            keys.check(p.expertGroups > 0 && p.expertCount % p.expertGroups == 0,
                       "expert_count is not a multiple of expert_group_count");
            keys.check(p.expertGroupsUsed > 0 && p.expertGroupsUsed <= p.expertGroups,
                       "expert_group_used_count out of range");
            keys.check(p.expertGroups == 1 || p.expertCount / p.expertGroups >= 2,
                       "expert groups need at least two experts each");
            keys.check(p.expertGroupsUsed * (p.expertCount / p.expertGroups) >= p.expertUsed,
                       "the used expert groups hold fewer experts than expert_used_count");
        }
    }
    p.nopeDim = p.headDimQk - p.ropeDim;
    if (!keys.problem().empty())
        return Error{ErrorCode::InvalidInput, file.path(), keys.problem()};
    return p;
}

} // namespace cairn
