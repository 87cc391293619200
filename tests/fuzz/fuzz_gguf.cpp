// SPDX-License-Identifier: MIT
// libFuzzer target for the GGUF reader: any byte string must either open, with every tensor's
// bytes inside the mapping, or fail with an error naming the file. Built with clang's
// -fsanitize=fuzzer by the `fuzz` preset; the corpus replay below runs in ordinary ctest.

#include "engine/format/gguf_file.h"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <sys/mman.h>
#include <unistd.h>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static const int fd = memfd_create("fuzz.gguf", MFD_CLOEXEC);
    if (fd < 0 || ftruncate(fd, 0) != 0 || (size > 0 && pwrite(fd, data, size, 0) != static_cast<ssize_t>(size)))
        std::abort();
    const std::string path = "/proc/self/fd/" + std::to_string(fd);
    cairn::Result<cairn::GgufFile> opened = cairn::GgufFile::open(path);
    if (!opened.ok()) {
        if (opened.error().message().rfind(path, 0) != 0)
            std::abort(); // every error names the file
        return 0;
    }
    const cairn::GgufFile& gguf = opened.value();
    volatile std::uint8_t sink = 0;
    for (const cairn::GgufTensor& tensor : gguf.tensors()) {
        if (tensor.bytes == 0)
            continue;
        // Touch the first and last byte: ASan or a SIGBUS flags anything outside the mapping.
        sink = sink ^ static_cast<std::uint8_t>(tensor.data[0])
            ^ static_cast<std::uint8_t>(tensor.data[tensor.bytes - 1]);
    }
    for (const auto& [key, value] : gguf.metadata())
        sink = sink ^ static_cast<std::uint8_t>(cairn::ggufTypeOf(value)) ^ static_cast<std::uint8_t>(key.size());
    return 0;
}
