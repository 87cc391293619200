// SPDX-License-Identifier: MIT
// MediaInput: opening a container with libavformat, the stream census and FFmpeg error text.

#include "ingest/audio/media_input.h"

#include <QFileInfo>

#include <array>
#include <mutex>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/log.h>
}

namespace cairn::ingest::media {

void FormatContextDeleter::operator()(AVFormatContext* context) const
{
    avformat_close_input(&context);
}
void CodecContextDeleter::operator()(AVCodecContext* context) const
{
    avcodec_free_context(&context);
}
void FrameDeleter::operator()(AVFrame* frame) const
{
    av_frame_free(&frame);
}
void PacketDeleter::operator()(AVPacket* packet) const
{
    av_packet_free(&packet);
}

QString errorText(int averror)
{
    std::array<char, AV_ERROR_MAX_STRING_SIZE> buffer{};
    if (av_strerror(averror, buffer.data(), buffer.size()) < 0)
        return QStringLiteral("FFmpeg error %1").arg(averror);
    return QString::fromUtf8(buffer.data());
}

QString describeStreams(const AVFormatContext* format)
{
    const unsigned count = format ? format->nb_streams : 0;
    if (count == 0)
        return QStringLiteral("no streams");
    // Kinds in a fixed order so that messages are stable.
    const std::array<AVMediaType, 5> kinds{AVMEDIA_TYPE_VIDEO, AVMEDIA_TYPE_AUDIO, AVMEDIA_TYPE_SUBTITLE,
                                           AVMEDIA_TYPE_DATA, AVMEDIA_TYPE_ATTACHMENT};
    std::array<unsigned, 6> perKind{};
    for (unsigned i = 0; i < count; ++i) {
        const AVMediaType type = format->streams[i]->codecpar->codec_type;
        std::size_t slot = kinds.size();
        for (std::size_t k = 0; k < kinds.size(); ++k)
            if (kinds[k] == type)
                slot = k;
        ++perKind[slot];
    }
    auto kindName = [&](std::size_t slot) {
        return slot < kinds.size() ? QString::fromLatin1(av_get_media_type_string(kinds[slot]))
                                   : QStringLiteral("unknown");
    };
    const QString total = count == 1 ? QStringLiteral("1 stream") : QStringLiteral("%1 streams").arg(count);
    QStringList parts;
    for (std::size_t slot = 0; slot < perKind.size(); ++slot) {
        if (perKind[slot] == count)
            return count == 1 ? total + QStringLiteral(": ") + kindName(slot)
                              : total + QStringLiteral(", all ") + kindName(slot);
        if (perKind[slot] > 0)
            parts << QStringLiteral("%1 %2").arg(perKind[slot]).arg(kindName(slot));
    }
    return total + QStringLiteral(": ") + parts.join(QStringLiteral(", "));
}

void quietLogging()
{
    static std::once_flag once;
    std::call_once(once, [] { av_log_set_level(AV_LOG_ERROR); });
}

Result<FormatContextPtr> openInput(const QString& path)
{
    quietLogging();
    const QFileInfo file(path);
    if (!file.exists())
        return Error{ErrorCode::Io, path, QStringLiteral("no such file")};
    if (!file.isFile())
        return Error{ErrorCode::InvalidInput, path, QStringLiteral("not a regular file")};
    if (file.size() == 0)
        return Error{ErrorCode::InvalidInput, path, QStringLiteral("empty file (0 bytes)")};

    AVFormatContext* raw = nullptr;
    const QByteArray native = QFile::encodeName(path);
    if (const int rc = avformat_open_input(&raw, native.constData(), nullptr, nullptr); rc < 0) {
        const ErrorCode code = rc == AVERROR_INVALIDDATA ? ErrorCode::InvalidInput : ErrorCode::Io;
        return Error{code, path, QStringLiteral("not a media file FFmpeg can open (%1)").arg(errorText(rc))};
    }
    FormatContextPtr format(raw);
    if (const int rc = avformat_find_stream_info(format.get(), nullptr); rc < 0)
        return Error{ErrorCode::InvalidInput, path,
                     QStringLiteral("cannot read the stream information (%1)").arg(errorText(rc))};
    return format;
}

Result<CodecContextPtr> openDecoder(const QString& path, const AVStream* stream, int threads)
{
    const AVCodec* codec = avcodec_find_decoder(stream->codecpar->codec_id);
    if (!codec)
        return Error{ErrorCode::Unsupported, path,
                     QStringLiteral("no decoder for %1 in this FFmpeg build (stream %2)")
                         .arg(QString::fromLatin1(avcodec_get_name(stream->codecpar->codec_id)))
                         .arg(stream->index)};
    CodecContextPtr context(avcodec_alloc_context3(codec));
    if (!context)
        return Error{ErrorCode::Io, path, QStringLiteral("out of memory allocating a decoder")};
    if (const int rc = avcodec_parameters_to_context(context.get(), stream->codecpar); rc < 0)
        return Error{ErrorCode::InvalidInput, path,
                     QStringLiteral("bad codec parameters in stream %1 (%2)").arg(stream->index).arg(errorText(rc))};
    context->pkt_timebase = stream->time_base;
    context->thread_count = threads;
    if (const int rc = avcodec_open2(context.get(), codec, nullptr); rc < 0)
        return Error{
            ErrorCode::InvalidInput, path,
            QStringLiteral("cannot open the %1 decoder (%2)").arg(QString::fromLatin1(codec->name), errorText(rc))};
    return context;
}

double durationSeconds(const AVFormatContext* format, const AVStream* stream)
{
    if (stream && stream->duration != AV_NOPTS_VALUE && stream->duration > 0)
        return static_cast<double>(stream->duration) * av_q2d(stream->time_base);
    if (format && format->duration != AV_NOPTS_VALUE && format->duration > 0)
        return static_cast<double>(format->duration) / AV_TIME_BASE;
    return 0;
}

} // namespace cairn::ingest::media
