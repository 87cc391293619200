// SPDX-License-Identifier: MIT
// Layout: [layer][position][latent | rope], one anonymous mapping, so untouched capacity costs
// address space and no memory.

#include "engine/kv/latent_kv_cache.h"

#include "engine/ops/cpu_ops.h"

#include <new>
#include <sys/mman.h>

namespace cairn {

std::string_view kvTypeName(KvType type)
{
    switch (type) {
    case KvType::F32:
        return "f32";
    case KvType::F16:
        return "f16";
    case KvType::BF16:
        return "bf16";
    }
    return "?";
}

LatentKvCache::LatentKvCache(std::uint32_t layers, std::uint32_t latentDim, std::uint32_t ropeDim,
                             std::int64_t capacity, KvType type)
    : m_layers(layers), m_latentDim(latentDim), m_ropeDim(ropeDim), m_capacity(capacity), m_type(type)
{
    m_bytes = static_cast<std::size_t>(layers) * static_cast<std::size_t>(capacity) * rowWidth() * elementBytes();
    if (m_bytes == 0)
        return;
    void* addr = mmap(nullptr, m_bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (addr == MAP_FAILED)
        throw std::bad_alloc();
    m_data = static_cast<std::byte*>(addr);
}

LatentKvCache::~LatentKvCache()
{
    if (m_data != nullptr)
        munmap(m_data, m_bytes);
}

void LatentKvCache::truncate(std::int64_t tokens)
{
    if (tokens < m_size)
        m_size = tokens < 0 ? 0 : tokens;
}

std::uint64_t LatentKvCache::bytesPerToken() const
{
    return static_cast<std::uint64_t>(m_layers) * rowWidth() * elementBytes();
}

std::size_t LatentKvCache::elementBytes() const
{
    return m_type == KvType::F32 ? 4 : 2;
}

std::byte* LatentKvCache::row(std::uint32_t layer, std::int64_t pos) const
{
    const auto index
        = static_cast<std::size_t>(layer) * static_cast<std::size_t>(m_capacity) + static_cast<std::size_t>(pos);
    return m_data + index * rowWidth() * elementBytes();
}

void LatentKvCache::store(std::uint32_t layer, std::int64_t pos, std::span<const float> latent,
                          std::span<const float> ropeKey)
{
    std::byte* out = row(layer, pos);
    const DType type = elementType();
    ops::narrowRow(type, latent.data(), out, static_cast<std::int64_t>(latent.size()));
    ops::narrowRow(type, ropeKey.data(), out + m_latentDim * elementBytes(), static_cast<std::int64_t>(ropeKey.size()));
}

DType LatentKvCache::elementType() const
{
    switch (m_type) {
    case KvType::F16:
        return DType::F16;
    case KvType::BF16:
        return DType::BF16;
    case KvType::F32:
        break;
    }
    return DType::F32;
}

void LatentKvCache::setSize(std::int64_t tokens)
{
    m_size = tokens;
}

} // namespace cairn
