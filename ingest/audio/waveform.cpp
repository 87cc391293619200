// SPDX-License-Identifier: MIT
// WaveformBuilder: streaming min/max peaks by bucket doubling.

#include "ingest/audio/waveform.h"

#include <algorithm>

namespace cairn::ingest {

WaveformBuilder::WaveformBuilder(int width) : m_width(std::max(1, width))
{
    m_buckets.reserve(2 * static_cast<std::size_t>(m_width));
}

void WaveformBuilder::add(std::span<const float> samples)
{
    for (const float sample : samples)
        addOne(sample);
}

void WaveformBuilder::addOne(float sample)
{
    if (m_inCurrent == 0)
        m_current = {sample, sample};
    m_current.minimum = std::min(m_current.minimum, sample);
    m_current.maximum = std::max(m_current.maximum, sample);
    ++m_samples;
    if (++m_inCurrent < m_bucketSize)
        return;
    m_buckets.push_back(m_current);
    m_inCurrent = 0;
    if (m_buckets.size() < 2 * static_cast<std::size_t>(m_width))
        return;
    // Full: merge pairs, halving the count (to width) and doubling the bucket size.
    for (std::size_t i = 0; i < m_buckets.size() / 2; ++i) {
        const WaveformPeak a = m_buckets[2 * i], b = m_buckets[2 * i + 1];
        m_buckets[i] = {std::min(a.minimum, b.minimum), std::max(a.maximum, b.maximum)};
    }
    m_buckets.resize(m_buckets.size() / 2);
    m_bucketSize *= 2;
}

Waveform WaveformBuilder::result() const
{
    Waveform out;
    out.samples = m_samples;
    out.columns.assign(static_cast<std::size_t>(m_width), WaveformPeak{});
    std::vector<WaveformPeak> buckets = m_buckets;
    if (m_inCurrent > 0)
        buckets.push_back(m_current);
    if (buckets.empty())
        return out;
    const std::size_t n = buckets.size();
    const auto width = static_cast<std::size_t>(m_width);
    for (std::size_t c = 0; c < width; ++c) {
        const std::size_t first = c * n / width;
        const std::size_t last = std::max(first + 1, (c + 1) * n / width); // exclusive
        WaveformPeak peak = buckets[first];
        for (std::size_t i = first + 1; i < last; ++i) {
            peak.minimum = std::min(peak.minimum, buckets[i].minimum);
            peak.maximum = std::max(peak.maximum, buckets[i].maximum);
        }
        out.columns[c] = peak;
    }
    return out;
}

Result<Waveform> waveformThumbnail(const QString& path, int width, const CancelFlag* cancel)
{
    if (width <= 0)
        return Error{ErrorCode::InvalidInput, path, QStringLiteral("waveform width %1 is not positive").arg(width)};
    auto decoder = AudioDecoder::open(path);
    if (!decoder)
        return decoder.error();
    WaveformBuilder builder(width);
    AudioDecodeOptions options;
    options.cancel = cancel;
    auto stats = decoder.value().decode(
        [&](std::span<const float> block) {
            builder.add(block);
            return true;
        },
        options);
    if (!stats)
        return stats.error();
    return builder.result();
}

} // namespace cairn::ingest
