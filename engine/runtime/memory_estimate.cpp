// SPDX-License-Identifier: MIT
// estimateMemory: the buffers a deepseek2 session allocates, sized from the model's shape. The
// workspace mirrors arch/deepseek2.cpp (one forward pass of a prefill batch) and kv/latent_kv_cache.
// Checked on the bench preset (q4_K, 550 MB file, 2 threads, release build), peak RSS over the
// RSS before loading: a Session with the default 512-token batch fed 2048 / 8192 tokens used
// 627 / 766 MB, estimated 636 / 789 MB (+1.5 % / +3 %); `cairn-cli bench` (one batch of the
// whole prompt) used 588 / 682 / 1042 MB for 529 / 2057 / 8201 tokens, estimated 610 / 725 /
// 1185 MB (+4 % / +6 % / +14 %).

#include "engine/api/model_info.h"

#include <algorithm>
#include <thread>

namespace cairn {

namespace {

constexpr std::uint64_t kFloat = sizeof(float);
constexpr std::uint64_t kBatch = 512;                          ///< ContextParams::batchSize's default
constexpr std::uint64_t kScoreBudget = std::uint64_t{8} << 20; ///< floats, deepseek2's absorbed attention
constexpr std::uint64_t kScoreBlock = 64;                      ///< query tokens per score block
constexpr std::uint64_t kMaxDecompressedBytes = std::uint64_t{256} << 20;
constexpr std::uint64_t kDecompressedGroupBytes = std::uint64_t{1} << 20; ///< deepseek2's head groups
/// Per vocabulary entry: its string and score in the parsed metadata, and the tokenizer's tables.
constexpr std::uint64_t kBytesPerVocabEntry = 512;
/// Thread stacks, allocator arenas and the model's own bookkeeping.
constexpr std::uint64_t kBaseBytes = std::uint64_t{16} << 20;

std::uint64_t kvElementBytes(KvType type)
{
    return type == KvType::F32 ? 4 : 2;
}

/// Floats live at the peak of one forward pass over `batch` tokens with `context` cached.
std::uint64_t forwardFloats(const ModelInfo& m, std::uint64_t batch, std::uint64_t context)
{
    const std::uint64_t e = m.embedding;
    const std::uint64_t heads = m.headCount;
    const std::uint64_t latent = m.kvLoraRank;
    const std::uint64_t kvWidth = latent + m.ropeDim;
    const std::uint64_t qk = m.headDimQk;
    const std::uint64_t dv = m.headDimV;
    const std::uint64_t nope = qk > m.ropeDim ? qk - m.ropeDim : 0;
    const std::uint64_t threads = std::max(1U, std::thread::hardware_concurrency());

    // Residual stream, norm output and output projection, then attention's own buffers.
    const std::uint64_t common = 3 * batch * e;
    const std::uint64_t projections = batch * (heads * qk + m.qLoraRank + kvWidth + heads * dv);
    const std::uint64_t absorbed = batch * heads * (kvWidth + latent);
    std::uint64_t decompressed = 0;
    if (context * heads * (qk + dv) * kFloat <= kMaxDecompressedBytes) {
        // Latents and rotary keys widened, one group of heads' keys and values (about
        // kDecompressedGroupBytes), and each thread's per-head buffers.
        const std::uint64_t groupHeads = std::clamp<std::uint64_t>(
            kDecompressedGroupBytes / std::max<std::uint64_t>(1, context * (nope + dv) * kFloat), 1,
            std::max(1U, m.headCount));
        decompressed = context * (latent + m.ropeDim + groupHeads * (nope + dv))
            + threads * (context * (qk + dv) + batch * qk + std::min(batch, kScoreBlock) * (context + dv));
    }
    const std::uint64_t attention = common + projections + std::max(absorbed, decompressed);

    // Feed-forward: a dense SwiGLU, or routed experts' outputs plus the shared experts.
    const std::uint64_t dense = 2 * batch * m.denseFf;
    const std::uint64_t routed = batch * m.expertUsedCount * (e + 2 * m.expertFf) + batch * m.expertCount;
    const std::uint64_t shared = 2 * batch * m.expertFf * m.expertSharedCount;
    const std::uint64_t feedForward = common + std::max(dense, routed + shared);

    // Attention scores are kept between calls at their largest size.
    const std::uint64_t block = std::clamp<std::uint64_t>(kScoreBudget / std::max<std::uint64_t>(1, heads * context), 1,
                                                          std::min(batch, kScoreBlock));
    const std::uint64_t scores = block * heads * context;
    // The last row's normed state and logits, and the session's copy of the logits.
    const std::uint64_t output = e + 2 * std::uint64_t{m.vocab};
    return std::max(attention, feedForward) + scores + output;
}

} // namespace

MemoryEstimate estimateMemory(const ModelInfo& info, std::int64_t contextLength, KvType kvType, std::int64_t batchSize)
{
    const std::uint64_t context = contextLength > 0 ? static_cast<std::uint64_t>(contextLength) : info.trainedContext;
    MemoryEstimate estimate;
    estimate.weightBytes = info.fileBytes;
    estimate.kvCacheBytes
        = context * info.layerCount * (std::uint64_t{info.kvLoraRank} + info.ropeDim) * kvElementBytes(kvType);
    const std::uint64_t batch
        = std::clamp<std::uint64_t>(context, 1, static_cast<std::uint64_t>(std::max<std::int64_t>(1, batchSize)));
    // The loader's transposed copies of the key up-projection, heads · nope · latent values a
    // layer: Q8_0 for quantised split attn_k_b (1.06 bytes a value), f16 for a fused attn_kv_b;
    // two bytes a value covers both (an f32 model's take four).
    const std::uint64_t nope = info.headDimQk > info.ropeDim ? info.headDimQk - info.ropeDim : 0;
    const std::uint64_t transposedKeys = std::uint64_t{info.layerCount} * info.headCount * nope * info.kvLoraRank * 2;
    estimate.workspaceBytes = forwardFloats(info, batch, context) * kFloat + transposedKeys
        + std::uint64_t{info.vocab} * kBytesPerVocabEntry + kBaseBytes;
    return estimate;
}

} // namespace cairn
