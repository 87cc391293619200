// SPDX-License-Identifier: MIT
// AudioDecoder: libavformat demuxing, libavcodec decoding and libswresample conversion to mono float.
// The resampler is rebuilt when a stream changes format, rate or layout mid-file (some broadcasts do).

#include "ingest/audio/audio_decoder.h"

#include "ingest/audio/media_input.h"

#include <algorithm>
#include <cmath>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/channel_layout.h>
#include <libavutil/dict.h>
#include <libswresample/swresample.h>
}

namespace cairn::ingest {

namespace {

struct SwrDeleter {
    void operator()(SwrContext* context) const { swr_free(&context); }
};
using SwrPtr = std::unique_ptr<SwrContext, SwrDeleter>;

void addTags(const AVDictionary* dictionary, QMap<QString, QString>& tags)
{
    const AVDictionaryEntry* entry = nullptr;
    while ((entry = av_dict_get(dictionary, "", entry, AV_DICT_IGNORE_SUFFIX)))
        tags.insert(QString::fromUtf8(entry->key).toLower(), QString::fromUtf8(entry->value));
}

/// Converts decoded frames of any layout and rate to mono float at one output rate and hands out
/// fixed-size blocks.
class MonoConverter {
public:
    MonoConverter(QString path, int outRate, int blockSamples, const PcmBlockFn& onBlock)
        : m_path(std::move(path)), m_outRate(outRate), m_blockSamples(std::max(1, blockSamples)), m_onBlock(onBlock)
    {
        m_block.reserve(static_cast<std::size_t>(m_blockSamples));
    }

    /// False when the callback asked to stop.
    /// Converts the first `samples` samples of `frame`.
    Result<bool> push(const AVFrame* frame, int samples)
    {
        if (!sameInput(frame)) {
            if (m_swr) {
                if (!drain())
                    return false;
            }
            if (auto status = configure(frame); !status)
                return status.error();
        }
        return convert(const_cast<const uint8_t**>(frame->extended_data), samples);
    }

    /// Drains the resampler and delivers the last partial block.
    bool finish()
    {
        if (m_swr && !drain())
            return false;
        return flushBlock();
    }

    [[nodiscard]] qint64 delivered() const { return m_delivered; }

private:
    bool sameInput(const AVFrame* frame) const
    {
        return m_swr && frame->format == m_inFormat && frame->sample_rate == m_inRate
            && av_channel_layout_compare(&frame->ch_layout, &m_inLayout) == 0;
    }

    Status configure(const AVFrame* frame)
    {
        av_channel_layout_uninit(&m_inLayout);
        if (frame->ch_layout.order == AV_CHANNEL_ORDER_UNSPEC || frame->ch_layout.nb_channels <= 0)
            av_channel_layout_default(&m_inLayout, std::max(1, frame->ch_layout.nb_channels));
        else
            av_channel_layout_copy(&m_inLayout, &frame->ch_layout);
        m_inFormat = frame->format;
        m_inRate = frame->sample_rate;
        AVChannelLayout mono = AV_CHANNEL_LAYOUT_MONO;
        SwrContext* raw = nullptr;
        int rc = swr_alloc_set_opts2(&raw, &mono, AV_SAMPLE_FMT_FLT, m_outRate, &m_inLayout,
                                     static_cast<AVSampleFormat>(m_inFormat), m_inRate, 0, nullptr);
        m_swr.reset(raw);
        if (rc >= 0)
            rc = swr_init(m_swr.get());
        if (rc < 0) {
            m_swr.reset();
            return Error{ErrorCode::Unsupported, m_path,
                         QStringLiteral("cannot resample %1 Hz %2 channels to %3 Hz mono (%4)")
                             .arg(m_inRate)
                             .arg(m_inLayout.nb_channels)
                             .arg(m_outRate)
                             .arg(media::errorText(rc))};
        }
        return Ok{};
    }

    Result<bool> convert(const uint8_t** input, int inputSamples)
    {
        const int capacity = swr_get_out_samples(m_swr.get(), inputSamples);
        if (capacity < 0)
            return Error{ErrorCode::InvalidInput, m_path, media::errorText(capacity)};
        m_scratch.resize(static_cast<std::size_t>(capacity) + 1);
        auto* out = reinterpret_cast<uint8_t*>(m_scratch.data());
        const int produced = swr_convert(m_swr.get(), &out, capacity + 1, input, inputSamples);
        if (produced < 0)
            return Error{ErrorCode::InvalidInput, m_path,
                         QStringLiteral("resampling failed (%1)").arg(media::errorText(produced))};
        return append(std::span<const float>(m_scratch.data(), static_cast<std::size_t>(produced)));
    }

    bool drain()
    {
        auto result = convert(nullptr, 0);
        return result.ok() && result.value();
    }

    bool append(std::span<const float> samples)
    {
        while (!samples.empty()) {
            const std::size_t room = static_cast<std::size_t>(m_blockSamples) - m_block.size();
            const std::size_t take = std::min(room, samples.size());
            m_block.insert(m_block.end(), samples.begin(), samples.begin() + static_cast<std::ptrdiff_t>(take));
            samples = samples.subspan(take);
            if (m_block.size() == static_cast<std::size_t>(m_blockSamples) && !flushBlock())
                return false;
        }
        return true;
    }

    bool flushBlock()
    {
        if (m_block.empty())
            return true;
        m_delivered += static_cast<qint64>(m_block.size());
        const bool more = m_onBlock(std::span<const float>(m_block));
        m_block.clear();
        return more;
    }

    QString m_path;
    int m_outRate;
    int m_blockSamples;
    const PcmBlockFn& m_onBlock;
    SwrPtr m_swr;
    int m_inFormat = -1;
    int m_inRate = 0;
    AVChannelLayout m_inLayout{};
    std::vector<float> m_scratch;
    std::vector<float> m_block;
    qint64 m_delivered = 0;

public:
    ~MonoConverter() { av_channel_layout_uninit(&m_inLayout); }
    MonoConverter(const MonoConverter&) = delete;
    MonoConverter& operator=(const MonoConverter&) = delete;
};

} // namespace

struct AudioDecoder::State {
    AudioInfo info;
    media::FormatContextPtr format;
    media::CodecContextPtr codec;
    AVStream* stream = nullptr;
    bool used = false;
};

AudioDecoder::AudioDecoder(std::unique_ptr<State> state) : m_state(std::move(state))
{
}
AudioDecoder::AudioDecoder(AudioDecoder&&) noexcept = default;
AudioDecoder& AudioDecoder::operator=(AudioDecoder&&) noexcept = default;
AudioDecoder::~AudioDecoder() = default;

const AudioInfo& AudioDecoder::info() const
{
    return m_state->info;
}

Result<AudioDecoder> AudioDecoder::open(const QString& path)
{
    auto format = media::openInput(path);
    if (!format)
        return format.error();
    auto state = std::make_unique<State>();
    state->format = std::move(format).value();
    AVFormatContext* fmt = state->format.get();
    const int index = av_find_best_stream(fmt, AVMEDIA_TYPE_AUDIO, -1, -1, nullptr, 0);
    if (index < 0)
        return Error{ErrorCode::InvalidInput, path,
                     QStringLiteral("no audio stream (%1)").arg(media::describeStreams(fmt))};
    state->stream = fmt->streams[index];
    const AVCodecParameters* par = state->stream->codecpar;
    auto codec = media::openDecoder(path, state->stream, 1);
    if (!codec)
        return codec.error();
    state->codec = std::move(codec).value();

    AudioInfo& info = state->info;
    info.path = path;
    info.container = QString::fromLatin1(fmt->iformat->name);
    info.codec = QString::fromLatin1(avcodec_get_name(par->codec_id));
    info.streamIndex = index;
    info.streamCount = static_cast<int>(fmt->nb_streams);
    info.channels = par->ch_layout.nb_channels;
    info.sampleRate = par->sample_rate;
    info.bitRate = par->bit_rate > 0 ? par->bit_rate : fmt->bit_rate;
    info.durationSeconds = media::durationSeconds(fmt, state->stream);
    addTags(fmt->metadata, info.tags);
    addTags(state->stream->metadata, info.tags);
    // Every other stream is dropped by the demuxer rather than read and discarded by us.
    for (unsigned i = 0; i < fmt->nb_streams; ++i)
        if (static_cast<int>(i) != index)
            fmt->streams[i]->discard = AVDISCARD_ALL;
    return AudioDecoder(std::move(state));
}

Result<AudioDecodeStats> AudioDecoder::decode(const PcmBlockFn& onBlock, const AudioDecodeOptions& options)
{
    State& s = *m_state;
    const QString& path = s.info.path;
    if (s.used)
        return Error{ErrorCode::InvalidInput, path, QStringLiteral("AudioDecoder::decode called twice")};
    s.used = true;
    if (options.sampleRate < 1000 || options.sampleRate > 384000)
        return Error{ErrorCode::InvalidInput, path, QStringLiteral("bad output rate %1 Hz").arg(options.sampleRate)};

    media::PacketPtr packet(av_packet_alloc());
    media::FramePtr frame(av_frame_alloc());
    if (!packet || !frame)
        return Error{ErrorCode::Io, path, QStringLiteral("out of memory allocating a packet")};
    MonoConverter converter(path, options.sampleRate, options.blockSamples, onBlock);
    AudioDecodeStats stats;
    stats.sampleRate = options.sampleRate;
    QString firstProblem;
    const double timeBase = av_q2d(s.stream->time_base);
    const double startSeconds
        = s.stream->start_time != AV_NOPTS_VALUE ? static_cast<double>(s.stream->start_time) * timeBase : 0.0;
    double reported = 0;
    // Encoders pad the last frame (AAC to 1024 samples) and FFmpeg 5.1 trims only the start; where
    // the container states the exact length (MP4 edit lists, Ogg granules, not a bit-rate guess),
    // samples past it are dropped, as players do.
    const bool exactEnd = s.stream->duration != AV_NOPTS_VALUE && s.stream->duration > 0
        && s.format->duration_estimation_method != AVFMT_DURATION_FROM_BITRATE;
    const int64_t endPts
        = exactEnd ? (s.stream->start_time != AV_NOPTS_VALUE ? s.stream->start_time : 0) + s.stream->duration : 0;

    // Receives every frame the decoder has ready; false when the callback asked to stop.
    auto receiveFrames = [&]() -> Result<bool> {
        while (true) {
            const int rc = avcodec_receive_frame(s.codec.get(), frame.get());
            if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF)
                return true;
            if (rc < 0) {
                ++stats.corruptPackets;
                if (firstProblem.isEmpty())
                    firstProblem = media::errorText(rc);
                return true;
            }
            int keep = frame->nb_samples;
            const int64_t pts = frame->best_effort_timestamp;
            if (exactEnd && pts != AV_NOPTS_VALUE && frame->sample_rate > 0) {
                const double left = static_cast<double>(endPts - pts) * timeBase * frame->sample_rate;
                keep = static_cast<int>(std::clamp(std::lround(left), 0L, static_cast<long>(frame->nb_samples)));
            }
            auto more = converter.push(frame.get(), keep);
            av_frame_unref(frame.get());
            if (!more || !more.value())
                return more;
        }
    };

    bool stopped = false;
    while (!stopped) {
        if (options.cancel && options.cancel->cancelled())
            return Error{ErrorCode::Cancelled, path, QStringLiteral("decoding cancelled")};
        const int rc = av_read_frame(s.format.get(), packet.get());
        if (rc < 0) {
            // EOF, or a read error in a damaged tail: decode what we have.
            if (rc != AVERROR_EOF && firstProblem.isEmpty())
                firstProblem = media::errorText(rc);
            break;
        }
        if (packet->stream_index != s.info.streamIndex) {
            av_packet_unref(packet.get());
            continue;
        }
        if (options.progress && s.info.durationSeconds > 0 && packet->pts != AV_NOPTS_VALUE) {
            const double at = std::clamp(
                (static_cast<double>(packet->pts) * timeBase - startSeconds) / s.info.durationSeconds, 0.0, 1.0);
            if (at - reported >= 0.01) {
                reported = at;
                options.progress(at);
            }
        }
        const int sent = avcodec_send_packet(s.codec.get(), packet.get());
        av_packet_unref(packet.get());
        if (sent < 0 && sent != AVERROR(EAGAIN)) {
            ++stats.corruptPackets;
            if (firstProblem.isEmpty())
                firstProblem = media::errorText(sent);
            continue;
        }
        auto more = receiveFrames();
        if (!more)
            return more.error();
        stopped = !more.value();
    }
    if (!stopped) {
        avcodec_send_packet(s.codec.get(), nullptr);
        auto more = receiveFrames();
        if (!more)
            return more.error();
        stopped = !more.value() || !converter.finish();
    }
    stats.samples = converter.delivered();
    stats.stoppedEarly = stopped;
    if (stats.samples == 0 && stats.corruptPackets > 0)
        return Error{ErrorCode::InvalidInput, path,
                     QStringLiteral("no decodable %1 audio (%2 corrupt packets: %3)")
                         .arg(s.info.codec)
                         .arg(stats.corruptPackets)
                         .arg(firstProblem)};
    if (options.progress && !stopped)
        options.progress(1.0);
    return stats;
}

Result<AudioInfo> probeAudio(const QString& path)
{
    auto decoder = AudioDecoder::open(path);
    if (!decoder)
        return decoder.error();
    return decoder.value().info();
}

Result<DecodedAudio> decodeAudio(const QString& path, qint64 maxSamples, const AudioDecodeOptions& options)
{
    auto decoder = AudioDecoder::open(path);
    if (!decoder)
        return decoder.error();
    DecodedAudio out;
    out.info = decoder.value().info();
    const std::size_t cap = static_cast<std::size_t>(std::max<qint64>(0, maxSamples));
    // Reserve what the container announces (plus a little), never more than the cap.
    const double expected = std::ceil(out.info.durationSeconds * options.sampleRate) + options.sampleRate / 10.0;
    out.samples.reserve(std::min(cap, static_cast<std::size_t>(std::clamp(expected, 0.0, 1e9))));
    auto stats = decoder.value().decode(
        [&](std::span<const float> block) {
            const std::size_t room = cap - out.samples.size();
            const std::size_t take = std::min(room, block.size());
            out.samples.insert(out.samples.end(), block.begin(), block.begin() + static_cast<std::ptrdiff_t>(take));
            if (take < block.size()) {
                out.truncated = true;
                return false;
            }
            return true;
        },
        options);
    if (!stats)
        return stats.error();
    out.stats = stats.value();
    out.stats.samples = static_cast<qint64>(out.samples.size());
    return out;
}

} // namespace cairn::ingest
