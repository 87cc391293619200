// SPDX-License-Identifier: MIT
// The float64 `deepseek2` forward pass: embeddings, per layer MLA attention (decompressed K/V,
// one head at a time) and a dense or MoE SwiGLU FFN, final norm and output head. Vectors are
// std::vector<double> per token; shapes are given in comments as [tokens][...].

#include "tests/engine/reference/deepseek2_reference.h"

#include "tests/engine/reference/reference_weights.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numbers>
#include <numeric>
#include <optional>
#include <string>
#include <utility>

namespace cairn::reference {

namespace {

using Rows = std::vector<std::vector<double>>; // [tokens][width]

constexpr std::string_view kArch = "deepseek2";
/// llama.cpp clamps the routing weights' sum to the smallest normal F16 before dividing.
constexpr double kMinWeightSum = 6.103515625e-5;

std::string key(std::string_view name)
{
    return std::string(kArch) + "." + std::string(name);
}

std::string blockTensor(std::uint32_t layer, std::string_view name)
{
    return "blk." + std::to_string(layer) + "." + std::string(name);
}

// ---------------------------------------------------------------------------------------------
// Hyperparameters

Error missingKey(const GgufFile& file, std::string_view name)
{
    return Error{ErrorCode::InvalidInput, file.path(), "missing key " + key(name)};
}

Error badKey(const GgufFile& file, std::string_view name, std::string_view problem)
{
    return Error{ErrorCode::InvalidInput, file.path(), "key " + key(name) + ": " + std::string(problem)};
}

Result<std::uint32_t> requireCount(const GgufFile& file, std::string_view name)
{
    const auto value = file.getUInt(key(name));
    if (!value)
        return missingKey(file, name);
    if (value.value() > std::numeric_limits<std::uint32_t>::max())
        return badKey(file, name, "too large");
    return static_cast<std::uint32_t>(value.value());
}

Result<std::uint32_t> optionalCount(const GgufFile& file, std::string_view name, std::uint32_t fallback)
{
    if (file.find(key(name)) == nullptr)
        return fallback;
    return requireCount(file, name);
}

Result<double> requireFloat(const GgufFile& file, std::string_view name)
{
    const auto value = file.getFloat(key(name));
    if (!value)
        return missingKey(file, name);
    return value.value();
}

Result<double> optionalFloat(const GgufFile& file, std::string_view name, double fallback)
{
    if (file.find(key(name)) == nullptr)
        return fallback;
    return requireFloat(file, name);
}

/// Rope scaling: none, or YaRN with the log multiplier llama.cpp's deepseek2 graph expects.
Status parseRopeScaling(const GgufFile& file, ReferenceConfig& config)
{
    const auto type = file.getString(key("rope.scaling.type"));
    if (!type || *type == "none")
        return Ok{};
    if (*type != "yarn")
        return Error{ErrorCode::Unsupported, file.path(), "rope scaling '" + *type + "' (the reference knows yarn)"};
    config.yarn = true;
    const auto factor = requireFloat(file, "rope.scaling.factor");
    const auto original = requireCount(file, "rope.scaling.original_context_length");
    const auto fast = optionalFloat(file, "rope.scaling.yarn_beta_fast", 32.0);
    const auto slow = optionalFloat(file, "rope.scaling.yarn_beta_slow", 1.0);
    if (!factor)
        return factor.error();
    if (!original)
        return original.error();
    if (!fast)
        return fast.error();
    if (!slow)
        return slow.error();
    // Without the multiplier (HF mscale_all_dim = 0) HF and llama.cpp scale attention
    // differently; no DeepSeek file lacks it, so the reference refuses rather than pick one.
    const auto logMultiplier = file.getFloat(key("rope.scaling.yarn_log_multiplier"));
    if (!logMultiplier || *logMultiplier == 0.0)
        return Error{ErrorCode::Unsupported, file.path(), "yarn without " + key("rope.scaling.yarn_log_multiplier")};
    if (!(factor.value() >= 1.0) || original.value() == 0)
        return badKey(file, "rope.scaling.factor", "needs factor >= 1 and an original context length");
    config.yarnFactor = factor.value();
    config.yarnOriginalContext = original.value();
    config.yarnBetaFast = fast.value();
    config.yarnBetaSlow = slow.value();
    config.yarnLogMultiplier = *logMultiplier;
    return Ok{};
}

Status parseExperts(const GgufFile& file, ReferenceConfig& config)
{
    for (auto [name, field] : {std::pair{"expert_count", &ReferenceConfig::expertCount},
                               std::pair{"expert_used_count", &ReferenceConfig::expertUsedCount},
                               std::pair{"expert_shared_count", &ReferenceConfig::expertSharedCount},
                               std::pair{"expert_feed_forward_length", &ReferenceConfig::expertFeedForwardLength}}) {
        const auto value = requireCount(file, name);
        if (!value)
            return value.error();
        config.*field = value.value();
    }
    const auto scale = requireFloat(file, "expert_weights_scale");
    const auto gating = optionalCount(file, "expert_gating_func", 1);
    const auto groups = optionalCount(file, "expert_group_count", 1);
    const auto groupsUsed = optionalCount(file, "expert_group_used_count", 1);
    if (!scale)
        return scale.error();
    if (!gating)
        return gating.error();
    if (!groups)
        return groups.error();
    if (!groupsUsed)
        return groupsUsed.error();
    config.expertWeightsScale = scale.value();
    config.expertWeightsNorm = file.getBool(key("expert_weights_norm")).value_or(false);
    // 0 ("none") is how old V2 files say softmax; llama.cpp reads it so.
    if (gating.value() > 2)
        return Error{ErrorCode::Unsupported, file.path(),
                     "expert gating function " + std::to_string(gating.value()) + " (the reference knows 1 and 2)"};
    config.expertGating = gating.value() == 2 ? ExpertGating::Sigmoid : ExpertGating::Softmax;
    config.expertGroupCount = std::max(groups.value(), 1U);
    config.expertGroupUsedCount = std::max(groupsUsed.value(), 1U);

    if (config.expertCount == 0 || config.expertUsedCount == 0 || config.expertUsedCount > config.expertCount
        || config.expertFeedForwardLength == 0)
        return badKey(file, "expert_used_count", "needs 0 < used <= expert_count and an expert FFN length");
    const std::uint32_t perGroup = config.expertCount / config.expertGroupCount;
    if (config.expertCount % config.expertGroupCount != 0 || config.expertGroupUsedCount > config.expertGroupCount
        || (config.expertGroupCount > 1
            && (perGroup < 2 || config.expertUsedCount > config.expertGroupUsedCount * perGroup)))
        return badKey(file, "expert_group_count", "inconsistent with expert_count / expert_used_count");
    return Ok{};
}

// ---------------------------------------------------------------------------------------------
// Math

std::vector<double> rmsNorm(std::span<const double> x, const Matrix& weight, double epsilon)
{
    double sumSquares = 0.0;
    for (const double v : x)
        sumSquares += v * v;
    const double inverse = 1.0 / std::sqrt(sumSquares / static_cast<double>(x.size()) + epsilon);
    std::vector<double> y(x.size());
    for (std::size_t i = 0; i < x.size(); ++i)
        y[i] = x[i] * inverse * weight.values[i];
    return y;
}

double silu(double v)
{
    return v / (1.0 + std::exp(-v));
}

double sigmoid(double v)
{
    return 1.0 / (1.0 + std::exp(-v));
}

void softmaxInPlace(std::span<double> v)
{
    const double maximum = *std::max_element(v.begin(), v.end());
    double sum = 0.0;
    for (double& e : v) {
        e = std::exp(e - maximum);
        sum += e;
    }
    for (double& e : v)
        e /= sum;
}

/// Rotation frequency of each pair (x[2i], x[2i+1]) of the rope part: base^(-2i/d), with YaRN
/// blending it with base^(-2i/d)/factor by ggml's ramp over the correction dims (ggml rope_yarn).
std::vector<double> ropeFrequencies(const ReferenceConfig& config)
{
    const double dims = config.headDimRope;
    std::vector<double> frequencies(config.headDimRope / 2);
    // Dimension whose wavelength fits `rotations` times in the original context.
    const auto correctionDim = [&](double rotations) {
        return dims * std::log(config.yarnOriginalContext / (rotations * 2.0 * std::numbers::pi))
            / (2.0 * std::log(config.ropeFreqBase));
    };
    double low = 0.0;
    double high = 0.0;
    if (config.yarn) {
        low = std::max(0.0, std::floor(correctionDim(config.yarnBetaFast)));
        high = std::min(dims - 1.0, std::ceil(correctionDim(config.yarnBetaSlow)));
    }
    for (std::size_t i = 0; i < frequencies.size(); ++i) {
        const double extrapolated = std::pow(config.ropeFreqBase, -2.0 * static_cast<double>(i) / dims);
        if (!config.yarn) {
            frequencies[i] = extrapolated;
            continue;
        }
        // 1 below the correction range (high frequencies keep extrapolating), 0 above it.
        const double mix = 1.0 - std::clamp((static_cast<double>(i) - low) / std::max(0.001, high - low), 0.0, 1.0);
        frequencies[i] = extrapolated / config.yarnFactor * (1.0 - mix) + extrapolated * mix;
    }
    return frequencies;
}

/// Interleaved-pair (GPT-J, ggml mode 0) rotation of `x` at `position`; cos/sin unscaled, since
/// llama.cpp's deepseek2 graph cancels YaRN's magnitude correction and moves it to kq_scale.
void applyRope(std::span<double> x, std::size_t position, std::span<const double> frequencies)
{
    for (std::size_t i = 0; i < frequencies.size(); ++i) {
        const double angle = static_cast<double>(position) * frequencies[i];
        const double c = std::cos(angle);
        const double s = std::sin(angle);
        const double x0 = x[2 * i];
        const double x1 = x[2 * i + 1];
        x[2 * i] = x0 * c - x1 * s;
        x[2 * i + 1] = x0 * s + x1 * c;
    }
}

Result<Rows> normalise(const GgufFile& file, const Rows& x, const std::string& name, double epsilon)
{
    const auto weight = loadTensor(file, name, {x.front().size()});
    if (!weight)
        return weight.error();
    Rows y;
    for (const auto& row : x)
        y.push_back(rmsNorm(row, weight.value(), epsilon));
    return y;
}

// ---------------------------------------------------------------------------------------------
// Blocks

/// Multi-head latent attention in its decompressed form: per head k = [W_UK c | rope(k_r)],
/// v = W_UV c, q = [q_nope | rope(q_r)], causal softmax(q.k * scale) v, then attn_output.
Result<Rows> attention(const GgufFile& file, const ReferenceConfig& config, std::uint32_t layer, const Rows& h)
{
    const std::size_t tokens = h.size();
    const std::uint64_t embd = config.embeddingLength;
    const std::uint64_t heads = config.headCount;
    const std::uint64_t qk = config.headDimQk;
    const std::uint64_t nope = config.headDimNope();
    const std::uint64_t rope = config.headDimRope;
    const std::uint64_t vDim = config.headDimV;
    const std::uint64_t lora = config.kvLoraRank;
    const auto name = [layer](std::string_view what) { return blockTensor(layer, what); };

    // q: [tokens][heads * qk], each head [nope | rope]
    Rows q;
    if (config.qLoraRank > 0) {
        const auto wqA = loadTensor(file, name("attn_q_a.weight"), {embd, config.qLoraRank});
        const auto qANorm = loadTensor(file, name("attn_q_a_norm.weight"), {config.qLoraRank});
        const auto wqB = loadTensor(file, name("attn_q_b.weight"), {config.qLoraRank, heads * qk});
        if (!wqA)
            return wqA.error();
        if (!qANorm)
            return qANorm.error();
        if (!wqB)
            return wqB.error();
        for (const auto& row : h)
            q.push_back(multiply(wqB.value(), rmsNorm(multiply(wqA.value(), row), qANorm.value(), config.rmsEpsilon)));
    } else {
        const auto wq = loadTensor(file, name("attn_q.weight"), {embd, heads * qk});
        if (!wq)
            return wq.error();
        for (const auto& row : h)
            q.push_back(multiply(wq.value(), row));
    }

    // [c_kv | k_r] = attn_kv_a_mqa h: c_kv [tokens][lora] normalised, kRope [tokens][rope]
    const auto wkvA = loadTensor(file, name("attn_kv_a_mqa.weight"), {embd, lora + rope});
    const auto kvANorm = loadTensor(file, name("attn_kv_a_norm.weight"), {lora});
    if (!wkvA)
        return wkvA.error();
    if (!kvANorm)
        return kvANorm.error();
    const std::vector<double> frequencies = ropeFrequencies(config);
    Rows latent;
    Rows kRope;
    for (std::size_t t = 0; t < tokens; ++t) {
        const std::vector<double> kvA = multiply(wkvA.value(), h[t]);
        latent.push_back(rmsNorm({kvA.data(), lora}, kvANorm.value(), config.rmsEpsilon));
        kRope.emplace_back(kvA.begin() + static_cast<std::ptrdiff_t>(lora), kvA.end());
        applyRope(kRope.back(), t, frequencies);
        for (std::uint64_t head = 0; head < heads; ++head)
            applyRope({q[t].data() + head * qk + nope, rope}, t, frequencies);
    }

    // Decompress: kNope [tokens][heads * nope], v [tokens][heads * vDim]
    Rows kNope(tokens, std::vector<double>(heads * nope));
    Rows v(tokens, std::vector<double>(heads * vDim));
    if (file.tensor(name("attn_k_b.weight")) != nullptr) {
        // attn_k_b holds W_UK transposed per head: [heads][lora][nope]; attn_v_b is W_UV: [heads][vDim][lora].
        const auto wkB = loadTensor(file, name("attn_k_b.weight"), {nope, lora, heads});
        const auto wvB = loadTensor(file, name("attn_v_b.weight"), {lora, vDim, heads});
        if (!wkB)
            return wkB.error();
        if (!wvB)
            return wvB.error();
        for (std::size_t t = 0; t < tokens; ++t) {
            for (std::uint64_t head = 0; head < heads; ++head) {
                for (std::uint64_t j = 0; j < lora; ++j) {
                    const std::span<const double> row = wkB.value().row(head * lora + j);
                    for (std::uint64_t i = 0; i < nope; ++i)
                        kNope[t][head * nope + i] += row[i] * latent[t][j];
                }
            }
            v[t] = multiply(wvB.value(), latent[t]);
        }
    } else {
        // Legacy attn_kv_b: per head nope rows of W_UK, then vDim rows of W_UV, each [lora].
        const auto wkvB = loadTensor(file, name("attn_kv_b.weight"), {lora, heads * (nope + vDim)});
        if (!wkvB)
            return wkvB.error();
        for (std::size_t t = 0; t < tokens; ++t) {
            const std::vector<double> kv = multiply(wkvB.value(), latent[t]);
            for (std::uint64_t head = 0; head < heads; ++head) {
                const auto base = kv.begin() + static_cast<std::ptrdiff_t>(head * (nope + vDim));
                std::copy(base, base + static_cast<std::ptrdiff_t>(nope),
                          kNope[t].begin() + static_cast<std::ptrdiff_t>(head * nope));
                std::copy(base + static_cast<std::ptrdiff_t>(nope), base + static_cast<std::ptrdiff_t>(nope + vDim),
                          v[t].begin() + static_cast<std::ptrdiff_t>(head * vDim));
            }
        }
    }

    // Causal attention per head: out [tokens][heads * vDim]
    const double scale = config.attentionScale();
    Rows out(tokens, std::vector<double>(heads * vDim, 0.0));
    for (std::size_t t = 0; t < tokens; ++t) {
        for (std::uint64_t head = 0; head < heads; ++head) {
            const double* query = q[t].data() + head * qk;
            std::vector<double> scores(t + 1);
            for (std::size_t s = 0; s <= t; ++s) {
                double dot = 0.0;
                for (std::uint64_t i = 0; i < nope; ++i)
                    dot += query[i] * kNope[s][head * nope + i];
                for (std::uint64_t i = 0; i < rope; ++i)
                    dot += query[nope + i] * kRope[s][i];
                scores[s] = dot * scale;
            }
            softmaxInPlace(scores);
            for (std::size_t s = 0; s <= t; ++s) {
                for (std::uint64_t i = 0; i < vDim; ++i)
                    out[t][head * vDim + i] += scores[s] * v[s][head * vDim + i];
            }
        }
    }

    const auto wo = loadTensor(file, name("attn_output.weight"), {heads * vDim, embd});
    if (!wo)
        return wo.error();
    Rows result;
    for (const auto& row : out)
        result.push_back(multiply(wo.value(), row));
    return result;
}

/// SwiGLU weights of one FFN: down(silu(gate x) * up x).
struct SwiGlu {
    Matrix gate;
    Matrix up;
    Matrix down;

    [[nodiscard]] std::vector<double> apply(std::span<const double> x) const
    {
        std::vector<double> g = multiply(gate, x);
        const std::vector<double> u = multiply(up, x);
        for (std::size_t i = 0; i < g.size(); ++i)
            g[i] = silu(g[i]) * u[i];
        return multiply(down, g);
    }
};

Result<SwiGlu> makeSwiGlu(Result<Matrix> gate, Result<Matrix> up, Result<Matrix> down)
{
    if (!gate)
        return gate.error();
    if (!up)
        return up.error();
    if (!down)
        return down.error();
    return SwiGlu{std::move(gate).value(), std::move(up).value(), std::move(down).value()};
}

std::string ffnTensor(std::uint32_t layer, std::string_view part)
{
    return blockTensor(layer, "ffn_" + std::string(part) + ".weight");
}

/// The 2-D FFN `ffn_{gate,up,down}<suffix>` of width `width`.
Result<SwiGlu> loadSwiGlu(const GgufFile& file, std::uint32_t layer, std::string_view suffix, std::uint64_t embd,
                          std::uint64_t width)
{
    const std::string s(suffix);
    return makeSwiGlu(loadTensor(file, ffnTensor(layer, "gate" + s), {embd, width}),
                      loadTensor(file, ffnTensor(layer, "up" + s), {embd, width}),
                      loadTensor(file, ffnTensor(layer, "down" + s), {width, embd}));
}

/// Routed expert `expert`: its slice of the expert-major 3-D tensors ffn_{gate,up,down}_exps.
Result<SwiGlu> loadExpert(const GgufFile& file, const ReferenceConfig& config, std::uint32_t layer,
                          std::uint64_t expert)
{
    const std::uint64_t embd = config.embeddingLength;
    const std::uint64_t width = config.expertFeedForwardLength;
    const std::uint64_t count = config.expertCount;
    return makeSwiGlu(loadRows(file, ffnTensor(layer, "gate_exps"), {embd, width, count}, expert * width, width),
                      loadRows(file, ffnTensor(layer, "up_exps"), {embd, width, count}, expert * width, width),
                      loadRows(file, ffnTensor(layer, "down_exps"), {width, embd, count}, expert * embd, embd));
}

/// Indices of the `count` largest values, largest first.
std::vector<std::size_t> topK(std::span<const double> values, std::size_t count)
{
    std::vector<std::size_t> order(values.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return values[a] > values[b]; });
    order.resize(count);
    return order;
}

/// Routed experts plus shared experts. Routing as llama.cpp's build_moe_ffn: gate = softmax or
/// sigmoid of the router logits; selection adds exp_probs_b; with groups, a group scores the sum
/// of its two best selection values and only the best expert_group_used_count groups compete;
/// weights are the unbiased gate values, optionally normalised, then scaled. (HF's V2
/// group_limited_greedy scores a group by its maximum instead; llama.cpp, and so this, does not.)
Result<Rows> moeFfn(const GgufFile& file, const ReferenceConfig& config, std::uint32_t layer, const Rows& h)
{
    const std::uint64_t embd = config.embeddingLength;
    const std::uint64_t experts = config.expertCount;
    const auto router = loadTensor(file, blockTensor(layer, "ffn_gate_inp.weight"), {embd, experts});
    if (!router)
        return router.error();
    std::optional<Matrix> bias;
    if (file.tensor(blockTensor(layer, "exp_probs_b.bias")) != nullptr) {
        auto loaded = loadTensor(file, blockTensor(layer, "exp_probs_b.bias"), {experts});
        if (!loaded)
            return loaded.error();
        bias = std::move(loaded).value();
    }
    const auto shared
        = loadSwiGlu(file, layer, "_shexp", embd,
                     static_cast<std::uint64_t>(config.expertFeedForwardLength) * config.expertSharedCount);
    if (!shared)
        return shared.error();

    std::map<std::size_t, SwiGlu> loadedExperts;
    const std::size_t perGroup = experts / config.expertGroupCount;
    Rows result;
    for (const auto& x : h) {
        std::vector<double> gate = multiply(router.value(), x); // [experts]
        if (config.expertGating == ExpertGating::Softmax)
            softmaxInPlace(gate);
        else
            std::transform(gate.begin(), gate.end(), gate.begin(), sigmoid);

        std::vector<double> selection = gate;
        if (bias) {
            for (std::size_t e = 0; e < experts; ++e)
                selection[e] += bias->values[e];
        }
        if (config.expertGroupCount > 1) {
            std::vector<double> groupScores(config.expertGroupCount);
            for (std::size_t g = 0; g < groupScores.size(); ++g) {
                const std::span<const double> group(selection.data() + g * perGroup, perGroup);
                const std::vector<std::size_t> best = topK(group, 2);
                groupScores[g] = group[best[0]] + group[best[1]];
            }
            const std::vector<std::size_t> kept = topK(groupScores, config.expertGroupUsedCount);
            for (std::size_t g = 0; g < groupScores.size(); ++g) {
                if (std::find(kept.begin(), kept.end(), g) == kept.end())
                    std::fill_n(selection.begin() + static_cast<std::ptrdiff_t>(g * perGroup), perGroup,
                                -std::numeric_limits<double>::infinity());
            }
        }
        const std::vector<std::size_t> chosen = topK(selection, config.expertUsedCount);

        std::vector<double> weights;
        for (const std::size_t e : chosen)
            weights.push_back(gate[e]);
        if (config.expertWeightsNorm) {
            const double sum = std::max(std::accumulate(weights.begin(), weights.end(), 0.0), kMinWeightSum);
            for (double& w : weights)
                w /= sum;
        }
        if (config.expertWeightsScale != 0.0) {
            for (double& w : weights)
                w *= config.expertWeightsScale;
        }

        std::vector<double> out = shared.value().apply(x);
        for (std::size_t k = 0; k < chosen.size(); ++k) {
            auto found = loadedExperts.find(chosen[k]);
            if (found == loadedExperts.end()) {
                auto expert = loadExpert(file, config, layer, chosen[k]);
                if (!expert)
                    return expert.error();
                found = loadedExperts.emplace(chosen[k], std::move(expert).value()).first;
            }
            const std::vector<double> y = found->second.apply(x);
            for (std::size_t i = 0; i < embd; ++i)
                out[i] += weights[k] * y[i];
        }
        result.push_back(std::move(out));
    }
    return result;
}

Result<Rows> denseFfn(const GgufFile& file, const ReferenceConfig& config, std::uint32_t layer, const Rows& h)
{
    const auto ffn = loadSwiGlu(file, layer, "", config.embeddingLength, config.feedForwardLength);
    if (!ffn)
        return ffn.error();
    Rows result;
    for (const auto& x : h)
        result.push_back(ffn.value().apply(x));
    return result;
}

void addInPlace(Rows& x, const Rows& delta)
{
    for (std::size_t t = 0; t < x.size(); ++t) {
        for (std::size_t i = 0; i < x[t].size(); ++i)
            x[t][i] += delta[t][i];
    }
}

} // namespace

double ReferenceConfig::attentionScale() const
{
    // llama.cpp stores 0.1 * mscale_all_dim and divides it back out on load.
    const double mscale = yarn ? 1.0 + yarnLogMultiplier * std::log(yarnFactor) : 1.0;
    return mscale * mscale / std::sqrt(static_cast<double>(headDimQk));
}

Result<ReferenceConfig> parseReferenceConfig(const GgufFile& file)
{
    const auto architecture = file.getString("general.architecture");
    if (architecture != std::string(kArch))
        return Error{ErrorCode::InvalidInput, file.path(),
                     "architecture '" + architecture.value_or("") + "', expected deepseek2"};

    ReferenceConfig config;
    for (auto [name, field] : {std::pair{"block_count", &ReferenceConfig::layerCount},
                               std::pair{"embedding_length", &ReferenceConfig::embeddingLength},
                               std::pair{"attention.head_count", &ReferenceConfig::headCount},
                               std::pair{"attention.kv_lora_rank", &ReferenceConfig::kvLoraRank},
                               std::pair{"rope.dimension_count", &ReferenceConfig::headDimRope},
                               std::pair{"leading_dense_block_count", &ReferenceConfig::leadingDenseBlockCount}}) {
        const auto value = requireCount(file, name);
        if (!value)
            return value.error();
        config.*field = value.value();
    }
    const auto qLora = optionalCount(file, "attention.q_lora_rank", 0);
    if (!qLora)
        return qLora.error();
    config.qLoraRank = qLora.value();

    // MLA files carry the decompressed head sizes in *_mla; legacy files in key/value_length.
    const bool mlaKeys = file.find(key("attention.key_length_mla")) != nullptr;
    const auto keyLength = requireCount(file, mlaKeys ? "attention.key_length_mla" : "attention.key_length");
    const auto valueLength = requireCount(file, mlaKeys ? "attention.value_length_mla" : "attention.value_length");
    const auto epsilon = requireFloat(file, "attention.layer_norm_rms_epsilon");
    const auto base = optionalFloat(file, "rope.freq_base", 10000.0);
    if (!keyLength)
        return keyLength.error();
    if (!valueLength)
        return valueLength.error();
    if (!epsilon)
        return epsilon.error();
    if (!base)
        return base.error();
    config.headDimQk = keyLength.value();
    config.headDimV = valueLength.value();
    config.rmsEpsilon = epsilon.value();
    config.ropeFreqBase = base.value();
    if (config.layerCount == 0 || config.embeddingLength == 0 || config.headCount == 0 || config.kvLoraRank == 0
        || config.headDimV == 0 || config.headDimRope == 0 || config.headDimRope % 2 != 0
        || config.headDimQk <= config.headDimRope || config.leadingDenseBlockCount > config.layerCount)
        return Error{ErrorCode::InvalidInput, file.path(), "inconsistent deepseek2 attention hyperparameters"};

    if (config.leadingDenseBlockCount > 0) {
        const auto ff = requireCount(file, "feed_forward_length");
        if (!ff)
            return ff.error();
        config.feedForwardLength = ff.value();
    }
    if (config.leadingDenseBlockCount < config.layerCount) {
        const Status experts = parseExperts(file, config);
        if (!experts)
            return experts.error();
    }
    const Status rope = parseRopeScaling(file, config);
    if (!rope)
        return rope.error();

    const GgufTensor* embeddings = file.tensor("token_embd.weight");
    if (embeddings == nullptr)
        return Error{ErrorCode::InvalidInput, file.path(), "missing tensor token_embd.weight"};
    if (embeddings->dims.size() != 2 || embeddings->dims[0] != config.embeddingLength
        || embeddings->dims[1] > std::numeric_limits<std::uint32_t>::max())
        return Error{ErrorCode::InvalidInput, file.path(), "token_embd.weight does not match embedding_length"};
    config.vocabSize = static_cast<std::uint32_t>(embeddings->dims[1]);
    return config;
}

Result<std::vector<std::vector<double>>> referenceLogits(const GgufFile& file, std::span<const std::int32_t> tokens)
{
    const auto parsed = parseReferenceConfig(file);
    if (!parsed)
        return parsed.error();
    const ReferenceConfig& config = parsed.value();
    if (tokens.empty())
        return Rows{};

    // x: [tokens][embd]
    Rows x;
    for (const std::int32_t token : tokens) {
        if (token < 0 || static_cast<std::uint32_t>(token) >= config.vocabSize)
            return Error{ErrorCode::InvalidInput, file.path(), "token id " + std::to_string(token) + " out of range"};
        auto row = loadRows(file, "token_embd.weight", {config.embeddingLength, config.vocabSize},
                            static_cast<std::uint64_t>(token), 1);
        if (!row)
            return row.error();
        x.push_back(std::move(row.value().values));
    }

    for (std::uint32_t layer = 0; layer < config.layerCount; ++layer) {
        const auto h = normalise(file, x, blockTensor(layer, "attn_norm.weight"), config.rmsEpsilon);
        if (!h)
            return h.error();
        const auto attended = attention(file, config, layer, h.value());
        if (!attended)
            return attended.error();
        addInPlace(x, attended.value());

        const auto f = normalise(file, x, blockTensor(layer, "ffn_norm.weight"), config.rmsEpsilon);
        if (!f)
            return f.error();
        const auto ffn = layer < config.leadingDenseBlockCount ? denseFfn(file, config, layer, f.value())
                                                               : moeFfn(file, config, layer, f.value());
        if (!ffn)
            return ffn.error();
        addInPlace(x, ffn.value());
    }

    const auto normed = normalise(file, x, "output_norm.weight", config.rmsEpsilon);
    if (!normed)
        return normed.error();
    const bool tied = file.tensor("output.weight") == nullptr;
    const auto head
        = loadTensor(file, tied ? "token_embd.weight" : "output.weight", {config.embeddingLength, config.vocabSize});
    if (!head)
        return head.error();
    Rows logits;
    for (const auto& row : normed.value())
        logits.push_back(multiply(head.value(), row));
    return logits;
}

} // namespace cairn::reference
