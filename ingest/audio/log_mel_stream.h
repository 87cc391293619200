// SPDX-License-Identifier: MIT
// LogMelStream: Whisper's 30 s log-mel segments from samples arriving in blocks, in constant
// memory (one segment of samples plus one in flight), optionally computed on a worker thread while
// the caller keeps decoding. decodeLogMel() wires it to AudioDecoder for a whole file.
#pragma once

#include "ingest/audio/audio_decoder.h"
#include "ingest/audio/log_mel_spectrogram.h"

#include <functional>
#include <memory>

namespace cairn::ingest {

struct MelSegment {
    int index = 0;         ///< segment number; it starts at index * 30 s
    int contentFrames = 0; ///< frames that hold audio; the rest of the 3000 are the zero padding
    /// [melBins, 3000], normalised against this segment's own maximum. (Whisper normalises a whole
    /// recording against its global maximum, which a stream cannot know in advance; the two differ
    /// only where a segment is more than 80 dB quieter than the loudest one.)
    MelSpectrogram mel;
};

/// Receives segments in order on the thread that calls push()/finish(); returns false to stop.
using MelSegmentFn = std::function<bool(MelSegment&& segment)>;

class LogMelStream {
public:
    /// With `workerThread`, the mel of one segment is computed on a second thread while the caller
    /// produces the next one's samples (decoding); otherwise on the caller's thread.
    LogMelStream(int melBins, MelSegmentFn onSegment, bool workerThread);
    ~LogMelStream();
    LogMelStream(const LogMelStream&) = delete;
    LogMelStream& operator=(const LogMelStream&) = delete;

    /// Adds 16 kHz mono samples. False once the consumer has asked to stop.
    bool push(std::span<const float> samples);
    /// The signal ended: computes and delivers the remaining (zero-padded) segments.
    bool finish();

    [[nodiscard]] int segmentsDelivered() const;
    [[nodiscard]] qint64 samplesPushed() const;

private:
    struct State;
    std::unique_ptr<State> m_state;
};

struct LogMelFileOptions {
    int melBins = 80;
    bool workerThread = true;
    const CancelFlag* cancel = nullptr;
    std::function<void(double)> progress; ///< fraction of the file decoded
};

struct LogMelFileStats {
    AudioInfo info;
    AudioDecodeStats decode;
    int segments = 0;
};

/// Decodes `path` to 16 kHz mono and hands its log-mel segments to `onSegment` as they are done.
Result<LogMelFileStats> decodeLogMel(const QString& path, const MelSegmentFn& onSegment,
                                     const LogMelFileOptions& options = {});

} // namespace cairn::ingest
