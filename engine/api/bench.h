// SPDX-License-Identifier: MIT
// `cairn-cli bench`: prefill and decode speed of a model next to what this machine can do
// (memory bandwidth, peak multiply-add rate), measured in the same run.
#pragma once

#include "engine/api/kv_type.h"
#include "engine/api/progress.h"
#include "engine/api/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cairn {

struct BenchOptions {
    std::string model;
    int threads = 2;
    std::int64_t prefillTokens = 512;
    std::int64_t decodeTokens = 128;
    std::optional<KvType> kvType; ///< unset: the model's choice (ContextParams::kvType)
    int repetitions = 3;          ///< prefills (each followed by decoding) measured; the medians are reported
    bool profile = false;         ///< also time each stage of the forward pass (BenchResult::*Stages)
};

/// Time spent up to one named intermediate of the forward pass (its trace name), summed over
/// layers and tokens: the time from the previous trace point to this one.
struct BenchStage {
    std::string name;
    double seconds = 0.0;
};

struct BenchResult {
    std::string model;
    std::string weightType; ///< the type most weight bytes are in
    std::string kernel;     ///< the kernel family used for it
    int threads = 0;
    std::int64_t prefillTokens = 0;
    std::int64_t decodeTokens = 0;
    double prefillSeconds = 0.0;
    double decodeSeconds = 0.0;
    double prefillTps = 0.0;
    double decodeTps = 0.0;
    std::uint64_t modelBytes = 0;          ///< tensor data in the file
    std::uint64_t weightBytesPerToken = 0; ///< read per decoded token
    std::uint64_t weightMacsPerToken = 0;
    double decodeGbps = 0.0;    ///< weightBytesPerToken · decodeTps
    double memoryGbps = 0.0;    ///< read bandwidth between decode steps: all probe bytes over all probe time
    double memoryMinGbps = 0.0; ///< the slowest and fastest of those probes
    double memoryMaxGbps = 0.0;
    int memoryProbes = 0;          ///< how many there were
    double memoryBestGbps = 0.0;   ///< best of a few passes over 512 MB after decoding
    std::uint64_t probeBytes = 0;  ///< the in-run probe's buffer (part of every RSS figure)
    std::uint64_t prefillMacs = 0; ///< what the prefill multiplied and added (ForwardPass::prefillMacs)
    double prefillGmacs = 0.0;     ///< prefillMacs per second
    double peakGmacs = 0.0;        ///< measured peak for the weight type's kernel: mean of the two below
    double peakBeforeGmacs = 0.0;  ///< measured just before the prefill
    double peakAfterGmacs = 0.0;   ///< and just after it
    std::string kvType;            ///< f32, f16 or bf16
    std::uint64_t kvBytesPerToken = 0;
    std::uint64_t kvBytes = 0;            ///< cache bytes holding the run's tokens
    std::uint64_t peakRssBytes = 0;       ///< before the after-decoding probe allocates its buffer
    std::uint64_t baselineRssBytes = 0;   ///< the process before the model was loaded (code, libraries, probe)
    std::uint64_t touchedWeightBytes = 0; ///< weight bytes the run read at least once
    /// Per repetition, in run order: its prefill's multiply-add rate over the peak measured
    /// around it, and its decoding's weight reads over the bandwidth measured between its steps.
    /// The fields above are those of the repetition with the median share (each phase its own).
    int repetitions = 0;
    std::vector<double> prefillPeakShares;
    std::vector<double> decodeBandwidthShares;
    std::vector<BenchStage> prefillStages; ///< with BenchOptions::profile, in first-seen order
    std::vector<BenchStage> decodeStages;
};

Result<BenchResult> runBench(const BenchOptions& options, const ProgressFn& progress = {});

} // namespace cairn
