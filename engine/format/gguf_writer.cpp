// SPDX-License-Identifier: MIT
// GGUF v3 writer. The file is written to `<path>.partial` and renamed, so a failed or cancelled
// write never leaves a half file under the final name.

#include "engine/format/gguf_writer.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <type_traits>

namespace cairn {

namespace {

class Output {
public:
    explicit Output(std::FILE* file) : m_file(file) { }

    void bytes(const void* data, std::size_t size)
    {
        if (m_ok && size > 0 && std::fwrite(data, 1, size, m_file) != size)
            m_ok = false;
        m_written += size;
    }
    template <typename T> void pod(T value) { bytes(&value, sizeof(T)); }
    void string(const std::string& text)
    {
        pod<std::uint64_t>(text.size());
        bytes(text.data(), text.size());
    }
    void padTo(std::uint64_t alignment)
    {
        static constexpr std::byte kZeros[256] = {};
        while (m_written % alignment != 0) {
            const std::uint64_t gap = alignment - m_written % alignment;
            bytes(kZeros, static_cast<std::size_t>(std::min<std::uint64_t>(gap, sizeof(kZeros))));
        }
    }
    void value(const GgufValue& v)
    {
        std::visit(
            [this](const auto& x) {
                using T = std::decay_t<decltype(x)>;
                if constexpr (std::is_same_v<T, std::string>) {
                    string(x);
                } else if constexpr (std::is_same_v<T, bool>) {
                    pod<std::uint8_t>(x ? 1 : 0);
                } else if constexpr (std::is_same_v<T, std::shared_ptr<const GgufArray>>) {
                    pod<std::uint32_t>(static_cast<std::uint32_t>(x->elementType));
                    pod<std::uint64_t>(x->values.size());
                    for (const GgufValue& element : x->values)
                        value(element);
                } else {
                    pod<T>(x);
                }
            },
            v);
    }

    [[nodiscard]] bool ok() const { return m_ok; }
    [[nodiscard]] std::uint64_t written() const { return m_written; }

private:
    std::FILE* m_file;
    bool m_ok = true;
    std::uint64_t m_written = 0;
};

template <typename T> std::shared_ptr<const GgufArray> makeArray(GgufType type, const std::vector<T>& values)
{
    auto array = std::make_shared<GgufArray>();
    array->elementType = type;
    array->values.reserve(values.size());
    for (const T& v : values)
        array->values.emplace_back(v);
    return array;
}

} // namespace

GgufWriter::GgufWriter(std::uint64_t alignment) : m_alignment(alignment)
{
    set("general.alignment", static_cast<std::uint32_t>(alignment));
}

void GgufWriter::set(const std::string& key, GgufValue value)
{
    for (auto& [existing, stored] : m_metadata) {
        if (existing == key) {
            stored = std::move(value);
            return;
        }
    }
    m_metadata.emplace_back(key, std::move(value));
}

void GgufWriter::setStringArray(const std::string& key, const std::vector<std::string>& values)
{
    set(key, makeArray(GgufType::String, values));
}

void GgufWriter::setInt32Array(const std::string& key, const std::vector<std::int32_t>& values)
{
    set(key, makeArray(GgufType::I32, values));
}

void GgufWriter::setFloat32Array(const std::string& key, const std::vector<float>& values)
{
    set(key, makeArray(GgufType::F32, values));
}

Status GgufWriter::addTensor(const std::string& name, DType type, std::vector<std::uint64_t> dims, Producer producer)
{
    if (dims.empty() || dims.size() > 4)
        return Error{ErrorCode::InvalidInput, name, "a tensor has 1 to 4 dimensions"};
    std::uint64_t rows = 1;
    for (std::size_t i = 1; i < dims.size(); ++i)
        rows *= dims[i];
    const auto row = rowBytes(type, dims[0]);
    if (!row)
        return Error{ErrorCode::InvalidInput, name,
                     "first dimension is not a multiple of the " + std::string(dtypeInfo(type).name) + " block size"};
    for (const Pending& pending : m_tensors) {
        if (pending.name == name)
            return Error{ErrorCode::InvalidInput, name, "tensor name used twice"};
    }
    m_tensors.push_back(Pending{name, type, std::move(dims), *row * rows, std::move(producer)});
    return Ok{};
}

Status GgufWriter::addTensor(const std::string& name, DType type, std::vector<std::uint64_t> dims,
                             std::vector<std::byte> bytes)
{
    auto shared = std::make_shared<std::vector<std::byte>>(std::move(bytes));
    const std::size_t size = shared->size();
    Status added = addTensor(name, type, std::move(dims), [shared](std::span<std::byte> out) {
        std::memcpy(out.data(), shared->data(), out.size());
    });
    if (added && m_tensors.back().bytes != size) {
        m_tensors.pop_back();
        return Error{ErrorCode::InvalidInput, name, "byte count does not match the shape"};
    }
    return added;
}

Status GgufWriter::write(const std::string& path) const
{
    const std::string partial = path + ".partial";
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(partial.c_str(), "wb"), &std::fclose);
    if (!file)
        return Error{ErrorCode::Io, path, std::string("cannot create: ") + std::strerror(errno)};
    Output out(file.get());
    out.bytes("GGUF", 4);
    out.pod<std::uint32_t>(3);
    out.pod<std::uint64_t>(m_tensors.size());
    out.pod<std::uint64_t>(m_metadata.size());
    for (const auto& [key, value] : m_metadata) {
        out.string(key);
        out.pod<std::uint32_t>(static_cast<std::uint32_t>(ggufTypeOf(value)));
        out.value(value);
    }
    std::uint64_t offset = 0;
    for (const Pending& tensor : m_tensors) {
        out.string(tensor.name);
        out.pod<std::uint32_t>(static_cast<std::uint32_t>(tensor.dims.size()));
        for (const std::uint64_t dim : tensor.dims)
            out.pod<std::uint64_t>(dim);
        out.pod<std::uint32_t>(static_cast<std::uint32_t>(tensor.type));
        out.pod<std::uint64_t>(offset);
        offset += (tensor.bytes + m_alignment - 1) / m_alignment * m_alignment;
    }
    out.padTo(m_alignment);
    std::vector<std::byte> buffer;
    for (const Pending& tensor : m_tensors) {
        buffer.assign(tensor.bytes, std::byte{0});
        tensor.producer(buffer);
        out.bytes(buffer.data(), buffer.size());
        out.padTo(m_alignment);
    }
    buffer = {};
    const bool flushed = out.ok() && std::fflush(file.get()) == 0;
    const int closeResult = std::fclose(file.release());
    if (!flushed || closeResult != 0) {
        std::remove(partial.c_str());
        return Error{ErrorCode::Io, path, "write failed (disk full?)"};
    }
    if (std::rename(partial.c_str(), path.c_str()) != 0) {
        const int saved = errno;
        std::remove(partial.c_str());
        return Error{ErrorCode::Io, path, std::string("cannot rename into place: ") + std::strerror(saved)};
    }
    return Ok{};
}

} // namespace cairn
