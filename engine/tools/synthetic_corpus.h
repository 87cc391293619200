// SPDX-License-Identifier: MIT
// Deterministic pseudo-text for learning the synthetic models' BPE vocabularies: Zipf-distributed
// invented words in sentences, numbers, some code-like lines and a few non-ASCII words.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace cairn {

std::string syntheticCorpus(std::uint64_t seed, std::size_t bytes);

} // namespace cairn
