// SPDX-License-Identifier: MIT
// The benchmark behind `cairn-cli bench`. Order matters: the in-run bandwidth probe's buffer
// exists before the baseline RSS is read, peak RSS is read before the after-decoding probe
// allocates its own, and a short warm-up run pages the weights in first.

#include "engine/api/bench.h"

#include "engine/api/model.h"
#include "engine/api/session.h"
#include "engine/arch/forward_pass.h"
#include "engine/backends/cpu/machine_peak.h"
#include "engine/backends/cpu/matmul.h"
#include "engine/core/thread_pool.h"
#include "engine/format/gguf_file.h"
#include "engine/kv/kv_cache.h"
#include "engine/tools/random.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <limits>
#include <map>
#include <sys/resource.h>
#include <unistd.h>
#include <utility>

namespace cairn {

namespace {

double secondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

/// Resident bytes now (/proc/self/statm), 0 when unreadable.
std::uint64_t currentRss()
{
    std::FILE* statm = std::fopen("/proc/self/statm", "r");
    if (statm == nullptr)
        return 0;
    unsigned long long pages = 0;
    unsigned long long resident = 0;
    const int read = std::fscanf(statm, "%llu %llu", &pages, &resident);
    std::fclose(statm);
    return read == 2 ? resident * static_cast<std::uint64_t>(sysconf(_SC_PAGESIZE)) : 0;
}

std::uint64_t peakRss()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<std::uint64_t>(usage.ru_maxrss) * 1024;
}

/// The tensor type holding most of the file's bytes.
DType dominantType(const GgufFile& file)
{
    std::map<DType, std::uint64_t> bytes;
    for (const GgufTensor& tensor : file.tensors())
        bytes[tensor.type] += tensor.bytes;
    return std::max_element(bytes.begin(), bytes.end(),
                            [](const auto& a, const auto& b) { return a.second < b.second; })
        ->first;
}

/// Attributes the time between consecutive trace points of the forward pass to the later one.
/// Timing stops being exact when stages overlap, which they do not: each ends in a pool join.
class StageClock {
public:
    TraceFn traceFn()
    {
        m_last = std::chrono::steady_clock::now();
        return [this](std::string_view name, int, const float*, std::int64_t, std::int64_t) {
            const auto now = std::chrono::steady_clock::now();
            auto found = std::find_if(m_stages.begin(), m_stages.end(),
                                      [name](const BenchStage& stage) { return stage.name == name; });
            if (found == m_stages.end())
                found = m_stages.insert(m_stages.end(), BenchStage{std::string(name), 0.0});
            found->seconds += std::chrono::duration<double>(now - m_last).count();
            m_last = now;
        };
    }
    /// Restarts the clock where a forward pass begins (time between passes is not a stage).
    void restart() { m_last = std::chrono::steady_clock::now(); }
    std::vector<BenchStage> take() { return std::exchange(m_stages, {}); }

private:
    std::chrono::steady_clock::time_point m_last;
    std::vector<BenchStage> m_stages;
};

std::int32_t argmax(std::span<const float> logits)
{
    return static_cast<std::int32_t>(std::max_element(logits.begin(), logits.end()) - logits.begin());
}

/// Twice the last-level cache of the machines we measure on (32 MB): a pass cannot hit it.
constexpr std::size_t kProbeBytes = std::size_t{64} << 20;
/// Probes between decode steps: at the start, after every eighth of the tokens.
constexpr std::int64_t kProbeSpells = 8;
/// Passes per probe.
constexpr int kProbePasses = 2;

} // namespace

Result<BenchResult> runBench(const BenchOptions& options, const ProgressFn& progress)
{
    if (options.prefillTokens < 1 || options.decodeTokens < 1 || options.threads < 0)
        return Error{ErrorCode::InvalidInput, "bench", "prefill and decode need at least one token"};
    // The memory's read bandwidth is measured between decode steps, in the same seconds as the
    // decoding it is compared with: the machine's neighbours move it between about 20 and 75
    // GB/s within seconds, and a probe taken at another moment compares decoding with a machine
    // it never ran on.
    ThreadPool probePool(options.threads);
    cpu::BandwidthProbe probe(probePool, kProbeBytes);
    const std::uint64_t baseline = currentRss();
    ModelParams modelParams;
    modelParams.path = options.model;
    modelParams.threads = options.threads;
    modelParams.prefetch = true;
    Result<std::shared_ptr<Model>> loaded = Model::load(modelParams);
    if (!loaded)
        return loaded.error();
    std::shared_ptr<Model> model = loaded.value();
    const std::uint32_t vocab = model->vocabSize();

    BenchResult result;
    result.baselineRssBytes = baseline;
    result.model = options.model;
    result.threads = model->threads();
    result.prefillTokens = options.prefillTokens;
    result.decodeTokens = options.decodeTokens;
    result.modelBytes = model->weightBytes();
    const DType type = dominantType(model->file());
    result.weightType = std::string(dtypeInfo(type).name);
    result.kernel = std::string(cpu::kernelName(type));
    const ForwardPass::TokenCost cost = model->forwardPass().tokenCost();
    result.weightBytesPerToken = cost.weightBytes;
    result.weightMacsPerToken = cost.weightMacs;

    // Prompt ids avoid the first few (special) tokens; deterministic so runs compare.
    SplitMix64 rng(42);
    std::vector<std::int32_t> prompt(static_cast<std::size_t>(options.prefillTokens));
    for (std::int32_t& token : prompt)
        token = static_cast<std::int32_t>(8 + rng.below(vocab > 8 ? vocab - 8 : 1));

    ContextParams context;
    context.contextLength = options.prefillTokens + options.decodeTokens + 1;
    context.kvType = options.kvType;
    context.batchSize = options.prefillTokens;
    {
        // The same prompt once untimed, as llama-bench warms up: the measured run finds the
        // pages of its work buffers mapped and the weights' pages resident.
        if (progress)
            progress("warm-up", 0, 1);
        Session warmup(model, context);
        if (Status fed = warmup.feed(prompt); !fed)
            return fed.error();
    }

    Session session(model, context);
    StageClock stages;
    ForwardPass& forward = model->forwardPass();
    if (options.profile)
        forward.setTrace(stages.traceFn());
    if (progress)
        progress("prefill", 0, static_cast<std::uint64_t>(options.prefillTokens));
    // The multiply-add peak the prefill is compared with is measured just before and just after
    // it (their mean), for the reason the bandwidth is measured between decode steps.
    result.peakBeforeGmacs = cpu::measurePeakMacs(probePool, type) / 1e9;
    auto start = std::chrono::steady_clock::now();
    stages.restart();
    if (Status fed = session.feed(prompt); !fed)
        return fed.error();
    result.prefillSeconds = secondsSince(start);
    result.prefillStages = stages.take();
    result.peakAfterGmacs = cpu::measurePeakMacs(probePool, type) / 1e9;
    result.peakGmacs = (result.peakBeforeGmacs + result.peakAfterGmacs) / 2.0;

    std::int32_t next = argmax(session.logits());
    double probeSeconds = 0.0;
    std::uint64_t probeBytes = 0;
    result.memoryMinGbps = std::numeric_limits<double>::infinity();
    auto measureBandwidth = [&] {
        double seconds = 0.0;
        for (int pass = 0; pass < kProbePasses; ++pass)
            seconds += probe.pass();
        if (seconds <= 0.0)
            return;
        const std::uint64_t bytes = probe.bytes() * kProbePasses;
        probeSeconds += seconds;
        probeBytes += bytes;
        const double gbps = static_cast<double>(bytes) / seconds / 1e9;
        result.memoryMinGbps = std::min(result.memoryMinGbps, gbps);
        result.memoryMaxGbps = std::max(result.memoryMaxGbps, gbps);
        ++result.memoryProbes;
    };
    const std::int64_t spell = std::max<std::int64_t>(1, options.decodeTokens / kProbeSpells);
    measureBandwidth();
    for (std::int64_t i = 0; i < options.decodeTokens; ++i) {
        start = std::chrono::steady_clock::now();
        stages.restart();
        if (Status fed = session.feed(std::span(&next, 1)); !fed)
            return fed.error();
        next = argmax(session.logits());
        result.decodeSeconds += secondsSince(start);
        if (progress && (i + 1) % 16 == 0)
            progress("decode", static_cast<std::uint64_t>(i + 1), static_cast<std::uint64_t>(options.decodeTokens));
        if ((i + 1) % spell == 0)
            measureBandwidth();
    }
    result.memoryGbps = probeSeconds > 0.0 ? static_cast<double>(probeBytes) / probeSeconds / 1e9 : 0.0;
    if (result.memoryProbes == 0)
        result.memoryMinGbps = 0.0;
    result.probeBytes = probe.bytes();
    result.decodeStages = stages.take();
    forward.setTrace({});
    result.kvType = std::string(kvTypeName(options.kvType));
    result.kvBytesPerToken = session.cache().bytesPerToken();
    result.kvBytes = result.kvBytesPerToken * static_cast<std::uint64_t>(session.position());
    result.peakRssBytes = peakRss();
    // A prefill of hundreds of tokens routes to every expert, so every weight is read.
    result.touchedWeightBytes = result.modelBytes;

    result.prefillTps = static_cast<double>(options.prefillTokens) / result.prefillSeconds;
    result.decodeTps = static_cast<double>(options.decodeTokens) / result.decodeSeconds;
    result.decodeGbps = static_cast<double>(cost.weightBytes) * result.decodeTps / 1e9;
    result.prefillMacs = forward.prefillMacs(options.prefillTokens);
    result.prefillGmacs = static_cast<double>(result.prefillMacs) / result.prefillSeconds / 1e9;

    if (progress)
        progress("bandwidth", 0, 1);
    result.memoryBestGbps = cpu::measureMemoryBandwidth(probePool) / 1e9;
    return result;
}

} // namespace cairn
