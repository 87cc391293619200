// SPDX-License-Identifier: MIT
// The file graph, its personalised PageRank, symbol ranks and the outline fitted to a budget.

#include "app/services/repo_map.h"

#include "storage/database.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_set>

namespace cairn::app {

namespace {

constexpr std::string_view kSourceExtensions[] = {"h",  "hh",  "hpp", "hxx", "c",  "cc",  "cpp", "cxx", "py",
                                                  "js", "mjs", "cjs", "jsx", "ts", "tsx", "rs",  "go",  "java"};

std::string_view stripExtension(std::string_view path)
{
    const std::size_t slash = path.rfind('/');
    const std::size_t dot = path.rfind('.');
    if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash) || dot == 0)
        return path;
    return path.substr(0, dot);
}

bool hasSourceExtension(std::string_view name)
{
    const std::size_t dot = name.rfind('.');
    if (dot == std::string_view::npos)
        return false;
    const std::string_view extension = name.substr(dot + 1);
    return std::find(std::begin(kSourceExtensions), std::end(kSourceExtensions), extension)
        != std::end(kSourceExtensions);
}

/// Every path suffix of every file (by whole components), with and without the extension, and a
/// package folder for __init__.py / index.js files, mapped to the files that end that way.
class ImportTargets {
public:
    explicit ImportTargets(const std::vector<storage::CodeFile>& files)
    {
        for (std::size_t i = 0; i < files.size(); ++i) {
            const std::string_view path = files[i].path;
            const std::string_view stem = stripExtension(path);
            addSuffixes(path, i);
            if (stem != path)
                addSuffixes(stem, i);
            const std::size_t slash = stem.rfind('/');
            const std::string_view base = slash == std::string_view::npos ? stem : stem.substr(slash + 1);
            if ((base == "__init__" || base == "index" || base == "mod") && slash != std::string_view::npos)
                addSuffixes(stem.substr(0, slash), i);
        }
    }

    /// The one file an import names, or nothing when none or several match.
    [[nodiscard]] std::optional<std::size_t> resolve(std::string_view imported) const
    {
        std::string key; // quotes and brackets dropped, "::" as "/"
        key.reserve(imported.size());
        for (std::size_t i = 0; i < imported.size(); ++i) {
            const char c = imported[i];
            if (c == '"' || c == '\'' || c == '<' || c == '>')
                continue;
            if (c == ':' && i + 1 < imported.size() && imported[i + 1] == ':') {
                key += '/';
                ++i;
                continue;
            }
            key += c;
        }
        if (key.find('/') == std::string::npos && !hasSourceExtension(key))
            std::replace(key.begin(), key.end(), '.', '/');
        for (const std::string_view prefix : {"./", "../", "crate/", "self/", "super/", "@/"}) {
            while (key.starts_with(prefix))
                key.erase(0, prefix.size());
        }
        for (int attempt = 0; attempt < 2 && !key.empty(); ++attempt) {
            const auto found = m_bySuffix.find(key);
            if (found != m_bySuffix.end())
                return found->second.size() == 1 ? std::optional(found->second.front()) : std::nullopt;
            const std::size_t slash = key.rfind('/'); // "from pkg.mod import name": try the module
            if (slash == std::string::npos)
                break;
            key.resize(slash);
        }
        return std::nullopt;
    }

private:
    void addSuffixes(std::string_view path, std::size_t file)
    {
        for (std::size_t start = 0;;) {
            std::vector<std::size_t>& files = m_bySuffix[std::string(path.substr(start))];
            if (files.empty() || files.back() != file)
                files.push_back(file);
            const std::size_t slash = path.find('/', start);
            if (slash == std::string_view::npos)
                return;
            start = slash + 1;
        }
    }

    std::unordered_map<std::string, std::vector<std::size_t>> m_bySuffix;
};

/// Whether a reference of `referenceKind` can mean a definition of `symbolKind`: a type use names a
/// type, a call a function or a constructor; imports and unknown kinds may name anything.
bool kindsFit(std::string_view referenceKind, std::string_view symbolKind)
{
    static constexpr std::string_view kTypes[] = {"class", "struct", "enum", "interface", "type", "impl", "module"};
    static constexpr std::string_view kCallables[] = {"function", "method", "macro", "class", "struct"};
    auto in = [&](const auto& kinds) {
        return std::find(std::begin(kinds), std::end(kinds), symbolKind) != std::end(kinds);
    };
    if (referenceKind == "type")
        return in(kTypes);
    if (referenceKind == "call")
        return in(kCallables);
    return true;
}

std::vector<double> pageRank(const std::vector<std::map<std::size_t, double>>& edges,
                             const std::vector<double>& teleport, const RankOptions& options)
{
    const std::size_t n = edges.size();
    std::vector<double> outWeight(n, 0);
    for (std::size_t i = 0; i < n; ++i) {
        for (const auto& [target, weight] : edges[i])
            outWeight[i] += weight;
    }
    std::vector<double> rank = teleport;
    std::vector<double> next(n);
    for (int iteration = 0; iteration < options.maxIterations; ++iteration) {
        double dangling = 0;
        std::fill(next.begin(), next.end(), 0.0);
        for (std::size_t i = 0; i < n; ++i) {
            if (outWeight[i] == 0) {
                dangling += rank[i];
                continue;
            }
            for (const auto& [target, weight] : edges[i])
                next[target] += options.damping * rank[i] * weight / outWeight[i];
        }
        double change = 0;
        for (std::size_t i = 0; i < n; ++i) {
            next[i] += (1 - options.damping + options.damping * dangling) * teleport[i];
            change += std::abs(next[i] - rank[i]);
        }
        rank.swap(next);
        if (change < options.tolerance)
            break;
    }
    return rank;
}

/// The signature as outline lines: trailing blanks gone, "kind name" when there is none.
std::vector<std::string> signatureLines(const storage::CodeSymbol& symbol)
{
    std::vector<std::string> lines;
    std::string_view rest = symbol.signature;
    while (!rest.empty()) {
        const std::size_t end = rest.find('\n');
        std::string line(rest.substr(0, end));
        while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r'))
            line.pop_back();
        if (!line.empty())
            lines.push_back(std::move(line));
        rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    }
    if (lines.empty())
        lines.push_back(symbol.kind + " " + symbol.name);
    return lines;
}

} // namespace

storage::Result<RepoGraph> loadRepoGraph(storage::Database& db, std::int64_t repositoryId)
{
    RepoGraph graph;
    storage::Result<std::vector<storage::CodeFile>> files = storage::RepoIndexStore(db).files(repositoryId);
    if (!files)
        return files.error();
    graph.files = std::move(files).value();
    storage::RepoGraphStore store(db);
    storage::Result<std::vector<storage::CodeSymbol>> symbols = store.symbols(repositoryId);
    if (!symbols)
        return symbols.error();
    graph.symbols = std::move(symbols).value();
    storage::Result<std::vector<storage::ReferenceEdge>> references = store.referenceEdges(repositoryId);
    if (!references)
        return references.error();
    graph.references = std::move(references).value();
    return graph;
}

RepoRanking rankRepository(const RepoGraph& graph, const RankOptions& options)
{
    const std::size_t fileCount = graph.files.size();
    std::unordered_map<std::int64_t, std::size_t> fileById;
    for (std::size_t i = 0; i < fileCount; ++i)
        fileById.emplace(graph.files[i].id, i);
    std::unordered_map<std::int64_t, std::size_t> symbolById;
    std::unordered_map<std::string_view, std::vector<std::size_t>> definitions; // name -> symbols
    for (std::size_t i = 0; i < graph.symbols.size(); ++i) {
        symbolById.emplace(graph.symbols[i].id, i);
        definitions[graph.symbols[i].name].push_back(i);
    }
    const ImportTargets imports(graph.files);

    std::vector<std::map<std::size_t, double>> edges(fileCount);
    std::vector<std::int64_t> referenced(graph.symbols.size(), 0);
    for (const storage::ReferenceEdge& reference : graph.references) {
        const auto from = fileById.find(reference.fromFileId);
        if (from == fileById.end())
            continue;
        std::optional<std::size_t> target;
        if (reference.toSymbolId) {
            const auto symbol = symbolById.find(*reference.toSymbolId);
            if (symbol != symbolById.end()) {
                referenced[symbol->second] += reference.count;
                target = fileById.at(graph.symbols[symbol->second].fileId);
            }
        } else if (const auto named = definitions.find(reference.toName); named != definitions.end()) {
            // one defining file (overloads in one file count as one): link to it and its definitions
            std::vector<std::size_t> fitting;
            for (const std::size_t symbol : named->second) {
                if (kindsFit(reference.kind, graph.symbols[symbol].kind))
                    fitting.push_back(symbol);
            }
            const bool oneFile = !fitting.empty() && std::all_of(fitting.begin(), fitting.end(), [&](std::size_t s) {
                return graph.symbols[s].fileId == graph.symbols[fitting.front()].fileId;
            });
            if (oneFile) {
                for (const std::size_t symbol : fitting)
                    referenced[symbol] += reference.count;
                target = fileById.at(graph.symbols[fitting.front()].fileId);
            }
        }
        if (!target && reference.kind == "import")
            target = imports.resolve(reference.toName);
        if (target && *target != from->second)
            edges[from->second][*target] += static_cast<double>(reference.count);
    }

    for (auto& targets : edges) { // damp names used all over (data(), size()) as aider's repo map does
        for (auto& [target, weight] : targets)
            weight = std::sqrt(weight);
    }

    std::vector<double> teleport(fileCount, 0);
    std::size_t focused = 0;
    for (const std::string& path : options.focusPaths) {
        const auto file = std::find_if(graph.files.begin(), graph.files.end(),
                                       [&](const storage::CodeFile& f) { return f.path == path; });
        if (file != graph.files.end() && teleport[static_cast<std::size_t>(file - graph.files.begin())] == 0) {
            teleport[static_cast<std::size_t>(file - graph.files.begin())] = 1;
            ++focused;
        }
    }
    for (double& weight : teleport)
        weight = focused > 0 ? weight / static_cast<double>(focused) : 1.0 / static_cast<double>(fileCount);
    const std::vector<double> rank = fileCount > 0 ? pageRank(edges, teleport, options) : std::vector<double>{};

    RepoRanking ranking;
    for (std::size_t i = 0; i < fileCount; ++i) {
        ranking.files.push_back({i, rank[i]});
        ranking.fileRank.emplace(graph.files[i].id, rank[i]);
    }
    std::sort(ranking.files.begin(), ranking.files.end(), [&](const RankedFile& a, const RankedFile& b) {
        return a.rank != b.rank ? a.rank > b.rank : graph.files[a.file].path < graph.files[b.file].path;
    });
    for (std::size_t i = 0; i < graph.symbols.size(); ++i) {
        const auto file = fileById.find(graph.symbols[i].fileId);
        const double fileRank = file != fileById.end() ? rank[file->second] : 0;
        ranking.symbols.push_back({i, fileRank * static_cast<double>(1 + referenced[i]), referenced[i]});
    }
    std::sort(ranking.symbols.begin(), ranking.symbols.end(), [&](const RankedSymbol& a, const RankedSymbol& b) {
        if (a.rank != b.rank)
            return a.rank > b.rank;
        const storage::CodeSymbol& x = graph.symbols[a.symbol];
        const storage::CodeSymbol& y = graph.symbols[b.symbol];
        return x.path != y.path ? x.path < y.path : x.startByte < y.startByte;
    });
    return ranking;
}

namespace {

/// The outline of the first `take` ranked symbols.
std::string renderOutline(const RepoGraph& graph, const RepoRanking& ranking,
                          const std::unordered_map<std::int64_t, std::size_t>& symbolById, std::size_t take,
                          std::size_t* filesShown)
{
    std::unordered_map<std::int64_t, std::vector<std::size_t>> byFile; // file id -> symbols
    for (std::size_t i = 0; i < take; ++i) {
        const std::size_t symbol = ranking.symbols[i].symbol;
        byFile[graph.symbols[symbol].fileId].push_back(symbol);
    }
    std::string text;
    std::size_t files = 0;
    for (const RankedFile& ranked : ranking.files) {
        const auto chosen = byFile.find(graph.files[ranked.file].id);
        if (chosen == byFile.end())
            continue;
        ++files;
        std::vector<std::size_t>& symbols = chosen->second;
        std::sort(symbols.begin(), symbols.end(), [&](std::size_t a, std::size_t b) {
            return graph.symbols[a].startByte != graph.symbols[b].startByte
                ? graph.symbols[a].startByte < graph.symbols[b].startByte
                : a < b;
        });
        text += graph.files[ranked.file].path + ":\n";
        for (const std::size_t symbol : symbols) {
            std::size_t depth = 1;
            for (std::optional<std::int64_t> parent = graph.symbols[symbol].parentId; parent && depth < 16; ++depth) {
                const auto found = symbolById.find(*parent);
                parent = found != symbolById.end() ? graph.symbols[found->second].parentId : std::nullopt;
            }
            for (const std::string& line : signatureLines(graph.symbols[symbol]))
                text += std::string(2 * depth, ' ') + line + '\n';
        }
    }
    if (filesShown != nullptr)
        *filesShown = files;
    return text;
}

} // namespace

RepoMapText renderRepoMap(const RepoGraph& graph, const RepoRanking& ranking, std::int64_t tokenBudget,
                          const ingest::TokenCounter& count)
{
    const ingest::TokenCounter counter = count ? count : ingest::TokenCounter(ingest::estimateTokens);
    std::unordered_map<std::int64_t, std::size_t> symbolById;
    for (std::size_t i = 0; i < graph.symbols.size(); ++i)
        symbolById.emplace(graph.symbols[i].id, i);
    auto tokensFor = [&](std::size_t take) {
        return static_cast<std::int64_t>(counter(renderOutline(graph, ranking, symbolById, take, nullptr)));
    };
    // Every symbol adds at least a line of a few bytes, so more than 4 per token never fit.
    std::size_t low = 0;
    std::size_t high = std::min<std::size_t>(ranking.symbols.size(),
                                             static_cast<std::size_t>(std::max<std::int64_t>(tokenBudget, 0)) * 4 + 16);
    while (low < high) { // the largest count that fits, assuming more symbols never take fewer tokens
        const std::size_t middle = low + (high - low + 1) / 2;
        if (tokensFor(middle) <= tokenBudget)
            low = middle;
        else
            high = middle - 1;
    }
    RepoMapText map;
    for (std::size_t take = low;; --take) { // a tokenizer need not be monotone: make sure
        map.text = renderOutline(graph, ranking, symbolById, take, &map.files);
        map.tokens = counter(map.text);
        map.symbols = take;
        if (map.tokens <= tokenBudget || take == 0)
            break;
    }
    if (map.tokens > tokenBudget) { // a budget below the empty text's count
        map = RepoMapText{};
        map.tokens = counter(map.text);
    }
    return map;
}

} // namespace cairn::app
