// SPDX-License-Identifier: MIT
// Matrix x activations on the CPU for every weight type the engine computes with: the public
// entry points the forward pass calls. Kernels are chosen at run time from CPUID.
#pragma once

#include "engine/core/dtype.h"
#include "engine/core/thread_pool.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace cairn::cpu {

/// How a weight matrix's bytes are laid out.
enum class WeightLayout : std::uint8_t {
    Rows,          ///< as GGUF stores it: row after row, `rowStride` bytes apart
    Interleaved16, ///< groups of 16 rows whose blocks interleave, made by interleave()
};

/// A weight matrix: `rows` rows of `cols` elements (GGML ne0 = cols) in `type`. For quantised
/// types `cols` is a whole number of blocks (32 or 256); float types take any `cols`. `data` needs
/// no particular alignment.
struct WeightMatrix {
    DType type = DType::F32;
    const void* data = nullptr;
    std::int64_t rows = 0;
    std::int64_t cols = 0;
    std::size_t rowStride = 0; ///< bytes per row; an interleaved group of 16 rows takes 16 times that
    WeightLayout layout = WeightLayout::Rows;
};

/// Whether this CPU has kernels for `w` interleaved: its type has them, `rows` is a multiple of
/// 16 and `w` is in the row layout.
bool interleavable(const WeightMatrix& w);

/// Row `row` of `w` as floats, in either layout.
void dequantizeMatrixRow(const WeightMatrix& w, std::int64_t row, float* out);

/// Copies an interleavable `w` into `dst` (w.rows times rowBytes(w.type, w.cols) bytes; a 64-byte
/// boundary is best) as WeightLayout::Interleaved16 and returns the matrix that views the copy. Interleaved
/// rows have no row-by-row form: only matmul, matmulRows and dequantizeMatrixRow read them.
WeightMatrix interleave(const WeightMatrix& w, std::byte* dst);

/// y[t * rows + r] = dot(W row r, x[t * cols ...]) for t in [0, tokens); x and y are f32, contiguous.
/// Row-parallel (and token-blocked for tokens > 1) over the pool.
void matmul(ThreadPool& pool, const WeightMatrix& w, const float* x, std::int64_t tokens, float* y);

/// The same for rows [rowBegin, rowEnd) on the calling thread only (for expert-parallel callers that
/// already run inside a pool loop); multiples of 16 for an interleaved matrix. `scratch` must hold
/// activationBytes(w.type, cols) * tokens bytes (or pass an empty vector to let it allocate).
void matmulRows(const WeightMatrix& w, const float* x, std::int64_t tokens, float* y, std::int64_t rowBegin,
                std::int64_t rowEnd, std::vector<std::byte>& scratch);

/// One product of matmulShared: y = W x, laid out as matmul's y.
struct MatmulTarget {
    const WeightMatrix* w = nullptr;
    float* y = nullptr;
};

/// matmul for several matrices of the same `cols` over the same x (a SwiGLU's gate and up, the
/// query and key-value compressions): x is quantised once when their kernels read one activation
/// format, and one pool loop splits all their rows.
void matmulShared(ThreadPool& pool, std::span<const MatmulTarget> targets, const float* x, std::int64_t tokens);

/// matmulShared on the calling thread only, all rows of every target.
void matmulRowsShared(std::span<const MatmulTarget> targets, const float* x, std::int64_t tokens,
                      std::vector<std::byte>& scratch);

/// Activations quantised once in the format the kernels of `weightType` read (the floats
/// themselves for float weights), for products that each read a few of the tokens: a layer's
/// routed experts all read its normed input.
struct ActivationRows {
    const float* x = nullptr; ///< the floats they were made from, [tokens, cols]
    std::int64_t cols = 0;
    DType type = DType::F32; ///< activationType(weightType)
    std::size_t stride = 0;  ///< bytes per token
    std::vector<std::byte> bytes;
};

/// Fills `out` for x [tokens, cols], tokens in parallel; `out` keeps its buffer between calls.
void quantizeActivationRows(ThreadPool& pool, DType weightType, const float* x, std::int64_t tokens, std::int64_t cols,
                            ActivationRows& out);

/// matmulRowsShared over the tokens `tokens` of `act` (indices into it) on the calling thread,
/// for targets of act.cols columns: y row i is token tokens[i]'s. Targets whose kernels read
/// another format quantise the floats.
void matmulRowsGathered(std::span<const MatmulTarget> targets, const ActivationRows& act,
                        std::span<const std::int64_t> tokens, std::vector<std::byte>& scratch);

/// Bytes one token's activations take in the format the kernels for `weightType` read (0 for
/// float weights, whose kernels read x directly).
std::size_t activationBytes(DType weightType, std::int64_t cols);

/// Whether the engine has kernels for `type` as a weight type.
bool supportsWeightType(DType type);

/// Name of the kernel family chosen at run time for `type` ("avx512vnni", "avx2", "scalar").
std::string_view kernelName(DType type);

} // namespace cairn::cpu
