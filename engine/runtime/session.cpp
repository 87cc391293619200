// SPDX-License-Identifier: MIT
// Batching of prefill over the forward pass, and the session's logits.

#include "engine/api/session.h"

#include "engine/arch/forward_pass.h"
#include "engine/kv/kv_cache.h"

#include <algorithm>

namespace cairn {

Session::Session(std::shared_ptr<Model> model, const ContextParams& params)
    : m_model(std::move(model)), m_params(params),
      m_kvType(params.kvType.value_or(m_model->forwardPass().preferredKvType()))
{
    const std::int64_t length = params.contextLength > 0 ? params.contextLength : m_model->trainedContext();
    m_cache = m_model->forwardPass().createCache(length, m_kvType);
    m_params.batchSize = std::max<std::int64_t>(1, params.batchSize);
}

Session::~Session() = default;

std::int64_t Session::position() const
{
    return m_cache->size();
}

std::int64_t Session::capacity() const
{
    return m_cache->capacity();
}

Status Session::feed(std::span<const std::int32_t> tokens, const CancelToken* cancel, const ProgressFn& progress,
                     bool allLogits)
{
    const std::uint32_t vocab = m_model->vocabSize();
    if (position() + static_cast<std::int64_t>(tokens.size()) > capacity())
        return Error{ErrorCode::InvalidInput, "context",
                     "full: " + std::to_string(position()) + " cached + " + std::to_string(tokens.size())
                         + " new tokens exceed the " + std::to_string(capacity()) + "-token context"};
    if (allLogits)
        m_allLogits.assign(tokens.size() * vocab, 0.0F);
    std::vector<float> rows;
    const auto total = static_cast<std::int64_t>(tokens.size());
    for (std::int64_t done = 0; done < total;) {
        const std::int64_t count = std::min(m_params.batchSize, total - done);
        const auto batch = tokens.subspan(static_cast<std::size_t>(done), static_cast<std::size_t>(count));
        float* out = nullptr;
        if (allLogits) {
            out = m_allLogits.data() + static_cast<std::size_t>(done) * vocab;
        } else {
            rows.resize(vocab);
            out = rows.data();
        }
        {
            auto lock = m_model->lock();
            if (Status status = m_model->forwardPass().forward(batch, *m_cache, allLogits, out, cancel); !status)
                return status;
        }
        m_logits.assign(out + static_cast<std::size_t>(allLogits ? count - 1 : 0) * vocab,
                        out + static_cast<std::size_t>(allLogits ? count : 1) * vocab);
        done += count;
        if (progress)
            progress("prefill", static_cast<std::uint64_t>(done), static_cast<std::uint64_t>(total));
    }
    return Ok{};
}

void Session::truncate(std::int64_t tokens)
{
    m_cache->truncate(tokens);
    m_logits.clear();
}

} // namespace cairn
