// SPDX-License-Identifier: MIT
// The AVX-512 VNNI kernel family: the shared tiles of simd_tiles.h instantiated for Avx512, plus
// the int8 prefill panels. Compiled with those flags only; called only when CPUID reports them.

#include "engine/backends/cpu/simd_avx512.h"

namespace cairn::cpu {

TileKernel avx512TileKernel(DType weightType)
{
    TileKernel kernel = makeTileKernel<Avx512>(weightType);
    if (PanelFn panel = avx512Int8Panel(weightType))
        kernel.panel = panel;
    return kernel;
}

} // namespace cairn::cpu
