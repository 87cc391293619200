// SPDX-License-Identifier: MIT
// ingest::open and the registry behind it: sniff the real type (file_type.h), pick the first
// extractor that accepts it, run it. More extractors join by ExtractorRegistry::add.
#pragma once

#include "ingest/extractor.h"

#include <memory>
#include <vector>

namespace cairn::ingest {

class ExtractorRegistry {
public:
    /// The extractors this module has: images, PDF, audio, video, office documents, source files, text.
    static ExtractorRegistry withBuiltins();

    /// Adds an extractor; earlier ones win when several accept a type.
    void add(std::unique_ptr<Extractor> extractor);
    /// The extractor for content of type `mime`, or nullptr.
    [[nodiscard]] const Extractor* find(const QString& mime) const;
    [[nodiscard]] QStringList names() const;

    /// Sniffs `path` and extracts it. Errors name the file: unreadable, empty, a type no extractor
    /// accepts, or the extractor's own. A name that lies about the type is reported in `notes`.
    [[nodiscard]] Result<ExtractedContent> open(const QString& path, const ExtractOptions& options = {},
                                                const CancelFlag* cancel = nullptr,
                                                const ProgressFn& progress = {}) const;

private:
    std::vector<std::unique_ptr<Extractor>> m_extractors;
};

/// ExtractorRegistry::withBuiltins().open(...): the one entry point for a single file.
Result<ExtractedContent> open(const QString& path, const ExtractOptions& options = {},
                              const CancelFlag* cancel = nullptr, const ProgressFn& progress = {});

} // namespace cairn::ingest
