// SPDX-License-Identifier: MIT
// Parses and validates the header, metadata and tensor infos of a mapped GGUF file.
#pragma once

#include "engine/api/result.h"

namespace cairn {

class GgufFile;

class GgufParser {
public:
    /// Fills `file` from its mapping; any inconsistency with the file size is an error.
    static Status parse(GgufFile& file);
};

} // namespace cairn
