// SPDX-License-Identifier: MIT
// Video frame sampling with libavformat/libavcodec/libswscale.

#include "ingest/video/video_frame_sampler.h"

#include "ingest/audio/media_input.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libswscale/swscale.h>
}

namespace cairn::ingest {

namespace {

constexpr int kThumbWidth = 64;
constexpr int kThumbHeight = 36;

struct SwsDeleter {
    void operator()(SwsContext* context) const { sws_freeContext(context); }
};

struct OpenedVideo {
    media::FormatContextPtr format;
    AVStream* stream = nullptr;
    VideoInfo info;
};

Result<OpenedVideo> openVideo(const QString& path)
{
    auto format = media::openInput(path);
    if (!format)
        return format.error();
    OpenedVideo out;
    out.format = std::move(format).value();
    AVFormatContext* fmt = out.format.get();
    int index = -1;
    for (unsigned i = 0; i < fmt->nb_streams; ++i) // cover art in audio files is not video
        if (fmt->streams[i]->disposition & AV_DISPOSITION_ATTACHED_PIC)
            fmt->streams[i]->discard = AVDISCARD_ALL;
    index = av_find_best_stream(fmt, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
    if (index < 0 || (fmt->streams[index]->disposition & AV_DISPOSITION_ATTACHED_PIC))
        return Error{ErrorCode::InvalidInput, path,
                     QStringLiteral("no video stream (%1)").arg(media::describeStreams(fmt))};
    out.stream = fmt->streams[index];
    const AVCodecParameters* par = out.stream->codecpar;
    VideoInfo& info = out.info;
    info.path = path;
    info.container = QString::fromLatin1(fmt->iformat->name);
    info.codec = QString::fromLatin1(avcodec_get_name(par->codec_id));
    info.streamIndex = index;
    info.streamCount = static_cast<int>(fmt->nb_streams);
    info.width = par->width;
    info.height = par->height;
    const AVRational rate = out.stream->avg_frame_rate.num > 0 ? out.stream->avg_frame_rate : out.stream->r_frame_rate;
    info.frameRate = rate.den > 0 ? av_q2d(rate) : 0.0;
    info.durationSeconds = media::durationSeconds(fmt, out.stream);
    info.hasAudio = av_find_best_stream(fmt, AVMEDIA_TYPE_AUDIO, -1, -1, nullptr, 0) >= 0;
    return out;
}

QSize scaledSize(int width, int height, int maxSide)
{
    if (maxSide <= 0 || std::max(width, height) <= maxSide)
        return {width, height};
    const double scale = double(maxSide) / std::max(width, height);
    return {std::max(1, int(std::lround(width * scale))), std::max(1, int(std::lround(height * scale)))};
}

} // namespace

Result<VideoInfo> probeVideo(const QString& path)
{
    auto video = openVideo(path);
    if (!video)
        return video.error();
    return std::move(video).value().info;
}

Result<SampledVideo> sampleVideoFrames(const QString& path, const FrameSamplingOptions& options)
{
    auto opened = openVideo(path);
    if (!opened)
        return opened.error();
    OpenedVideo video = std::move(opened).value();
    AVFormatContext* fmt = video.format.get();
    for (unsigned i = 0; i < fmt->nb_streams; ++i)
        if (static_cast<int>(i) != video.info.streamIndex)
            fmt->streams[i]->discard = AVDISCARD_ALL;
    auto codec = media::openDecoder(path, video.stream, 0);
    if (!codec)
        return codec.error();
    media::CodecContextPtr decoder = std::move(codec).value();

    SampledVideo out;
    out.info = video.info;
    media::PacketPtr packet(av_packet_alloc());
    media::FramePtr frame(av_frame_alloc());
    if (!packet || !frame)
        return Error{ErrorCode::Io, path, QStringLiteral("out of memory allocating a packet")};
    std::unique_ptr<SwsContext, SwsDeleter> toRgb;
    std::unique_ptr<SwsContext, SwsDeleter> toThumb;
    std::vector<uint8_t> thumb(kThumbWidth * kThumbHeight), previousThumb;
    const double timeBase = av_q2d(video.stream->time_base);
    const int64_t start = video.stream->start_time != AV_NOPTS_VALUE ? video.stream->start_time : 0;
    double nextSample = 0;
    double reported = 0;
    int maxFrames = std::max(0, options.maxFrames);

    // Converts the decoded frame to RGB and keeps it. False once the cap is reached.
    auto keep = [&](double time, bool sceneChange) -> bool {
        if (static_cast<int>(out.frames.size()) >= maxFrames) {
            out.truncated = true;
            return false;
        }
        const QSize size = scaledSize(frame->width, frame->height, options.maxSide);
        toRgb.reset(sws_getCachedContext(toRgb.release(), frame->width, frame->height,
                                         static_cast<AVPixelFormat>(frame->format), size.width(), size.height(),
                                         AV_PIX_FMT_RGB24, SWS_AREA, nullptr, nullptr, nullptr));
        QImage image(size, QImage::Format_RGB888);
        if (!toRgb || image.isNull())
            return true; // an unconvertible frame is skipped, not fatal
        uint8_t* dst[4] = {image.bits(), nullptr, nullptr, nullptr};
        int dstStride[4] = {static_cast<int>(image.bytesPerLine()), 0, 0, 0};
        sws_scale(toRgb.get(), frame->data, frame->linesize, 0, frame->height, dst, dstStride);
        out.frames.push_back({time, std::move(image), sceneChange});
        return true;
    };

    // Grey thumbnail difference to the previous frame, as a fraction of full scale; -1 for the first.
    auto sceneDifference = [&]() -> double {
        toThumb.reset(sws_getCachedContext(toThumb.release(), frame->width, frame->height,
                                           static_cast<AVPixelFormat>(frame->format), kThumbWidth, kThumbHeight,
                                           AV_PIX_FMT_GRAY8, SWS_AREA, nullptr, nullptr, nullptr));
        if (!toThumb)
            return -1;
        uint8_t* dst[4] = {thumb.data(), nullptr, nullptr, nullptr};
        int dstStride[4] = {kThumbWidth, 0, 0, 0};
        sws_scale(toThumb.get(), frame->data, frame->linesize, 0, frame->height, dst, dstStride);
        double difference = -1;
        if (!previousThumb.empty()) {
            long sum = 0;
            for (std::size_t i = 0; i < thumb.size(); ++i)
                sum += std::abs(int(thumb[i]) - int(previousThumb[i]));
            difference = double(sum) / (255.0 * double(thumb.size()));
        }
        previousThumb = thumb;
        return difference;
    };

    // Handles every frame the decoder has ready. False to stop (cap reached).
    auto receiveFrames = [&]() -> bool {
        while (avcodec_receive_frame(decoder.get(), frame.get()) == 0) {
            ++out.decodedFrames;
            const int64_t pts = frame->best_effort_timestamp != AV_NOPTS_VALUE ? frame->best_effort_timestamp : start;
            const double time = static_cast<double>(pts - start) * timeBase;
            const double difference = options.sceneChanges ? sceneDifference() : -1;
            const bool first = out.decodedFrames == 1;
            const bool scene = difference > options.sceneThreshold;
            const bool onInterval = options.intervalSeconds > 0 && time + 1e-6 >= nextSample;
            bool more = true;
            if (onInterval || scene || (first && options.sceneChanges))
                more = keep(time, scene);
            if (onInterval)
                nextSample = (std::floor(time / options.intervalSeconds + 1e-6) + 1) * options.intervalSeconds;
            av_frame_unref(frame.get());
            if (!more)
                return false;
        }
        return true;
    };

    bool going = true;
    while (going) {
        if (options.cancel && options.cancel->cancelled())
            return Error{ErrorCode::Cancelled, path, QStringLiteral("frame sampling cancelled")};
        if (av_read_frame(fmt, packet.get()) < 0)
            break;
        if (packet->stream_index != video.info.streamIndex) {
            av_packet_unref(packet.get());
            continue;
        }
        if (options.progress && video.info.durationSeconds > 0 && packet->pts != AV_NOPTS_VALUE) {
            const double at = std::clamp(
                static_cast<double>(packet->pts - start) * timeBase / video.info.durationSeconds, 0.0, 1.0);
            if (at - reported >= 0.01) {
                reported = at;
                options.progress(at);
            }
        }
        const int sent = avcodec_send_packet(decoder.get(), packet.get());
        av_packet_unref(packet.get());
        if (sent < 0 && sent != AVERROR(EAGAIN)) {
            ++out.corruptPackets;
            continue;
        }
        going = receiveFrames();
    }
    if (going) {
        avcodec_send_packet(decoder.get(), nullptr);
        receiveFrames();
    }
    if (out.decodedFrames == 0)
        return Error{
            ErrorCode::InvalidInput, path,
            QStringLiteral("no decodable %1 video (%2 corrupt packets)").arg(video.info.codec).arg(out.corruptPackets)};
    return out;
}

Result<VideoExtract> extractVideo(const QString& path, const FrameSamplingOptions& options, qint64 maxAudioSamples)
{
    auto video = sampleVideoFrames(path, options);
    if (!video)
        return video.error();
    VideoExtract out;
    out.video = std::move(video).value();
    if (out.video.info.hasAudio) {
        AudioDecodeOptions audioOptions;
        audioOptions.cancel = options.cancel;
        auto audio = decodeAudio(path, maxAudioSamples, audioOptions);
        if (!audio)
            return audio.error();
        out.audio = std::move(audio).value();
    }
    return out;
}

} // namespace cairn::ingest
