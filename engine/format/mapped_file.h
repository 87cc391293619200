// SPDX-License-Identifier: MIT
// A read-only memory mapping of a whole file. Move-only; unmaps on destruction.
#pragma once

#include "engine/api/result.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace cairn {

class MappedFile {
public:
    MappedFile() = default;
    ~MappedFile();
    MappedFile(MappedFile&& other) noexcept;
    MappedFile& operator=(MappedFile&& other) noexcept;
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    /// Maps `path` read-only. An empty file maps to size 0 with a null data pointer.
    static Result<MappedFile> open(const std::string& path);

    [[nodiscard]] const std::byte* data() const { return m_data; }
    [[nodiscard]] std::uint64_t size() const { return m_size; }

    /// madvise(WILLNEED) on the pages covering [offset, offset + bytes); a hint only.
    void willNeed(std::uint64_t offset, std::uint64_t bytes) const;
    /// Lets the kernel drop the mapping's pages wholly inside [offset, offset + bytes) (madvise
    /// DONTNEED): for ranges the process copied and no longer reads. A later read maps them again.
    void dontNeed(std::uint64_t offset, std::uint64_t bytes) const;

private:
    const std::byte* m_data = nullptr;
    std::uint64_t m_size = 0;
};

} // namespace cairn
