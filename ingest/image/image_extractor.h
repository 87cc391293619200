// SPDX-License-Identifier: MIT
// The extractor for image files: decodes (with the bomb guard), records size and format, and reads
// any text in it by OCR. Tiling for the vision encoder is done on demand (image_tiler.h), not here.
#pragma once

#include "ingest/extractor.h"

namespace cairn::ingest {

class ImageExtractor final : public Extractor {
public:
    [[nodiscard]] QString name() const override { return QStringLiteral("image"); }
    [[nodiscard]] bool accepts(const QString& mime) const override;
    [[nodiscard]] Result<ExtractedContent> extract(const ExtractRequest& request) const override;
};

} // namespace cairn::ingest
