// SPDX-License-Identifier: MIT
// Writes GGUF v3 files: metadata in insertion order, tensor infos, aligned tensor data. Tensor
// bytes are produced at write time by a callback, so multi-gigabyte models never sit in memory.
#pragma once

#include "engine/api/result.h"
#include "engine/core/dtype.h"
#include "engine/format/gguf_value.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

namespace cairn {

class GgufWriter {
public:
    /// Fills exactly the tensor's byte size.
    using Producer = std::function<void(std::span<std::byte> out)>;

    explicit GgufWriter(std::uint64_t alignment = 32);

    /// Sets (or replaces) a metadata key. `general.alignment` is written from the constructor's value.
    void set(const std::string& key, GgufValue value);
    void setStringArray(const std::string& key, const std::vector<std::string>& values);
    void setInt32Array(const std::string& key, const std::vector<std::int32_t>& values);
    void setFloat32Array(const std::string& key, const std::vector<float>& values);

    /// Declares a tensor; `dims` in GGML order (dims[0] contiguous). Fails when the shape is not
    /// a whole number of blocks of `type` or the name repeats.
    Status addTensor(const std::string& name, DType type, std::vector<std::uint64_t> dims, Producer producer);
    Status addTensor(const std::string& name, DType type, std::vector<std::uint64_t> dims,
                     std::vector<std::byte> bytes);

    /// Writes everything to `path` (through a temporary file renamed into place).
    Status write(const std::string& path) const;

private:
    struct Pending {
        std::string name;
        DType type;
        std::vector<std::uint64_t> dims;
        std::uint64_t bytes;
        Producer producer;
    };
    std::uint64_t m_alignment;
    std::vector<std::pair<std::string, GgufValue>> m_metadata;
    std::vector<Pending> m_tensors;
};

} // namespace cairn
