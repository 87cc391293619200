// SPDX-License-Identifier: MIT
// Names and type ids of GGUF metadata values.

#include "engine/format/gguf_value.h"

namespace cairn {

GgufType ggufTypeOf(const GgufValue& value)
{
    // The variant's alternatives are declared in GgufType order.
    return static_cast<GgufType>(value.index());
}

} // namespace cairn
