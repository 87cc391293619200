// SPDX-License-Identifier: MIT
// What compute the machine offers the engine: CPU features, CUDA devices, Vulkan devices.
// Probing only looks and runs a trivial check; it never loads a model.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace cairn {

/// Instruction-set features the CPU has *and* the operating system lets us use.
struct CpuInfo {
    std::string brand;
    unsigned logicalCores = 1;
    bool avx2 = false;
    bool fma = false;
    bool f16c = false;
    bool avx512f = false;
    bool avx512bw = false;
    bool avx512vnni = false;
    bool avx512bf16 = false;
    bool avx512fp16 = false;
    bool amxTile = false; ///< AMX tiles exist and the kernel granted this process their state
    bool amxInt8 = false;
    bool amxBf16 = false;

    /// Space-separated list of the features present, e.g. "avx2 fma f16c avx512f".
    [[nodiscard]] std::string featureList() const;
};

struct CudaDevice {
    std::string name;
    int computeMajor = 0;
    int computeMinor = 0;
    std::uint64_t memoryBytes = 0;
};

struct CudaInfo {
    bool compiled = false;           ///< this build has the CUDA backend
    std::string runtimeVersion;      ///< e.g. "13.0" when compiled
    std::vector<CudaDevice> devices; ///< empty when no device or no driver
    bool kernelOk = false;           ///< a trivial kernel ran and gave the right answer
    std::string status;              ///< one line for people: "no CUDA device (driver: ...)"
};

struct VulkanDevice {
    std::string name;
    std::string type;       ///< "discrete", "integrated", "cpu", "virtual", "other"
    std::string apiVersion; ///< e.g. "1.3.230"
    bool computeOk = false; ///< the probe dispatch ran and its output was right
    std::string problem;    ///< why computeOk is false, empty otherwise
};

struct VulkanInfo {
    bool compiled = false;
    std::vector<VulkanDevice> devices;
    std::string status;
};

struct BackendReport {
    CpuInfo cpu;
    CudaInfo cuda;
    VulkanInfo vulkan;
};

CpuInfo probeCpu();
CudaInfo probeCuda();
/// Enumerates Vulkan devices and runs one small compute dispatch on each (lavapipe included).
VulkanInfo probeVulkan();
BackendReport probeBackends();

/// The engine's version string, "major.minor.patch".
const char* engineVersion();

} // namespace cairn
