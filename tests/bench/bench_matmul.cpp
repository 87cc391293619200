// SPDX-License-Identifier: MIT
// CPU matmul throughput per weight type against the machine's yardsticks: decode (one token,
// memory-bound) in GB/s of weights streamed vs read bandwidth, prefill in MAC/s vs peak.
// Yardsticks are re-measured around every type and the best kept (the machine may be shared);
// prints one fixed-format line per measurement and a final `result ok|FAIL` after checking
// sampled outputs against float64 dots of the dequantised weights. Types the CPU has interleaved
// kernels for (cpu::interleave) are measured in both layouts.
//   bench_matmul [--threads N] [--tokens N] [--level scalar|avx2|avx512vnni] [type...]

#include "engine/backends/cpu/kernel_select.h"
#include "engine/backends/cpu/machine_peak.h"
#include "engine/backends/cpu/matmul.h"
#include "engine/backends/cpu/quantize.h"
#include "engine/core/aligned_vector.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <string_view>
#include <vector>

using namespace cairn;
using namespace cairn::cpu;

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::int64_t kCols = 4096;
constexpr std::int64_t kDecodeRows = 16384;
constexpr std::int64_t kPrefillRows = 4096;
constexpr std::int64_t kDistinctRows = 64; // quantised once, repeated to fill the matrix
/// Decode cycles through copies of the matrix adding up to at least this much, so the weights
/// stream from memory even when one copy (Q4_K: 38 MB) would nearly fit in the last-level cache.
constexpr std::size_t kDecodeStreamBytes = std::size_t{384} << 20;

struct Matrix {
    std::vector<std::uint8_t> data;
    std::vector<float> distinct; // dequantised values of the kDistinctRows source rows
    WeightMatrix w;
};

Matrix makeMatrix(DType type, std::int64_t rows)
{
    Matrix m;
    const auto rowBytesValue = static_cast<std::size_t>(rowBytes(type, kCols).value());
    m.w = {type, nullptr, rows, kCols, rowBytesValue};
    m.data.resize(rowBytesValue * static_cast<std::size_t>(rows));
    std::mt19937 rng(1);
    std::normal_distribution<float> dist(0.0F, 1.0F);
    std::vector<float> values(kCols);
    m.distinct.resize(static_cast<std::size_t>(kDistinctRows * kCols));
    for (std::int64_t r = 0; r < kDistinctRows; ++r) {
        for (float& v : values)
            v = dist(rng);
        std::uint8_t* row = m.data.data() + static_cast<std::size_t>(r) * rowBytesValue;
        quantizeRow(type, values.data(), row, kCols);
        dequantizeRow(type, row, m.distinct.data() + r * kCols, kCols);
    }
    for (std::int64_t r = kDistinctRows; r < rows; ++r) {
        std::memcpy(m.data.data() + static_cast<std::size_t>(r) * rowBytesValue,
                    m.data.data() + static_cast<std::size_t>(r % kDistinctRows) * rowBytesValue, rowBytesValue);
    }
    m.w.data = m.data.data();
    return m;
}

std::vector<float> randomActivations(std::int64_t tokens)
{
    std::mt19937 rng(2);
    std::normal_distribution<float> dist(0.0F, 1.0F);
    std::vector<float> x(static_cast<std::size_t>(tokens * kCols));
    for (float& v : x)
        v = dist(rng);
    return x;
}

/// Seconds per call: best of ten batches of calls lasting at least ~0.05 s each.
template <typename Fn> double secondsPerCall(Fn&& fn)
{
    fn();
    double best = 1e30;
    for (int batch = 0; batch < 10; ++batch) {
        int calls = 0;
        const auto start = Clock::now();
        double elapsed = 0.0;
        do {
            fn();
            ++calls;
            elapsed = std::chrono::duration<double>(Clock::now() - start).count();
        } while (elapsed < 0.05);
        best = std::min(best, elapsed / calls);
    }
    return best;
}

/// Checks sampled outputs against float64 dots; activation quantisation allows 2% of sum |w x|.
bool verify(const WeightMatrix& w, const std::vector<float>& distinct, const std::vector<float>& x, std::int64_t tokens,
            const std::vector<float>& y)
{
    for (std::int64_t t = 0; t < tokens; t += std::max<std::int64_t>(1, tokens / 5)) {
        for (std::int64_t r = 0; r < w.rows; r += 997) {
            const float* wr = distinct.data() + (r % kDistinctRows) * kCols;
            double ref = 0.0;
            double mag = 0.0;
            for (std::int64_t c = 0; c < kCols; ++c) {
                const double p
                    = static_cast<double>(wr[c]) * static_cast<double>(x[static_cast<std::size_t>(t * kCols + c)]);
                ref += p;
                mag += std::fabs(p);
            }
            const double got = y[static_cast<std::size_t>(t * w.rows + r)];
            if (std::fabs(got - ref) > 0.02 * mag + 1e-3) {
                std::printf("mismatch %s token %lld row %lld: %g vs %g\n", std::string(dtypeInfo(w.type).name).c_str(),
                            static_cast<long long>(t), static_cast<long long>(r), got, ref);
                return false;
            }
        }
    }
    return true;
}

std::optional<DType> typeNamed(std::string_view name)
{
    for (const DType type : {DType::F32, DType::F16, DType::BF16, DType::Q8_0, DType::Q4_0, DType::Q4_1, DType::Q5_0,
                             DType::Q5_1, DType::IQ4_NL, DType::Q4_K, DType::Q5_K, DType::Q6_K}) {
        if (dtypeInfo(type).name == name)
            return type;
    }
    return std::nullopt;
}

} // namespace

int main(int argc, char** argv)
{
    int threads = 2;
    std::int64_t tokens = 512;
    std::vector<DType> types;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--threads" && i + 1 < argc) {
            threads = std::atoi(argv[++i]);
        } else if (arg == "--tokens" && i + 1 < argc) {
            tokens = std::atoll(argv[++i]);
        } else if (arg == "--level" && i + 1 < argc) {
            const std::string_view wanted = argv[++i];
            bool found = false;
            for (const KernelLevel level : availableKernelLevels()) {
                if (kernelLevelName(level) == wanted) {
                    forceKernelLevel(level);
                    found = true;
                }
            }
            if (!found) {
                std::fprintf(stderr, "kernel level %s is not available here\n", argv[i]);
                return 2;
            }
        } else if (const auto type = typeNamed(arg)) {
            types.push_back(*type);
        } else {
            std::fprintf(stderr,
                         "usage: bench_matmul [--threads N] [--tokens N] [--level scalar|avx2|avx512vnni]\n"
                         "                    [f32|f16|bf16|q8_0|q4_0|q4_1|q5_0|q5_1|iq4_nl|q4_K|q5_K|q6_K...]\n");
            return 2;
        }
    }
    if (types.empty())
        types = {DType::F32, DType::F16, DType::BF16, DType::Q8_0, DType::Q4_0, DType::Q4_K, DType::Q5_K, DType::Q6_K};

    ThreadPool pool(threads);
    // The machine may be shared: every yardstick is measured several times during the run and
    // the best is kept (one peak per instruction chain: all int8 types share one, floats another).
    struct Result {
        DType type;
        bool interleaved = false; ///< the layout the load re-lays Q8_0 and Q4_K into (cpu::interleave)
        double decodeSeconds = 0.0;
        double decodeBytes = 0.0;
        double prefillSeconds = 0.0;
    };
    std::vector<Result> results;
    double bandwidth = 0.0;
    double peakInt8 = 0.0;
    double peakFloat = 0.0;
    const auto measureYardsticks = [&](DType type) {
        bandwidth = std::max(bandwidth, measureMemoryBandwidth(pool));
        double& peak = activationBytes(type, kCols) == 0 ? peakFloat : peakInt8;
        peak = std::max(peak, measurePeakMacs(pool, type));
    };
    bool ok = true;
    for (const DType type : types) {
        measureYardsticks(type);
        Result result{type};
        const std::size_t copyBytes = static_cast<std::size_t>(rowBytes(type, kCols).value()) * kDecodeRows;
        const auto copies = static_cast<std::int64_t>((kDecodeStreamBytes + copyBytes - 1) / copyBytes);
        const Matrix decode = makeMatrix(type, kDecodeRows * copies);
        const std::vector<float> x1 = randomActivations(1);
        std::vector<float> y1(static_cast<std::size_t>(kDecodeRows));
        std::int64_t copy = 0;
        result.decodeSeconds = secondsPerCall([&] {
            WeightMatrix w = decode.w;
            w.rows = kDecodeRows;
            w.data = decode.data.data() + static_cast<std::size_t>(copy) * copyBytes;
            copy = (copy + 1) % copies;
            matmul(pool, w, x1.data(), 1, y1.data());
        });
        result.decodeBytes = static_cast<double>(copyBytes);
        WeightMatrix first = decode.w;
        first.rows = kDecodeRows;
        matmul(pool, first, x1.data(), 1, y1.data());
        ok = verify(first, decode.distinct, x1, 1, y1) && ok;

        const Matrix prefill = makeMatrix(type, kPrefillRows);
        const std::vector<float> xp = randomActivations(tokens);
        std::vector<float> yp(static_cast<std::size_t>(kPrefillRows * tokens));
        result.prefillSeconds = secondsPerCall([&] { matmul(pool, prefill.w, xp.data(), tokens, yp.data()); });
        ok = verify(prefill.w, prefill.distinct, xp, tokens, yp) && ok;
        results.push_back(result);

        if (interleavable(decode.w)) {
            Result laid{type, true};
            AlignedVector<std::byte> decodeCopy(decode.data.size());
            const WeightMatrix decodeLaid = interleave(decode.w, decodeCopy.data());
            laid.decodeSeconds = secondsPerCall([&] {
                WeightMatrix w = decodeLaid;
                w.rows = kDecodeRows;
                w.data = decodeCopy.data() + static_cast<std::size_t>(copy) * copyBytes;
                copy = (copy + 1) % copies;
                matmul(pool, w, x1.data(), 1, y1.data());
            });
            laid.decodeBytes = static_cast<double>(copyBytes);
            WeightMatrix firstLaid = decodeLaid;
            firstLaid.rows = kDecodeRows;
            matmul(pool, firstLaid, x1.data(), 1, y1.data());
            ok = verify(firstLaid, decode.distinct, x1, 1, y1) && ok;

            AlignedVector<std::byte> prefillCopy(prefill.data.size());
            const WeightMatrix prefillLaid = interleave(prefill.w, prefillCopy.data());
            laid.prefillSeconds = secondsPerCall([&] { matmul(pool, prefillLaid, xp.data(), tokens, yp.data()); });
            ok = verify(prefillLaid, prefill.distinct, xp, tokens, yp) && ok;
            results.push_back(laid);
        }
        measureYardsticks(type);
    }

    std::printf("threads %d\n", threads);
    std::printf("bandwidth read %.1f GB/s\n", bandwidth / 1e9);
    std::printf("peak int8 %.1f GMAC/s, float %.1f GMAC/s\n", peakInt8 / 1e9, peakFloat / 1e9);
    for (const Result& r : results) {
        const std::string name(dtypeInfo(r.type).name);
        const std::string kernel = r.interleaved ? "interleaved" : std::string(kernelName(r.type));
        const double peak = activationBytes(r.type, kCols) == 0 ? peakFloat : peakInt8;
        const double macs = static_cast<double>(kPrefillRows) * kCols * static_cast<double>(tokens);
        std::printf("decode  %-5s %-11s %lldx%lld            %8.3f ms %8.1f GB/s %5.1f%% of bandwidth\n", name.c_str(),
                    kernel.c_str(), static_cast<long long>(kCols), static_cast<long long>(kDecodeRows),
                    r.decodeSeconds * 1e3, r.decodeBytes / r.decodeSeconds / 1e9,
                    100.0 * r.decodeBytes / r.decodeSeconds / bandwidth);
        std::printf("prefill %-5s %-11s %lldx%lldx%lld tokens %8.3f ms %8.1f GMAC/s %5.1f%% of peak\n", name.c_str(),
                    kernel.c_str(), static_cast<long long>(kCols), static_cast<long long>(kPrefillRows),
                    static_cast<long long>(tokens), r.prefillSeconds * 1e3, macs / r.prefillSeconds / 1e9,
                    100.0 * macs / r.prefillSeconds / peak);
    }
    std::printf("result %s\n", ok ? "ok" : "FAIL");
    return ok ? 0 : 1;
}
