// SPDX-License-Identifier: MIT
// Video files as content: stream facts, sampled frame times and the audio track's description.

#include "ingest/video/video_extractor.h"

#include "ingest/audio/audio_decoder.h"
#include "ingest/audio/audio_extractor.h"
#include "ingest/video/video_frame_sampler.h"

#include <QJsonArray>
#include <QJsonObject>

namespace cairn::ingest {

namespace {

constexpr double kFrameIntervalSeconds = 10.0;
constexpr int kMaxFrames = 100;
constexpr int kFrameSide = 384; ///< frames are only counted here: decode them small

} // namespace

bool VideoExtractor::accepts(const QString& mime) const
{
    return mime.startsWith(QLatin1String("video/"));
}

Result<ExtractedContent> VideoExtractor::extract(const ExtractRequest& request) const
{
    FrameSamplingOptions sampling;
    sampling.intervalSeconds = kFrameIntervalSeconds;
    sampling.sceneChanges = true;
    sampling.maxFrames = kMaxFrames;
    sampling.maxSide = kFrameSide;
    sampling.cancel = request.cancel;
    sampling.progress = [&request](double fraction) { request.report(fraction, QStringLiteral("frames")); };
    Result<SampledVideo> sampled = sampleVideoFrames(request.path, sampling);
    if (!sampled)
        return sampled.error();
    const VideoInfo& info = sampled.value().info;

    ExtractedContent content;
    content.kind = ContentKind::Video;
    QJsonArray frameTimes;
    int sceneChanges = 0;
    for (const SampledFrame& frame : sampled.value().frames) {
        frameTimes.append(frame.timeSeconds);
        sceneChanges += frame.sceneChange ? 1 : 0;
    }
    content.metadata = QJsonObject{{QStringLiteral("container"), info.container},
                                   {QStringLiteral("codec"), info.codec},
                                   {QStringLiteral("width"), info.width},
                                   {QStringLiteral("height"), info.height},
                                   {QStringLiteral("frameRate"), info.frameRate},
                                   {QStringLiteral("durationSeconds"), info.durationSeconds},
                                   {QStringLiteral("sampledFrameTimes"), frameTimes},
                                   {QStringLiteral("sceneChanges"), sceneChanges},
                                   {QStringLiteral("hasAudio"), info.hasAudio}};
    Section section;
    section.text = QStringLiteral("Video, %1, %2, %3x%4, %5 frame(s) sampled")
                       .arg(formatDuration(info.durationSeconds), info.codec)
                       .arg(info.width)
                       .arg(info.height)
                       .arg(frameTimes.size());
    if (info.hasAudio) {
        if (Result<AudioInfo> audio = probeAudio(request.path)) {
            content.metadata.insert(QStringLiteral("audioCodec"), audio.value().codec);
            section.text += QStringLiteral("; audio %1, %2 Hz").arg(audio.value().codec).arg(audio.value().sampleRate);
        }
    }
    if (sampled.value().truncated)
        content.notes << QStringLiteral("only the first %1 sampled frames were kept").arg(kMaxFrames);
    content.sections << section;
    return content;
}

} // namespace cairn::ingest
