// SPDX-License-Identifier: MIT
// AudioDecoder: opens any container and codec FFmpeg supports, picks the best audio stream and
// decodes it, resampled to mono float PCM (16 kHz by default), in blocks handed to a callback, so
// memory stays constant however long the file is. Not a player: no seeking, no output device.
#pragma once

#include "ingest/cancel_flag.h"
#include "ingest/ingest_result.h"

#include <QMap>
#include <QString>

#include <functional>
#include <memory>
#include <span>
#include <vector>

namespace cairn::ingest {

/// What the container says about the chosen audio stream, before decoding.
struct AudioInfo {
    QString path;
    QString container;           ///< FFmpeg's demuxer name, e.g. "mp3", "mov,mp4,m4a,3gp,3g2,mj2"
    QString codec;               ///< decoder's codec name, e.g. "mp3", "aac", "opus", "flac"
    int streamIndex = -1;        ///< index of the chosen stream in the container
    int streamCount = 0;         ///< all streams in the container, of any kind
    int channels = 0;            ///< of the source stream
    int sampleRate = 0;          ///< of the source stream, Hz
    qint64 bitRate = 0;          ///< bits per second (stream's, else the container's); 0 = unknown
    double durationSeconds = 0;  ///< from the container; the decoded length can differ by a frame
    QMap<QString, QString> tags; ///< container then stream tags, keys lower-case ("title", "artist", ...)
};

struct AudioDecodeOptions {
    int sampleRate = 16000;   ///< output rate; output is always mono float in [-1, 1]
    int blockSamples = 16000; ///< samples per callback block; only the last block may be shorter
    const CancelFlag* cancel = nullptr;
    /// Called with the fraction of the stream done (0..1) when it has moved by at least 1 %.
    std::function<void(double)> progress;
};

struct AudioDecodeStats {
    qint64 samples = 0;        ///< delivered to the callback, at AudioDecodeOptions::sampleRate
    int sampleRate = 0;        ///< of the delivered samples
    int corruptPackets = 0;    ///< packets the decoder rejected and that were skipped
    bool stoppedEarly = false; ///< the callback asked to stop
    [[nodiscard]] double seconds() const { return sampleRate > 0 ? double(samples) / sampleRate : 0.0; }
};

/// Receives one block of mono samples; returns false to stop decoding (not an error).
using PcmBlockFn = std::function<bool(std::span<const float> samples)>;

class AudioDecoder {
public:
    /// Opens `path` and picks its best audio stream. Errors name the file and the problem, e.g.
    /// "clip.mp4: no audio stream (1 stream: video)" or "noise.bin: not a media file FFmpeg can open".
    static Result<AudioDecoder> open(const QString& path);

    AudioDecoder(AudioDecoder&&) noexcept;
    AudioDecoder& operator=(AudioDecoder&&) noexcept;
    ~AudioDecoder();

    [[nodiscard]] const AudioInfo& info() const;

    /// Decodes the whole stream once, calling `onBlock` on this thread. Corrupt packets are
    /// skipped and counted; a file that yields no sample at all, but had corrupt packets, is an error.
    /// Cancellation returns ErrorCode::Cancelled.
    Result<AudioDecodeStats> decode(const PcmBlockFn& onBlock, const AudioDecodeOptions& options = {});

private:
    struct State;
    explicit AudioDecoder(std::unique_ptr<State> state);
    std::unique_ptr<State> m_state;
};

/// Only the metadata of `path`'s best audio stream.
Result<AudioInfo> probeAudio(const QString& path);

/// All samples of a file in memory, for short clips.
struct DecodedAudio {
    AudioInfo info;
    AudioDecodeStats stats;
    std::vector<float> samples; ///< mono, at stats.sampleRate
    /// The file is longer than the cap: `samples` holds the first maxSamples and decoding stopped.
    bool truncated = false;
};

/// Decodes `path` into memory, keeping at most `maxSamples` (and never allocating more); a longer
/// file is cut there and reported through DecodedAudio::truncated.
Result<DecodedAudio> decodeAudio(const QString& path, qint64 maxSamples, const AudioDecodeOptions& options = {});

} // namespace cairn::ingest
