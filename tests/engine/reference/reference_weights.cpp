// SPDX-License-Identifier: MIT
// Weight reads for the float64 reference model: exact scalar decoding of F32/F16/BF16, the
// engine's dequantisation for quantized blocks, and shape checks, so a wrong tensor reads as an
// error rather than as wrong numbers.

#include "tests/engine/reference/reference_weights.h"

#include "engine/backends/cpu/quantize.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>

namespace cairn::reference {

namespace {

template <typename T> T load(const std::byte* p)
{
    T value;
    std::memcpy(&value, p, sizeof(T));
    return value;
}

/// IEEE binary16 to double, exactly (every half is a double).
double halfToDouble(std::uint16_t bits)
{
    const double sign = (bits & 0x8000U) != 0 ? -1.0 : 1.0;
    const int exponent = (bits >> 10) & 0x1f;
    const int mantissa = bits & 0x3ff;
    if (exponent == 0)
        return sign * std::ldexp(static_cast<double>(mantissa), -24);
    if (exponent == 31)
        return mantissa == 0 ? sign * std::numeric_limits<double>::infinity()
                             : std::numeric_limits<double>::quiet_NaN();
    return sign * std::ldexp(static_cast<double>(mantissa + 1024), exponent - 25);
}

std::string dimsText(std::span<const std::uint64_t> dims)
{
    std::string text = "[";
    for (std::size_t i = 0; i < dims.size(); ++i)
        text += (i == 0 ? "" : ", ") + std::to_string(dims[i]);
    return text + "]";
}

} // namespace

Status widenRow(DType type, const std::byte* data, std::span<double> out)
{
    switch (type) {
    case DType::F32:
        for (std::size_t i = 0; i < out.size(); ++i)
            out[i] = static_cast<double>(load<float>(data + 4 * i));
        return Ok{};
    case DType::F16:
        for (std::size_t i = 0; i < out.size(); ++i)
            out[i] = halfToDouble(load<std::uint16_t>(data + 2 * i));
        return Ok{};
    case DType::BF16:
        for (std::size_t i = 0; i < out.size(); ++i) {
            const auto bits = static_cast<std::uint32_t>(load<std::uint16_t>(data + 2 * i)) << 16;
            out[i] = static_cast<double>(std::bit_cast<float>(bits));
        }
        return Ok{};
    default:
        break;
    }
    // Quantized blocks: the engine's scalar dequantisation (bit-exact with ggml), widened.
    const std::string typeName(dtypeInfo(type).name);
    if (!cpu::supportsConversion(type))
        return Error{ErrorCode::Unsupported, {}, "the reference model cannot read " + typeName + " tensors"};
    if (out.size() % dtypeInfo(type).blockSize != 0)
        return Error{ErrorCode::InvalidInput, {}, "a " + typeName + " row must be whole blocks"};
    std::vector<float> values(out.size());
    cpu::dequantizeRow(type, data, values.data(), static_cast<std::int64_t>(values.size()));
    std::copy(values.begin(), values.end(), out.begin());
    return Ok{};
}

Result<Matrix> loadRows(const GgufFile& file, std::string_view name, std::vector<std::uint64_t> dims,
                        std::uint64_t firstRow, std::uint64_t rowCount)
{
    const std::string subject = file.path() + ": tensor " + std::string(name);
    const GgufTensor* tensor = file.tensor(name);
    if (tensor == nullptr)
        return Error{ErrorCode::InvalidInput, file.path(), "missing tensor " + std::string(name)};
    if (tensor->dims != dims)
        return Error{ErrorCode::InvalidInput, subject,
                     "dims " + dimsText(tensor->dims) + ", expected " + dimsText(dims)};
    if (firstRow + rowCount > tensor->rows())
        return Error{ErrorCode::InvalidInput, subject, "rows out of range"};
    const auto stride = rowBytes(tensor->type, tensor->dims[0]);
    if (!stride)
        return Error{ErrorCode::InvalidInput, subject, "row is not a whole number of blocks"};

    Matrix matrix;
    matrix.rows = static_cast<std::size_t>(rowCount);
    matrix.cols = static_cast<std::size_t>(tensor->dims[0]);
    matrix.values.resize(matrix.rows * matrix.cols);
    for (std::size_t r = 0; r < matrix.rows; ++r) {
        const std::byte* row = tensor->data + (firstRow + r) * *stride;
        const Status widened = widenRow(tensor->type, row, {matrix.values.data() + r * matrix.cols, matrix.cols});
        if (!widened)
            return Error{widened.error().code, subject, widened.error().detail};
    }
    return matrix;
}

Result<Matrix> loadTensor(const GgufFile& file, std::string_view name, std::vector<std::uint64_t> dims)
{
    std::uint64_t rows = 1;
    for (std::size_t i = 1; i < dims.size(); ++i)
        rows *= dims[i];
    return loadRows(file, name, std::move(dims), 0, rows);
}

std::vector<double> multiply(const Matrix& w, std::span<const double> x)
{
    std::vector<double> y(w.rows, 0.0);
    for (std::size_t r = 0; r < w.rows; ++r) {
        const std::span<const double> row = w.row(r);
        double sum = 0.0;
        for (std::size_t c = 0; c < w.cols; ++c)
            sum += row[c] * x[c];
        y[r] = sum;
    }
    return y;
}

} // namespace cairn::reference
