// SPDX-License-Identifier: MIT
// The CPU backend's capabilities: every op, and matrix products for the weight types the
// kernels handle (backends/cpu/matmul.h).

#include "engine/backends/backend.h"
#include "engine/backends/cpu/matmul.h"

namespace cairn {

namespace {

class CpuBackend final : public Backend {
public:
    [[nodiscard]] std::string_view name() const override { return "cpu"; }
    [[nodiscard]] bool supports(Op op, DType type) const override
    {
        if (op == Op::MatMul)
            return cpu::supportsWeightType(type);
        return type == DType::F32;
    }
};

} // namespace

const Backend& cpuBackend()
{
    static const CpuBackend backend;
    return backend;
}

} // namespace cairn
