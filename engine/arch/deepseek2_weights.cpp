// SPDX-License-Identifier: MIT
// Tensor names follow llama.cpp's deepseek2 layout (shared/docs/deepseek-architectures.md §4.2).

#include "engine/arch/deepseek2_weights.h"

#include "engine/backends/backend.h"
#include "engine/backends/cpu/quantize.h"
#include "engine/backends/cpu/tile_kernel.h"
#include "engine/core/fp16.h"
#include "engine/format/gguf_file.h"

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>

namespace cairn {

namespace {

std::string dimsText(const std::vector<std::uint64_t>& dims)
{
    std::string text = "[";
    for (std::size_t i = 0; i < dims.size(); ++i)
        text += (i > 0 ? ", " : "") + std::to_string(dims[i]);
    return text + "]";
}

class Binder {
public:
    explicit Binder(const GgufFile& file) : m_file(file) { }

    const GgufTensor* find(const std::string& name, std::vector<std::uint64_t> dims, bool required = true)
    {
        const GgufTensor* tensor = m_file.tensor(name);
        if (tensor == nullptr) {
            if (required)
                fail("missing tensor " + name);
            return nullptr;
        }
        // Trailing 1-sized dimensions may be dropped by writers.
        while (dims.size() > tensor->dims.size() && dims.back() == 1)
            dims.pop_back();
        if (tensor->dims != dims) {
            fail("tensor " + name + " has shape " + dimsText(tensor->dims) + ", expected " + dimsText(dims));
            return nullptr;
        }
        return tensor;
    }

    const float* vector(const std::string& name, std::uint64_t length, bool required = true)
    {
        const GgufTensor* tensor = find(name, {length}, required);
        if (tensor == nullptr)
            return nullptr;
        if (tensor->type != DType::F32) {
            fail("tensor " + name + " is " + std::string(dtypeInfo(tensor->type).name)
                 + "; norms and biases must be f32");
            return nullptr;
        }
        return reinterpret_cast<const float*>(tensor->data);
    }

    cpu::WeightMatrix matrix(const std::string& name, std::uint64_t cols, std::uint64_t rows, bool required = true)
    {
        const GgufTensor* tensor = find(name, {cols, rows}, required);
        if (tensor == nullptr || !supported(*tensor))
            return {};
        return view(*tensor, tensor->data, rows, cols);
    }

    /// Slices of a 3-D tensor [cols, rows, count], one matrix per slice.
    std::vector<cpu::WeightMatrix> slices(const std::string& name, std::uint64_t cols, std::uint64_t rows,
                                          std::uint64_t count)
    {
        const GgufTensor* tensor = find(name, {cols, rows, count});
        if (tensor == nullptr || !supported(*tensor))
            return {};
        std::vector<cpu::WeightMatrix> result;
        const std::uint64_t sliceBytes = tensor->bytes / count;
        for (std::uint64_t i = 0; i < count; ++i)
            result.push_back(view(*tensor, tensor->data + i * sliceBytes, rows, cols));
        return result;
    }

    void fail(std::string problem)
    {
        if (m_problem.empty())
            m_problem = std::move(problem);
    }
    [[nodiscard]] const std::string& problem() const { return m_problem; }

private:
    bool supported(const GgufTensor& tensor)
    {
        if (!cpuBackend().supports(Op::MatMul, tensor.type)) {
            fail("tensor " + tensor.name + " has type " + std::string(dtypeInfo(tensor.type).name)
                 + ", which this build has no kernels for");
            return false;
        }
        return true;
    }

    static cpu::WeightMatrix view(const GgufTensor& tensor, const std::byte* data, std::uint64_t rows,
                                  std::uint64_t cols)
    {
        cpu::WeightMatrix w;
        w.type = tensor.type;
        w.data = data;
        w.rows = static_cast<std::int64_t>(rows);
        w.cols = static_cast<std::int64_t>(cols);
        w.rowStride = static_cast<std::size_t>(rowBytes(tensor.type, cols).value_or(0));
        return w;
    }

    const GgufFile& m_file;
    std::string m_problem;
};

FfnWeights ffn(Binder& bind, const std::string& prefix, const std::string& suffix, std::uint64_t embedding,
               std::uint64_t ff)
{
    FfnWeights weights;
    weights.gate = bind.matrix(prefix + "ffn_gate" + suffix + ".weight", embedding, ff);
    weights.up = bind.matrix(prefix + "ffn_up" + suffix + ".weight", embedding, ff);
    weights.down = bind.matrix(prefix + "ffn_down" + suffix + ".weight", ff, embedding);
    return weights;
}

/// The legacy fused kv_b holds, per head, nope rows (key) then headDimV rows (value), each of
/// kvLoraRank values. Values are used as stored; the key half is transposed so that it absorbs
/// q_nope like the split `attn_k_b` does: in the file's type when that is a float type (exact),
/// else in f16 (quantised blocks do not survive a transpose; f16 adds 2^-11 relative rounding).
void bindFusedKvB(Binder& bind, const std::string& name, const DeepSeek2Params& p, DeepSeek2Layer& layer,
                  DeepSeek2Weights& weights)
{
    const std::uint64_t perHead = p.nopeDim + p.headDimV;
    const cpu::WeightMatrix fused = bind.matrix(name, p.kvLoraRank, perHead * p.headCount);
    if (fused.data == nullptr)
        return;
    layer.kvB = fused;
    const bool floatSource = fused.type == DType::F32 || fused.type == DType::F16 || fused.type == DType::BF16;
    const DType keyType = floatSource ? fused.type : DType::F16;
    const std::size_t elementBytes = dtypeInfo(keyType).typeSize;
    std::vector<float> row(p.kvLoraRank);
    for (std::uint32_t h = 0; h < p.headCount; ++h) {
        auto transposed
            = std::make_unique<std::byte[]>(static_cast<std::size_t>(p.kvLoraRank) * p.nopeDim * elementBytes);
        for (std::uint32_t i = 0; i < p.nopeDim; ++i) {
            const auto* src = static_cast<const std::byte*>(fused.data) + (h * perHead + i) * fused.rowStride;
            cpu::dequantizeRow(fused.type, src, row.data(), p.kvLoraRank);
            for (std::uint32_t j = 0; j < p.kvLoraRank; ++j) {
                std::byte* dst = &transposed[(static_cast<std::size_t>(j) * p.nopeDim + i) * elementBytes];
                if (keyType == DType::F32) {
                    std::memcpy(dst, &row[j], sizeof(float));
                } else {
                    const std::uint16_t bits = keyType == DType::BF16 ? f32ToBf16(row[j]) : f32ToFp16(row[j]);
                    std::memcpy(dst, &bits, sizeof bits);
                }
            }
        }
        cpu::WeightMatrix k;
        k.type = keyType;
        k.data = transposed.get();
        k.rows = p.kvLoraRank;
        k.cols = p.nopeDim;
        k.rowStride = static_cast<std::size_t>(p.nopeDim) * elementBytes;
        layer.kB.push_back(k);
        weights.owned.push_back(std::move(transposed));

        cpu::WeightMatrix v = fused;
        v.data = static_cast<const std::byte*>(fused.data) + (h * perHead + p.nopeDim) * fused.rowStride;
        v.rows = p.headDimV;
        layer.vB.push_back(v);
    }
}

/// Every head's split attn_k_b,h [latent rows, nope] transposed into rows of one matrix
/// [heads·nope rows, latent]: row h·nope + i holds, for each latent j, the weight that latent j
/// gives key element i of head h. Float types keep their type (an exact copy). Quantised ones
/// become Q8_0, which the int8 kernels multiply about four times faster than floats: their
/// dequantised values are requantised in blocks of 32 along the latent axis, adding a rounding of
/// at most half a step (1/254 of a block's largest magnitude) on top of the file's own, the size of
/// the 8-bit rounding every quantised matmul gives its activations. F16 (2^-11 relative) when the
/// latent width is not whole Q8_0 blocks.
cpu::WeightMatrix transposeKeys(const std::vector<cpu::WeightMatrix>& kB, const DeepSeek2Params& p,
                                DeepSeek2Weights& weights)
{
    const DType source = kB.front().type;
    const bool floatSource = source == DType::F32 || source == DType::F16 || source == DType::BF16;
    const DType type = floatSource                             ? source
        : p.kvLoraRank % dtypeInfo(DType::Q8_0).blockSize == 0 ? DType::Q8_0
                                                               : DType::F16;
    cpu::WeightMatrix t;
    t.type = type;
    t.rows = static_cast<std::int64_t>(p.headCount) * p.nopeDim;
    t.cols = p.kvLoraRank;
    t.rowStride = static_cast<std::size_t>(rowBytes(type, p.kvLoraRank).value_or(0));
    auto bytes = std::make_unique<std::byte[]>(static_cast<std::size_t>(t.rows) * t.rowStride);
    std::vector<float> head(static_cast<std::size_t>(p.kvLoraRank) * p.nopeDim);
    std::vector<float> column(p.kvLoraRank);
    for (std::uint32_t h = 0; h < p.headCount; ++h) {
        for (std::uint32_t j = 0; j < p.kvLoraRank; ++j)
            cpu::dequantizeMatrixRow(kB[h], j, &head[static_cast<std::size_t>(j) * p.nopeDim]);
        for (std::uint32_t i = 0; i < p.nopeDim; ++i) {
            for (std::uint32_t j = 0; j < p.kvLoraRank; ++j)
                column[j] = head[static_cast<std::size_t>(j) * p.nopeDim + i];
            cpu::quantizeRow(type, column.data(), &bytes[(static_cast<std::size_t>(h) * p.nopeDim + i) * t.rowStride],
                             p.kvLoraRank);
        }
    }
    t.data = bytes.get();
    weights.owned.push_back(std::move(bytes));
    return t;
}

} // namespace

Result<DeepSeek2Weights> bindDeepSeek2Weights(const GgufFile& file, const DeepSeek2Params& p)
{
    Binder bind(file);
    DeepSeek2Weights weights;
    const std::uint64_t e = p.embedding;

    if (const GgufTensor* embd = bind.find("token_embd.weight", {e, p.vocab})) {
        weights.tokenEmbd = embd->data;
        weights.tokenEmbdType = embd->type;
        weights.tokenEmbdRowBytes = static_cast<std::size_t>(rowBytes(embd->type, e).value_or(0));
        if (!cpuBackend().supports(Op::MatMul, embd->type))
            bind.fail("token_embd.weight has an unsupported type " + std::string(dtypeInfo(embd->type).name));
    }
    weights.outputNorm = bind.vector("output_norm.weight", e);
    weights.output = bind.matrix("output.weight", e, p.vocab, false);
    if (weights.output.data == nullptr && file.tensor("output.weight") == nullptr)
        weights.output = bind.matrix("token_embd.weight", e, p.vocab);

    for (std::uint32_t l = 0; l < p.layerCount && bind.problem().empty(); ++l) {
        const std::string blk = "blk." + std::to_string(l) + ".";
        DeepSeek2Layer layer;
        layer.attnNorm = bind.vector(blk + "attn_norm.weight", e);
        const std::uint64_t qWidth = static_cast<std::uint64_t>(p.headCount) * p.headDimQk;
        if (p.qLoraRank > 0) {
            layer.qA = bind.matrix(blk + "attn_q_a.weight", e, p.qLoraRank);
            layer.qANorm = bind.vector(blk + "attn_q_a_norm.weight", p.qLoraRank);
            layer.qB = bind.matrix(blk + "attn_q_b.weight", p.qLoraRank, qWidth);
        } else {
            layer.qB = bind.matrix(blk + "attn_q.weight", e, qWidth);
        }
        layer.kvA = bind.matrix(blk + "attn_kv_a_mqa.weight", e, p.kvLoraRank + p.ropeDim);
        layer.kvANorm = bind.vector(blk + "attn_kv_a_norm.weight", p.kvLoraRank);
        if (file.tensor(blk + "attn_k_b.weight") != nullptr) {
            layer.kB = bind.slices(blk + "attn_k_b.weight", p.nopeDim, p.kvLoraRank, p.headCount);
            layer.vB = bind.slices(blk + "attn_v_b.weight", p.kvLoraRank, p.headDimV, p.headCount);
            if (!layer.kB.empty() && !layer.vB.empty()) {
                layer.kBTransposed = transposeKeys(layer.kB, p, weights);
                layer.vBStacked = layer.vB.front();
                layer.vBStacked.rows = static_cast<std::int64_t>(p.headCount) * p.headDimV;
            }
        } else if (file.tensor(blk + "attn_kv_b.weight") != nullptr) {
            bindFusedKvB(bind, blk + "attn_kv_b.weight", p, layer, weights);
        } else {
            bind.fail("missing tensor " + blk + "attn_k_b.weight (or the legacy " + blk + "attn_kv_b.weight)");
        }
        layer.output = bind.matrix(blk + "attn_output.weight", static_cast<std::uint64_t>(p.headCount) * p.headDimV, e);
        layer.ffnNorm = bind.vector(blk + "ffn_norm.weight", e);
        if (!p.isMoeLayer(l)) {
            layer.dense = ffn(bind, blk, "", e, p.denseFf);
        } else {
            layer.router = bind.matrix(blk + "ffn_gate_inp.weight", e, p.expertCount);
            layer.routerBias = bind.vector(blk + "exp_probs_b.bias", p.expertCount, false);
            const auto gates = bind.slices(blk + "ffn_gate_exps.weight", e, p.expertFf, p.expertCount);
            const auto ups = bind.slices(blk + "ffn_up_exps.weight", e, p.expertFf, p.expertCount);
            const auto downs = bind.slices(blk + "ffn_down_exps.weight", p.expertFf, e, p.expertCount);
            for (std::size_t i = 0; i < gates.size() && i < ups.size() && i < downs.size(); ++i)
                layer.experts.push_back(FfnWeights{gates[i], ups[i], downs[i]});
            if (p.expertShared > 0)
                layer.shared = ffn(bind, blk, "_shexp", e, static_cast<std::uint64_t>(p.expertFf) * p.expertShared);
        }
        weights.layers.push_back(std::move(layer));
    }
    if (!bind.problem().empty())
        return Error{ErrorCode::InvalidInput, file.path(), bind.problem()};
    return weights;
}

std::optional<std::uint64_t> interleaveDeepSeek2Weights(DeepSeek2Weights& weights, const GgufFile& file,
                                                        ThreadPool& pool, std::uint64_t budgetBytes,
                                                        const ProgressFn& progress, const CancelToken* cancel)
{
    std::vector<cpu::WeightMatrix*> matrices{&weights.output};
    auto addFfn = [&matrices](FfnWeights& ffn) {
        matrices.push_back(&ffn.gate);
        matrices.push_back(&ffn.up);
        matrices.push_back(&ffn.down);
    };
    for (DeepSeek2Layer& layer : weights.layers) {
        for (cpu::WeightMatrix* w : {&layer.qA, &layer.qB, &layer.kvA, &layer.output, &layer.router})
            matrices.push_back(w);
        // Split attn_k_b slices are matrices of their own, and so is their transposed copy;
        // attn_v_b goes whole, its per-head slices become views of the copy below. The fused
        // attn_kv_b's are views of it (and its key half a transposed f16 copy).
        if (layer.kvB.data == nullptr) {
            for (cpu::WeightMatrix& w : layer.kB)
                matrices.push_back(&w);
            matrices.push_back(&layer.kBTransposed);
            // A head's slice starts on a group of 16 interleaved rows only when headDimV is a
            // multiple of 16; otherwise no slice could be interleaved on its own either.
            if (layer.vBStacked.rows % cpu::kInterleaveRows == 0 && !layer.vB.empty()
                && layer.vB.front().rows % cpu::kInterleaveRows == 0)
                matrices.push_back(&layer.vBStacked);
        }
        addFfn(layer.dense);
        addFfn(layer.shared);
        for (FfnWeights& expert : layer.experts)
            addFfn(expert);
    }
    std::vector<const void*> transposedSources;
    for (const DeepSeek2Layer& layer : weights.layers)
        transposedSources.push_back(layer.kBTransposed.data);
    const std::optional<std::uint64_t> copied = weights.interleaved.build(
        matrices, pool, budgetBytes, [&file](const void* data, std::uint64_t bytes) { file.release(data, bytes); },
        progress, cancel);
    for (std::size_t l = 0; l < weights.layers.size(); ++l) {
        DeepSeek2Layer& layer = weights.layers[l];
        if (layer.vBStacked.layout == cpu::WeightLayout::Interleaved16) {
            for (std::size_t h = 0; h < layer.vB.size(); ++h) {
                cpu::WeightMatrix& slice = layer.vB[h];
                slice = layer.vBStacked;
                slice.rows = layer.vBStacked.rows / static_cast<std::int64_t>(layer.vB.size());
                slice.data = static_cast<const std::byte*>(layer.vBStacked.data)
                    + h * static_cast<std::size_t>(slice.rows) * layer.vBStacked.rowStride;
            }
        }
        // The transposed keys' own copy is not read once interleaved.
        if (layer.kBTransposed.layout == cpu::WeightLayout::Interleaved16) {
            std::erase_if(weights.owned, [&](const std::unique_ptr<std::byte[]>& bytes) {
                return bytes.get() == transposedSources[l];
            });
        }
    }
    return copied;
}

} // namespace cairn
