// SPDX-License-Identifier: MIT
// Audio files as content: their description and tags become the searchable text.

#include "ingest/audio/audio_extractor.h"

#include "ingest/audio/audio_decoder.h"

#include <QJsonObject>

#include <cmath>

namespace cairn::ingest {

bool AudioExtractor::accepts(const QString& mime) const
{
    return mime.startsWith(QLatin1String("audio/")) || mime == QLatin1String("application/ogg");
}

QString formatDuration(double seconds)
{
    const auto total = static_cast<qint64>(std::llround(std::max(0.0, seconds)));
    const qint64 hours = total / 3600;
    const qint64 minutes = (total / 60) % 60;
    const QString rest = QStringLiteral("%1:%2").arg(minutes).arg(total % 60, 2, 10, QLatin1Char('0'));
    return hours > 0 ? QStringLiteral("%1:%2").arg(hours).arg(rest.rightJustified(5, QLatin1Char('0'))) : rest;
}

Result<ExtractedContent> AudioExtractor::extract(const ExtractRequest& request) const
{
    if (request.cancelled())
        return request.cancelledError();
    Result<AudioInfo> probed = probeAudio(request.path);
    if (!probed)
        return probed.error();
    const AudioInfo& info = probed.value();

    ExtractedContent content;
    content.kind = ContentKind::Audio;
    QJsonObject tags;
    QStringList tagLines;
    for (auto tag = info.tags.cbegin(); tag != info.tags.cend(); ++tag) {
        tags.insert(tag.key(), tag.value());
        tagLines << QStringLiteral("%1: %2").arg(tag.key(), tag.value());
    }
    content.metadata = QJsonObject{{QStringLiteral("container"), info.container},
                                   {QStringLiteral("codec"), info.codec},
                                   {QStringLiteral("channels"), info.channels},
                                   {QStringLiteral("sampleRate"), info.sampleRate},
                                   {QStringLiteral("bitRate"), static_cast<double>(info.bitRate)},
                                   {QStringLiteral("durationSeconds"), info.durationSeconds},
                                   {QStringLiteral("tags"), tags}};
    Section section;
    section.text = QStringLiteral("Audio, %1, %2, %3 Hz, %4 channel(s)")
                       .arg(formatDuration(info.durationSeconds), info.codec)
                       .arg(info.sampleRate)
                       .arg(info.channels);
    if (!tagLines.isEmpty())
        section.text += QLatin1Char('\n') + tagLines.join(QLatin1Char('\n'));
    content.sections << section;
    content.notes << QStringLiteral("no transcript: speech recognition needs a model Cairn does not have yet");
    request.report(1.0, QStringLiteral("read"));
    return content;
}

} // namespace cairn::ingest
