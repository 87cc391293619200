// SPDX-License-Identifier: MIT
// GGUF layout (ggml docs/gguf.md): magic "GGUF", version, tensor count, key/value count, the
// key/values, the tensor infos, padding to `general.alignment`, then tensor data. Every count is
// checked against the bytes left before anything is allocated, so a hostile file cannot make us
// reserve more memory than its own size implies.

#include "engine/format/gguf_parser.h"

#include "engine/format/gguf_file.h"

#include <cstring>
#include <limits>
#include <string>

namespace cairn {

namespace {

constexpr std::uint32_t kMagic = 0x46554747; // "GGUF" read as a little-endian u32
constexpr std::uint32_t kMagicSwapped = 0x47475546;
constexpr std::uint32_t kMaxDims = 4; // GGML_MAX_DIMS
constexpr int kMaxArrayDepth = 8;

bool checkedMul(std::uint64_t a, std::uint64_t b, std::uint64_t& out)
{
    return !__builtin_mul_overflow(a, b, &out);
}

bool checkedAdd(std::uint64_t a, std::uint64_t b, std::uint64_t& out)
{
    return !__builtin_add_overflow(a, b, &out);
}

/// Smallest number of bytes one value of `type` can occupy, for bounding counts.
std::uint64_t minimumBytes(GgufType type)
{
    switch (type) {
    case GgufType::U8:
    case GgufType::I8:
    case GgufType::Bool:
        return 1;
    case GgufType::U16:
    case GgufType::I16:
        return 2;
    case GgufType::U32:
    case GgufType::I32:
    case GgufType::F32:
        return 4;
    case GgufType::String:
    case GgufType::U64:
    case GgufType::I64:
    case GgufType::F64:
        return 8;
    case GgufType::Array:
        return 12;
    }
    return 1;
}

class Cursor {
public:
    Cursor(const std::byte* data, std::uint64_t size, std::string path)
        : m_data(data), m_size(size), m_path(std::move(path))
    {
    }

    [[nodiscard]] std::uint64_t position() const { return m_pos; }
    [[nodiscard]] std::uint64_t remaining() const { return m_size - m_pos; }

    Error fail(const std::string& what) const
    {
        return Error{ErrorCode::InvalidInput, m_path, what + " (at byte " + std::to_string(m_pos) + ")"};
    }

    template <typename T> bool read(T& out)
    {
        if (remaining() < sizeof(T))
            return false;
        std::memcpy(&out, m_data + m_pos, sizeof(T));
        m_pos += sizeof(T);
        return true;
    }

    bool readString(std::string& out)
    {
        std::uint64_t length = 0;
        if (!read(length) || length > remaining())
            return false;
        out.assign(reinterpret_cast<const char*>(m_data + m_pos), length);
        m_pos += length;
        return true;
    }

private:
    const std::byte* m_data;
    std::uint64_t m_size;
    std::uint64_t m_pos = 0;
    std::string m_path;
};

Result<GgufValue> readValue(Cursor& in, GgufType type, int depth, const std::string& key);

template <typename T> Result<GgufValue> readScalar(Cursor& in, const std::string& key)
{
    T value{};
    if (!in.read(value))
        return in.fail("metadata " + key + ": value truncated");
    return GgufValue(value);
}

Result<GgufValue> readArray(Cursor& in, int depth, const std::string& key)
{
    if (depth >= kMaxArrayDepth)
        return in.fail("metadata " + key + ": arrays nested too deeply");
    std::uint32_t rawType = 0;
    std::uint64_t count = 0;
    if (!in.read(rawType) || !in.read(count))
        return in.fail("metadata " + key + ": array header truncated");
    if (rawType > static_cast<std::uint32_t>(GgufType::F64))
        return in.fail("metadata " + key + ": unknown array element type " + std::to_string(rawType));
    const auto elementType = static_cast<GgufType>(rawType);
    std::uint64_t needed = 0;
    if (!checkedMul(count, minimumBytes(elementType), needed) || needed > in.remaining())
        return in.fail("metadata " + key + ": array of " + std::to_string(count) + " elements exceeds the file");
    auto array = std::make_shared<GgufArray>();
    array->elementType = elementType;
    array->values.reserve(count);
    for (std::uint64_t i = 0; i < count; ++i) {
        Result<GgufValue> element = readValue(in, elementType, depth + 1, key);
        if (!element)
            return element.error();
        array->values.push_back(std::move(element).value());
    }
    return GgufValue(std::shared_ptr<const GgufArray>(std::move(array)));
}

Result<GgufValue> readValue(Cursor& in, GgufType type, int depth, const std::string& key)
{
    switch (type) {
    case GgufType::U8:
        return readScalar<std::uint8_t>(in, key);
    case GgufType::I8:
        return readScalar<std::int8_t>(in, key);
    case GgufType::U16:
        return readScalar<std::uint16_t>(in, key);
    case GgufType::I16:
        return readScalar<std::int16_t>(in, key);
    case GgufType::U32:
        return readScalar<std::uint32_t>(in, key);
    case GgufType::I32:
        return readScalar<std::int32_t>(in, key);
    case GgufType::F32:
        return readScalar<float>(in, key);
    case GgufType::U64:
        return readScalar<std::uint64_t>(in, key);
    case GgufType::I64:
        return readScalar<std::int64_t>(in, key);
    case GgufType::F64:
        return readScalar<double>(in, key);
    case GgufType::Bool: {
        std::uint8_t raw = 0;
        if (!in.read(raw))
            return in.fail("metadata " + key + ": value truncated");
        if (raw > 1)
            return in.fail("metadata " + key + ": bool value " + std::to_string(raw) + " is neither 0 nor 1");
        return GgufValue(raw == 1);
    }
    case GgufType::String: {
        std::string text;
        if (!in.readString(text))
            return in.fail("metadata " + key + ": string truncated");
        return GgufValue(std::move(text));
    }
    case GgufType::Array:
        return readArray(in, depth, key);
    }
    return in.fail("metadata " + key + ": unknown value type");
}

} // namespace

Status GgufParser::parse(GgufFile& file)
{
    Cursor in(file.m_map.data(), file.m_map.size(), file.m_path);

    std::uint32_t magic = 0;
    if (!in.read(magic))
        return Error{ErrorCode::InvalidInput, file.m_path, "not a GGUF file (too short for a header)"};
    if (magic == kMagicSwapped)
        return Error{ErrorCode::Unsupported, file.m_path, "big-endian GGUF files are not supported"};
    if (magic != kMagic)
        return Error{ErrorCode::InvalidInput, file.m_path, "not a GGUF file (wrong magic)"};
    if (!in.read(file.m_version))
        return in.fail("header truncated");
    if (file.m_version == 1)
        return Error{ErrorCode::Unsupported, file.m_path, "GGUF version 1 is not supported (re-convert the model)"};
    if (file.m_version != 2 && file.m_version != 3)
        return Error{ErrorCode::Unsupported, file.m_path,
                     "unknown GGUF version " + std::to_string(file.m_version) + " (this build reads 2 and 3)"};

    std::uint64_t tensorCount = 0;
    std::uint64_t kvCount = 0;
    if (!in.read(tensorCount) || !in.read(kvCount))
        return in.fail("header truncated");
    // A key/value needs at least 8 (key length) + 4 (type) + 1 bytes; a tensor info at least 8 + 4 + 4 + 8.
    std::uint64_t kvBound = 0;
    std::uint64_t tensorBound = 0;
    if (!checkedMul(kvCount, 13, kvBound) || kvBound > in.remaining())
        return in.fail("metadata count " + std::to_string(kvCount) + " exceeds the file");
    if (!checkedMul(tensorCount, 24, tensorBound) || tensorBound > in.remaining())
        return in.fail("tensor count " + std::to_string(tensorCount) + " exceeds the file");

    for (std::uint64_t i = 0; i < kvCount; ++i) {
        std::string key;
        if (!in.readString(key))
            return in.fail("metadata key " + std::to_string(i) + " truncated");
        std::uint32_t rawType = 0;
        if (!in.read(rawType))
            return in.fail("metadata " + key + ": type truncated");
        if (rawType > static_cast<std::uint32_t>(GgufType::F64))
            return in.fail("metadata " + key + ": unknown value type " + std::to_string(rawType));
        Result<GgufValue> value = readValue(in, static_cast<GgufType>(rawType), 0, key);
        if (!value)
            return value.error();
        if (!file.m_metadata.emplace(key, std::move(value).value()).second)
            return in.fail("metadata key " + key + " appears twice");
    }

    if (const GgufValue* alignment = file.find("general.alignment")) {
        const auto* value = std::get_if<std::uint32_t>(alignment);
        if (value == nullptr)
            return Error{ErrorCode::InvalidInput, file.m_path, "general.alignment is not a u32"};
        if (*value == 0 || (*value & (*value - 1)) != 0)
            return Error{ErrorCode::InvalidInput, file.m_path,
                         "general.alignment " + std::to_string(*value) + " is not a power of two"};
        file.m_alignment = *value;
    }

    file.m_tensors.reserve(tensorCount);
    for (std::uint64_t i = 0; i < tensorCount; ++i) {
        GgufTensor tensor;
        if (!in.readString(tensor.name))
            return in.fail("tensor info " + std::to_string(i) + " truncated");
        std::uint32_t dimCount = 0;
        if (!in.read(dimCount))
            return in.fail("tensor " + tensor.name + ": info truncated");
        if (dimCount == 0 || dimCount > kMaxDims)
            return in.fail("tensor " + tensor.name + ": " + std::to_string(dimCount) + " dimensions (1 to 4 allowed)");
        tensor.dims.resize(dimCount);
        for (std::uint64_t& dim : tensor.dims) {
            if (!in.read(dim))
                return in.fail("tensor " + tensor.name + ": info truncated");
        }
        std::uint32_t rawType = 0;
        if (!in.read(rawType) || !in.read(tensor.offset))
            return in.fail("tensor " + tensor.name + ": info truncated");
        const auto info = dtypeInfo(rawType);
        if (!info)
            return in.fail("tensor " + tensor.name + ": unknown tensor type " + std::to_string(rawType));
        tensor.type = info->type;

        std::uint64_t elements = 1;
        for (const std::uint64_t dim : tensor.dims) {
            if (dim == 0 || dim > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())
                || !checkedMul(elements, dim, elements)
                || elements > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
                return in.fail("tensor " + tensor.name + ": invalid or overflowing shape");
        }
        if (tensor.dims[0] % info->blockSize != 0)
            return in.fail("tensor " + tensor.name + ": first dimension " + std::to_string(tensor.dims[0])
                           + " is not a multiple of the " + std::string(info->name) + " block size "
                           + std::to_string(info->blockSize));
        if (!checkedMul(elements / info->blockSize, info->typeSize, tensor.bytes))
            return in.fail("tensor " + tensor.name + ": invalid or overflowing shape");
        if (tensor.offset % file.m_alignment != 0)
            return in.fail("tensor " + tensor.name + ": data offset " + std::to_string(tensor.offset)
                           + " is not aligned to " + std::to_string(file.m_alignment));
        if (!file.m_tensorIndex.emplace(tensor.name, file.m_tensors.size()).second)
            return in.fail("tensor " + tensor.name + " appears twice");
        file.m_tensors.push_back(std::move(tensor));
    }

    // Data starts at the next multiple of the alignment after the tensor infos.
    const std::uint64_t headerEnd = in.position();
    std::uint64_t dataOffset = 0;
    if (!checkedAdd(headerEnd, file.m_alignment - 1, dataOffset))
        return in.fail("header size overflows");
    dataOffset = dataOffset / file.m_alignment * file.m_alignment;
    if (dataOffset > file.m_map.size() && !file.m_tensors.empty())
        return Error{ErrorCode::InvalidInput, file.m_path, "file ends before its tensor data (truncated?)"};
    file.m_dataOffset = dataOffset;
    const std::uint64_t dataSize = file.m_map.size() > dataOffset ? file.m_map.size() - dataOffset : 0;

    for (GgufTensor& tensor : file.m_tensors) {
        std::uint64_t end = 0;
        if (!checkedAdd(tensor.offset, tensor.bytes, end) || end > dataSize)
            return Error{ErrorCode::InvalidInput, file.m_path,
                         "tensor " + tensor.name + ": data out of bounds (needs bytes " + std::to_string(tensor.offset)
                             + "-" + std::to_string(tensor.offset + tensor.bytes) + " of a " + std::to_string(dataSize)
                             + "-byte data section; truncated file?)"};
        tensor.data = file.m_map.data() + dataOffset + tensor.offset;
    }
    return Ok{};
}

} // namespace cairn
