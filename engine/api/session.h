// SPDX-License-Identifier: MIT
// One conversation's state on a loaded model: its KV cache and the logits of the last token.
// Prefill runs in batches; decode is one token per call.
#pragma once

#include "engine/api/kv_type.h"
#include "engine/api/model.h"
#include "engine/api/progress.h"
#include "engine/api/result.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

namespace cairn {

struct ContextParams {
    std::int64_t contextLength = 4096; ///< tokens; 0 = the model's trained context
    /// Latent cache precision; unset: the model's choice (bf16 where attention computes in
    /// bfloat16, that is where the key and value up-projections are quantised; else f16).
    std::optional<KvType> kvType;
    std::int64_t batchSize = 512; ///< prefill tokens per forward pass
};

class KvCache;

class Session {
public:
    /// Throws std::bad_alloc when the cache's address space cannot be reserved.
    Session(std::shared_ptr<Model> model, const ContextParams& params);
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    [[nodiscard]] std::int64_t position() const;
    [[nodiscard]] std::int64_t capacity() const;
    /// The cache's precision: the one asked for, else the model's choice.
    [[nodiscard]] KvType kvType() const { return m_kvType; }
    [[nodiscard]] const KvCache& cache() const { return *m_cache; }
    [[nodiscard]] Model& model() const { return *m_model; }

    /// Feeds `tokens` after what is cached. `progress` gets (tokens done, total) per batch.
    /// With `allLogits`, allLogits() afterwards holds one row per fed token.
    Status feed(std::span<const std::int32_t> tokens, const CancelToken* cancel = nullptr,
                const ProgressFn& progress = {}, bool allLogits = false);

    /// Logits after the last fed token (vocabSize() values).
    [[nodiscard]] std::span<const float> logits() const { return m_logits; }
    /// Rows from the last feed() with allLogits, [tokens, vocab].
    [[nodiscard]] const std::vector<float>& allLogits() const { return m_allLogits; }

    /// Forgets everything from `tokens` on.
    void truncate(std::int64_t tokens);

private:
    std::shared_ptr<Model> m_model;
    ContextParams m_params;
    KvType m_kvType;
    std::unique_ptr<KvCache> m_cache;
    std::vector<float> m_logits;
    std::vector<float> m_allLogits;
};

} // namespace cairn
