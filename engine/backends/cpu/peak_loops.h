// SPDX-License-Identifier: MIT
// Tight per-ISA loops behind machine_peak.cpp, each in a file compiled for its ISA. Internal.
#pragma once

#include <cstddef>
#include <cstdint>

namespace cairn::cpu {

/// Each runs `iterations` rounds of independent accumulator chains and returns the MACs done.
std::uint64_t fmaChainAvx2(std::int64_t iterations);
std::uint64_t maddubsChainAvx2(std::int64_t iterations);
std::uint64_t fmaChainAvx512(std::int64_t iterations);
std::uint64_t dpbusdChainAvx512(std::int64_t iterations);

/// Sums `bytes` (a multiple of 128) with 32-byte loads; the result only defeats dead-code removal.
std::uint64_t readSumAvx2(const std::byte* data, std::size_t bytes);

} // namespace cairn::cpu
