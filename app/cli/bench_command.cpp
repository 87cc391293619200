// SPDX-License-Identifier: MIT
// Prints the bench result as aligned text or, with --json, as one JSON object.

#include "app/cli/bench_command.h"

#include "app/cli/command_line.h"
#include "app/cli/model_options.h"

#include "engine/api/bench.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace cairn::app {

namespace {

QString gib(std::uint64_t bytes)
{
    return QString::number(static_cast<double>(bytes) / (1024.0 * 1024.0 * 1024.0), 'f', 3) + QStringLiteral(" GiB");
}

/// (peak RSS - the process before loading) / (touched weights + KV cache) - 1.
double rssOverhead(const BenchResult& r)
{
    const auto needed = static_cast<double>(r.touchedWeightBytes + r.kvBytes);
    return needed > 0
        ? (static_cast<double>(r.peakRssBytes - std::min(r.peakRssBytes, r.baselineRssBytes)) / needed) - 1.0
        : 0.0;
}

QJsonArray stagesJson(const std::vector<BenchStage>& stages)
{
    QJsonArray array;
    for (const BenchStage& stage : stages)
        array.append(QJsonObject{{QStringLiteral("name"), QString::fromStdString(stage.name)},
                                 {QStringLiteral("seconds"), stage.seconds}});
    return array;
}

QJsonArray numbersJson(const std::vector<double>& values)
{
    QJsonArray array;
    for (const double value : values)
        array.append(value);
    return array;
}

/// "41.0, 46.2 and 47.3 %": every repetition's share, in run order.
QString percentages(const std::vector<double>& shares)
{
    QStringList parts;
    for (const double share : shares)
        parts << QString::number(100.0 * share, 'f', 1);
    const QString last = parts.isEmpty() ? QString() : parts.takeLast();
    return (parts.isEmpty() ? last : parts.join(QStringLiteral(", ")) + QStringLiteral(" and ") + last)
        + QStringLiteral(" %");
}

QJsonObject toJson(const BenchResult& r)
{
    QJsonObject o;
    o[QStringLiteral("model")] = QString::fromStdString(r.model);
    o[QStringLiteral("weight_type")] = QString::fromStdString(r.weightType);
    o[QStringLiteral("kernel")] = QString::fromStdString(r.kernel);
    o[QStringLiteral("threads")] = r.threads;
    o[QStringLiteral("prefill_tokens")] = static_cast<qint64>(r.prefillTokens);
    o[QStringLiteral("decode_tokens")] = static_cast<qint64>(r.decodeTokens);
    o[QStringLiteral("model_bytes")] = static_cast<qint64>(r.modelBytes);
    o[QStringLiteral("prefill_tps")] = r.prefillTps;
    o[QStringLiteral("decode_tps")] = r.decodeTps;
    o[QStringLiteral("weight_bytes_per_token")] = static_cast<qint64>(r.weightBytesPerToken);
    o[QStringLiteral("decode_gbps")] = r.decodeGbps;
    o[QStringLiteral("memory_gbps")] = r.memoryGbps;
    o[QStringLiteral("memory_gbps_min")] = r.memoryMinGbps;
    o[QStringLiteral("memory_gbps_max")] = r.memoryMaxGbps;
    o[QStringLiteral("memory_probes")] = r.memoryProbes;
    o[QStringLiteral("memory_best_gbps")] = r.memoryBestGbps;
    o[QStringLiteral("probe_bytes")] = static_cast<qint64>(r.probeBytes);
    o[QStringLiteral("decode_bandwidth_fraction")] = r.memoryGbps > 0 ? r.decodeGbps / r.memoryGbps : 0.0;
    o[QStringLiteral("prefill_macs")] = static_cast<qint64>(r.prefillMacs);
    o[QStringLiteral("prefill_gmacs")] = r.prefillGmacs;
    o[QStringLiteral("peak_gmacs")] = r.peakGmacs;
    o[QStringLiteral("peak_before_gmacs")] = r.peakBeforeGmacs;
    o[QStringLiteral("peak_after_gmacs")] = r.peakAfterGmacs;
    o[QStringLiteral("prefill_peak_fraction")] = r.peakGmacs > 0 ? r.prefillGmacs / r.peakGmacs : 0.0;
    o[QStringLiteral("kv_type")] = QString::fromStdString(r.kvType);
    o[QStringLiteral("kv_bytes_per_token")] = static_cast<qint64>(r.kvBytesPerToken);
    o[QStringLiteral("kv_bytes")] = static_cast<qint64>(r.kvBytes);
    o[QStringLiteral("peak_rss_bytes")] = static_cast<qint64>(r.peakRssBytes);
    o[QStringLiteral("baseline_rss_bytes")] = static_cast<qint64>(r.baselineRssBytes);
    o[QStringLiteral("touched_weight_bytes")] = static_cast<qint64>(r.touchedWeightBytes);
    o[QStringLiteral("rss_over_weights_and_kv")] = rssOverhead(r);
    o[QStringLiteral("repetitions")] = r.repetitions;
    o[QStringLiteral("prefill_peak_fractions")] = numbersJson(r.prefillPeakShares);
    o[QStringLiteral("decode_bandwidth_fractions")] = numbersJson(r.decodeBandwidthShares);
    if (!r.prefillStages.empty() || !r.decodeStages.empty()) {
        o[QStringLiteral("prefill_stages")] = stagesJson(r.prefillStages);
        o[QStringLiteral("decode_stages")] = stagesJson(r.decodeStages);
    }
    return o;
}

void printText(const BenchResult& r, QTextStream& out)
{
    const double bandwidthShare = r.memoryGbps > 0 ? 100.0 * r.decodeGbps / r.memoryGbps : 0.0;
    const double peakShare = r.peakGmacs > 0 ? 100.0 * r.prefillGmacs / r.peakGmacs : 0.0;
    out << "model        " << QString::fromStdString(r.model) << " (" << gib(r.modelBytes) << ", mostly "
        << QString::fromStdString(r.weightType) << ", kernel " << QString::fromStdString(r.kernel) << ")\n";
    out << "threads      " << r.threads << "\n";
    out << "prefill      " << r.prefillTokens << " tokens in " << QString::number(r.prefillSeconds, 'f', 3)
        << " s: " << QString::number(r.prefillTps, 'f', 1) << " tokens/s, " << QString::number(r.prefillGmacs, 'f', 1)
        << " GMAC/s = " << QString::number(peakShare, 'f', 1) << "% of the measured peak "
        << QString::number(r.peakGmacs, 'f', 1) << " GMAC/s\n";
    out << "             (" << QString::number(static_cast<double>(r.prefillMacs) / 1e9, 'f', 1)
        << " G multiply-adds: every layer's weights per token, the output head once, attention's scores and "
           "values)\n";
    out << "             (the peak measured just before the prefill " << QString::number(r.peakBeforeGmacs, 'f', 1)
        << ", just after it " << QString::number(r.peakAfterGmacs, 'f', 1) << ")\n";
    if (r.repetitions > 1)
        out << "             (the median of " << r.repetitions << " prefills: " << percentages(r.prefillPeakShares)
            << ")\n";
    out << "decode       " << r.decodeTokens << " tokens in " << QString::number(r.decodeSeconds, 'f', 3)
        << " s: " << QString::number(r.decodeTps, 'f', 1) << " tokens/s\n";
    out << "weights read " << QString::number(static_cast<double>(r.weightBytesPerToken) / 1e6, 'f', 1)
        << " MB per decoded token: " << QString::number(r.decodeGbps, 'f', 2)
        << " GB/s = " << QString::number(bandwidthShare, 'f', 1) << "% of the memory's read bandwidth "
        << QString::number(r.memoryGbps, 'f', 2) << " GB/s\n";
    out << "             (measured between decode steps: " << r.memoryProbes << " probes, "
        << QString::number(r.memoryMinGbps, 'f', 1) << "-" << QString::number(r.memoryMaxGbps, 'f', 1)
        << " GB/s; best pass after decoding " << QString::number(r.memoryBestGbps, 'f', 1) << " GB/s)\n";
    if (r.repetitions > 1)
        out << "             (the median of " << r.repetitions << " decodes: " << percentages(r.decodeBandwidthShares)
            << ")\n";
    out << "kv cache     " << r.kvBytesPerToken << " bytes per token (" << QString::fromStdString(r.kvType) << "), "
        << gib(r.kvBytes) << " for this run\n";
    out << "peak rss     " << gib(r.peakRssBytes) << ": " << gib(r.baselineRssBytes)
        << " before loading (code, libraries, the "
        << QString::number(static_cast<double>(r.probeBytes) / 1048576.0, 'f', 0) << " MiB bandwidth probe) + weights "
        << gib(r.touchedWeightBytes) << " + kv " << gib(r.kvBytes) << " + "
        << QString::number(100.0 * rssOverhead(r), 'f', 1) << "% working memory\n";
}

/// One line per stage: seconds, share of the phase, milliseconds per token.
void printStages(const char* phase, const std::vector<BenchStage>& stages, std::int64_t tokens, QTextStream& out)
{
    double total = 0.0;
    for (const BenchStage& stage : stages)
        total += stage.seconds;
    out << phase << " stages (" << QString::number(total, 'f', 3) << " s traced)\n";
    for (const BenchStage& stage : stages) {
        out << "  " << QString::fromStdString(stage.name).leftJustified(16) << QString::number(stage.seconds, 'f', 4)
            << " s " << QString::number(total > 0 ? 100.0 * stage.seconds / total : 0.0, 'f', 1).rightJustified(5)
            << "% " << QString::number(1e3 * stage.seconds / static_cast<double>(tokens), 'f', 4) << " ms/token\n";
    }
}

} // namespace

int runBenchCommand(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Measure prefill and decode speed of a model."));
    parser.addOption(
        {{QStringLiteral("m"), QStringLiteral("model")}, QStringLiteral("GGUF model file."), QStringLiteral("FILE")});
    parser.addOption({{QStringLiteral("p"), QStringLiteral("prompt")},
                      QStringLiteral("Prefill tokens."),
                      QStringLiteral("N"),
                      QStringLiteral("512")});
    parser.addOption({{QStringLiteral("n"), QStringLiteral("tokens")},
                      QStringLiteral("Decoded tokens."),
                      QStringLiteral("N"),
                      QStringLiteral("128")});
    parser.addOption({{QStringLiteral("t"), QStringLiteral("threads")},
                      QStringLiteral("Threads (0: one per core)."),
                      QStringLiteral("N"),
                      QStringLiteral("2")});
    parser.addOption({{QStringLiteral("r"), QStringLiteral("repetitions")},
                      QStringLiteral("Prefills, each followed by decoding; the medians are reported."),
                      QStringLiteral("N"),
                      QStringLiteral("3")});
    parser.addOption({QStringLiteral("kv"), kvOptionHelp(), QStringLiteral("TYPE"), QStringLiteral("auto")});
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print one JSON object.")});
    parser.addOption({QStringLiteral("profile"), QStringLiteral("Also print the time of each forward-pass stage.")});
    if (const std::optional<int> status = parseCommandLine(parser, args, out, err))
        return *status;
    BenchOptions options;
    options.model = parser.value(QStringLiteral("model")).toStdString();
    bool okP = false;
    bool okN = false;
    bool okT = false;
    bool okR = false;
    options.prefillTokens = parser.value(QStringLiteral("prompt")).toLongLong(&okP);
    options.repetitions = parser.value(QStringLiteral("repetitions")).toInt(&okR);
    options.decodeTokens = parser.value(QStringLiteral("tokens")).toLongLong(&okN);
    options.threads = parser.value(QStringLiteral("threads")).toInt(&okT);
    const QString kv = parser.value(QStringLiteral("kv"));
    if (options.model.empty() || !okP || !okN || !okT || !okR || options.prefillTokens < 1 || options.decodeTokens < 1
        || options.repetitions < 1 || options.threads < 0) {
        err << "cairn-cli bench: needs -m FILE and positive -p, -n, -r (and -t >= 0)\n";
        return 2;
    }
    if (!parseKvType(kv, options.kvType)) {
        err << "cairn-cli bench: --kv must be auto, f32, f16 or bf16\n";
        return 2;
    }
    options.profile = parser.isSet(QStringLiteral("profile"));
    const bool json = parser.isSet(QStringLiteral("json"));
    Result<BenchResult> result = runBench(options, [&err, json](std::string_view what, std::uint64_t, std::uint64_t) {
        if (!json)
            err << "bench: " << QString::fromUtf8(what.data(), static_cast<qsizetype>(what.size())) << "...\n";
        err.flush();
    });
    if (!result) {
        err << "cairn-cli bench: " << QString::fromStdString(result.error().message()) << '\n';
        return 1;
    }
    if (json)
        out << QJsonDocument(toJson(result.value())).toJson(QJsonDocument::Compact) << '\n';
    else
        printText(result.value(), out);
    if (options.profile && !json) {
        printStages("prefill", result.value().prefillStages, result.value().prefillTokens, out);
        printStages("decode", result.value().decodeStages, result.value().decodeTokens, out);
    }
    return 0;
}

} // namespace cairn::app
