// SPDX-License-Identifier: MIT
// LogMelStream: segmenting a sample stream into Whisper's 30 s windows and computing their log-mel,
// inline or on one worker thread fed through a queue of at most two segments.

#include "ingest/audio/log_mel_stream.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <limits>
#include <mutex>
#include <thread>

namespace cairn::ingest {

namespace {

constexpr qint64 kSegmentSamples = LogMelSpectrogram::kSegmentSamples;
constexpr qint64 kHalfWindow = LogMelSpectrogram::kFftSize / 2; // a frame reaches this far either side
constexpr std::size_t kMaxInFlight = 2;

/// The samples one segment needs: from its first frame's left edge to its last frame's right edge.
struct Job {
    int index = 0;
    int contentFrames = 0;
    qint64 start = 0;                                   ///< absolute index of samples[0]
    qint64 length = std::numeric_limits<qint64>::max(); ///< signal length, once known
    std::vector<float> samples;
};

} // namespace

struct LogMelStream::State {
    LogMelSpectrogram spectrogram;
    MelSegmentFn onSegment;
    std::vector<float> buffer; ///< samples from bufferStart on
    qint64 bufferStart = 0;
    qint64 pushed = 0;
    int nextIndex = 0; ///< next segment to cut
    int delivered = 0;
    bool stopped = false;

    // Worker thread, when there is one.
    std::mutex mutex;
    std::condition_variable changed;
    std::deque<Job> jobs;
    std::deque<MelSegment> done;
    std::size_t inFlight = 0; ///< jobs queued or being computed
    bool quit = false;
    std::thread worker;

    explicit State(int melBins) : spectrogram(melBins) { }

    MelSegment compute(const Job& job) const
    {
        MelSegment segment;
        segment.index = job.index;
        segment.contentFrames = job.contentFrames;
        MelSpectrogram& mel = segment.mel;
        mel.melBins = spectrogram.melBins();
        mel.frames = LogMelSpectrogram::kSegmentFrames;
        mel.data.resize(static_cast<std::size_t>(mel.melBins) * static_cast<std::size_t>(mel.frames));
        const SignalView view{job.samples, job.start, job.length};
        spectrogram.logMelFrames(view, qint64(job.index) * LogMelSpectrogram::kSegmentFrames, mel.frames,
                                 mel.data.data(), mel.frames);
        const float maxValue = *std::max_element(mel.data.begin(), mel.data.end());
        LogMelSpectrogram::normalise(mel.data, maxValue);
        mel.silence = (std::max(-10.0f, maxValue - LogMelSpectrogram::kDynamicRange) + 4.0f) / 4.0f;
        return segment;
    }

    void work()
    {
        std::unique_lock lock(mutex);
        while (true) {
            changed.wait(lock, [&] { return quit || !jobs.empty(); });
            if (jobs.empty())
                return;
            Job job = std::move(jobs.front());
            jobs.pop_front();
            lock.unlock();
            MelSegment segment = compute(job);
            lock.lock();
            done.push_back(std::move(segment));
            changed.notify_all();
        }
    }

    bool deliver(MelSegment&& segment)
    {
        if (stopped)
            return false;
        ++delivered;
        stopped = !onSegment(std::move(segment));
        return !stopped;
    }

    /// Delivers finished segments; with `waitForRoom`, first waits until fewer than kMaxInFlight
    /// are in flight, with `waitForAll` until none is.
    bool collect(bool waitForRoom, bool waitForAll)
    {
        std::deque<MelSegment> ready;
        {
            std::unique_lock lock(mutex);
            if (waitForAll)
                changed.wait(lock, [&] { return done.size() == inFlight; });
            else if (waitForRoom)
                changed.wait(lock, [&] { return inFlight - done.size() < kMaxInFlight; });
            ready.swap(done);
            inFlight -= ready.size();
        }
        for (MelSegment& segment : ready)
            if (!deliver(std::move(segment)))
                return false;
        return !stopped;
    }

    bool submit(Job&& job)
    {
        if (!worker.joinable())
            return deliver(compute(job));
        if (!collect(true, false))
            return false;
        {
            const std::lock_guard lock(mutex);
            jobs.push_back(std::move(job));
            ++inFlight;
        }
        changed.notify_all();
        return true;
    }

    /// Cuts segment nextIndex out of the buffer and drops the samples no later segment needs.
    Job cut(qint64 length)
    {
        Job job;
        job.index = nextIndex++;
        const qint64 segmentStart = qint64(job.index) * kSegmentSamples;
        job.start = std::max<qint64>(0, segmentStart - kHalfWindow);
        const qint64 end = std::min(bufferStart + qint64(buffer.size()), segmentStart + kSegmentSamples + kHalfWindow);
        job.samples.assign(buffer.begin() + (job.start - bufferStart), buffer.begin() + (end - bufferStart));
        job.length = length;
        const qint64 frames = std::min<qint64>(LogMelSpectrogram::kSegmentFrames,
                                               LogMelSpectrogram::frameCount(std::min(length, pushed))
                                                   - qint64(job.index) * LogMelSpectrogram::kSegmentFrames);
        job.contentFrames = static_cast<int>(std::max<qint64>(0, frames));
        const qint64 keepFrom
            = std::clamp<qint64>(segmentStart + kSegmentSamples - kHalfWindow, 0, bufferStart + qint64(buffer.size()));
        if (keepFrom > bufferStart) {
            buffer.erase(buffer.begin(), buffer.begin() + (keepFrom - bufferStart));
            bufferStart = keepFrom;
        }
        return job;
    }
};

LogMelStream::LogMelStream(int melBins, MelSegmentFn onSegment, bool workerThread)
    : m_state(std::make_unique<State>(melBins))
{
    m_state->onSegment = std::move(onSegment);
    m_state->buffer.reserve(static_cast<std::size_t>(kSegmentSamples + 4 * kHalfWindow));
    if (workerThread)
        m_state->worker = std::thread([state = m_state.get()] { state->work(); });
}

LogMelStream::~LogMelStream()
{
    if (m_state->worker.joinable()) {
        {
            const std::lock_guard lock(m_state->mutex);
            m_state->quit = true;
            m_state->jobs.clear();
        }
        m_state->changed.notify_all();
        m_state->worker.join();
    }
}

bool LogMelStream::push(std::span<const float> samples)
{
    State& s = *m_state;
    if (s.stopped)
        return false;
    s.buffer.insert(s.buffer.end(), samples.begin(), samples.end());
    s.pushed += static_cast<qint64>(samples.size());
    // A segment is complete once the samples its last frame reaches have arrived.
    while (s.pushed >= qint64(s.nextIndex + 1) * kSegmentSamples + kHalfWindow) {
        if (!s.submit(s.cut(std::numeric_limits<qint64>::max())))
            return false;
    }
    return !s.worker.joinable() || s.collect(false, false);
}

bool LogMelStream::finish()
{
    State& s = *m_state;
    if (s.stopped)
        return false;
    const qint64 frames = LogMelSpectrogram::frameCount(s.pushed);
    while (qint64(s.nextIndex) * LogMelSpectrogram::kSegmentFrames < frames) {
        if (!s.submit(s.cut(s.pushed)))
            return false;
    }
    return !s.worker.joinable() || s.collect(false, true);
}

int LogMelStream::segmentsDelivered() const
{
    return m_state->delivered;
}
qint64 LogMelStream::samplesPushed() const
{
    return m_state->pushed;
}

Result<LogMelFileStats> decodeLogMel(const QString& path, const MelSegmentFn& onSegment,
                                     const LogMelFileOptions& options)
{
    auto decoder = AudioDecoder::open(path);
    if (!decoder)
        return decoder.error();
    LogMelFileStats stats;
    stats.info = decoder.value().info();
    LogMelStream stream(options.melBins, onSegment, options.workerThread);
    AudioDecodeOptions decodeOptions;
    decodeOptions.sampleRate = LogMelSpectrogram::kSampleRate;
    decodeOptions.blockSamples = LogMelSpectrogram::kSampleRate; // 1 s
    decodeOptions.cancel = options.cancel;
    decodeOptions.progress = options.progress;
    auto decoded
        = decoder.value().decode([&](std::span<const float> block) { return stream.push(block); }, decodeOptions);
    if (!decoded)
        return decoded.error();
    stats.decode = decoded.value();
    if (!stats.decode.stoppedEarly)
        stream.finish();
    stats.segments = stream.segmentsDelivered();
    return stats;
}

} // namespace cairn::ingest
