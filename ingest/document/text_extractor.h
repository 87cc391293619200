// SPDX-License-Identifier: MIT
// The extractor for text formats: plain text and Markdown (sections at headings), HTML (to
// Markdown-ish text), CSV and TSV (to a Markdown table), JSON and XML as text. The encoding is
// detected (text_decoding.h). Source code goes to SourceExtractor instead.
#pragma once

#include "ingest/extractor.h"

namespace cairn::ingest {

class TextExtractor final : public Extractor {
public:
    [[nodiscard]] QString name() const override { return QStringLiteral("text"); }
    [[nodiscard]] bool accepts(const QString& mime) const override;
    [[nodiscard]] Result<ExtractedContent> extract(const ExtractRequest& request) const override;
};

/// Splits Markdown at ATX headings ("# Title"); text before the first heading is an untitled section.
QList<Section> markdownSections(const QString& markdown);

} // namespace cairn::ingest
