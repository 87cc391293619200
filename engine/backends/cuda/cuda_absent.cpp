// SPDX-License-Identifier: MIT
// probeCuda() for builds without nvcc: the backend is absent and says so.

#include "engine/api/backends.h"

namespace cairn {

CudaInfo probeCuda()
{
    CudaInfo info;
    info.status = "not compiled (nvcc was not found at build time)";
    return info;
}

} // namespace cairn
