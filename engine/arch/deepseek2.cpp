// SPDX-License-Identifier: MIT
// Reads top to bottom like llama.cpp's src/models/deepseek2.cpp. Shapes are [tokens, ...] with
// the last index contiguous. Attention follows DeepSeek-V2 §2.1 (MLA) in its absorbed form
// (shared/docs/deepseek-architectures.md §3.2): q_nope is multiplied into the latent space by
// W_UK, attention runs against the cached latents, and W_UV lifts the result back per head.

#include "engine/arch/deepseek2.h"

#include "engine/backends/cpu/quantize.h"
#include "engine/backends/cpu/tile_kernel.h"
#include "engine/core/aligned_vector.h"
#include "engine/core/ordered_slots.h"
#include "engine/format/gguf_file.h"
#include "engine/kv/latent_kv_cache.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <limits>
#include <numeric>

namespace cairn {

namespace {

using Index = std::int64_t;

constexpr auto idx = [](auto value) { return static_cast<std::size_t>(value); };

ops::Rope::Config ropeConfig(const DeepSeek2Params& p)
{
    ops::Rope::Config config;
    config.dims = p.ropeDim;
    config.freqBase = p.ropeFreqBase;
    if (p.yarn.enabled) {
        config.freqScale = 1.0 / p.yarn.factor;
        config.extFactor = 1.0;
        config.originalContext = p.yarn.originalContext;
        config.betaFast = p.yarn.betaFast;
        config.betaSlow = p.yarn.betaSlow;
        // Cancel YaRN's magnitude factor on q and k: its square goes into the attention scale.
        config.attnFactor = 1.0 / (1.0 + 0.1 * std::log(p.yarn.factor));
    }
    return config;
}

/// The indices of the out.size() largest of `values`, largest first, the lower index first among
/// equals (a stable sort's order): one pass keeping a sorted short list, where partial_sort over
/// every index took most of the routing's time.
void largestFirst(const std::vector<float>& values, std::vector<Index>& out)
{
    const std::size_t k = out.size();
    std::size_t count = 0;
    for (std::size_t i = 0; i < values.size() && k > 0; ++i) {
        const float v = values[i];
        if (count == k && !(v > values[idx(out[k - 1])]))
            continue;
        std::size_t at = count < k ? count++ : k - 1;
        for (; at > 0 && v > values[idx(out[at - 1])]; --at)
            out[at] = out[at - 1];
        out[at] = static_cast<Index>(i);
    }
}

/// `buffer` with room for n values: workspace buffers only grow, so nothing is zeroed or faulted
/// in again on later calls.
float* reserve(AlignedVector<float>& buffer, Index n)
{
    if (buffer.size() < idx(n))
        buffer.resize(idx(n));
    return buffer.data();
}

} // namespace

struct DeepSeek2Forward::Routing {
    std::vector<std::vector<Index>> tokensOf;  ///< per expert: the tokens routed to it
    std::vector<std::vector<float>> weightsOf; ///< per expert: their gate weights
};

DeepSeek2Forward::DeepSeek2Forward(DeepSeek2Params params, DeepSeek2Weights weights, ThreadPool& pool)
    : m_params(std::move(params)), m_weights(std::move(weights)), m_pool(pool), m_rope(ropeConfig(m_params))
{
}

void DeepSeek2Forward::normRows(const float* in, const float* weight, float* out, Index rows, Index width)
{
    const auto eps = static_cast<float>(m_params.rmsEps);
    m_pool.parallelFor(rows, 16, [&](Index begin, Index end) {
        for (Index r = begin; r < end; ++r)
            ops::rmsNorm(in + r * width, weight, out + r * width, width, eps);
    });
}

void DeepSeek2Forward::addRows(float* x, const float* y, Index rows, Index width)
{
    m_pool.parallelFor(rows, 16, [&](Index begin, Index end) {
        for (Index i = begin * width; i < end * width; ++i)
            x[i] += y[i];
    });
}

Result<std::unique_ptr<ForwardPass>> DeepSeek2Forward::create(const GgufFile& file, ThreadPool& pool)
{
    const std::string arch = file.getString("general.architecture").value_or("deepseek2");
    Result<DeepSeek2Params> params = parseDeepSeek2Params(file, arch);
    if (!params)
        return params.error();
    Result<DeepSeek2Weights> weights = bindDeepSeek2Weights(file, params.value());
    if (!weights)
        return weights.error();
    return std::unique_ptr<ForwardPass>(
        std::make_unique<DeepSeek2Forward>(std::move(params).value(), std::move(weights).value(), pool));
}

ForwardPass::TokenCost DeepSeek2Forward::tokenCost() const
{
    TokenCost cost;
    auto add = [&cost](const cpu::WeightMatrix& w, std::uint64_t times = 1) {
        cost.weightBytes += times * static_cast<std::uint64_t>(w.rows) * w.rowStride;
        cost.weightMacs += times * static_cast<std::uint64_t>(w.rows) * static_cast<std::uint64_t>(w.cols);
    };
    auto addFfn = [&add](const FfnWeights& ffn, std::uint64_t times = 1) {
        add(ffn.gate, times);
        add(ffn.up, times);
        add(ffn.down, times);
    };
    cost.weightBytes += m_weights.tokenEmbdRowBytes;
    for (std::uint32_t l = 0; l < m_params.layerCount; ++l) {
        const DeepSeek2Layer& w = m_weights.layers[l];
        if (w.qA.data != nullptr)
            add(w.qA);
        add(w.qB);
        add(w.kvA);
        for (const cpu::WeightMatrix& k : w.kB)
            add(k);
        for (const cpu::WeightMatrix& v : w.vB)
            add(v);
        add(w.output);
        if (!m_params.isMoeLayer(l)) {
            addFfn(w.dense);
            continue;
        }
        add(w.router);
        addFfn(w.experts.front(), m_params.expertUsed);
        if (m_params.expertShared > 0)
            addFfn(w.shared);
    }
    add(m_weights.output);
    return cost;
}

std::uint64_t DeepSeek2Forward::prefillMacs(std::int64_t tokens) const
{
    if (tokens <= 0)
        return 0;
    const DeepSeek2Params& p = m_params;
    const auto n = static_cast<std::uint64_t>(tokens);
    const auto head
        = static_cast<std::uint64_t>(m_weights.output.rows) * static_cast<std::uint64_t>(m_weights.output.cols);
    // A batch's attention runs with keys and values decompressed per head (the form with fewer
    // multiply-adds per pair; the decompression is counted with the weights), token t seeing t + 1.
    const std::uint64_t pairs = n * (n + 1) / 2;
    const std::uint64_t attention = pairs * p.headCount * (p.headDimQk + p.headDimV) * p.layerCount;
    return (tokenCost().weightMacs - head) * n + head + attention;
}

std::optional<std::uint64_t> DeepSeek2Forward::interleaveWeights(const GgufFile& file, std::uint64_t budgetBytes,
                                                                 const ProgressFn& progress, const CancelToken* cancel)
{
    return interleaveDeepSeek2Weights(m_weights, file, m_pool, budgetBytes, progress, cancel);
}

KvType DeepSeek2Forward::preferredKvType() const
{
    // Where every layer's attention computes in bfloat16, a bfloat16 cache holds what the
    // products read (rounded once, not f16 then bfloat16) and the decoding kernel reads its rows
    // in place: 3.5 us of 19 per 8 heads over 576 rows went to converting f16 rows.
    const bool bf16 = std::all_of(m_weights.layers.begin(), m_weights.layers.end(), [](const DeepSeek2Layer& layer) {
        return attentionPrecision(layer) == ops::AttentionPrecision::Bf16;
    });
    return bf16 ? KvType::BF16 : KvType::F16;
}

std::unique_ptr<KvCache> DeepSeek2Forward::createCache(std::int64_t capacity, KvType type) const
{
    return std::make_unique<LatentKvCache>(m_params.layerCount, m_params.kvLoraRank, m_params.ropeDim, capacity, type);
}

Status DeepSeek2Forward::forward(std::span<const std::int32_t> tokens, KvCache& cacheBase, bool allLogits,
                                 float* logits, const CancelToken* cancel)
{
    auto* cache = dynamic_cast<LatentKvCache*>(&cacheBase);
    if (cache == nullptr)
        return Error{ErrorCode::InvalidInput, "deepseek2", "cache was not made by this model"};
    const auto count = static_cast<Index>(tokens.size());
    const Index start = cache->size();
    if (count == 0)
        return Ok{};
    if (start + count > cache->capacity())
        return Error{ErrorCode::InvalidInput, "context",
                     "full: " + std::to_string(start) + " + " + std::to_string(count) + " tokens exceed the "
                         + std::to_string(cache->capacity()) + "-token context"};
    const Index e = m_params.embedding;
    for (const std::int32_t token : tokens) {
        if (token < 0 || static_cast<std::uint32_t>(token) >= m_params.vocab)
            return Error{ErrorCode::InvalidInput, "tokens",
                         "id " + std::to_string(token) + " outside the vocabulary of "
                             + std::to_string(m_params.vocab)};
    }

    // x: [tokens, embedding], the residual stream.
    float* x = reserve(m_workspace.residual, count * e);
    for (Index t = 0; t < count; ++t) {
        const auto* row
            = static_cast<const std::byte*>(m_weights.tokenEmbd) + idx(tokens[idx(t)]) * m_weights.tokenEmbdRowBytes;
        cpu::dequantizeRow(m_weights.tokenEmbdType, row, &x[idx(t * e)], e);
    }
    trace("token_embd", -1, x, count, e);
    // Every layer rotates by the same angles: computed once per position.
    const Index rope = m_params.ropeDim;
    m_workspace.rotations.resize(idx(count * rope));
    for (Index t = 0; t < count; ++t)
        m_rope.rotation(start + t, &m_workspace.rotations[idx(t * rope)]);

    for (std::uint32_t layer = 0; layer < m_params.layerCount; ++layer) {
        if (cancel != nullptr && cancel->cancelled())
            return Error{ErrorCode::Cancelled, "generation", "cancelled"};
        attention(layer, x, count, start, *cache);
        feedForward(layer, x, count);
        trace("l_out", static_cast<int>(layer), x, count, e);
    }
    cache->setSize(start + count);

    // Final norm and output head, only for the rows the caller wants.
    const Index first = allLogits ? 0 : count - 1;
    const Index rows = count - first;
    std::vector<float> normed(idx(rows * e));
    for (Index r = 0; r < rows; ++r)
        ops::rmsNorm(&x[idx((first + r) * e)], m_weights.outputNorm, &normed[idx(r * e)], e,
                     static_cast<float>(m_params.rmsEps));
    trace("result_norm", -1, normed.data(), rows, e);
    cpu::matmul(m_pool, m_weights.output, normed.data(), rows, logits);
    trace("result_output", -1, logits, rows, m_params.vocab);
    return Ok{};
}

void DeepSeek2Forward::attention(std::uint32_t layer, float* x, Index tokens, Index start, LatentKvCache& cache)
{
    const DeepSeek2Layer& w = m_weights.layers[layer];
    const DeepSeek2Params& p = m_params;
    const Index e = p.embedding;
    const Index heads = p.headCount;
    const Index qk = p.headDimQk;
    const Index rope = p.ropeDim;
    const Index latent = p.kvLoraRank;
    const auto eps = static_cast<float>(p.rmsEps);
    const int l = static_cast<int>(layer);

    Workspace& ws = m_workspace;
    // h: [tokens, embedding]
    float* h = reserve(ws.normed, tokens * e);
    normRows(x, w.attnNorm, h, tokens, e);
    trace("attn_norm", l, h, tokens, e);

    // q: [tokens, heads, nope | rope]; kv: [tokens, latent | rope], whose latent is normalised
    // and whose rope part is the shared key. Both compressions read h: one product.
    float* q = reserve(ws.wideA, tokens * heads * qk);
    const Index kvWidth = latent + rope;
    float* kv = reserve(ws.latentKv, tokens * kvWidth);
    // Decoding in the latent space, every thread makes its own heads' queries from the query
    // latent cq inside the attention's pool loop (a head's rows of q_b are contiguous): one pool
    // loop fewer per layer.
    const bool absorbed = !decompressPays(w, tokens, start + tokens);
    const bool queriesInLoop = p.qLoraRank > 0 && absorbed && decoding(tokens)
        && (w.qB.layout == cpu::WeightLayout::Rows || qk % cpu::kInterleaveRows == 0);
    float* cq = nullptr;
    if (p.qLoraRank > 0) {
        const Index rank = p.qLoraRank;
        cq = reserve(ws.queryLatent, tokens * rank);
        const std::array<cpu::MatmulTarget, 2> compress{{{&w.qA, cq}, {&w.kvA, kv}}};
        cpu::matmulShared(m_pool, compress, h, tokens);
        normRows(cq, w.qANorm, cq, tokens, rank);
        trace("q_a_norm", l, cq, tokens, rank);
        if (!queriesInLoop)
            cpu::matmul(m_pool, w.qB, cq, tokens, q);
    } else {
        const std::array<cpu::MatmulTarget, 2> project{{{&w.qB, q}, {&w.kvA, kv}}};
        cpu::matmulShared(m_pool, project, h, tokens);
    }
    // Per token: normalise the latent, rotate the shared key and every head's query by the same
    // angles, and store [latent | rope key] in the cache.
    m_pool.parallelFor(tokens, 16, [&](Index begin, Index end) {
        for (Index t = begin; t < end; ++t) {
            float* row = &kv[idx(t * kvWidth)];
            const double* rotation = &m_workspace.rotations[idx(t * rope)];
            ops::rmsNorm(row, w.kvANorm, row, latent, eps);
            m_rope.rotate(row + latent, rotation);
            cache.store(layer, start + t, {row, idx(latent)}, {row + latent, idx(rope)});
            if (!queriesInLoop)
                rotateQueries(q + t * heads * qk, 0, heads, rotation);
        }
    });
    trace("kv_cmpr", l, kv, tokens, kvWidth);
    if (!queriesInLoop)
        trace("q_pe", l, q, tokens, heads * qk);

    // o: [tokens, heads, headDimV]
    float* o = reserve(ws.wideB, tokens * heads * p.headDimV);
    if (absorbed)
        absorbedAttention(layer, q, queriesInLoop ? cq : nullptr, tokens, start, cache, o);
    else
        decompressedAttention(layer, q, tokens, start, cache, o);
    trace("kqv_out", l, o, tokens, heads * p.headDimV);

    float* projected = reserve(ws.blockOut, tokens * e);
    cpu::matmul(m_pool, w.output, o, tokens, projected);
    trace("attn_out", l, projected, tokens, e);
    addRows(x, projected, tokens, e);
}

ops::AttentionPrecision DeepSeek2Forward::attentionPrecision(const DeepSeek2Layer& layer)
{
    // Products in bfloat16 where the key and value up-projections are quantised: their int8
    // kernels already round the latents and the weights to 8 significant bits, bfloat16's own
    // precision; float models keep float products (and their differential bound of 1e-4).
    auto quantised = [](DType type) { return type != DType::F32 && type != DType::F16 && type != DType::BF16; };
    const bool fused = layer.kvB.data != nullptr;
    const bool keys = quantised(fused ? layer.kvB.type : layer.kB.front().type);
    const bool values = quantised(fused ? layer.kvB.type : layer.vB.front().type);
    return keys && values ? ops::AttentionPrecision::Bf16 : ops::AttentionPrecision::F32;
}

bool DeepSeek2Forward::decompressPays(const DeepSeek2Layer& layer, Index tokens, Index cached) const
{
    const DeepSeek2Params& p = m_params;
    // Decompressing costs, per cached row, heads · (nope + dv) · latent multiply-adds in the
    // weight type's kernel (int8 for quantised weights: about a quarter of a float MAC's time),
    // from kv_b or from the split tensors (keys through attn_k_b's transposed copy).
    // It saves, per query token and visible row, heads · (2 · latent + rope - qk - dv) float MACs.
    auto cost = [](DType type) { return type == DType::F32 || type == DType::F16 || type == DType::BF16 ? 1.0 : 0.25; };
    const bool fused = layer.kvB.data != nullptr;
    const double keyCost = cost(fused ? layer.kvB.type : layer.kBTransposed.type);
    const double valueCost = cost(fused ? layer.kvB.type : layer.vBStacked.type);
    const double perRowDecompress
        = static_cast<double>(p.headCount) * p.kvLoraRank * (p.nopeDim * keyCost + p.headDimV * valueCost);
    const auto perPairSaved
        = static_cast<double>(p.headCount) * (2.0 * p.kvLoraRank + p.ropeDim - p.headDimQk - p.headDimV);
    const double visiblePerToken = static_cast<double>(cached - tokens) + (static_cast<double>(tokens) + 1.0) / 2.0;
    if (perRowDecompress * static_cast<double>(cached) >= perPairSaved * static_cast<double>(tokens) * visiblePerToken)
        return false;
    // The decompressed keys and values of every cached row are held at once: keep that bounded.
    constexpr double kMaxDecompressedBytes = 256.0 * 1024 * 1024;
    return static_cast<double>(cached) * p.headCount * (p.headDimQk + p.headDimV) * sizeof(float)
        <= kMaxDecompressedBytes;
}

void DeepSeek2Forward::decompressedAttention(std::uint32_t layer, const float* q, Index tokens, Index start,
                                             LatentKvCache& cache, float* o)
{
    const DeepSeek2Layer& w = m_weights.layers[layer];
    const DeepSeek2Params& p = m_params;
    const Index heads = p.headCount;
    const Index qk = p.headDimQk;
    const Index nope = p.nopeDim;
    const Index rope = p.ropeDim;
    const Index latent = p.kvLoraRank;
    const Index dv = p.headDimV;
    const Index cached = start + tokens;
    Workspace& ws = m_workspace;

    // latents: [cached, latent] and ropeKeys: [cached, rope], the shared rotary key part, widened
    // from the cache
    float* latents = reserve(ws.latents, cached * latent);
    float* ropeKeys = reserve(ws.ropeKeys, cached * rope);
    const std::size_t ropeOffset = idx(latent) * dtypeInfo(cache.elementType()).typeSize;
    m_pool.parallelFor(cached, 64, [&](Index begin, Index end) {
        for (Index s = begin; s < end; ++s) {
            const std::byte* row = cache.layerRows(layer) + idx(s) * cache.rowBytes();
            ops::widenRow(cache.elementType(), row, &latents[idx(s * latent)], latent);
            ops::widenRow(cache.elementType(), row + ropeOffset, &ropeKeys[idx(s * rope)], rope);
        }
    });
    const bool fused = w.kvB.data != nullptr;
    const ops::AttentionPrecision precision = attentionPrecision(w);
    const auto scale = static_cast<float>(p.attentionScale());
    if (ws.parts.size() < idx(m_pool.size()))
        ws.parts.resize(idx(m_pool.size()));

    // Heads go in groups whose decompressed keys and values (about 1 MiB) are attended to while
    // still cached, and only one group's are held. A group starts on a 16-row boundary of
    // interleaved matrices (whose rows come in groups of 16).
    const std::vector<std::pair<const cpu::WeightMatrix*, Index>> matrices = fused
        ? std::vector<std::pair<const cpu::WeightMatrix*, Index>>{{&w.kvB, nope + dv}}
        : std::vector<std::pair<const cpu::WeightMatrix*, Index>>{{&w.kBTransposed, nope}, {&w.vBStacked, dv}};
    Index align = 1;
    auto aligned = [&](Index n) {
        return std::all_of(matrices.begin(), matrices.end(), [n](const auto& m) {
            return m.first->layout != cpu::WeightLayout::Interleaved16 || n * m.second % cpu::kInterleaveRows == 0;
        });
    };
    while (!aligned(align))
        ++align;
    constexpr Index kGroupBytes = Index{1} << 20;
    const Index headBytes = cached * (nope + dv) * static_cast<Index>(sizeof(float));
    const Index groupHeads = std::min(heads, align * std::max<Index>(1, kGroupBytes / (align * headBytes)));
    // The group's rows of a matrix: heads [first, first + count).
    auto rowsOf = [](const cpu::WeightMatrix& m, Index rowsPerHead, Index first, Index count) {
        cpu::WeightMatrix view = m;
        view.data = static_cast<const std::byte*>(m.data) + idx(first * rowsPerHead) * m.rowStride;
        view.rows = count * rowsPerHead;
        return view;
    };
    for (Index first = 0; first < heads; first += groupHeads) {
        const Index count = std::min(groupHeads, heads - first);
        // The group's keys (nope part) and values for every cached row, each head's at a fixed
        // offset in a row: from the fused kv_b, [cached, count, nope | dv]; from the split
        // tensors, keys [cached, count, nope] through kB transposed and values [cached, count, dv].
        float* kv = reserve(ws.decompressed, cached * count * (nope + dv));
        const float* keys = kv;
        const float* values = kv + nope;
        Index keyStride = count * (nope + dv);
        Index valueStride = keyStride;
        Index keyHead = nope + dv;
        Index valueHead = nope + dv;
        if (fused) {
            cpu::matmul(m_pool, rowsOf(w.kvB, nope + dv, first, count), latents, cached, kv);
        } else {
            cpu::matmul(m_pool, rowsOf(w.kBTransposed, nope, first, count), latents, cached, kv);
            cpu::matmul(m_pool, rowsOf(w.vBStacked, dv, first, count), latents, cached, kv + cached * count * nope);
            values = kv + cached * count * nope;
            keyStride = count * nope;
            valueStride = count * dv;
            keyHead = nope;
            valueHead = dv;
        }
        std::atomic<Index> next{0};
        m_pool.run([&](int part, int) {
            for (Index g = next.fetch_add(1); g < count; g = next.fetch_add(1)) {
                const Index hd = first + g;
                ops::CausalAttention head;
                head.queries = {&q[idx(hd * qk)], heads * qk, qk};
                head.keys[0] = {keys + g * keyHead, keyStride, nope};
                head.keys[1] = {ropeKeys, rope, rope};
                head.values = {values + g * valueHead, valueStride, dv};
                head.tokens = tokens;
                head.start = start;
                head.scale = scale;
                head.out = &o[idx(hd * dv)];
                head.outStride = heads * dv;
                if (!ops::causalAttention(head, precision))
                    attendHead(head, ws.parts[idx(part)]);
            }
        });
    }
}

void DeepSeek2Forward::attendHead(const ops::CausalAttention& a, Workspace::Part& buffers)
{
    // Keys [cached, nope | rope], values [cached, dv], queries [tokens, qk] (times the attention
    // scale), each contiguous. The values on a cache line: P · V reads 64-float rows (in place in
    // the decompressed rows, 2 % slower prefill; contiguous but 16 bytes off a line, 60 % slower).
    constexpr Index kBlock = 64; // query tokens per score block: later blocks see more rows
    const Index cached = a.start + a.tokens;
    const Index nope = a.keys[0].width;
    const Index qk = nope + a.keys[1].width;
    const Index dv = a.values.width;
    const Index blockTokens = std::min(a.tokens, kBlock);
    float* keys = reserve(buffers.keys, cached * qk);
    float* values = reserve(buffers.values, cached * dv);
    float* queries = reserve(buffers.queries, a.tokens * qk);
    float* scores = reserve(buffers.scores, blockTokens * cached);
    float* out = reserve(buffers.out, blockTokens * dv);
    for (Index s = 0; s < cached; ++s) {
        std::copy_n(a.keys[0].data + s * a.keys[0].stride, nope, keys + s * qk);
        std::copy_n(a.keys[1].data + s * a.keys[1].stride, qk - nope, keys + s * qk + nope);
        std::copy_n(a.values.data + s * a.values.stride, dv, values + s * dv);
    }
    for (Index t = 0; t < a.tokens; ++t) {
        for (Index c = 0; c < qk; ++c)
            queries[t * qk + c] = a.scale * a.queries.data[t * a.queries.stride + c];
    }
    std::vector<std::byte> scratch; // float keys: matmulRows quantises nothing
    for (Index first = 0; first < a.tokens; first += kBlock) {
        const Index count = std::min(kBlock, a.tokens - first);
        const Index span = a.start + first + count; // rows the block's last token sees
        cpu::WeightMatrix keyRows{DType::F32, keys, span, qk, idx(qk) * sizeof(float)};
        cpu::matmulRows(keyRows, &queries[first * qk], count, scores, 0, span, scratch);
        for (Index t = 0; t < count; ++t) {
            float* row = &scores[t * span];
            const Index visible = a.start + first + t + 1;
            ops::softmax(row, visible);
            std::fill(row + visible, row + span, 0.0F); // causal mask
        }
        // out [count, dv] = P · V, summing value rows weighted by the probabilities
        ops::weightedRowSum(scores, span, count, span, reinterpret_cast<const std::byte*>(values), DType::F32,
                            idx(dv) * sizeof(float), dv, out);
        for (Index t = 0; t < count; ++t)
            std::copy_n(&out[t * dv], dv, a.out + (first + t) * a.outStride);
    }
}

void DeepSeek2Forward::rotateQueries(float* q, Index begin, Index end, const double* rotation) const
{
    const DeepSeek2Params& p = m_params;
    for (Index hd = begin; hd < end; ++hd)
        m_rope.rotate(&q[idx(hd * p.headDimQk + p.nopeDim)], rotation);
}

void DeepSeek2Forward::absorbedAttention(std::uint32_t layer, float* q, const float* queryLatent, Index tokens,
                                         Index start, LatentKvCache& cache, float* o)
{
    const DeepSeek2Layer& w = m_weights.layers[layer];
    const DeepSeek2Params& p = m_params;
    const Index heads = p.headCount;
    const Index qk = p.headDimQk;
    const Index nope = p.nopeDim;
    const Index rope = p.ropeDim;
    const Index latent = p.kvLoraRank;
    const Index kvWidth = latent + rope;
    const Index dv = p.headDimV;
    const int l = static_cast<int>(layer);

    // queries: [tokens, heads, latent | rope]: W_UK,h · q_nope,h (absorption) next to q_rope,h,
    // so one dot product with a cached [latent | rope] row gives the attention score.
    AlignedVector<float> queries(idx(tokens * heads * kvWidth));
    auto absorb = [&](Index begin, Index end) {
        std::vector<float> in(idx(tokens * nope));
        std::vector<float> out(idx(tokens * latent));
        std::vector<std::byte> scratch;
        for (Index hd = begin; hd < end; ++hd) {
            for (Index t = 0; t < tokens; ++t)
                std::copy_n(&q[idx((t * heads + hd) * qk)], nope, &in[idx(t * nope)]);
            cpu::matmulRows(w.kB[idx(hd)], in.data(), tokens, out.data(), 0, latent, scratch);
            for (Index t = 0; t < tokens; ++t) {
                float* query = &queries[idx((t * heads + hd) * kvWidth)];
                std::copy_n(&out[idx(t * latent)], latent, query);
                std::copy_n(&q[idx((t * heads + hd) * qk + nope)], rope, query + latent);
            }
        }
    };
    // oLatent: [tokens, heads, latent]: token t's heads [begin, end) attend to the cached rows
    // [0, start + t] in the latent space (a cached row is [latent | rope], so a query row
    // [qLatent | qRope] scores it with one dot product).
    const auto scale = static_cast<float>(p.attentionScale());
    const ops::AttentionPrecision precision = attentionPrecision(w);
    AlignedVector<float> oLatent(idx(tokens * heads * latent));
    auto attend = [&](Index t, Index begin, Index end) {
        ops::LatentAttention a;
        a.queries = &queries[idx((t * heads + begin) * kvWidth)];
        a.queryStride = kvWidth;
        a.heads = end - begin;
        a.rows = cache.layerRows(layer);
        a.rowType = cache.elementType();
        a.rowStride = cache.rowBytes();
        a.width = kvWidth;
        a.valueWidth = latent;
        a.count = start + t + 1;
        a.scale = scale;
        a.out = &oLatent[idx((t * heads + begin) * latent)];
        ops::latentAttention(a, precision);
    };
    // o = W_UV,h · oLatent,h
    auto project = [&](Index begin, Index end) {
        std::vector<float> in(idx(tokens * latent));
        std::vector<float> out(idx(tokens * dv));
        std::vector<std::byte> scratch;
        for (Index hd = begin; hd < end; ++hd) {
            for (Index t = 0; t < tokens; ++t)
                std::copy_n(&oLatent[idx((t * heads + hd) * latent)], latent, &in[idx(t * latent)]);
            cpu::matmulRows(w.vB[idx(hd)], in.data(), tokens, out.data(), 0, dv, scratch);
            for (Index t = 0; t < tokens; ++t)
                std::copy_n(&out[idx(t * dv)], dv, &o[idx((t * heads + hd) * dv)]);
        }
    };

    // With fewer tokens than threads (decoding) every thread takes a share of the heads through
    // all three steps in one pool loop, sized by the threads' speeds (a head's results do not
    // depend on who computes it with which others); the heads' matrices lie one after the other,
    // so its reads stay sequential. With more, the later tokens see more rows: threads take
    // tokens round-robin for the attention, and heads for the products around it.
    const Index threadCount = m_pool.size();
    if (decoding(tokens)) {
        m_pool.parallelForBalanced(heads, 1, [&](Index begin, Index end) {
            if (queryLatent != nullptr) {
                // q = q_b · cq for these heads' rows, rotated as attention() rotates the others'.
                std::vector<std::byte> scratch;
                cpu::matmulRows(w.qB, queryLatent, tokens, q, begin * qk, end * qk, scratch);
                for (Index t = 0; t < tokens; ++t)
                    rotateQueries(q + t * heads * qk, begin, end, &m_workspace.rotations[idx(t * rope)]);
            }
            absorb(begin, end);
            for (Index t = 0; t < tokens; ++t)
                attend(t, begin, end);
            project(begin, end);
        });
        if (queryLatent != nullptr)
            trace("q_pe", l, q, tokens, heads * qk);
        trace("q_latent", l, queries.data(), tokens, heads * kvWidth);
        trace("kqv_latent", l, oLatent.data(), tokens, heads * latent);
        return;
    }
    const Index headRun = (heads + threadCount - 1) / threadCount;
    m_pool.parallelFor(heads, headRun, absorb);
    trace("q_latent", l, queries.data(), tokens, heads * kvWidth);
    m_pool.run([&](int thread, int threads) {
        for (Index t = thread; t < tokens; t += threads)
            attend(t, 0, heads);
    });
    trace("kqv_latent", l, oLatent.data(), tokens, heads * latent);
    m_pool.parallelFor(heads, headRun, project);
}

void DeepSeek2Forward::feedForward(std::uint32_t layer, float* x, Index tokens)
{
    const DeepSeek2Layer& w = m_weights.layers[layer];
    const Index e = m_params.embedding;
    float* h = reserve(m_workspace.normed, tokens * e);
    normRows(x, w.ffnNorm, h, tokens, e);
    trace("ffn_norm", static_cast<int>(layer), h, tokens, e);

    float* out = reserve(m_workspace.blockOut, tokens * e);
    if (m_params.isMoeLayer(layer))
        moe(layer, h, tokens, out);
    else
        swiglu(w.dense, h, tokens, out);
    trace("ffn_out", static_cast<int>(layer), out, tokens, e);
    addRows(x, out, tokens, e);
}

void DeepSeek2Forward::swiglu(const FfnWeights& ffn, const float* in, Index tokens, float* out)
{
    // In pieces of kSwigluTokens tokens, the prefill kernels' pass over the weights: the same
    // weight reads, and the gate and up buffers of the bench model's dense layer at 512 tokens
    // take 5.8 MB instead of 11.6.
    constexpr Index kSwigluTokens = 256;
    const Index ff = ffn.gate.rows;
    const Index e = ffn.gate.cols;
    float* gate = reserve(m_workspace.wideA, std::min(tokens, kSwigluTokens) * ff);
    float* up = reserve(m_workspace.wideB, std::min(tokens, kSwigluTokens) * ff);
    const std::array<cpu::MatmulTarget, 2> gateUp{{{&ffn.gate, gate}, {&ffn.up, up}}};
    for (Index first = 0; first < tokens; first += kSwigluTokens) {
        const Index count = std::min(kSwigluTokens, tokens - first);
        cpu::matmulShared(m_pool, gateUp, in + first * e, count);
        m_pool.parallelFor(count * ff, Index{1} << 14,
                           [&](Index begin, Index end) { ops::siluMul(gate + begin, up + begin, end - begin); });
        cpu::matmul(m_pool, ffn.down, gate, count, out + first * ffn.down.rows);
    }
}

DeepSeek2Forward::Routing DeepSeek2Forward::route(const DeepSeek2Layer& w, const float* in, Index tokens)
{
    const DeepSeek2Params& p = m_params;
    const Index experts = p.expertCount;
    std::vector<float> logits(idx(tokens * experts));
    cpu::matmul(m_pool, w.router, in, tokens, logits.data());

    // Each token's choice is independent: tokens in parallel, then the per-expert lists in token
    // order (the order the experts' results are summed in).
    const Index used = p.expertUsed;
    std::vector<Index> chosen(idx(tokens * used));
    std::vector<float> chosenWeights(idx(tokens * used));
    const Index groupSize = experts / p.expertGroups;
    const bool limitGroups = p.expertGroups > 1 && p.expertGroupsUsed < p.expertGroups;
    m_pool.parallelFor(tokens, 16, [&](Index begin, Index end) {
        std::vector<float> probs(idx(experts));
        std::vector<float> select(idx(experts));
        std::vector<Index> order(idx(used));
        std::vector<float> groupScores(idx(p.expertGroups));
        std::vector<Index> keptGroups(idx(p.expertGroupsUsed));
        std::vector<bool> kept(idx(p.expertGroups));
        for (Index t = begin; t < end; ++t) {
            const float* row = &logits[idx(t * experts)];
            std::copy_n(row, experts, probs.begin());
            if (p.gating == ExpertGating::Softmax) {
                ops::softmax(probs.data(), experts);
            } else {
                for (float& v : probs)
                    v = 1.0F / (1.0F + std::exp(-v));
            }
            // The bias steers which experts are chosen, never how much they weigh (noaux_tc).
            for (Index i = 0; i < experts; ++i)
                select[idx(i)] = probs[idx(i)] + (w.routerBias != nullptr ? w.routerBias[i] : 0.0F);

            if (limitGroups) {
                // Group score: the sum of its two best selection scores; keep the best groups.
                for (Index g = 0; g < p.expertGroups; ++g) {
                    float first = -std::numeric_limits<float>::infinity();
                    float second = first;
                    for (Index i = g * groupSize; i < (g + 1) * groupSize; ++i) {
                        const float v = select[idx(i)];
                        if (v > first) {
                            second = first;
                            first = v;
                        } else if (v > second) {
                            second = v;
                        }
                    }
                    groupScores[idx(g)] = first + second;
                }
                largestFirst(groupScores, keptGroups);
                std::fill(kept.begin(), kept.end(), false);
                for (const Index g : keptGroups)
                    kept[idx(g)] = true;
                for (Index g = 0; g < p.expertGroups; ++g) {
                    if (!kept[idx(g)])
                        std::fill(select.begin() + g * groupSize, select.begin() + (g + 1) * groupSize,
                                  -std::numeric_limits<float>::infinity());
                }
            }
            largestFirst(select, order);
            float sum = 0.0F;
            for (Index k = 0; k < used; ++k)
                sum += probs[idx(order[idx(k)])];
            sum = std::max(sum, 6.103515625e-5F); // llama.cpp's clamp: no division by a vanishing sum
            for (Index k = 0; k < used; ++k) {
                const Index expert = order[idx(k)];
                float weight = probs[idx(expert)];
                if (p.expertWeightsNorm)
                    weight /= sum;
                weight *= static_cast<float>(p.expertWeightsScale);
                chosen[idx(t * used + k)] = expert;
                chosenWeights[idx(t * used + k)] = weight;
            }
        }
    });

    Routing routing;
    routing.tokensOf.resize(idx(experts));
    routing.weightsOf.resize(idx(experts));
    std::vector<std::size_t> counts(idx(experts));
    for (const Index expert : chosen)
        ++counts[idx(expert)];
    for (Index expert = 0; expert < experts; ++expert) {
        routing.tokensOf[idx(expert)].reserve(counts[idx(expert)]);
        routing.weightsOf[idx(expert)].reserve(counts[idx(expert)]);
    }
    for (Index t = 0; t < tokens; ++t) {
        for (Index k = 0; k < used; ++k) {
            routing.tokensOf[idx(chosen[idx(t * used + k)])].push_back(t);
            routing.weightsOf[idx(chosen[idx(t * used + k)])].push_back(chosenWeights[idx(t * used + k)]);
        }
    }
    return routing;
}

void DeepSeek2Forward::moe(std::uint32_t layer, const float* in, Index tokens, float* out)
{
    const DeepSeek2Layer& w = m_weights.layers[layer];
    const Index e = m_params.embedding;
    const Routing routing = route(w, in, tokens);
    trace("ffn_moe_route", static_cast<int>(layer), in, tokens, e);

    std::vector<Index> active;
    for (Index expert = 0; expert < static_cast<Index>(m_params.expertCount); ++expert) {
        if (!routing.tokensOf[idx(expert)].empty())
            active.push_back(expert);
    }
    // The shared experts' output starts every token's sum. Decoding, when every thread has two
    // experts' work or more, they are one more expert in the slot loop below (slot 0, every
    // token, weight 1): two pool loops fewer per layer. Otherwise their rows split over the pool.
    const bool sharedSlot
        = m_params.expertShared > 0 && decoding(tokens) && static_cast<Index>(active.size()) + 1 >= 2 * m_pool.size();
    std::vector<Index> everyToken; // slot 0 is added first and writes `out` whole
    if (sharedSlot) {
        everyToken.resize(idx(tokens));
        std::iota(everyToken.begin(), everyToken.end(), Index{0});
    } else if (m_params.expertShared > 0) {
        swiglu(w.shared, in, tokens, out);
        trace("ffn_shexp", static_cast<int>(layer), out, tokens, e);
    } else {
        std::fill_n(out, tokens * e, 0.0F);
    }
    const std::size_t first = sharedSlot ? 1 : 0; // the first routed expert's slot
    auto ffnOf = [&](std::size_t slot) -> const FfnWeights& {
        return slot < first ? w.shared : w.experts[idx(active[slot - first])];
    };
    auto tokensOf = [&](std::size_t slot) -> const std::vector<Index>& {
        return slot < first ? everyToken : routing.tokensOf[idx(active[slot - first])];
    };

    // The experts read the layer's input in one format: quantised once for all of them.
    cpu::ActivationRows& input = m_workspace.expertInput;
    cpu::quantizeActivationRows(m_pool, w.experts.front().gate.type, in, tokens, e, input);
    // One expert's output rows [routed tokens, embedding] into `result`.
    auto runExpert = [&](std::size_t slot, bool parallelRows, float* result) {
        const FfnWeights& ffn = ffnOf(slot);
        const std::vector<Index>& routed = tokensOf(slot);
        const auto n = static_cast<Index>(routed.size());
        const Index ff = ffn.gate.rows;
        // Per thread and reused: the buffers stay in this core's cache from expert to expert.
        thread_local ScratchVector<float> gate;
        thread_local ScratchVector<float> up;
        thread_local std::vector<std::byte> scratch;
        gate.resize(std::max(gate.size(), idx(n * ff)));
        up.resize(std::max(up.size(), idx(n * ff)));
        const std::array<cpu::MatmulTarget, 2> gateUp{{{&ffn.gate, gate.data()}, {&ffn.up, up.data()}}};
        if (parallelRows) {
            ScratchVector<float> gathered(idx(n * e));
            for (Index r = 0; r < n; ++r)
                std::copy_n(&in[idx(routed[idx(r)] * e)], e, &gathered[idx(r * e)]);
            cpu::matmulShared(m_pool, gateUp, gathered.data(), n);
            ops::siluMul(gate.data(), up.data(), n * ff);
            cpu::matmul(m_pool, ffn.down, gate.data(), n, result);
        } else {
            cpu::matmulRowsGathered(gateUp, input, routed, scratch);
            ops::siluMul(gate.data(), up.data(), n * ff);
            cpu::matmulRows(ffn.down, gate.data(), n, result, 0, e, scratch);
        }
    };
    // Its rows, weighted, into its tokens' sums.
    auto addExpert = [&](std::size_t slot, const float* result) {
        if (slot < first) {
            std::copy_n(result, tokens * e, out);
            return;
        }
        const std::vector<Index>& routed = tokensOf(slot);
        const std::vector<float>& weights = routing.weightsOf[idx(active[slot - first])];
        for (std::size_t r = 0; r < routed.size(); ++r)
            ops::axpy(weights[r], result + r * idx(e), out + routed[r] * e, e);
    };
    if (sharedSlot) {
        runInSlotOrder(
            m_pool, active.size() + first, [&](std::size_t slot, float* rows) { runExpert(slot, false, rows); },
            addExpert, [&](std::size_t slot) { return tokensOf(slot).size() * idx(e); });
    } else if (active.size() == 1) {
        thread_local ScratchVector<float> rows;
        rows.resize(std::max(rows.size(), routing.tokensOf[idx(active.front())].size() * idx(e)));
        runExpert(0, true, rows.data());
        addExpert(0, rows.data());
    } else if (active.size() > 1) {
        runInSlotOrder(
            m_pool, active.size(), [&](std::size_t slot, float* rows) { runExpert(slot, false, rows); }, addExpert,
            [&](std::size_t slot) { return routing.tokensOf[idx(active[slot])].size() * idx(e); });
    }
    trace("ffn_moe_experts", static_cast<int>(layer), in, tokens, e);
}

} // namespace cairn
