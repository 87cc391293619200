// SPDX-License-Identifier: MIT
// Matrix x activations on the CPU for every weight type the engine computes with: the public
// entry points the forward pass calls. Kernels are chosen at run time from CPUID.
#pragma once

#include "engine/core/dtype.h"
#include "engine/core/thread_pool.h"

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace cairn::cpu {

/// A weight matrix as GGUF stores it: `rows` rows of `cols` elements (GGML ne0 = cols), each row
/// `rowStride` bytes apart, in `type`. For quantised types `cols` is a whole number of blocks (32 or
/// 256); float types take any `cols`. `data` needs no particular alignment.
struct WeightMatrix {
    DType type = DType::F32;
    const void* data = nullptr;
    std::int64_t rows = 0;
    std::int64_t cols = 0;
    std::size_t rowStride = 0;
};

/// y[t * rows + r] = dot(W row r, x[t * cols ...]) for t in [0, tokens); x and y are f32, contiguous.
/// Row-parallel (and token-blocked for tokens > 1) over the pool.
void matmul(ThreadPool& pool, const WeightMatrix& w, const float* x, std::int64_t tokens, float* y);

/// The same for rows [rowBegin, rowEnd) on the calling thread only (for expert-parallel callers that
/// already run inside a pool loop). `scratch` must hold activationBytes(w.type, cols) * tokens bytes
/// (or pass an empty vector to let it allocate).
void matmulRows(const WeightMatrix& w, const float* x, std::int64_t tokens, float* y, std::int64_t rowBegin,
                std::int64_t rowEnd, std::vector<std::byte>& scratch);

/// Bytes one token's activations take in the format the kernels for `weightType` read (0 for
/// float weights, whose kernels read x directly).
std::size_t activationBytes(DType weightType, std::int64_t cols);

/// Whether the engine has kernels for `type` as a weight type.
bool supportsWeightType(DType type);

/// Name of the kernel family chosen at run time for `type` ("avx512vnni", "avx2", "scalar").
std::string_view kernelName(DType type);

} // namespace cairn::cpu
