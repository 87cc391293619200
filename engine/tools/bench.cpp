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
#include <map>
#include <numeric>
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

/// One prefill and the decoding after it, with the yardsticks measured around them.
struct Repetition {
    double peakBeforeGmacs = 0.0;
    double prefillSeconds = 0.0;
    double peakAfterGmacs = 0.0;
    double decodeSeconds = 0.0;
    double probeSeconds = 0.0;
    std::uint64_t probeBytes = 0;
    double memoryMinGbps = 0.0;
    double memoryMaxGbps = 0.0;
    int memoryProbes = 0;
    std::vector<BenchStage> prefillStages;
    std::vector<BenchStage> decodeStages;

    [[nodiscard]] double peakGmacs() const { return (peakBeforeGmacs + peakAfterGmacs) / 2.0; }
    /// All probe bytes over all probe time.
    [[nodiscard]] double memoryGbps() const
    {
        return probeSeconds > 0.0 ? static_cast<double>(probeBytes) / probeSeconds / 1e9 : 0.0;
    }
};

/// The index of the median of `values` (the lower one of an even count).
std::size_t medianIndex(const std::vector<double>& values)
{
    std::vector<std::size_t> order(values.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(), [&values](std::size_t a, std::size_t b) { return values[a] < values[b]; });
    return order[(order.size() - 1) / 2];
}

} // namespace

Result<BenchResult> runBench(const BenchOptions& options, const ProgressFn& progress)
{
    if (options.prefillTokens < 1 || options.decodeTokens < 1 || options.threads < 0)
        return Error{ErrorCode::InvalidInput, "bench", "prefill and decode need at least one token"};
    if (options.repetitions < 1)
        return Error{ErrorCode::InvalidInput, "bench", "needs at least one repetition"};
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
        result.kvType = std::string(kvTypeName(warmup.kvType()));
        if (Status fed = warmup.feed(prompt); !fed)
            return fed.error();
    }

    // Each repetition prefills a fresh session and decodes after it; the reported prefill and
    // decode are the repetitions with the median share of their yardstick, each with the
    // yardstick measured around it (the machine's neighbours change both within seconds).
    StageClock stages;
    ForwardPass& forward = model->forwardPass();
    if (options.profile)
        forward.setTrace(stages.traceFn());
    std::vector<Repetition> runs;
    for (int r = 0; r < options.repetitions; ++r) {
        Session session(model, context);
        Repetition run;
        if (progress)
            progress("prefill", static_cast<std::uint64_t>(r), static_cast<std::uint64_t>(options.repetitions));
        // The multiply-add peak the prefill is compared with is measured just before and just
        // after it (their mean).
        run.peakBeforeGmacs = cpu::measurePeakMacs(probePool, type) / 1e9;
        auto start = std::chrono::steady_clock::now();
        stages.restart();
        if (Status fed = session.feed(prompt); !fed)
            return fed.error();
        run.prefillSeconds = secondsSince(start);
        run.prefillStages = stages.take();
        run.peakAfterGmacs = cpu::measurePeakMacs(probePool, type) / 1e9;

        // The read bandwidth: probes before the first decode step and after every eighth.
        auto measureBandwidth = [&] {
            double seconds = 0.0;
            for (int pass = 0; pass < kProbePasses; ++pass)
                seconds += probe.pass();
            if (seconds <= 0.0)
                return;
            const std::uint64_t bytes = probe.bytes() * kProbePasses;
            run.probeSeconds += seconds;
            run.probeBytes += bytes;
            const double gbps = static_cast<double>(bytes) / seconds / 1e9;
            run.memoryMinGbps = run.memoryProbes == 0 ? gbps : std::min(run.memoryMinGbps, gbps);
            run.memoryMaxGbps = std::max(run.memoryMaxGbps, gbps);
            ++run.memoryProbes;
        };
        if (progress)
            progress("decode", static_cast<std::uint64_t>(r), static_cast<std::uint64_t>(options.repetitions));
        std::int32_t next = argmax(session.logits());
        const std::int64_t spell = std::max<std::int64_t>(1, options.decodeTokens / kProbeSpells);
        measureBandwidth();
        for (std::int64_t i = 0; i < options.decodeTokens; ++i) {
            start = std::chrono::steady_clock::now();
            stages.restart();
            if (Status fed = session.feed(std::span(&next, 1)); !fed)
                return fed.error();
            next = argmax(session.logits());
            run.decodeSeconds += secondsSince(start);
            if ((i + 1) % spell == 0)
                measureBandwidth();
        }
        run.decodeStages = stages.take();
        result.kvBytesPerToken = session.cache().bytesPerToken();
        result.kvBytes = result.kvBytesPerToken * static_cast<std::uint64_t>(session.position());
        runs.push_back(std::move(run));
    }
    forward.setTrace({});
    result.prefillMacs = forward.prefillMacs(options.prefillTokens);
    const auto prefillMacs = static_cast<double>(result.prefillMacs);
    const double decodeBytes = static_cast<double>(cost.weightBytes) * static_cast<double>(options.decodeTokens);
    auto share = [](double rate, double yardstick) { return yardstick > 0.0 ? rate / yardstick : 0.0; };
    for (const Repetition& run : runs) {
        result.prefillPeakShares.push_back(share(prefillMacs / run.prefillSeconds / 1e9, run.peakGmacs()));
        result.decodeBandwidthShares.push_back(share(decodeBytes / run.decodeSeconds / 1e9, run.memoryGbps()));
    }
    const Repetition& prefillRun = runs[medianIndex(result.prefillPeakShares)];
    const Repetition& decodeRun = runs[medianIndex(result.decodeBandwidthShares)];
    result.repetitions = options.repetitions;
    result.prefillSeconds = prefillRun.prefillSeconds;
    result.peakBeforeGmacs = prefillRun.peakBeforeGmacs;
    result.peakAfterGmacs = prefillRun.peakAfterGmacs;
    result.peakGmacs = prefillRun.peakGmacs();
    result.prefillStages = prefillRun.prefillStages;
    result.decodeSeconds = decodeRun.decodeSeconds;
    result.memoryGbps = decodeRun.memoryGbps();
    result.memoryMinGbps = decodeRun.memoryMinGbps;
    result.memoryMaxGbps = decodeRun.memoryMaxGbps;
    result.memoryProbes = decodeRun.memoryProbes;
    result.decodeStages = decodeRun.decodeStages;
    result.probeBytes = probe.bytes();
    result.peakRssBytes = peakRss();
    // A prefill of hundreds of tokens routes to every expert, so every weight is read.
    result.touchedWeightBytes = result.modelBytes;

    result.prefillTps = static_cast<double>(options.prefillTokens) / result.prefillSeconds;
    result.decodeTps = static_cast<double>(options.decodeTokens) / result.decodeSeconds;
    result.decodeGbps = static_cast<double>(cost.weightBytes) * result.decodeTps / 1e9;
    result.prefillGmacs = prefillMacs / result.prefillSeconds / 1e9;

    if (progress)
        progress("bandwidth", 0, 1);
    result.memoryBestGbps = cpu::measureMemoryBandwidth(probePool) / 1e9;
    return result;
}

} // namespace cairn
