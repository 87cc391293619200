// SPDX-License-Identifier: MIT
// GgufFile: opening (map + parse) and typed metadata lookups.

#include "engine/format/gguf_file.h"

#include "engine/format/gguf_parser.h"

#include <cstdint>
#include <limits>
#include <type_traits>

namespace cairn {

std::uint64_t GgufTensor::elements() const
{
    std::uint64_t count = dims.empty() ? 0 : 1;
    for (const std::uint64_t dim : dims)
        count *= dim;
    return count;
}

Result<GgufFile> GgufFile::open(const std::string& path)
{
    Result<MappedFile> map = MappedFile::open(path);
    if (!map)
        return map.error();
    GgufFile file;
    file.m_path = path;
    file.m_map = std::move(map).value();
    if (Status parsed = GgufParser::parse(file); !parsed)
        return parsed.error();
    return file;
}

const GgufValue* GgufFile::find(std::string_view key) const
{
    const auto it = m_metadata.find(key);
    return it == m_metadata.end() ? nullptr : &it->second;
}

std::optional<std::int64_t> GgufFile::getInt(std::string_view key) const
{
    const GgufValue* value = find(key);
    if (value == nullptr)
        return std::nullopt;
    return std::visit(
        [](const auto& v) -> std::optional<std::int64_t> {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::uint64_t>) {
                if (v > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
                    return std::nullopt;
                return static_cast<std::int64_t>(v);
            } else if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
                return static_cast<std::int64_t>(v);
            } else {
                return std::nullopt;
            }
        },
        *value);
}

std::optional<std::uint64_t> GgufFile::getUInt(std::string_view key) const
{
    if (const GgufValue* value = find(key)) {
        if (const auto* big = std::get_if<std::uint64_t>(value))
            return *big;
    }
    const auto signedValue = getInt(key);
    if (!signedValue || *signedValue < 0)
        return std::nullopt;
    return static_cast<std::uint64_t>(*signedValue);
}

std::optional<double> GgufFile::getFloat(std::string_view key) const
{
    const GgufValue* value = find(key);
    if (value == nullptr)
        return std::nullopt;
    if (const auto* f = std::get_if<float>(value))
        return static_cast<double>(*f);
    if (const auto* d = std::get_if<double>(value))
        return *d;
    return std::nullopt;
}

std::optional<bool> GgufFile::getBool(std::string_view key) const
{
    const GgufValue* value = find(key);
    if (value == nullptr)
        return std::nullopt;
    if (const auto* b = std::get_if<bool>(value))
        return *b;
    return std::nullopt;
}

std::optional<std::string> GgufFile::getString(std::string_view key) const
{
    const GgufValue* value = find(key);
    if (value == nullptr)
        return std::nullopt;
    if (const auto* s = std::get_if<std::string>(value))
        return *s;
    return std::nullopt;
}

const GgufArray* GgufFile::getArray(std::string_view key) const
{
    const GgufValue* value = find(key);
    if (value == nullptr)
        return nullptr;
    if (const auto* array = std::get_if<std::shared_ptr<const GgufArray>>(value))
        return array->get();
    return nullptr;
}

const GgufTensor* GgufFile::tensor(std::string_view name) const
{
    const auto it = m_tensorIndex.find(name);
    return it == m_tensorIndex.end() ? nullptr : &m_tensors[it->second];
}

void GgufFile::prefetch(const GgufTensor& tensor) const
{
    m_map.willNeed(m_dataOffset + tensor.offset, tensor.bytes);
}

void GgufFile::release(const void* data, std::uint64_t bytes) const
{
    const auto at = reinterpret_cast<std::uintptr_t>(data);
    const auto begin = reinterpret_cast<std::uintptr_t>(m_map.data());
    if (at < begin || at - begin >= m_map.size())
        return; // not in the mapping (a copy the binder made)
    m_map.dontNeed(at - begin, bytes);
}

} // namespace cairn
