// SPDX-License-Identifier: MIT
// Repository ingestion speed: walks and parses each folder given (tags + chunks, no storage) from an
// empty index, then re-indexes it with nothing changed. Prints one fixed-format line per pass and a
// final `result ok|FAIL` after checking that chunks tile every file and the re-index read nothing.
// "cold" means no previous index; the OS file cache is whatever the machine has.
//   bench_repo_ingest [--threads N] [--tokens N] FOLDER...

#include "ingest/repo/repo_indexer.h"

#include <QCoreApplication>
#include <QStringList>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <sys/resource.h>

using namespace cairn::ingest;

namespace {

double peakRssMiB()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0; // ru_maxrss is in KiB on Linux
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    IndexOptions options;
    QStringList folders;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--threads") == 0 && i + 1 < argc)
            options.threads = std::atoi(argv[++i]);
        else if (std::strcmp(argv[i], "--tokens") == 0 && i + 1 < argc)
            options.chunk.maxTokens = std::atoi(argv[++i]);
        else
            folders << QString::fromLocal8Bit(argv[i]);
    }
    if (folders.isEmpty()) {
        std::fprintf(stderr, "usage: bench_repo_ingest [--threads N] [--tokens N] FOLDER...\n");
        return 2;
    }
    bool ok = true;
    qint64 totalLines = 0;
    double totalSeconds = 0;
    for (const QString& folder : folders) {
        options.previous.clear();
        QHash<QString, IndexedFileState> state;
        bool tiled = true;
        auto cold = indexRepository(folder, options, [&](FileIndex&& file) {
            state.insert(file.file.path, {file.file.size, file.file.mtimeNs, file.contentHash});
            uint32_t at = 0;
            for (const Chunk& chunk : file.chunks) {
                tiled = tiled && chunk.startByte == at;
                at = chunk.endByte;
            }
            tiled = tiled && at == static_cast<uint32_t>(file.file.size);
        });
        if (!cold.ok()) {
            std::printf("error %s\n", qPrintable(cold.error().message()));
            ok = false;
            continue;
        }
        const IndexSummary& s = cold.value();
        std::printf("cold    %-40s files %6lld lines %9lld bytes %11lld symbols %8lld chunks %8lld skipped %5lld "
                    "%7.2f s %9.0f lines/s peak RSS %6.0f MiB\n",
                    qPrintable(folder), static_cast<long long>(s.delivered), static_cast<long long>(s.lines),
                    static_cast<long long>(s.bytes), static_cast<long long>(s.symbols),
                    static_cast<long long>(s.chunks), static_cast<long long>(s.walk.skipped.size() + s.failed.size()),
                    s.seconds, static_cast<double>(s.lines) / s.seconds, peakRssMiB());
        totalLines += s.lines;
        totalSeconds += s.seconds;
        ok = ok && tiled && s.delivered > 0;

        options.previous = state;
        qsizetype redelivered = 0;
        auto again = indexRepository(folder, options, [&](FileIndex&&) { ++redelivered; });
        if (!again.ok()) {
            ok = false;
            continue;
        }
        std::printf("reindex %-40s files %6lld unchanged %6lld delivered %lld %7.2f s peak RSS %6.0f MiB\n",
                    qPrintable(folder), static_cast<long long>(again.value().walk.files.size()),
                    static_cast<long long>(again.value().unchanged.size()), static_cast<long long>(redelivered),
                    again.value().seconds, peakRssMiB());
        ok = ok && redelivered == 0;
    }
    std::printf("total lines %lld in %.2f s: %.0f lines/s\n", static_cast<long long>(totalLines), totalSeconds,
                totalSeconds > 0 ? static_cast<double>(totalLines) / totalSeconds : 0.0);
    std::printf("result %s\n", ok ? "ok" : "FAIL");
    return ok ? 0 : 1;
}
