// SPDX-License-Identifier: MIT
// The forward-pass benchmark of `cairn-cli bench` without the app around it (no Qt), for a
// machine that has only the engine: prints prefill and decode speed and the time of each stage.
//   bench_forward MODEL [prefill tokens] [decode tokens] [threads]
//   bench_forward --make PRESET TYPE OUT     (writes a synthetic model first, as make-model does)

#include "engine/api/bench.h"
#include "engine/api/synthetic_model.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string_view>

using namespace cairn;

namespace {

void printStages(const char* phase, const std::vector<BenchStage>& stages, std::int64_t tokens)
{
    for (const BenchStage& stage : stages)
        std::printf("%-8s %-16s %8.4f s %8.4f ms/token\n", phase, stage.name.c_str(), stage.seconds,
                    1e3 * stage.seconds / static_cast<double>(tokens));
}

} // namespace

int main(int argc, char** argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_forward MODEL [prefill tokens] [decode tokens] [threads]\n");
        return 2;
    }
    if (std::string_view(argv[1]) == "--make") {
        if (argc != 5) {
            std::fprintf(stderr, "usage: bench_forward --make PRESET TYPE OUT\n");
            return 2;
        }
        SyntheticModelOptions make;
        make.preset = argv[2];
        make.type = argv[3];
        make.out = argv[4];
        if (Status written = writeSyntheticModel(make); !written) {
            std::fprintf(stderr, "bench_forward: %s\n", written.error().message().c_str());
            return 1;
        }
        return 0;
    }
    BenchOptions options;
    options.model = argv[1];
    options.prefillTokens = argc > 2 ? std::atoll(argv[2]) : 512;
    options.decodeTokens = argc > 3 ? std::atoll(argv[3]) : 128;
    options.threads = argc > 4 ? std::atoi(argv[4]) : 2;
    options.profile = true;
    Result<BenchResult> result = runBench(options);
    if (!result) {
        std::fprintf(stderr, "bench_forward: %s\n", result.error().message().c_str());
        return 1;
    }
    const BenchResult& r = result.value();
    std::printf("prefill %lld tokens %.1f tokens/s %.1f GMAC/s peak %.1f GMAC/s (%.1f%%)\n",
                static_cast<long long>(r.prefillTokens), r.prefillTps, r.prefillGmacs, r.peakGmacs,
                100.0 * r.prefillGmacs / r.peakGmacs);
    std::printf("decode %lld tokens %.1f tokens/s %.2f GB/s memory %.2f GB/s (%.1f%%)\n",
                static_cast<long long>(r.decodeTokens), r.decodeTps, r.decodeGbps, r.memoryGbps,
                100.0 * r.decodeGbps / r.memoryGbps);
    std::printf("peak rss %.1f MiB: %.1f MiB before loading + weights %.1f MiB + kv %.1f MiB + %.1f%% working memory\n",
                static_cast<double>(r.peakRssBytes) / 1048576.0, static_cast<double>(r.baselineRssBytes) / 1048576.0,
                static_cast<double>(r.touchedWeightBytes) / 1048576.0, static_cast<double>(r.kvBytes) / 1048576.0,
                100.0
                    * (static_cast<double>(r.peakRssBytes - std::min(r.peakRssBytes, r.baselineRssBytes))
                           / static_cast<double>(r.touchedWeightBytes + r.kvBytes)
                       - 1.0));
    std::printf("repetitions %d, prefill shares of the peak", r.repetitions);
    for (const double share : r.prefillPeakShares)
        std::printf(" %.1f%%", 100.0 * share);
    std::printf(", decode shares of the bandwidth");
    for (const double share : r.decodeBandwidthShares)
        std::printf(" %.1f%%", 100.0 * share);
    std::printf(" (the medians above)\n");
    printStages("prefill", r.prefillStages, r.prefillTokens);
    printStages("decode", r.decodeStages, r.decodeTokens);
    return 0;
}
