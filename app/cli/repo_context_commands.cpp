// SPDX-License-Identifier: MIT
// repomap and pack: shared options (PATH, --tokens, --focus, --db, --model), then repo_map.h and
// context_pack.h do the work. The text goes to stdout, the token count to stderr.

#include "app/cli/repo_context_commands.h"

#include "app/cli/code_index_access.h"
#include "app/cli/command_line.h"
#include "app/services/context_pack.h"
#include "app/services/repo_map.h"

#include <QCommandLineParser>

namespace cairn::app {

namespace {

struct ContextRequest {
    std::optional<storage::Database> db;
    storage::Repository repository;
    std::int64_t tokens = 0;
    std::vector<std::string> focus;
    ingest::TokenCounter count;
    std::shared_ptr<Model> model; ///< keeps --model's tokenizer alive
};

void addContextOptions(QCommandLineParser& parser)
{
    parser.addPositionalArgument(QStringLiteral("PATH"), QStringLiteral("An indexed folder (cairn-cli index PATH)."));
    parser.addOption({QStringLiteral("tokens"), QStringLiteral("The token budget (required)."), QStringLiteral("N")});
    parser.addOption({QStringLiteral("focus"),
                      QStringLiteral("A file to rank around (repeatable): the files it uses rise."),
                      QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("db"), QString::fromLatin1(kIndexDbHelp), QStringLiteral("DB")});
    parser.addOption({{QStringLiteral("m"), QStringLiteral("model")},
                      QStringLiteral("Count tokens with this GGUF model's tokenizer (default: bytes / 4)."),
                      QStringLiteral("FILE")});
}

std::optional<ContextRequest> openContext(QCommandLineParser& parser, const QStringList& args, const QString& command,
                                          QTextStream& out, QTextStream& err, int& status)
{
    if (const std::optional<int> parsed = parseCommandLine(parser, args, out, err)) {
        status = *parsed;
        return std::nullopt;
    }
    bool numeric = false;
    ContextRequest request;
    request.tokens = parser.value(QStringLiteral("tokens")).toLongLong(&numeric);
    QString problem;
    if (parser.positionalArguments().size() != 1)
        problem = QStringLiteral("needs one indexed folder");
    else if (!parser.isSet(QStringLiteral("tokens")) || !numeric || request.tokens < 1)
        problem = QStringLiteral("needs --tokens N, a number >= 1");
    if (!problem.isEmpty()) {
        err << "cairn-cli " << command << ": " << problem << "\n\n" << parser.helpText();
        status = 2;
        return std::nullopt;
    }
    status = 1;
    request.db = openIndexDatabase(parser.value(QStringLiteral("db")), false, command, err);
    if (!request.db)
        return std::nullopt;
    std::optional<storage::Repository> repository
        = indexedRepository(*request.db, parser.positionalArguments().first(), command, err);
    if (!repository)
        return std::nullopt;
    request.repository = std::move(*repository);
    std::optional<std::vector<std::string>> focus
        = focusPaths(*request.db, request.repository, parser.values(QStringLiteral("focus")), command, err);
    if (!focus)
        return std::nullopt;
    request.focus = std::move(*focus);
    std::optional<ingest::TokenCounter> count
        = tokenCounter(parser.value(QStringLiteral("model")), request.model, command, err);
    if (!count)
        return std::nullopt;
    request.count = std::move(*count);
    return request;
}

QString countName(const QCommandLineParser& parser)
{
    return parser.isSet(QStringLiteral("model")) ? QStringLiteral("tokens (model tokenizer)")
                                                 : QStringLiteral("tokens (bytes/4 estimate)");
}

} // namespace

int runRepoMapCommand(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Print the repository map: files ranked by how much the rest of the code refers to them (PageRank over\n"
        "the reference graph, personalised toward --focus files), each with the signatures of its best-ranked\n"
        "definitions, as many as fit --tokens."));
    addContextOptions(parser);
    int status = 0;
    std::optional<ContextRequest> request = openContext(parser, args, QStringLiteral("repomap"), out, err, status);
    if (!request)
        return status;
    storage::Result<RepoGraph> graph = loadRepoGraph(*request->db, request->repository.id);
    if (!graph) {
        err << "cairn-cli repomap: " << QString::fromStdString(graph.error().message()) << '\n';
        return 1;
    }
    RankOptions options;
    options.focusPaths = request->focus;
    const RepoRanking ranking = rankRepository(graph.value(), options);
    const RepoMapText map = renderRepoMap(graph.value(), ranking, request->tokens, request->count);
    out << QString::fromStdString(map.text);
    err << "repomap: " << map.files << " files, " << map.symbols << " of " << graph.value().symbols.size()
        << " definitions, " << map.tokens << " of " << request->tokens << ' ' << countName(parser) << '\n';
    return 0;
}

int runPackCommand(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Pack an indexed repository into --tokens: the repository map (a quarter of the budget), then the\n"
        "whole files or chunks most relevant to --question (full-text hits, symbols named like its words and\n"
        "the map rank), each under a '// path:start-end' header. Without a question: the best-ranked files."));
    addContextOptions(parser);
    parser.addOption({{QStringLiteral("q"), QStringLiteral("question")},
                      QStringLiteral("What the context is for."),
                      QStringLiteral("TEXT")});
    int status = 0;
    std::optional<ContextRequest> request = openContext(parser, args, QStringLiteral("pack"), out, err, status);
    if (!request)
        return status;
    PackOptions options;
    options.tokenBudget = request->tokens;
    options.question = parser.value(QStringLiteral("question")).toStdString();
    options.focusPaths = request->focus;
    storage::Result<ContextPack> pack = packContext(*request->db, request->repository.id, options, request->count);
    if (!pack) {
        err << "cairn-cli pack: " << QString::fromStdString(pack.error().message()) << '\n';
        return 1;
    }
    out << QString::fromStdString(pack.value().text);
    std::size_t whole = 0;
    for (const PackedBlock& block : pack.value().blocks)
        whole += block.wholeFile ? 1 : 0;
    err << "pack: map " << pack.value().map.tokens << " tokens, " << whole << " whole files and "
        << pack.value().blocks.size() - whole << " chunks; " << pack.value().tokens << " of " << request->tokens << ' '
        << countName(parser) << '\n';
    return 0;
}

} // namespace cairn::app
