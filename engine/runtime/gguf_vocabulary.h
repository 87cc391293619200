// SPDX-License-Identifier: MIT
// Reads a GGUF's `tokenizer.ggml.*` keys into a Vocabulary, and writes one back.
#pragma once

#include "engine/api/result.h"
#include "engine/api/vocabulary.h"

namespace cairn {

class GgufFile;
class GgufWriter;

/// Only byte-level BPE (`tokenizer.ggml.model` "gpt2") is supported; anything else is an error
/// naming the file and the model type.
Result<Vocabulary> readGgufVocabulary(const GgufFile& file);

void writeGgufVocabulary(const Vocabulary& vocabulary, GgufWriter& writer);

} // namespace cairn
