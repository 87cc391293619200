// SPDX-License-Identifier: MIT
// VideoExtractor: the registry's entry for video files: what the container says, plus frames
// sampled every few seconds (their times and count; the images themselves are sampled again,
// at the size a vision model wants, by whoever feeds one).
#pragma once

#include "ingest/extractor.h"

namespace cairn::ingest {

class VideoExtractor final : public Extractor {
public:
    [[nodiscard]] QString name() const override { return QStringLiteral("video"); }
    [[nodiscard]] bool accepts(const QString& mime) const override;
    [[nodiscard]] Result<ExtractedContent> extract(const ExtractRequest& request) const override;
};

} // namespace cairn::ingest
