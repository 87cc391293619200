// SPDX-License-Identifier: MIT
// The AVX-512 VNNI kernel family: the shared tiles of simd_tiles.h instantiated for Avx512, plus
// the int8 prefill panels. Compiled with those flags only; called only when CPUID reports them.

#include "engine/backends/cpu/simd_avx512.h"

namespace cairn::cpu {

TileKernel avx512TileKernel(DType weightType)
{
    TileKernel kernel = makeTileKernel<Avx512>(weightType);
    if (PanelFn panel = avx512Int8Panel(weightType)) {
        kernel.panel = panel;
        kernel.panelMinTokens = activationType(weightType) == DType::Q8_K ? kKPanelMinTokens : kPanelMinTokens;
    }
    switch (activationType(weightType)) {
    case DType::Q8_0:
        kernel.quantize = quantizeQ8_0Avx512;
        break;
    case DType::Q8_K:
        kernel.quantize = quantizeQ8KAvx512;
        break;
    default:
        break;
    }
    return kernel;
}

} // namespace cairn::cpu
