// SPDX-License-Identifier: MIT
// AudioExtractor: the registry's entry for audio files. It reads what the container says (codec,
// length, channels, tags) through AudioDecoder; the samples and log-mel features are decoded when
// a consumer asks for them (audio_decoder.h, log_mel_stream.h), not at ingest time.
#pragma once

#include "ingest/extractor.h"

namespace cairn::ingest {

class AudioExtractor final : public Extractor {
public:
    [[nodiscard]] QString name() const override { return QStringLiteral("audio"); }
    [[nodiscard]] bool accepts(const QString& mime) const override;
    [[nodiscard]] Result<ExtractedContent> extract(const ExtractRequest& request) const override;
};

/// "3:02" or "1:04:09": a duration for people.
QString formatDuration(double seconds);

} // namespace cairn::ingest
