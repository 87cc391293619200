// SPDX-License-Identifier: MIT
// Weight reads for the float64 reference model: a GGUF tensor (or a run of its rows) widened to
// double after checking its shape. Slow on purpose; not used by the engine.
#pragma once

#include "engine/api/result.h"
#include "engine/core/dtype.h"
#include "engine/format/gguf_file.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace cairn::reference {

/// A row-major matrix of doubles: `rows` rows of `cols` values each.
struct Matrix {
    std::size_t rows = 0;
    std::size_t cols = 0;
    std::vector<double> values;

    [[nodiscard]] std::span<const double> row(std::size_t r) const { return {values.data() + r * cols, cols}; }
};

/// Widens one row of `out.size()` elements of `type` stored at `data` to double. The only place
/// that knows element encodings: F32, F16 and BF16 decoded here, exactly; quantized types through
/// cpu::dequantizeRow where it supports them (then widened); every other type is Unsupported.
Status widenRow(DType type, const std::byte* data, std::span<double> out);

/// Tensor `name` with GGML dims exactly `dims` (dims[0] contiguous) as a matrix of dims[0]
/// columns and (product of the other dims) rows. A missing tensor or another shape is an error.
Result<Matrix> loadTensor(const GgufFile& file, std::string_view name, std::vector<std::uint64_t> dims);

/// Like loadTensor, but only rows [firstRow, firstRow + rowCount) in GGML's row numbering
/// (one expert's slice of a 3-D expert tensor, for instance).
Result<Matrix> loadRows(const GgufFile& file, std::string_view name, std::vector<std::uint64_t> dims,
                        std::uint64_t firstRow, std::uint64_t rowCount);

/// Matrix-vector product y = W x in double (x.size() must equal w.cols).
std::vector<double> multiply(const Matrix& w, std::span<const double> x);

} // namespace cairn::reference
