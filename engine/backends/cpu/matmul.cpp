// SPDX-License-Identifier: MIT
// The matmul driver: quantises activations once per call, splits rows over the pool and walks
// register tiles, blocking the columns so one panel of activations stays in L2 during prefill.

#include "engine/backends/cpu/matmul.h"

#include "engine/backends/cpu/kernel_select.h"
#include "engine/backends/cpu/quantize.h"

#include <algorithm>
#include <cstring>

namespace cairn::cpu {

namespace {

/// Activation bytes (all tokens of one column block) that should fit in a core's L2.
constexpr std::int64_t kActivationPanelBytes = 384 * 1024;
/// Column blocks are multiples of this, so SIMD loops run long between tile set-ups.
constexpr std::int64_t kMinColumnBlock = 256;

struct Activations {
    DType type = DType::F32;
    const std::uint8_t* data = nullptr;
    std::size_t stride = 0; ///< bytes between tokens
};

/// Bytes of `count` elements of `type` starting at a block boundary.
std::size_t spanBytes(DType type, std::int64_t count)
{
    const DTypeInfo& info = dtypeInfo(type);
    return static_cast<std::size_t>(count / info.blockSize) * info.typeSize;
}

/// Where the kernels for `weightType` read the activations: x itself for float weights, else
/// `scratch` (filled by quantizeActivations).
Activations describeActivations(DType weightType, const float* x, std::int64_t cols, std::byte* scratch)
{
    Activations act;
    act.type = activationType(weightType);
    if (act.type == DType::F32) {
        act.data = reinterpret_cast<const std::uint8_t*>(x);
        act.stride = static_cast<std::size_t>(cols) * sizeof(float);
    } else {
        act.data = reinterpret_cast<const std::uint8_t*>(scratch);
        act.stride = spanBytes(act.type, cols);
    }
    return act;
}

/// Quantises tokens [tokenBegin, tokenEnd) of x into `scratch` as `act` lays them out, with the
/// kernel family's quantiser where it has one.
void quantizeActivations(const TileKernel& kernel, const Activations& act, const float* x, std::int64_t cols,
                         std::int64_t tokenBegin, std::int64_t tokenEnd, std::byte* scratch)
{
    if (act.type == DType::F32)
        return;
    for (std::int64_t t = tokenBegin; t < tokenEnd; ++t) {
        std::byte* row = scratch + static_cast<std::size_t>(t) * act.stride;
        if (kernel.quantize != nullptr)
            kernel.quantize(x + t * cols, reinterpret_cast<std::uint8_t*>(row), cols);
        else
            quantizeRow(act.type, x + t * cols, row, cols);
    }
}

std::int64_t columnBlock(const WeightMatrix& w, const Activations& act, std::int64_t tokens)
{
    if (tokens <= 1)
        return w.cols;
    const auto perColumnBytes = std::max<std::int64_t>(1, static_cast<std::int64_t>(act.stride) / w.cols);
    const std::int64_t fit = kActivationPanelBytes / (tokens * perColumnBytes);
    const std::int64_t block = std::max(kMinColumnBlock, fit / kMinColumnBlock * kMinColumnBlock);
    return std::min(block, w.cols);
}

/// The tile function and its size for a call with `tokens` tokens.
struct TileShape {
    TileFn fn = nullptr;
    int rows = 1;
    int tokens = 1;
};

TileShape tileShape(const TileKernel& kernel, std::int64_t tokens)
{
    if (tokens == 1 && kernel.decode != nullptr)
        return {kernel.decode, kernel.decodeRows, 1};
    return {kernel.fn, kernel.maxRows, kernel.maxTokens};
}

/// Rows [rowBegin, rowEnd) for `tokens` tokens, with the kernel a product of `callTokens` tokens
/// uses (more than `tokens` when the call split its tokens: same kernel, same sums).
void computeRows(const TileKernel& kernel, const WeightMatrix& w, const Activations& act, std::int64_t tokens, float* y,
                 std::int64_t rowBegin, std::int64_t rowEnd, std::int64_t callTokens)
{
    const auto* base = static_cast<const std::uint8_t*>(w.data);
    const bool interleaved = w.layout == WeightLayout::Interleaved16;
    if (interleaved || (callTokens >= kernel.panelMinTokens && kernel.panel != nullptr)) {
        PanelArgs args;
        args.type = w.type;
        args.w = base + static_cast<std::size_t>(rowBegin) * w.rowStride;
        args.rowStride = w.rowStride;
        args.rows = rowEnd - rowBegin;
        args.cols = w.cols;
        args.act = act.data;
        args.actStride = act.stride;
        args.tokens = tokens;
        args.y = y + rowBegin;
        args.yStride = w.rows;
        // A group of 16 interleaved rows takes 16 rows' bytes, so `w` above is right for both.
        if (interleaved)
            interleavedKernel(w.type).matmul(args);
        else
            kernel.panel(args);
        return;
    }
    const TileShape shape = tileShape(kernel, tokens);
    if (tokens == 1) {
        // The decode kernels prefetch a few rows ahead of the one they read; the first rows of
        // a range have nobody ahead of them, so ask for them all at once.
        constexpr std::int64_t kWarmRows = 6;
        const std::size_t bytes = static_cast<std::size_t>(std::min(kWarmRows, rowEnd - rowBegin)) * w.rowStride;
        const auto* first = base + static_cast<std::size_t>(rowBegin) * w.rowStride;
        for (std::size_t offset = 0; offset < bytes; offset += 64)
            __builtin_prefetch(first + offset);
    }
    const std::int64_t kc = columnBlock(w, act, tokens);
    for (std::int64_t k0 = 0; k0 < w.cols; k0 += kc) {
        TileArgs args;
        args.rowStride = w.rowStride;
        args.actStride = act.stride;
        args.cols = std::min(kc, w.cols - k0);
        args.yStride = w.rows;
        args.accumulate = k0 > 0;
        const std::size_t weightOffset = spanBytes(w.type, k0);
        const std::size_t actOffset = spanBytes(act.type, k0);
        for (std::int64_t r0 = rowBegin; r0 < rowEnd; r0 += shape.rows) {
            args.rows = static_cast<int>(std::min<std::int64_t>(shape.rows, rowEnd - r0));
            args.w = base + static_cast<std::size_t>(r0) * w.rowStride + weightOffset;
            for (std::int64_t t0 = 0; t0 < tokens; t0 += shape.tokens) {
                args.tokens = static_cast<int>(std::min<std::int64_t>(shape.tokens, tokens - t0));
                args.act = act.data + static_cast<std::size_t>(t0) * act.stride + actOffset;
                args.y = y + t0 * w.rows + r0;
                shape.fn(args);
            }
        }
    }
}

std::vector<std::byte>& callScratch()
{
    thread_local std::vector<std::byte> scratch;
    return scratch;
}

/// Whether every target's kernels read the first one's activation format for the same columns.
bool shareActivations(std::span<const MatmulTarget> targets)
{
    const WeightMatrix& first = *targets.front().w;
    return std::all_of(targets.begin(), targets.end(), [&](const MatmulTarget& t) {
        return t.w->cols == first.cols && activationType(t.w->type) == activationType(first.type);
    });
}

/// Rows are split in groups of 16, a multiple of every tile height (panels take any row count).
constexpr std::int64_t kRowGrain = 16;
/// At most this many rows per thread, a float product splits its tokens instead: a 64 x 1024 f32
/// router over 512 tokens spent more time repacking every token's activations in each thread
/// than multiplying (272 -> 194 us split by tokens).
constexpr std::int64_t kFewRowsPerThread = 32;
constexpr std::int64_t kMinTokensPerThread = 16;

std::int64_t rowGroups(const WeightMatrix& w)
{
    return (w.rows + kRowGrain - 1) / kRowGrain;
}

} // namespace

std::size_t activationBytes(DType weightType, std::int64_t cols)
{
    const DType type = activationType(weightType);
    return type == DType::F32 ? 0 : spanBytes(type, cols);
}

bool interleavable(const WeightMatrix& w)
{
    return w.layout == WeightLayout::Rows && w.rows % kInterleaveRows == 0
        && interleavedKernel(w.type).interleave != nullptr;
}

void dequantizeMatrixRow(const WeightMatrix& w, std::int64_t row, float* out)
{
    if (w.layout == WeightLayout::Interleaved16)
        interleavedKernel(w.type).dequantizeRow(static_cast<const std::uint8_t*>(w.data), w.cols, row, out);
    else
        dequantizeRow(w.type, static_cast<const std::uint8_t*>(w.data) + static_cast<std::size_t>(row) * w.rowStride,
                      out, w.cols);
}

WeightMatrix interleave(const WeightMatrix& w, std::byte* dst)
{
    WeightMatrix out = w;
    out.data = dst;
    out.rowStride = spanBytes(w.type, w.cols);
    out.layout = WeightLayout::Interleaved16;
    interleavedKernel(w.type).interleave(static_cast<const std::uint8_t*>(w.data), w.rowStride, w.rows, w.cols,
                                         reinterpret_cast<std::uint8_t*>(dst));
    return out;
}

bool supportsWeightType(DType type)
{
    return scalarTileKernel(type).fn != nullptr;
}

std::string_view kernelName(DType type)
{
    if (!supportsWeightType(type))
        return "none";
    KernelLevel level = KernelLevel::Scalar;
    selectTileKernel(type, &level);
    return kernelLevelName(level);
}

namespace {

/// x [tokens, w.cols] as w's kernels read it, quantised on the calling thread into `scratch`
/// (grown as needed) unless they read the floats themselves.
Activations prepareActivations(const WeightMatrix& w, const float* x, std::int64_t tokens,
                               std::vector<std::byte>& scratch)
{
    const std::size_t needed = activationBytes(w.type, w.cols) * static_cast<std::size_t>(tokens);
    if (scratch.size() < needed)
        scratch.resize(needed);
    const Activations act = describeActivations(w.type, x, w.cols, scratch.data());
    quantizeActivations(selectTileKernel(w.type), act, x, w.cols, 0, tokens, scratch.data());
    return act;
}

} // namespace

void matmul(ThreadPool& pool, const WeightMatrix& w, const float* x, std::int64_t tokens, float* y)
{
    const MatmulTarget target{&w, y};
    matmulShared(pool, std::span(&target, 1), x, tokens);
}

void matmulShared(ThreadPool& pool, std::span<const MatmulTarget> targets, const float* x, std::int64_t tokens)
{
    if (tokens <= 0 || targets.empty())
        return;
    if (!shareActivations(targets)) {
        for (const MatmulTarget& target : targets)
            matmul(pool, *target.w, x, tokens, target.y);
        return;
    }
    const WeightMatrix& first = *targets.front().w;
    const TileKernel firstKernel = selectTileKernel(first.type);
    std::vector<std::byte>& scratch = callScratch();
    scratch.resize(activationBytes(first.type, first.cols) * static_cast<std::size_t>(tokens));
    const Activations act = describeActivations(first.type, x, first.cols, scratch.data());
    if (tokens > 1) {
        pool.parallelFor(tokens, 1, [&](std::int64_t begin, std::int64_t end) {
            quantizeActivations(firstKernel, act, x, first.cols, begin, end, scratch.data());
        });
    } else {
        quantizeActivations(firstKernel, act, x, first.cols, 0, tokens, scratch.data());
    }
    std::int64_t rows = 0;
    for (const MatmulTarget& target : targets)
        rows += target.w->rows;
    if (act.type == DType::F32 && rows <= kFewRowsPerThread * pool.size()
        && tokens >= kMinTokensPerThread * pool.size()) {
        // Too few rows to share (a router): every thread takes all of them for a range of tokens,
        // so each repacks only its own tokens' activations. Float kernels only: they sum each
        // token alike in any tile, while the int8 panels' partial tiles round differently, and
        // results must not depend on the thread count.
        const std::int64_t grain = (tokens + pool.size() - 1) / pool.size();
        pool.parallelFor(tokens, grain, [&](std::int64_t begin, std::int64_t end) {
            const Activations part{act.type, act.data + static_cast<std::size_t>(begin) * act.stride, act.stride};
            for (const MatmulTarget& target : targets) {
                const WeightMatrix& w = *target.w;
                computeRows(selectTileKernel(w.type), w, part, end - begin, target.y + begin * w.rows, 0, w.rows,
                            tokens);
            }
        });
        return;
    }
    // The targets' row groups one after another, one contiguous range per thread, sized by the
    // threads' speeds: decoding streams the weights once and keeps each thread's reads
    // sequential (eight interleaved ranges were 5-10 % slower on the bench model), and a prefill
    // panel repacks the activations once per range (four ranges a thread: 1.5 % slower 512-token
    // prefill). A late thread's range is still claimed by whoever is free.
    std::int64_t groups = 0;
    for (const MatmulTarget& target : targets)
        groups += rowGroups(*target.w);
    pool.parallelForBalanced(groups, 1, [&](std::int64_t begin, std::int64_t end) {
        std::int64_t base = 0; // the first group of the current target
        for (const MatmulTarget& target : targets) {
            const WeightMatrix& w = *target.w;
            const std::int64_t from = std::max(begin, base) - base;
            const std::int64_t to = std::min(end, base + rowGroups(w)) - base;
            if (from < to)
                computeRows(selectTileKernel(w.type), w, act, tokens, target.y, from * kRowGrain,
                            std::min(w.rows, to * kRowGrain), tokens);
            base += rowGroups(w);
        }
    });
}

void matmulRowsShared(std::span<const MatmulTarget> targets, const float* x, std::int64_t tokens,
                      std::vector<std::byte>& scratch)
{
    if (targets.empty())
        return;
    if (!shareActivations(targets)) {
        for (const MatmulTarget& target : targets)
            matmulRows(*target.w, x, tokens, target.y, 0, target.w->rows, scratch);
        return;
    }
    if (tokens <= 0)
        return;
    const Activations act = prepareActivations(*targets.front().w, x, tokens, scratch);
    for (const MatmulTarget& target : targets)
        computeRows(selectTileKernel(target.w->type), *target.w, act, tokens, target.y, 0, target.w->rows, tokens);
}

void quantizeActivationRows(ThreadPool& pool, DType weightType, const float* x, std::int64_t tokens, std::int64_t cols,
                            ActivationRows& out)
{
    out.x = x;
    out.cols = cols;
    out.type = activationType(weightType);
    out.stride = out.type == DType::F32 ? static_cast<std::size_t>(cols) * sizeof(float) : spanBytes(out.type, cols);
    out.bytes.resize(out.stride * static_cast<std::size_t>(std::max<std::int64_t>(tokens, 0)));
    const TileKernel kernel = selectTileKernel(weightType);
    const Activations act{out.type, reinterpret_cast<const std::uint8_t*>(out.bytes.data()), out.stride};
    pool.parallelFor(tokens, 16, [&](std::int64_t begin, std::int64_t end) {
        if (out.type == DType::F32)
            std::copy_n(x + begin * cols, (end - begin) * cols,
                        reinterpret_cast<float*>(out.bytes.data()) + begin * cols);
        else
            quantizeActivations(kernel, act, x, cols, begin, end, out.bytes.data());
    });
}

void matmulRowsGathered(std::span<const MatmulTarget> targets, const ActivationRows& act,
                        std::span<const std::int64_t> tokens, std::vector<std::byte>& scratch)
{
    const auto count = static_cast<std::int64_t>(tokens.size());
    if (count == 0)
        return;
    // The chosen tokens' quantised rows side by side, then (for targets in another format)
    // their floats quantised in that format.
    const std::size_t gathered = act.stride * tokens.size();
    if (scratch.size() < gathered)
        scratch.resize(gathered);
    for (std::size_t i = 0; i < tokens.size(); ++i)
        std::memcpy(scratch.data() + i * act.stride,
                    act.bytes.data() + static_cast<std::size_t>(tokens[i]) * act.stride, act.stride);
    const Activations rows{act.type, reinterpret_cast<const std::uint8_t*>(scratch.data()), act.stride};
    std::vector<float> floats;
    std::vector<std::byte> other;
    for (const MatmulTarget& target : targets) {
        const WeightMatrix& w = *target.w;
        const TileKernel kernel = selectTileKernel(w.type);
        if (activationType(w.type) == act.type) {
            computeRows(kernel, w, rows, count, target.y, 0, w.rows, count);
            continue;
        }
        floats.resize(tokens.size() * static_cast<std::size_t>(act.cols));
        for (std::size_t i = 0; i < tokens.size(); ++i)
            std::copy_n(act.x + tokens[i] * act.cols, act.cols, floats.data() + i * static_cast<std::size_t>(act.cols));
        matmulRows(w, floats.data(), count, target.y, 0, w.rows, other);
    }
}

void matmulRows(const WeightMatrix& w, const float* x, std::int64_t tokens, float* y, std::int64_t rowBegin,
                std::int64_t rowEnd, std::vector<std::byte>& scratch)
{
    if (tokens <= 0 || rowBegin >= rowEnd)
        return;
    const Activations act = prepareActivations(w, x, tokens, scratch);
    computeRows(selectTileKernel(w.type), w, act, tokens, y, rowBegin, rowEnd, tokens);
}

} // namespace cairn::cpu
