// SPDX-License-Identifier: MIT
// The compute backend interface: what a device can run, asked before a model is bound to it.
// The CPU implements everything; CUDA and Vulkan backends will answer for the ops they gain, and
// a forward pass keeps on the CPU what its device does not support.
#pragma once

#include "engine/core/dtype.h"

#include <string_view>

namespace cairn {

/// The ops a forward pass is built from (STYLE convention 4: each lands with its reference).
enum class Op {
    MatMul, ///< weight matrix × activations, by weight type
    RmsNorm,
    Rope, ///< rotary embedding, with YaRN
    Softmax,
    SiluMul,         ///< SwiGLU's gate
    LatentAttention, ///< MLA scores and weighted sums over the latent cache
    ExpertRouting,   ///< gating, group-limited top-k
};

class Backend {
public:
    virtual ~Backend() = default;
    [[nodiscard]] virtual std::string_view name() const = 0;
    /// Whether `op` runs here; for MatMul `type` is the weight type, otherwise F32.
    [[nodiscard]] virtual bool supports(Op op, DType type) const = 0;
};

/// The CPU backend, always present.
const Backend& cpuBackend();

} // namespace cairn
