// SPDX-License-Identifier: MIT
// Precision of a session's KV cache.
#pragma once

#include <string_view>

namespace cairn {

enum class KvType { F32, F16, BF16 };

std::string_view kvTypeName(KvType type);

} // namespace cairn
