// SPDX-License-Identifier: MIT
// Waveform thumbnail for the UI: the minimum and maximum sample of each pixel column, computed
// while samples stream past without knowing the length in advance, in O(width) memory.
#pragma once

#include "ingest/audio/audio_decoder.h"

#include <span>
#include <vector>

namespace cairn::ingest {

struct WaveformPeak {
    float minimum = 0;
    float maximum = 0;
};

struct Waveform {
    std::vector<WaveformPeak> columns; ///< one per pixel column, left to right
    qint64 samples = 0;                ///< samples summarised
};

/// Keeps between width and 2 * width buckets of 2^k samples each; when they run out, neighbours
/// merge and the bucket size doubles, so any length fits and each column ends up covering an
/// equal share (within one bucket) of the signal.
class WaveformBuilder {
public:
    explicit WaveformBuilder(int width);
    void add(std::span<const float> samples);
    /// The thumbnail so far; all-zero columns when no sample arrived. Fewer samples than columns
    /// repeat samples across columns.
    [[nodiscard]] Waveform result() const;

private:
    void addOne(float sample);
    int m_width;
    std::vector<WaveformPeak> m_buckets; ///< full buckets
    WaveformPeak m_current;              ///< the bucket being filled
    qint64 m_inCurrent = 0;
    qint64 m_bucketSize = 1;
    qint64 m_samples = 0;
};

/// Decodes `path` (16 kHz mono) and returns its waveform thumbnail `width` columns wide.
Result<Waveform> waveformThumbnail(const QString& path, int width, const CancelFlag* cancel = nullptr);

} // namespace cairn::ingest
