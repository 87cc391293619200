// SPDX-License-Identifier: MIT
// The search command: CodeSearch (FTS5, bm25) per queried repository, hits merged by rank.

#include "app/cli/search_command.h"

#include "app/cli/code_index_access.h"
#include "app/cli/command_line.h"
#include "storage/code_search.h"

#include <QCommandLineParser>

#include <algorithm>
#include <cstdio>
#include <unistd.h>

namespace cairn::app {

int runSearchCommand(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Search the indexed code for chunks holding every word of TEXT (whole words, any case), best first."));
    parser.addPositionalArgument(QStringLiteral("TEXT"), QStringLiteral("The words to look for."));
    parser.addOption({QStringLiteral("db"), QString::fromLatin1(kIndexDbHelp), QStringLiteral("DB")});
    parser.addOption({QStringLiteral("repo"), QStringLiteral("Only the repository indexed at PATH (default: all)."),
                      QStringLiteral("PATH")});
    parser.addOption({QStringLiteral("limit"), QStringLiteral("At most N hits (default 20)."), QStringLiteral("N"),
                      QStringLiteral("20")});
    if (const std::optional<int> status = parseCommandLine(parser, args, out, err))
        return *status;
    bool numeric = false;
    const int limit = parser.value(QStringLiteral("limit")).toInt(&numeric);
    const QString text = parser.positionalArguments().join(QLatin1Char(' ')).trimmed();
    if (text.isEmpty() || !numeric || limit < 1) {
        err << "cairn-cli search: " << (text.isEmpty() ? "needs TEXT to search for" : "--limit needs a number >= 1")
            << "\n\n"
            << parser.helpText();
        return 2;
    }
    std::optional<storage::Database> db
        = openIndexDatabase(parser.value(QStringLiteral("db")), false, QStringLiteral("search"), err);
    if (!db)
        return 1;
    std::optional<std::vector<storage::Repository>> repositories
        = queriedRepositories(*db, parser.value(QStringLiteral("repo")), QStringLiteral("search"), err);
    if (!repositories)
        return 1;

    const bool terminal = isatty(fileno(stdout)) != 0;
    storage::SnippetStyle style;
    style.begin = terminal ? "\x1b[1m" : "\u00ab"; // bold, or « »
    style.end = terminal ? "\x1b[0m" : "\u00bb";
    const storage::CodeSearch search(*db);
    std::vector<std::pair<const storage::Repository*, storage::CodeHit>> hits;
    for (const storage::Repository& repository : *repositories) {
        storage::Result<std::vector<storage::CodeHit>> found
            = search.search(text.toStdString(), limit, repository.id, style);
        if (!found) {
            err << "cairn-cli search: " << QString::fromStdString(found.error().message()) << '\n';
            return 1;
        }
        for (storage::CodeHit& hit : found.value())
            hits.emplace_back(&repository, std::move(hit));
    }
    std::stable_sort(hits.begin(), hits.end(),
                     [](const auto& a, const auto& b) { return a.second.rank < b.second.rank; });
    if (hits.size() > static_cast<std::size_t>(limit))
        hits.resize(static_cast<std::size_t>(limit));
    if (hits.empty()) {
        err << "cairn-cli search: nothing holds '" << text << "'\n";
        return 1;
    }
    const bool qualified = repositories->size() > 1;
    for (const auto& [repository, hit] : hits) {
        QString snippet = QString::fromStdString(hit.snippet).simplified();
        out << displayPath(*repository, hit.path, qualified) << ':' << hit.startLine << '-' << hit.endLine << '\n'
            << "  " << snippet << '\n';
    }
    return 0;
}

} // namespace cairn::app
