// SPDX-License-Identifier: MIT
// The MLA cache: per layer and token only the compressed latent (kv_lora_rank values) and the
// shared rotary key (rope_dim values), in f32, f16 or bf16. Memory is reserved for the whole
// capacity but only pages that tokens reach are ever touched.
#pragma once

#include "engine/core/dtype.h"
#include "engine/kv/kv_cache.h"

#include <cstddef>
#include <span>

namespace cairn {

class LatentKvCache final : public KvCache {
public:
    /// Throws std::bad_alloc when the address space cannot be reserved.
    LatentKvCache(std::uint32_t layers, std::uint32_t latentDim, std::uint32_t ropeDim, std::int64_t capacity,
                  KvType type);
    ~LatentKvCache() override;
    LatentKvCache(const LatentKvCache&) = delete;
    LatentKvCache& operator=(const LatentKvCache&) = delete;

    [[nodiscard]] std::int64_t capacity() const override { return m_capacity; }
    [[nodiscard]] std::int64_t size() const override { return m_size; }
    void truncate(std::int64_t tokens) override;
    [[nodiscard]] std::uint64_t bytesPerToken() const override;

    [[nodiscard]] KvType type() const { return m_type; }
    /// Values per cached row: latentDim + ropeDim.
    [[nodiscard]] std::uint32_t rowWidth() const { return m_latentDim + m_ropeDim; }

    /// Stores the latent and rotary key of position `pos` in `layer` (pos < capacity()).
    void store(std::uint32_t layer, std::int64_t pos, std::span<const float> latent, std::span<const float> ropeKey);
    /// The rows of `layer` in place: position p's row starts at data + p · rowBytes(), holding
    /// rowWidth() values of elementType() (f32, f16 or bf16): the latent, then the rope key.
    [[nodiscard]] const std::byte* layerRows(std::uint32_t layer) const { return row(layer, 0); }
    [[nodiscard]] std::size_t rowBytes() const { return rowWidth() * elementBytes(); }
    [[nodiscard]] DType elementType() const;
    /// Marks positions up to `tokens` as filled (after every layer has stored them).
    void setSize(std::int64_t tokens);

private:
    [[nodiscard]] std::size_t elementBytes() const;
    [[nodiscard]] std::byte* row(std::uint32_t layer, std::int64_t pos) const;

    std::uint32_t m_layers;
    std::uint32_t m_latentDim;
    std::uint32_t m_ropeDim;
    std::int64_t m_capacity;
    KvType m_type;
    std::int64_t m_size = 0;
    std::byte* m_data = nullptr;
    std::size_t m_bytes = 0;
};

} // namespace cairn
