// SPDX-License-Identifier: MIT
// What every architecture's forward pass offers the runtime: make a cache for one sequence and
// push tokens through it. One implementation per architecture file (deepseek2.cpp, ...).
#pragma once

#include "engine/api/progress.h"
#include "engine/api/result.h"
#include "engine/kv/kv_cache.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string_view>

namespace cairn {

class GgufFile;

/// Optional hook that sees every named intermediate (`cairn-cli debug dump-layer`, tests).
/// `values` holds `rows` rows of `width` floats.
using TraceFn
    = std::function<void(std::string_view name, int layer, const float* values, std::int64_t rows, std::int64_t width)>;

class ForwardPass {
public:
    virtual ~ForwardPass() = default;

    [[nodiscard]] virtual std::uint32_t vocabSize() const = 0;
    [[nodiscard]] virtual std::uint32_t trainedContext() const = 0;

    /// What decoding one token reads and computes, for benchmarks: weight bytes (dense tensors
    /// whole, one embedding row, only the routed experts a token uses) and weight
    /// multiply-accumulates (attention over the cache not included).
    struct TokenCost {
        std::uint64_t weightBytes = 0;
        std::uint64_t weightMacs = 0;
    };
    [[nodiscard]] virtual TokenCost tokenCost() const = 0;

    /// The multiply-accumulates of feeding `tokens` tokens to an empty cache with logits for the
    /// last one only, for benchmarks: every layer's weights for every token, the output head
    /// once, and attention's scores and weighted values over the causal pairs.
    [[nodiscard]] virtual std::uint64_t prefillMacs(std::int64_t tokens) const = 0;

    /// The cache precision a session gets when it asks for none: what loses nothing the
    /// attention's products would keep.
    [[nodiscard]] virtual KvType preferredKvType() const = 0;

    /// A cache for one sequence of up to `capacity` tokens.
    [[nodiscard]] virtual std::unique_ptr<KvCache> createCache(std::int64_t capacity, KvType type) const = 0;

    /// Feeds `tokens` at positions cache.size() onwards and appends them to the cache. When
    /// `allLogits`, `logits` receives tokens.size() rows of vocabSize() values, else only the
    /// last token's row. Checks `cancel` between layers; on cancellation the cache is unchanged.
    virtual Status forward(std::span<const std::int32_t> tokens, KvCache& cache, bool allLogits, float* logits,
                           const CancelToken* cancel)
        = 0;

    /// Copies the weights the CPU reads faster interleaved out of `file`'s mapping (see
    /// ModelParams::interleave) and lets the mapping drop their pages; nothing when the copies
    /// would take more than `budgetBytes`. Progress and cancellation as cpu::InterleavedWeights
    /// has them. Returns the bytes copied, nothing when cancelled (the weights are unchanged).
    virtual std::optional<std::uint64_t> interleaveWeights(const GgufFile& file, std::uint64_t budgetBytes,
                                                           const ProgressFn& progress, const CancelToken* cancel)
        = 0;

    void setTrace(TraceFn trace) { m_trace = std::move(trace); }

protected:
    void trace(std::string_view name, int layer, const float* values, std::int64_t rows, std::int64_t width) const
    {
        if (m_trace)
            m_trace(name, layer, values, rows, width);
    }

private:
    TraceFn m_trace;
};

} // namespace cairn
