// SPDX-License-Identifier: MIT
// Run-time choice of the CPU kernel family from CPUID, with a hook for tests to force a lower
// family and compare it against the others. Internal to engine/backends/cpu and its tests.
#pragma once

#include "engine/backends/cpu/tile_kernel.h"

#include <optional>
#include <string_view>
#include <vector>

namespace cairn::cpu {

enum class KernelLevel { Scalar, Avx2, Avx512Vnni };

/// "scalar", "avx2", "avx512vnni".
std::string_view kernelLevelName(KernelLevel level);

/// The levels this CPU can run, lowest first (always starts with Scalar).
std::vector<KernelLevel> availableKernelLevels();

/// Test hook: caps kernel selection at `level` (nothing = the best available). Not thread-safe
/// against concurrent matmuls; tests call it between them.
void forceKernelLevel(std::optional<KernelLevel> level);

/// The kernel for `weightType` at the highest allowed level that has one, and that level.
TileKernel selectTileKernel(DType weightType, KernelLevel* chosen = nullptr);

/// The interleaved-layout kernels for `weightType` at the detected level (empty where there are
/// none). Not capped by forceKernelLevel: a matrix once interleaved has only these kernels.
InterleavedKernel interleavedKernel(DType weightType);

} // namespace cairn::cpu
