// SPDX-License-Identifier: MIT
// InterleavedWeights: at load, copies the weight matrices the CPU reads faster interleaved
// (cpu::interleave) out of the file mapping into one buffer it owns.
#pragma once

#include "engine/api/progress.h"
#include "engine/backends/cpu/matmul.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <new>
#include <optional>
#include <vector>

namespace cairn::cpu {

class InterleavedWeights {
public:
    /// Called with each source matrix's bytes once its copy is made (to release file pages).
    using ReleaseFn = std::function<void(const void* data, std::uint64_t bytes)>;

    /// Interleaves every interleavable matrix in `matrices`, in parallel over `pool`, and points
    /// it at its copy. Copies nothing when they would take more than `budgetBytes` (they live in
    /// anonymous memory, which unlike the mapping cannot be dropped under pressure). A matrix
    /// listed twice is copied once. Reports ("interleave", bytes done, bytes) on the calling
    /// thread every 16 MB or so and checks `cancel` as often: when it is set, no matrix changes
    /// and the result is nothing. Returns the bytes copied.
    std::optional<std::uint64_t> build(const std::vector<WeightMatrix*>& matrices, ThreadPool& pool,
                                       std::uint64_t budgetBytes, const ReleaseFn& release,
                                       const ProgressFn& progress = {}, const CancelToken* cancel = nullptr);

    [[nodiscard]] std::uint64_t bytes() const { return m_bytes; }

private:
    /// The copies start on a 2 MiB boundary so that the kernel can back them with huge pages.
    static constexpr std::size_t kStorageAlign = std::size_t{2} << 20;
    struct AlignedDelete {
        void operator()(std::byte* p) const { ::operator delete[](p, std::align_val_t{kStorageAlign}); }
    };
    std::unique_ptr<std::byte[], AlignedDelete> m_storage;
    std::uint64_t m_bytes = 0;
};

} // namespace cairn::cpu
