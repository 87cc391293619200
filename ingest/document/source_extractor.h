// SPDX-License-Identifier: MIT
// The extractor for a single source file in a language the repository ingester knows: its text as
// is, with the language named, so app can hand the file (or its folder) to indexRepository for
// symbols and chunks. Not a parser itself.
#pragma once

#include "ingest/extractor.h"

namespace cairn::ingest {

class SourceExtractor final : public Extractor {
public:
    [[nodiscard]] QString name() const override { return QStringLiteral("source"); }
    [[nodiscard]] bool accepts(const QString& mime) const override;
    [[nodiscard]] Result<ExtractedContent> extract(const ExtractRequest& request) const override;
};

} // namespace cairn::ingest
