// SPDX-License-Identifier: MIT
// The index command: options, the progress line (one rewritten line on a terminal, a plain line
// every few seconds otherwise), the summary. The work is RepoIndexService's.

#include "app/cli/index_command.h"

#include "app/cli/code_index_access.h"
#include "app/cli/command_line.h"
#include "app/cli/interrupt.h"
#include "app/services/repo_index_service.h"

#include <QCommandLineParser>
#include <QElapsedTimer>

#include <algorithm>
#include <cstdio>
#include <map>
#include <unistd.h>

namespace cairn::app {

namespace {

constexpr int kBarWidth = 24;
constexpr qint64 kTerminalRefreshMs = 100;
constexpr qint64 kPlainLineEveryMs = 5000;
constexpr int kSkipsListed = 10;

QString megabytes(qint64 bytes)
{
    return QString::number(static_cast<double>(bytes) / (1024.0 * 1024.0), 'f', 1);
}

QString progressText(const ingest::IndexProgress& p)
{
    const double fraction = p.bytesTotal > 0 ? static_cast<double>(p.bytesDone) / static_cast<double>(p.bytesTotal)
        : p.filesTotal > 0                   ? static_cast<double>(p.filesDone) / static_cast<double>(p.filesTotal)
                                             : 1.0;
    QString text = QStringLiteral("%1% %2/%3 files, %4/%5 MB")
                       .arg(static_cast<int>(fraction * 100))
                       .arg(p.filesDone)
                       .arg(p.filesTotal)
                       .arg(megabytes(p.bytesDone), megabytes(p.bytesTotal));
    if (p.etaSeconds >= 0 && p.elapsedSeconds >= 1) // the first files say little about the rate
        text += QStringLiteral(", ETA %1 s").arg(static_cast<qint64>(p.etaSeconds + 0.5));
    return text;
}

/// Draws progress: on a terminal a bar rewritten in place, else a line now and then.
class ProgressPrinter {
public:
    ProgressPrinter(QTextStream& err, bool terminal) : m_err(err), m_terminal(terminal) { m_clock.start(); }

    void update(const ingest::IndexProgress& p)
    {
        const bool last = p.filesDone == p.filesTotal;
        const qint64 now = m_clock.elapsed();
        if (!last && now - m_lastMs < (m_terminal ? kTerminalRefreshMs : kPlainLineEveryMs))
            return;
        m_lastMs = now;
        if (!m_terminal) {
            m_err << "indexing: " << progressText(p) << '\n';
            m_err.flush();
            return;
        }
        const double fraction
            = p.filesTotal > 0 ? static_cast<double>(p.filesDone) / static_cast<double>(p.filesTotal) : 1;
        const int filled = std::clamp(static_cast<int>(fraction * kBarWidth), 0, kBarWidth);
        QString file = p.currentFile;
        if (file.size() > 40)
            file = QStringLiteral("...") + file.right(37);
        m_err << "\r[" << QString(filled, QLatin1Char('#')) << QString(kBarWidth - filled, QLatin1Char('-')) << "] "
              << progressText(p) << ' ' << file << "\x1b[K";
        m_err.flush();
        m_drawn = true;
    }

    void finish()
    {
        if (m_drawn) {
            m_err << "\r\x1b[K";
            m_err.flush();
        }
    }

private:
    QTextStream& m_err;
    bool m_terminal = false;
    bool m_drawn = false;
    QElapsedTimer m_clock;
    qint64 m_lastMs = -kPlainLineEveryMs;
};

void printSummary(const RepoIndexReport& r, QTextStream& out)
{
    out << (r.cancelled ? "cancelled indexing " : "indexed ") << QString::fromStdString(r.repository.rootPath);
    if (r.gitRepository)
        out << " (git" << (r.headRevision.isEmpty() ? QString() : ", HEAD " + r.headRevision.left(12)) << ')';
    out << '\n';
    out << "files: " << r.filesFound << " found, " << r.newFiles << " new, " << r.changedFiles << " changed, "
        << r.unchangedFiles << " unchanged, " << r.deletedFiles << " deleted\n";
    if (!r.filesPerLanguage.isEmpty()) {
        std::vector<std::pair<QString, qsizetype>> languages(r.filesPerLanguage.keyValueBegin(),
                                                             r.filesPerLanguage.keyValueEnd());
        std::stable_sort(languages.begin(), languages.end(),
                         [](const auto& a, const auto& b) { return a.second > b.second; });
        out << "parsed by language:";
        for (const auto& [language, files] : languages)
            out << ' ' << (language.isEmpty() ? QStringLiteral("text") : language) << ' ' << files;
        out << '\n';
    }
    if (r.newFiles + r.changedFiles == 0)
        out << "nothing to parse";
    else
        out << "parsed: symbols " << r.symbols << ", references " << r.references << ", chunks " << r.chunks
            << ", lines " << r.lines << " (" << megabytes(r.bytes) << " MB)";
    out << "; " << r.referencesLinked << " references linked\n";
    if (!r.skipped.isEmpty()) {
        std::map<QString, int> reasons;
        for (const ingest::SkippedEntry& entry : r.skipped)
            ++reasons[ingest::skipReasonName(entry.reason)];
        out << "skipped " << r.skipped.size() << ':';
        bool first = true;
        for (const auto& [reason, n] : reasons) {
            out << (first ? " " : ", ") << reason << ' ' << n;
            first = false;
        }
        out << '\n';
        int listed = 0;
        for (const ingest::SkippedEntry& entry : r.skipped) {
            if (entry.reason == ingest::SkipReason::Ignored || entry.reason == ingest::SkipReason::ExcludedFolder)
                continue; // chosen by the user's rules: counted, not listed
            if (listed++ == kSkipsListed) {
                out << "  ...\n";
                break;
            }
            out << "  " << entry.path << ": " << ingest::skipReasonName(entry.reason)
                << (entry.detail.isEmpty() ? QString() : " (" + entry.detail + ')') << '\n';
        }
    }
    out << "time " << QString::number(r.seconds, 'f', 2) << " s\n";
    if (r.cancelled)
        out << "The files parsed so far are stored; run the same command again to finish.\n";
}

} // namespace

int runIndexCommand(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Index the source files of a folder (a git repository or not) for find, refs, search, repomap and pack.\n"
        "Honours .gitignore; a second run reads only what changed."));
    parser.addPositionalArgument(QStringLiteral("PATH"), QStringLiteral("The folder to index."));
    parser.addOption({QStringLiteral("db"), QString::fromLatin1(kIndexDbHelp), QStringLiteral("DB")});
    parser.addOption({{QStringLiteral("t"), QStringLiteral("threads")},
                      QStringLiteral("Parsing threads (default: one per core)."),
                      QStringLiteral("N"),
                      QStringLiteral("0")});
    if (const std::optional<int> status = parseCommandLine(parser, args, out, err))
        return *status;
    bool numeric = false;
    RepoIndexOptions options;
    options.threads = parser.value(QStringLiteral("threads")).toInt(&numeric);
    if (parser.positionalArguments().size() != 1 || !numeric || options.threads < 0) {
        err << "cairn-cli index: "
            << (parser.positionalArguments().size() != 1 ? "needs one folder to index"
                                                         : "--threads needs a number >= 0")
            << "\n\n"
            << parser.helpText();
        return 2;
    }
    std::optional<storage::Database> db
        = openIndexDatabase(parser.value(QStringLiteral("db")), true, QStringLiteral("index"), err);
    if (!db)
        return 1;

    ProgressPrinter printer(err, isatty(fileno(stderr)) != 0);
    ingest::CancelFlag cancel;
    storage::Result<RepoIndexReport> report = [&] {
        const InterruptToCancel interrupt(cancel);
        return RepoIndexService(*db).index(
            parser.positionalArguments().first(), options,
            [&printer](const ingest::IndexProgress& p) { printer.update(p); }, &cancel);
    }();
    printer.finish();
    if (!report) {
        err << "cairn-cli index: " << QString::fromStdString(report.error().message()) << '\n';
        return 1;
    }
    printSummary(report.value(), out);
    return report.value().cancelled ? 130 : 0;
}

} // namespace cairn::app
