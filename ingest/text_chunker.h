// SPDX-License-Identifier: MIT
// Splits extracted sections into chunks under a size budget for the index and the prompt, each
// keeping its page and section so an answer can cite "page 12". Source code uses repo/chunker.h.
#pragma once

#include "ingest/extractor.h"

#include <functional>

namespace cairn::ingest {

struct TextChunk {
    int section = 0; ///< index into the sections it came from
    int page = 0;    ///< the section's page, 0 when none
    QString title;   ///< the section's title
    QString text;

    /// "page 12", "section “Setup”" or empty, for quoting in answers.
    [[nodiscard]] QString citation() const;
};

struct TextChunkOptions {
    int maxSize = 1500; ///< in the units `size` counts
    /// Size of a piece of text; characters when empty. App passes a token counter here.
    std::function<int(const QString&)> size;
};

/// Chunks never cross a section boundary; within one they break at blank lines, then at line ends,
/// then at spaces, and only then inside a word.
QList<TextChunk> chunkSections(const QList<Section>& sections, const TextChunkOptions& options = {});

} // namespace cairn::ingest
