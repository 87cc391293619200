// SPDX-License-Identifier: MIT
// POSIX mmap of a whole file, read-only and private.

#include "engine/format/mapped_file.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

namespace cairn {

MappedFile::~MappedFile()
{
    if (m_data != nullptr)
        munmap(const_cast<std::byte*>(m_data), m_size);
}

MappedFile::MappedFile(MappedFile&& other) noexcept
    : m_data(std::exchange(other.m_data, nullptr)), m_size(std::exchange(other.m_size, 0))
{
}

MappedFile& MappedFile::operator=(MappedFile&& other) noexcept
{
    if (this != &other) {
        if (m_data != nullptr)
            munmap(const_cast<std::byte*>(m_data), m_size);
        m_data = std::exchange(other.m_data, nullptr);
        m_size = std::exchange(other.m_size, 0);
    }
    return *this;
}

Result<MappedFile> MappedFile::open(const std::string& path)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return Error{ErrorCode::Io, path, std::string("cannot open: ") + std::strerror(errno)};
    struct stat info { };
    if (fstat(fd, &info) != 0) {
        const int saved = errno;
        ::close(fd);
        return Error{ErrorCode::Io, path, std::string("cannot stat: ") + std::strerror(saved)};
    }
    if (!S_ISREG(info.st_mode)) {
        ::close(fd);
        return Error{ErrorCode::Io, path, "not a regular file"};
    }
    MappedFile file;
    file.m_size = static_cast<std::uint64_t>(info.st_size);
    if (file.m_size > 0) {
        void* addr = mmap(nullptr, file.m_size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (addr == MAP_FAILED) {
            const int saved = errno;
            ::close(fd);
            file.m_size = 0;
            return Error{ErrorCode::Io, path, std::string("cannot map: ") + std::strerror(saved)};
        }
        file.m_data = static_cast<const std::byte*>(addr);
    }
    ::close(fd);
    return file;
}

void MappedFile::willNeed(std::uint64_t offset, std::uint64_t bytes) const
{
    if (m_data == nullptr || offset >= m_size)
        return;
    const auto page = static_cast<std::uint64_t>(sysconf(_SC_PAGESIZE));
    const std::uint64_t begin = offset / page * page;
    const std::uint64_t end = std::min(m_size, offset + std::min(bytes, m_size - offset));
    madvise(const_cast<std::byte*>(m_data + begin), end - begin, MADV_WILLNEED);
}

void MappedFile::dontNeed(std::uint64_t offset, std::uint64_t bytes) const
{
    if (m_data == nullptr || offset >= m_size)
        return;
    const auto page = static_cast<std::uint64_t>(sysconf(_SC_PAGESIZE));
    const std::uint64_t begin = (offset + page - 1) / page * page;
    const std::uint64_t end = std::min(m_size, offset + std::min(bytes, m_size - offset)) / page * page;
    if (begin < end)
        madvise(const_cast<std::byte*>(m_data + begin), end - begin, MADV_DONTNEED);
}

} // namespace cairn
