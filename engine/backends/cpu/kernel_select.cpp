// SPDX-License-Identifier: MIT
// Picks the kernel family once from probeCpu() flags; tests may cap it with forceKernelLevel.

#include "engine/backends/cpu/kernel_select.h"

#include "engine/api/backends.h"

#include <atomic>

namespace cairn::cpu {

namespace {

KernelLevel detectLevel()
{
#if !defined(CAIRN_CPU_X86)
    return KernelLevel::Scalar;
#else
    const CpuInfo cpu = probeCpu();
    const bool avx2 = cpu.avx2 && cpu.fma && cpu.f16c;
    if (avx2 && cpu.avx512f && cpu.avx512bw && cpu.avx512vnni)
        return KernelLevel::Avx512Vnni;
    if (avx2)
        return KernelLevel::Avx2;
    return KernelLevel::Scalar;
#endif
}

KernelLevel detectedLevel()
{
    static const KernelLevel level = detectLevel();
    return level;
}

// -1: no cap; otherwise the KernelLevel value tests asked for.
std::atomic<int> g_forcedLevel{-1};

TileKernel kernelAt(KernelLevel level, DType weightType)
{
    switch (level) {
#if defined(CAIRN_CPU_X86)
    case KernelLevel::Avx512Vnni:
        return avx512TileKernel(weightType);
    case KernelLevel::Avx2:
        return avx2TileKernel(weightType);
#endif
    default:
        return scalarTileKernel(weightType);
    }
}

} // namespace

DType activationType(DType weightType)
{
    switch (weightType) {
    case DType::Q8_0:
    case DType::Q4_0:
    case DType::Q4_1:
    case DType::Q5_0:
    case DType::Q5_1:
    case DType::IQ4_NL:
        return DType::Q8_0;
    case DType::Q4_K:
    case DType::Q5_K:
    case DType::Q6_K:
        return DType::Q8_K;
    default:
        return DType::F32;
    }
}

std::string_view kernelLevelName(KernelLevel level)
{
    switch (level) {
    case KernelLevel::Scalar:
        return "scalar";
    case KernelLevel::Avx2:
        return "avx2";
    case KernelLevel::Avx512Vnni:
        return "avx512vnni";
    }
    return "unknown";
}

std::vector<KernelLevel> availableKernelLevels()
{
    std::vector<KernelLevel> levels;
    for (int level = 0; level <= static_cast<int>(detectedLevel()); ++level)
        levels.push_back(static_cast<KernelLevel>(level));
    return levels;
}

void forceKernelLevel(std::optional<KernelLevel> level)
{
    g_forcedLevel.store(level ? static_cast<int>(*level) : -1);
}

TileKernel selectTileKernel(DType weightType, KernelLevel* chosen)
{
    int top = static_cast<int>(detectedLevel());
    const int forced = g_forcedLevel.load();
    if (forced >= 0 && forced < top)
        top = forced;
    for (int level = top; level > 0; --level) {
        const TileKernel kernel = kernelAt(static_cast<KernelLevel>(level), weightType);
        if (kernel.fn != nullptr) {
            if (chosen != nullptr)
                *chosen = static_cast<KernelLevel>(level);
            return kernel;
        }
    }
    if (chosen != nullptr)
        *chosen = KernelLevel::Scalar;
    return scalarTileKernel(weightType);
}

InterleavedKernel interleavedKernel(DType weightType)
{
#if defined(CAIRN_CPU_X86)
    if (detectedLevel() == KernelLevel::Avx512Vnni)
        return avx512InterleavedKernel(weightType);
#endif
    return {};
}

} // namespace cairn::cpu
