// SPDX-License-Identifier: MIT
// Slaney mel filterbank, following librosa.filters.mel (htk=False, norm="slaney"):
// https://librosa.org/doc/main/generated/librosa.filters.mel.html. Weights are computed in double
// and stored as float, as Whisper's mel_filters.npz holds them.

#include "ingest/audio/mel_filterbank.h"

#include <algorithm>
#include <cmath>

namespace cairn::ingest {

namespace {
constexpr double kLinearHzPerMel = 200.0 / 3.0; // below 1 kHz the scale is linear
constexpr double kLogStartHz = 1000.0;
constexpr double kLogStartMel = kLogStartHz / kLinearHzPerMel; // 15
const double kLogStep = std::log(6.4) / 27.0;                  // above 1 kHz: 27 mels per factor 6.4
} // namespace

double MelFilterbank::hzToMel(double hz)
{
    return hz < kLogStartHz ? hz / kLinearHzPerMel : kLogStartMel + std::log(hz / kLogStartHz) / kLogStep;
}

double MelFilterbank::melToHz(double mel)
{
    return mel < kLogStartMel ? mel * kLinearHzPerMel : kLogStartHz * std::exp(kLogStep * (mel - kLogStartMel));
}

MelFilterbank::MelFilterbank(int melBins, int fftSize, int sampleRate)
    : m_melBins(std::max(1, melBins)), m_fftBins(std::max(2, fftSize) / 2 + 1)
{
    // melBins + 2 edge frequencies evenly spaced in mel from 0 Hz to Nyquist.
    const double maxMel = hzToMel(sampleRate / 2.0);
    std::vector<double> edges(static_cast<std::size_t>(m_melBins) + 2);
    for (std::size_t i = 0; i < edges.size(); ++i)
        edges[i] = melToHz(maxMel * static_cast<double>(i) / static_cast<double>(edges.size() - 1));
    const double binHz = static_cast<double>(sampleRate) / std::max(2, fftSize);
    m_filters.resize(static_cast<std::size_t>(m_melBins));
    for (std::size_t m = 0; m < m_filters.size(); ++m) {
        const double lower = edges[m], centre = edges[m + 1], upper = edges[m + 2];
        const double area = 2.0 / (upper - lower); // slaney norm: each triangle has unit area
        Filter& filter = m_filters[m];
        filter.firstBin = -1;
        for (int k = 0; k < m_fftBins; ++k) {
            const double hz = k * binHz;
            const double rising = (hz - lower) / (centre - lower);
            const double falling = (upper - hz) / (upper - centre);
            const double weight = std::max(0.0, std::min(rising, falling)) * area;
            if (weight <= 0) {
                if (filter.firstBin >= 0)
                    break; // past the triangle
                continue;
            }
            if (filter.firstBin < 0)
                filter.firstBin = k;
            filter.weights.push_back(static_cast<float>(weight));
        }
        if (filter.firstBin < 0)
            filter.firstBin = 0; // a filter narrower than one FFT bin: all zero, as in librosa
    }
}

std::vector<float> MelFilterbank::dense() const
{
    std::vector<float> out(static_cast<std::size_t>(m_melBins) * static_cast<std::size_t>(m_fftBins), 0.0f);
    for (std::size_t m = 0; m < m_filters.size(); ++m) {
        const Filter& filter = m_filters[m];
        for (std::size_t j = 0; j < filter.weights.size(); ++j)
            out[m * static_cast<std::size_t>(m_fftBins) + static_cast<std::size_t>(filter.firstBin) + j]
                = filter.weights[j];
    }
    return out;
}

void MelFilterbank::apply(const float* power, float* out) const
{
    for (std::size_t m = 0; m < m_filters.size(); ++m) {
        const Filter& filter = m_filters[m];
        const float* p = power + filter.firstBin;
        float sum = 0;
        for (std::size_t j = 0; j < filter.weights.size(); ++j)
            sum += filter.weights[j] * p[j];
        out[m] = sum;
    }
}

} // namespace cairn::ingest
