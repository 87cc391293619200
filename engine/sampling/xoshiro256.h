// SPDX-License-Identifier: MIT
// xoshiro256** seeded through splitmix64: the sampler's PRNG, fixed so that a seed draws the same
// numbers with every compiler and standard library (std distributions do not promise that).
#pragma once

#include <array>
#include <cstdint>

namespace cairn {

/// One step of splitmix64 (Steele, Lea, Flood 2014): advances `state` and returns the next output.
constexpr std::uint64_t splitMix64(std::uint64_t& state)
{
    state += 0x9E3779B97F4A7C15ULL;
    std::uint64_t z = state;
    z = (z ^ (z >> 30U)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27U)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31U);
}

/// xoshiro256** 1.0 (Blackman and Vigna, https://prng.di.unimi.it/), its 256-bit state filled
/// from the 64-bit seed by splitmix64 as the authors recommend.
class Xoshiro256 {
public:
    explicit constexpr Xoshiro256(std::uint64_t seed)
    {
        for (std::uint64_t& word : m_state)
            word = splitMix64(seed);
    }

    /// Starts from a raw 256-bit state (not all zero), as the reference code's test vectors do.
    static constexpr Xoshiro256 fromState(const std::array<std::uint64_t, 4>& state)
    {
        Xoshiro256 rng(0);
        rng.m_state = state;
        return rng;
    }

    constexpr std::uint64_t next()
    {
        const std::uint64_t result = rotl(m_state[1] * 5U, 7) * 9U;
        const std::uint64_t t = m_state[1] << 17U;
        m_state[2] ^= m_state[0];
        m_state[3] ^= m_state[1];
        m_state[1] ^= m_state[2];
        m_state[0] ^= m_state[3];
        m_state[2] ^= t;
        m_state[3] = rotl(m_state[3], 45);
        return result;
    }

    /// A uniform double in [0, 1) from the top 53 bits of next().
    constexpr double nextUnit() { return static_cast<double>(next() >> 11U) * 0x1.0p-53; }

private:
    static constexpr std::uint64_t rotl(std::uint64_t x, unsigned k) { return (x << k) | (x >> (64U - k)); }

    std::array<std::uint64_t, 4> m_state{};
};

} // namespace cairn
