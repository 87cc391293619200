// SPDX-License-Identifier: MIT
// Repository indexing as `cairn-cli index` runs it: walk, parse on all cores and write through
// storage into a fresh database, then re-index with nothing changed. Prints one fixed-format line
// per pass and a final `result ok|FAIL` (the cold pass stored chunks for every file it parsed; the
// re-index found every file unchanged and parsed none).
//   bench_repo_index [--threads N] FOLDER...

#include "app/services/repo_index_service.h"
#include "storage/database.h"

#include <QCoreApplication>
#include <QStringList>
#include <QTemporaryDir>

#include <cstdio>
#include <cstring>

#include <sys/resource.h>

using namespace cairn;

namespace {

double peakRssMiB()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0; // KiB on Linux
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication application(argc, argv);
    app::RepoIndexOptions options;
    QStringList folders;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--threads") == 0 && i + 1 < argc)
            options.threads = std::atoi(argv[++i]);
        else
            folders << QString::fromLocal8Bit(argv[i]);
    }
    if (folders.isEmpty()) {
        std::fprintf(stderr, "usage: bench_repo_index [--threads N] FOLDER...\n");
        return 2;
    }
    QTemporaryDir dir;
    auto db = storage::Database::open(dir.filePath(QStringLiteral("bench.db")).toStdString());
    if (!dir.isValid() || !db) {
        std::fprintf(stderr, "bench_repo_index: cannot create a database\n");
        return 1;
    }
    app::RepoIndexService service(db.value());
    bool ok = true;
    for (const QString& folder : folders) {
        auto cold = service.index(folder, options);
        if (!cold) {
            std::printf("error %s\n", cold.error().message().c_str());
            ok = false;
            continue;
        }
        const app::RepoIndexReport& c = cold.value();
        std::printf("cold    %-36s files %6lld lines %9lld symbols %8lld chunks %8lld %7.2f s %9.0f lines/s "
                    "peak RSS %6.0f MiB\n",
                    qPrintable(folder), static_cast<long long>(c.newFiles), static_cast<long long>(c.lines),
                    static_cast<long long>(c.symbols), static_cast<long long>(c.chunks), c.seconds,
                    c.seconds > 0 ? static_cast<double>(c.lines) / c.seconds : 0.0, peakRssMiB());
        ok = ok && c.newFiles > 0 && c.chunks >= c.newFiles && !c.cancelled;

        auto again = service.index(folder, options);
        if (!again) {
            std::printf("error %s\n", again.error().message().c_str());
            ok = false;
            continue;
        }
        const app::RepoIndexReport& r = again.value();
        std::printf("reindex %-36s files %6lld unchanged %6lld parsed %lld %7.2f s peak RSS %6.0f MiB\n",
                    qPrintable(folder), static_cast<long long>(r.filesFound), static_cast<long long>(r.unchangedFiles),
                    static_cast<long long>(r.newFiles + r.changedFiles), r.seconds, peakRssMiB());
        ok = ok && r.unchangedFiles == r.filesFound && r.newFiles + r.changedFiles == 0;
    }
    std::printf("result %s\n", ok ? "ok" : "FAIL");
    return ok ? 0 : 1;
}
