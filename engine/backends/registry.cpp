// SPDX-License-Identifier: MIT
// The backend registry: one call that asks every compiled-in backend what it can do here.

#include "engine/api/backends.h"

namespace cairn {

BackendReport probeBackends()
{
    return {probeCpu(), probeCuda(), probeVulkan()};
}

const char* engineVersion()
{
    return CAIRN_VERSION;
}

} // namespace cairn
