// SPDX-License-Identifier: MIT
// Video frames as images: decodes the best video stream with libavcodec and keeps a frame every
// N seconds and/or at scene changes (mean absolute difference of small grey thumbnails), converted
// with libswscale to RGB QImages, capped in count and size. The audio track goes through
// AudioDecoder. Not a player and not a shot detector beyond that simple difference.
#pragma once

#include "ingest/audio/audio_decoder.h"
#include "ingest/cancel_flag.h"
#include "ingest/ingest_result.h"

#include <QImage>
#include <QString>

#include <functional>
#include <optional>
#include <vector>

namespace cairn::ingest {

struct VideoInfo {
    QString path;
    QString container; ///< FFmpeg's demuxer name
    QString codec;     ///< e.g. "h264", "vp9", "mpeg4"
    int streamIndex = -1;
    int streamCount = 0;
    int width = 0;
    int height = 0;
    double frameRate = 0;       ///< average frames per second; 0 = unknown
    double durationSeconds = 0; ///< from the container
    bool hasAudio = false;
};

struct FrameSamplingOptions {
    double intervalSeconds = 10.0; ///< one frame every this many seconds (from 0 s); <= 0: none
    bool sceneChanges = false;     ///< also keep the first frame after each scene change
    /// Mean absolute difference between consecutive 64x36 grey thumbnails, as a fraction of full
    /// scale, above which a frame starts a new scene.
    double sceneThreshold = 0.15;
    int maxFrames = 100; ///< keep at most this many; decoding stops there (SampledVideo::truncated)
    int maxSide = 0;     ///< scale frames down so that the longer side is at most this; 0 = as decoded
    const CancelFlag* cancel = nullptr;
    std::function<void(double)> progress; ///< fraction of the stream decoded
};

struct SampledFrame {
    double timeSeconds = 0; ///< presentation time from the stream's start
    QImage image;           ///< QImage::Format_RGB888
    bool sceneChange = false;
};

struct SampledVideo {
    VideoInfo info;
    std::vector<SampledFrame> frames;
    int decodedFrames = 0;
    int corruptPackets = 0;
    bool truncated = false; ///< maxFrames was reached before the end of the stream
};

/// The best video stream's metadata. Errors name the file: "song.mp3: no video stream (1 stream: audio)".
Result<VideoInfo> probeVideo(const QString& path);

/// Samples frames of `path` as `options` say.
Result<SampledVideo> sampleVideoFrames(const QString& path, const FrameSamplingOptions& options = {});

/// Frames plus, when the file has an audio track, its decoded audio (capped at maxAudioSamples).
struct VideoExtract {
    SampledVideo video;
    std::optional<DecodedAudio> audio;
};
Result<VideoExtract> extractVideo(const QString& path, const FrameSamplingOptions& options, qint64 maxAudioSamples);

} // namespace cairn::ingest
