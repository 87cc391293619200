// SPDX-License-Identifier: MIT
// The Slaney-style mel filterbank that librosa.filters.mel(htk=False, norm="slaney") builds and
// Whisper ships in mel_filters.npz: triangles on the Slaney mel scale (linear below 1 kHz, log
// above), each scaled to unit area. Stored sparsely: each filter's non-zero FFT bins only.
#pragma once

#include <vector>

namespace cairn::ingest {

class MelFilterbank {
public:
    /// `melBins` filters over FFT bins 0..fftSize/2 for a signal at `sampleRate`, from 0 Hz to
    /// sampleRate/2 (Whisper: 80 or 128 filters, fftSize 400, 16 kHz).
    MelFilterbank(int melBins, int fftSize, int sampleRate);

    [[nodiscard]] int melBins() const { return m_melBins; }
    [[nodiscard]] int fftBins() const { return m_fftBins; }

    /// Dense weights, [melBins, fftBins] row-major, as librosa returns them (float32 like Whisper's).
    [[nodiscard]] std::vector<float> dense() const;

    /// out[m] = sum_k weight[m][k] * power[k]; `power` has fftBins() values, `out` melBins().
    void apply(const float* power, float* out) const;

    /// Slaney mel scale (librosa hz_to_mel / mel_to_hz with htk=False).
    static double hzToMel(double hz);
    static double melToHz(double mel);

private:
    struct Filter {
        int firstBin = 0;
        std::vector<float> weights; ///< for bins firstBin, firstBin + 1, ...
    };
    int m_melBins;
    int m_fftBins;
    std::vector<Filter> m_filters;
};

} // namespace cairn::ingest
