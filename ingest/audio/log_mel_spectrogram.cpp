// SPDX-License-Identifier: MIT
// Whisper's log-mel spectrogram with FFTW.
//
// Why FFTW (libfftw3-dev): it is a Debian package (no vendored code), it has real-input r2c plans
// for any length, so the 400-point transform (2^4 * 5^2, not a power of two) runs without padding
// to 512 and changing the bins, and once a plan exists fftwf_execute_dft_r2c may run on many
// threads at once with their own buffers. Only planning needs a lock, and we plan once per object.
// Alternatives: PocketFFT has no package in bookworm (only copies inside numpy/scipy); KissFFT
// (libkissfft-dev) is packaged but markedly slower for mixed radix and has no SIMD codelets.

#include "ingest/audio/log_mel_spectrogram.h"

#include <fftw3.h>

#include <algorithm>
#include <cassert>
#include <cmath>
#include <mutex>
#include <numbers>
#include <thread>

namespace cairn::ingest {

namespace {

std::mutex& plannerMutex()
{
    static std::mutex mutex; // FFTW's planner (create/destroy) is not thread-safe
    return mutex;
}

template <typename T> struct FftwBuffer {
    explicit FftwBuffer(std::size_t count) : data(static_cast<T*>(fftwf_malloc(sizeof(T) * count))) { }
    ~FftwBuffer() { fftwf_free(data); }
    FftwBuffer(const FftwBuffer&) = delete;
    FftwBuffer& operator=(const FftwBuffer&) = delete;
    T* data;
};

constexpr float kLogFloor = 1e-10f;

} // namespace

struct LogMelSpectrogram::Plan {
    fftwf_plan plan = nullptr;
};

LogMelSpectrogram::LogMelSpectrogram(int melBins)
    : m_filterbank(melBins, kFftSize, kSampleRate), m_window(kFftSize), m_plan(std::make_unique<Plan>())
{
    for (int n = 0; n < kFftSize; ++n) // periodic Hann, torch.hann_window(400)
        m_window[static_cast<std::size_t>(n)]
            = static_cast<float>(0.5 - 0.5 * std::cos(2.0 * std::numbers::pi * n / kFftSize));
    FftwBuffer<float> in(kFftSize);
    FftwBuffer<fftwf_complex> out(kFftBins);
    const std::lock_guard lock(plannerMutex());
    m_plan->plan = fftwf_plan_dft_r2c_1d(kFftSize, in.data, out.data, FFTW_MEASURE);
}

LogMelSpectrogram::~LogMelSpectrogram()
{
    const std::lock_guard lock(plannerMutex());
    fftwf_destroy_plan(m_plan->plan);
}

void LogMelSpectrogram::logMelFrames(const SignalView& view, qint64 firstFrame, int frameCount, float* out,
                                     int outStride) const
{
    FftwBuffer<float> frame(kFftSize);
    FftwBuffer<fftwf_complex> spectrum(kFftBins);
    std::vector<float> power(kFftBins);
    std::vector<float> mel(static_cast<std::size_t>(melBins()));
    const qint64 viewEnd = view.start + static_cast<qint64>(view.samples.size());
    auto sampleAt = [&](qint64 i) -> float {
        if (i < 0)
            i = -i; // reflect without repeating the edge (torch pad_mode="reflect")
        if (i >= view.length)
            return 0.0f;
        assert(i >= view.start && i < viewEnd);
        return view.samples[static_cast<std::size_t>(i - view.start)];
    };
    for (int t = 0; t < frameCount; ++t) {
        const qint64 begin = (firstFrame + t) * kHop - kFftSize / 2;
        if (begin >= 0 && begin + kFftSize <= std::min(view.length, viewEnd)) {
            const float* src = view.samples.data() + (begin - view.start);
            for (int n = 0; n < kFftSize; ++n)
                frame.data[n] = src[n] * m_window[static_cast<std::size_t>(n)];
        } else {
            for (int n = 0; n < kFftSize; ++n)
                frame.data[n] = sampleAt(begin + n) * m_window[static_cast<std::size_t>(n)];
        }
        fftwf_execute_dft_r2c(m_plan->plan, frame.data, spectrum.data);
        for (std::size_t k = 0; k < power.size(); ++k)
            power[k] = spectrum.data[k][0] * spectrum.data[k][0] + spectrum.data[k][1] * spectrum.data[k][1];
        m_filterbank.apply(power.data(), mel.data());
        for (std::size_t m = 0; m < mel.size(); ++m)
            out[static_cast<std::ptrdiff_t>(m) * outStride + t] = std::log10(std::max(mel[m], kLogFloor));
    }
}

void LogMelSpectrogram::logMelFramesParallel(const SignalView& view, qint64 firstFrame, int frameCount, float* out,
                                             int outStride, int threads) const
{
    threads = std::clamp(threads, 1, std::max(1, frameCount / 64));
    if (threads == 1) {
        logMelFrames(view, firstFrame, frameCount, out, outStride);
        return;
    }
    std::vector<std::jthread> workers;
    const int per = (frameCount + threads - 1) / threads;
    for (int w = 1; w < threads; ++w) {
        const int first = w * per;
        const int count = std::min(per, frameCount - first);
        if (count > 0)
            workers.emplace_back([=, this] { logMelFrames(view, firstFrame + first, count, out + first, outStride); });
    }
    logMelFrames(view, firstFrame, std::min(per, frameCount), out, outStride);
}

void LogMelSpectrogram::normalise(std::span<float> logMel, float maxValue)
{
    const float floor = maxValue - kDynamicRange;
    for (float& x : logMel)
        x = (std::max(x, floor) + 4.0f) / 4.0f;
}

MelSpectrogram LogMelSpectrogram::compute(std::span<const float> samples, int threads) const
{
    MelSpectrogram mel;
    mel.melBins = melBins();
    mel.frames = frameCount(static_cast<qint64>(samples.size()));
    mel.data.resize(static_cast<std::size_t>(mel.melBins) * static_cast<std::size_t>(mel.frames));
    const SignalView view{samples, 0, static_cast<qint64>(samples.size())};
    logMelFramesParallel(view, 0, mel.frames, mel.data.data(), mel.frames, threads);
    // Whisper takes the maximum over its padded input; the padding is silence, which is never the
    // maximum unless the whole input is silent, and then log10(1e-10) is.
    const float maxValue = mel.data.empty()
        ? std::log10(kLogFloor)
        : std::max(*std::max_element(mel.data.begin(), mel.data.end()), std::log10(kLogFloor));
    normalise(mel.data, maxValue);
    mel.silence = (std::max(std::log10(kLogFloor), maxValue - kDynamicRange) + 4.0f) / 4.0f;
    return mel;
}

MelSpectrogram LogMelSpectrogram::segment(const MelSpectrogram& mel, int index)
{
    MelSpectrogram out;
    out.melBins = mel.melBins;
    out.frames = kSegmentFrames;
    out.silence = mel.silence;
    out.data.assign(static_cast<std::size_t>(mel.melBins) * kSegmentFrames, mel.silence);
    const int first = index * kSegmentFrames;
    const int count = std::clamp(mel.frames - first, 0, kSegmentFrames);
    for (int m = 0; m < mel.melBins; ++m)
        std::copy_n(mel.data.begin() + static_cast<std::ptrdiff_t>(m) * mel.frames + first, count,
                    out.data.begin() + static_cast<std::ptrdiff_t>(m) * kSegmentFrames);
    return out;
}

} // namespace cairn::ingest
