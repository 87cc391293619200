// SPDX-License-Identifier: MIT
// find and refs: option parsing, lookups through RepoIndexStore and RepoGraphStore, one line per
// definition or reference as "path:line  kind  text".

#include "app/cli/symbol_commands.h"

#include "app/cli/code_index_access.h"
#include "app/cli/command_line.h"
#include "app/services/fuzzy_match.h"
#include "storage/repo_graph_store.h"

#include <QCommandLineParser>

#include <unordered_map>

namespace cairn::app {

namespace {

constexpr int kDefinitionsPerName = 1000;

void addQueryOptions(QCommandLineParser& parser)
{
    parser.addPositionalArgument(QStringLiteral("NAME"), QStringLiteral("The symbol name."));
    parser.addOption({QStringLiteral("db"), QString::fromLatin1(kIndexDbHelp), QStringLiteral("DB")});
    parser.addOption({QStringLiteral("repo"), QStringLiteral("Only the repository indexed at PATH (default: all)."),
                      QStringLiteral("PATH")});
}

QString firstLine(const std::string& text)
{
    const QString all = QString::fromStdString(text);
    return all.section(QLatin1Char('\n'), 0, 0).trimmed();
}

void printDefinition(const storage::Repository& repository, const storage::CodeSymbol& symbol, bool qualified,
                     QTextStream& out)
{
    out << displayPath(repository, symbol.path, qualified) << ':' << symbol.startLine << "  "
        << QString::fromStdString(symbol.kind) << "  "
        << (symbol.signature.empty() ? QString::fromStdString(symbol.name) : firstLine(symbol.signature)) << '\n';
}

struct Query {
    QString name;
    std::optional<storage::Database> db;
    std::vector<storage::Repository> repositories;
};

/// Parses and opens; returns the name and the repositories, or sets the exit status in `status`.
std::optional<Query> openQuery(QCommandLineParser& parser, const QStringList& args, const QString& command,
                               QTextStream& out, QTextStream& err, int& status)
{
    if (const std::optional<int> parsed = parseCommandLine(parser, args, out, err)) {
        status = *parsed;
        return std::nullopt;
    }
    status = 1;
    if (parser.positionalArguments().size() != 1 || parser.positionalArguments().first().isEmpty()) {
        err << "cairn-cli " << command << ": needs one NAME\n\n" << parser.helpText();
        status = 2;
        return std::nullopt;
    }
    Query query;
    query.name = parser.positionalArguments().first();
    query.db = openIndexDatabase(parser.value(QStringLiteral("db")), false, command, err);
    if (!query.db)
        return std::nullopt;
    std::optional<std::vector<storage::Repository>> repositories
        = queriedRepositories(*query.db, parser.value(QStringLiteral("repo")), command, err);
    if (!repositories)
        return std::nullopt;
    query.repositories = std::move(*repositories);
    return query;
}

} // namespace

int runFindCommand(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Find symbol definitions whose name starts with NAME (case-sensitive).\n"
                       "--fuzzy ranks every name instead: names holding NAME's letters in order (any case), fewest\n"
                       "letters skipped first, then names within an edit distance of max(1, length/3)."));
    addQueryOptions(parser);
    parser.addOption({QStringLiteral("fuzzy"), QStringLiteral("Fuzzy match (see above).")});
    parser.addOption({QStringLiteral("limit"), QStringLiteral("At most N definitions (default 50)."),
                      QStringLiteral("N"), QStringLiteral("50")});
    int status = 0;
    std::optional<Query> query = openQuery(parser, args, QStringLiteral("find"), out, err, status);
    if (!query)
        return status;
    bool numeric = false;
    const int limit = parser.value(QStringLiteral("limit")).toInt(&numeric);
    if (!numeric || limit < 1) {
        err << "cairn-cli find: --limit needs a number >= 1\n";
        return 2;
    }
    const bool qualified = query->repositories.size() > 1;
    const storage::RepoIndexStore store(*query->db);
    const storage::RepoGraphStore graph(*query->db);
    const std::string name = query->name.toStdString();
    int shown = 0;
    for (const storage::Repository& repository : query->repositories) {
        std::vector<storage::CodeSymbol> symbols;
        if (parser.isSet(QStringLiteral("fuzzy"))) {
            storage::Result<std::vector<std::string>> names = graph.symbolNames(repository.id);
            if (!names) {
                err << "cairn-cli find: " << QString::fromStdString(names.error().message()) << '\n';
                return 1;
            }
            for (const FuzzyMatch& match : rankFuzzy(name, names.value(), limit)) {
                storage::Result<std::vector<storage::CodeSymbol>> named
                    = store.symbolsNamed(match.name, storage::NameMatch::Exact, repository.id, kDefinitionsPerName);
                if (!named) {
                    err << "cairn-cli find: " << QString::fromStdString(named.error().message()) << '\n';
                    return 1;
                }
                symbols.insert(symbols.end(), named.value().begin(), named.value().end());
            }
        } else {
            storage::Result<std::vector<storage::CodeSymbol>> named
                = store.symbolsNamed(name, storage::NameMatch::Prefix, repository.id, limit);
            if (!named) {
                err << "cairn-cli find: " << QString::fromStdString(named.error().message()) << '\n';
                return 1;
            }
            symbols = std::move(named).value();
        }
        for (const storage::CodeSymbol& symbol : symbols) {
            if (shown == limit)
                break;
            printDefinition(repository, symbol, qualified, out);
            ++shown;
        }
    }
    if (shown == 0) {
        err << "cairn-cli find: no symbol " << (parser.isSet(QStringLiteral("fuzzy")) ? "like '" : "starting with '")
            << query->name << "'\n";
        return 1;
    }
    return 0;
}

int runRefsCommand(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Show where NAME is defined and every reference to it (calls, type uses, imports)."));
    addQueryOptions(parser);
    int status = 0;
    std::optional<Query> query = openQuery(parser, args, QStringLiteral("refs"), out, err, status);
    if (!query)
        return status;
    const bool qualified = query->repositories.size() > 1;
    const storage::RepoIndexStore store(*query->db);
    const std::string name = query->name.toStdString();
    std::size_t definitions = 0;
    std::size_t references = 0;
    for (const storage::Repository& repository : query->repositories) {
        storage::Result<std::vector<storage::CodeSymbol>> defined
            = store.symbolsNamed(name, storage::NameMatch::Exact, repository.id, kDefinitionsPerName);
        storage::Result<std::vector<storage::CodeReference>> used = store.referencesTo(repository.id, name);
        storage::Result<std::vector<storage::CodeFile>> files = store.files(repository.id);
        if (!defined || !used || !files) {
            const storage::Error& error = !defined ? defined.error() : !used ? used.error() : files.error();
            err << "cairn-cli refs: " << QString::fromStdString(error.message()) << '\n';
            return 1;
        }
        if (defined.value().empty() && used.value().empty())
            continue;
        if (qualified)
            out << QString::fromStdString(repository.rootPath) << ":\n";
        out << "defined:" << (defined.value().empty() ? " nowhere in the index" : "") << '\n';
        for (const storage::CodeSymbol& symbol : defined.value()) {
            out << "  ";
            printDefinition(repository, symbol, qualified, out);
        }
        std::unordered_map<std::int64_t, const storage::CodeFile*> fileById;
        for (const storage::CodeFile& file : files.value())
            fileById.emplace(file.id, &file);
        std::unordered_map<std::int64_t, std::vector<storage::CodeSymbol>> symbolsOf; // enclosing names
        out << "referenced:" << (used.value().empty() ? " nowhere" : "") << '\n';
        for (const storage::CodeReference& reference : used.value()) {
            const storage::CodeFile& file = *fileById.at(reference.fileId);
            out << "  " << displayPath(repository, file.path, qualified) << ':' << reference.line << "  "
                << QString::fromStdString(reference.kind);
            if (reference.fromSymbolId) {
                auto known = symbolsOf.find(reference.fileId);
                if (known == symbolsOf.end()) {
                    storage::Result<std::vector<storage::CodeSymbol>> symbols = store.fileSymbols(reference.fileId);
                    if (!symbols) {
                        err << "cairn-cli refs: " << QString::fromStdString(symbols.error().message()) << '\n';
                        return 1;
                    }
                    known = symbolsOf.emplace(reference.fileId, std::move(symbols).value()).first;
                }
                for (const storage::CodeSymbol& symbol : known->second) {
                    if (symbol.id == *reference.fromSymbolId)
                        out << "  in " << QString::fromStdString(symbol.name);
                }
            }
            out << '\n';
        }
        definitions += defined.value().size();
        references += used.value().size();
    }
    if (definitions == 0 && references == 0) {
        err << "cairn-cli refs: nothing is named '" << query->name << "' in the index\n";
        return 1;
    }
    out << definitions << " definitions, " << references << " references\n";
    return 0;
}

} // namespace cairn::app
