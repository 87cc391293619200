// SPDX-License-Identifier: MIT
// The extractor for PDF (poppler-qt6): text per page in reading order, one section per page; a page
// without a text layer is rendered and read by OCR. Streams page by page, checking the cancel flag.
#pragma once

#include "ingest/extractor.h"

namespace cairn::ingest {

class PdfExtractor final : public Extractor {
public:
    [[nodiscard]] QString name() const override { return QStringLiteral("pdf"); }
    [[nodiscard]] bool accepts(const QString& mime) const override;
    [[nodiscard]] Result<ExtractedContent> extract(const ExtractRequest& request) const override;
};

} // namespace cairn::ingest
