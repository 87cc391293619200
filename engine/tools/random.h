// SPDX-License-Identifier: MIT
// SplitMix64: a tiny, fast, portable generator, so synthetic models are bit-identical on every
// machine and standard library (std distributions are not).
#pragma once

#include <cstdint>

namespace cairn {

class SplitMix64 {
public:
    explicit SplitMix64(std::uint64_t seed) : m_state(seed) { }

    std::uint64_t next()
    {
        std::uint64_t z = (m_state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    /// Uniform in [0, 1).
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    /// Uniform in [0, n).
    std::uint64_t below(std::uint64_t n) { return n == 0 ? 0 : next() % n; }

private:
    std::uint64_t m_state;
};

/// FNV-1a, to derive per-tensor seeds from names.
inline std::uint64_t hashName(const char* text, std::uint64_t seed)
{
    std::uint64_t hash = 0xcbf29ce484222325ULL ^ seed;
    for (; *text != '\0'; ++text)
        hash = (hash ^ static_cast<unsigned char>(*text)) * 0x100000001b3ULL;
    return hash;
}

} // namespace cairn
