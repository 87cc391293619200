// SPDX-License-Identifier: MIT
// A GGUF file (v2 or v3) opened read-only: metadata parsed and validated, tensor data memory-
// mapped and never copied. Every offset, size and count is checked against the file size first.
#pragma once

#include "engine/api/result.h"
#include "engine/core/dtype.h"
#include "engine/format/gguf_value.h"
#include "engine/format/mapped_file.h"

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace cairn {

struct GgufTensor {
    std::string name;
    DType type = DType::F32;
    std::vector<std::uint64_t> dims; ///< GGML order: dims[0] (ne0) is the contiguous one
    std::uint64_t offset = 0;        ///< from the start of the data section
    std::uint64_t bytes = 0;
    const std::byte* data = nullptr; ///< inside the mapping

    [[nodiscard]] std::uint64_t elements() const;
    /// Rows as GGML counts them: every dimension but the first multiplied together.
    [[nodiscard]] std::uint64_t rows() const { return dims.empty() ? 0 : elements() / dims[0]; }
};

class GgufFile {
public:
    /// Maps and validates `path`. Errors name the file and the problem.
    static Result<GgufFile> open(const std::string& path);

    [[nodiscard]] const std::string& path() const { return m_path; }
    [[nodiscard]] std::uint32_t version() const { return m_version; }
    [[nodiscard]] std::uint64_t alignment() const { return m_alignment; }
    [[nodiscard]] std::uint64_t dataOffset() const { return m_dataOffset; }

    [[nodiscard]] const std::map<std::string, GgufValue, std::less<>>& metadata() const { return m_metadata; }
    [[nodiscard]] const GgufValue* find(std::string_view key) const;

    // Typed lookups: nothing when the key is absent or holds an incompatible type. Integer
    // lookups accept every integer type whose value fits; float lookups accept f32 and f64.
    [[nodiscard]] std::optional<std::uint64_t> getUInt(std::string_view key) const;
    [[nodiscard]] std::optional<std::int64_t> getInt(std::string_view key) const;
    [[nodiscard]] std::optional<double> getFloat(std::string_view key) const;
    [[nodiscard]] std::optional<bool> getBool(std::string_view key) const;
    [[nodiscard]] std::optional<std::string> getString(std::string_view key) const;
    [[nodiscard]] const GgufArray* getArray(std::string_view key) const;

    [[nodiscard]] const std::vector<GgufTensor>& tensors() const { return m_tensors; }
    [[nodiscard]] const GgufTensor* tensor(std::string_view name) const;

    /// Asks the kernel to read the tensor's pages ahead (madvise WILLNEED); a hint only.
    void prefetch(const GgufTensor& tensor) const;
    /// Lets the kernel drop the pages of `bytes` tensor bytes at `data` (inside this file's
    /// mapping) that the caller copied and will not read again; a hint only.
    void release(const void* data, std::uint64_t bytes) const;

private:
    std::string m_path;
    MappedFile m_map;
    std::uint32_t m_version = 0;
    std::uint64_t m_alignment = 32;
    std::uint64_t m_dataOffset = 0;
    std::map<std::string, GgufValue, std::less<>> m_metadata;
    std::vector<GgufTensor> m_tensors;
    std::map<std::string, std::size_t, std::less<>> m_tensorIndex;

    friend class GgufParser;
};

} // namespace cairn
