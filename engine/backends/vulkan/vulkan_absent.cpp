// SPDX-License-Identifier: MIT
// probeVulkan() for builds configured with CAIRN_VULKAN=OFF.

#include "engine/api/backends.h"

namespace cairn {

VulkanInfo probeVulkan()
{
    VulkanInfo info;
    info.status = "not compiled (CAIRN_VULKAN=OFF)";
    return info;
}

} // namespace cairn
