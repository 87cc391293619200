// SPDX-License-Identifier: MIT
// Whisper's log-mel spectrogram (openai/whisper audio.py, whisper.cpp log_mel_spectrogram): 16 kHz
// input, 400-sample (25 ms) periodic Hann window, 160-sample (10 ms) hop, centred frames with
// reflect padding, power spectrum, Slaney mel filters (80 or 128), log10 clamped to max - 8, then
// (x + 4) / 4; 30 s segments of 3000 frames. FFT by FFTW. Not a general STFT library.
#pragma once

#include "ingest/audio/mel_filterbank.h"

#include <QtGlobal>

#include <memory>
#include <span>
#include <vector>

namespace cairn::ingest {

/// Mel-major like Whisper's model input: value(m, t) = data[m * frames + t].
struct MelSpectrogram {
    int melBins = 0;
    int frames = 0;
    float silence = 0; ///< the normalised value of a silent frame (the clamp floor)
    std::vector<float> data;
    [[nodiscard]] float value(int mel, int frame) const
    {
        return data[static_cast<std::size_t>(mel) * static_cast<std::size_t>(frames) + static_cast<std::size_t>(frame)];
    }
};

/// A run of samples of a longer signal: samples[0] is sample `start` of the signal, and the signal
/// has `length` samples in all, followed by zeros (Whisper pads the audio with 30 s of zeros).
struct SignalView {
    std::span<const float> samples;
    qint64 start = 0;
    qint64 length = 0;
};

class LogMelSpectrogram {
public:
    static constexpr int kSampleRate = 16000;
    static constexpr int kFftSize = 400;
    static constexpr int kHop = 160;
    static constexpr int kFftBins = kFftSize / 2 + 1;
    static constexpr int kSegmentFrames = 3000;
    static constexpr qint64 kSegmentSamples = qint64(kSegmentFrames) * kHop; // 30 s
    /// The log10 clamp: values below (max - kDynamicRange) are raised to it.
    static constexpr float kDynamicRange = 8.0f;

    explicit LogMelSpectrogram(int melBins = 80);
    ~LogMelSpectrogram();
    LogMelSpectrogram(const LogMelSpectrogram&) = delete;
    LogMelSpectrogram& operator=(const LogMelSpectrogram&) = delete;

    [[nodiscard]] int melBins() const { return m_filterbank.melBins(); }
    [[nodiscard]] const MelFilterbank& filterbank() const { return m_filterbank; }

    /// Number of frames Whisper makes of `samples` samples: samples / hop (its STFT drops the last).
    static int frameCount(qint64 samples) { return static_cast<int>(samples / kHop); }

    /// log10(max(mel energy, 1e-10)) of frames [firstFrame, firstFrame + frameCount), written to
    /// out[m * outStride + t]. Frame t is centred on sample t * hop; samples before 0 are reflected,
    /// samples at or past view.length are zero. The view must hold every other sample those frames
    /// touch. Thread-safe: may run on several threads at once.
    void logMelFrames(const SignalView& view, qint64 firstFrame, int frameCount, float* out, int outStride) const;

    /// Same, split over `threads` threads (1 = this thread only).
    void logMelFramesParallel(const SignalView& view, qint64 firstFrame, int frameCount, float* out, int outStride,
                              int threads) const;

    /// Whisper's clamp and scale in place: x = (max(x, maxValue - 8) + 4) / 4.
    static void normalise(std::span<float> logMel, float maxValue);

    /// The whole signal, normalised against its global maximum as whisper's log_mel_spectrogram does.
    [[nodiscard]] MelSpectrogram compute(std::span<const float> samples, int threads = 1) const;

    /// Segment `index` (3000 frames from index * 3000) of a computed spectrogram; frames past the
    /// end get the value of silence, as Whisper's zero-padded audio gives them.
    [[nodiscard]] static MelSpectrogram segment(const MelSpectrogram& mel, int index);

private:
    MelFilterbank m_filterbank;
    std::vector<float> m_window;
    struct Plan;
    std::unique_ptr<Plan> m_plan;
};

} // namespace cairn::ingest
