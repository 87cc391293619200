// SPDX-License-Identifier: MIT
// MediaInput: an opened FFmpeg container (libavformat) with RAII ownership of the format context,
// the stream census used in error messages, and FFmpeg error text. Shared by audio/ and video/;
// it decodes nothing itself.
#pragma once

#include "ingest/ingest_result.h"

#include <QString>

#include <memory>

extern "C" {
struct AVFormatContext;
struct AVCodecContext;
struct AVFrame;
struct AVPacket;
struct AVStream;
}

namespace cairn::ingest::media {

struct FormatContextDeleter {
    void operator()(AVFormatContext* context) const;
};
struct CodecContextDeleter {
    void operator()(AVCodecContext* context) const;
};
struct FrameDeleter {
    void operator()(AVFrame* frame) const;
};
struct PacketDeleter {
    void operator()(AVPacket* packet) const;
};
using FormatContextPtr = std::unique_ptr<AVFormatContext, FormatContextDeleter>;
using CodecContextPtr = std::unique_ptr<AVCodecContext, CodecContextDeleter>;
using FramePtr = std::unique_ptr<AVFrame, FrameDeleter>;
using PacketPtr = std::unique_ptr<AVPacket, PacketDeleter>;

/// FFmpeg's text for an AVERROR code, e.g. "Invalid data found when processing input".
QString errorText(int averror);

/// "3 streams, all video", "1 stream: video", "2 streams: 1 video, 1 subtitle", "no streams".
QString describeStreams(const AVFormatContext* format);

/// Opens `path` and reads its stream information. Errors name the file: an empty file, a file
/// FFmpeg does not recognise, or one it cannot read.
Result<FormatContextPtr> openInput(const QString& path);

/// Opens a decoder for `stream` with `threads` decoding threads (0 = FFmpeg's choice).
Result<CodecContextPtr> openDecoder(const QString& path, const AVStream* stream, int threads);

/// Container duration in seconds: the stream's own duration when known, else the container's,
/// else 0.
double durationSeconds(const AVFormatContext* format, const AVStream* stream);

/// Quiets FFmpeg's logging to errors only (the MP3 decoder's "Could not update timestamps for
/// skipped samples" is harmless), once per process.
void quietLogging();

} // namespace cairn::ingest::media
