// SPDX-License-Identifier: MIT
// The per-sequence cache interface. An architecture owns the layout behind it (MLA keeps one
// latent store per layer; V4 will keep several stores per layer); the runtime only needs sizes,
// rollback and memory accounting.
#pragma once

#include "engine/api/kv_type.h"

#include <cstdint>

namespace cairn {

class KvCache {
public:
    virtual ~KvCache() = default;

    /// Tokens the cache can hold.
    [[nodiscard]] virtual std::int64_t capacity() const = 0;
    /// Tokens stored (positions 0 .. size()-1).
    [[nodiscard]] virtual std::int64_t size() const = 0;
    /// Forgets everything from position `tokens` on (for regenerating or editing a turn).
    virtual void truncate(std::int64_t tokens) = 0;
    /// Bytes one token occupies over all layers and stores.
    [[nodiscard]] virtual std::uint64_t bytesPerToken() const = 0;
};

} // namespace cairn
