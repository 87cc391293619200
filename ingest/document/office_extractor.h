// SPDX-License-Identifier: MIT
// The extractor for office documents stored as zipped XML: DOCX (word/document.xml), PPTX (one
// section per slide) and ODT (content.xml). Headings start sections. Reads through ZipArchive, so
// zip bombs are refused. Text only: no layout, images or embedded objects.
#pragma once

#include "ingest/extractor.h"

namespace cairn::ingest {

class OfficeExtractor final : public Extractor {
public:
    [[nodiscard]] QString name() const override { return QStringLiteral("office"); }
    [[nodiscard]] bool accepts(const QString& mime) const override;
    [[nodiscard]] Result<ExtractedContent> extract(const ExtractRequest& request) const override;
};

} // namespace cairn::ingest
