// SPDX-License-Identifier: MIT
// Scoring chunks for a question, choosing whole files or chunks within the budget, assembling text.

#include "app/services/context_pack.h"

#include "storage/code_search.h"
#include "storage/database.h"
#include "storage/repo_index_store.h"

#include <QRegularExpression>
#include <QString>

#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <unordered_set>

namespace cairn::app {

namespace {

constexpr double kFusionK = 60; // reciprocal-rank fusion constant
constexpr std::string_view kStopWords[]
    = {"the",  "and",   "for",  "how",  "what", "does", "where", "with", "this", "that", "from", "are",
       "was",  "which", "when", "who",  "why",  "can",  "into",  "its",  "not",  "all",  "but",  "has",
       "have", "there", "then", "than", "them", "they", "use",   "used", "work", "works"};

/// The question's distinct words of three or more letters, lower-cased, stop words left out.
std::vector<std::string> questionWords(const std::string& question)
{
    static const QRegularExpression separator(QStringLiteral("[^\\p{L}\\p{N}_]+"));
    std::vector<std::string> words;
    for (const QString& part : QString::fromStdString(question).split(separator, Qt::SkipEmptyParts)) {
        const std::string word = part.toLower().toStdString();
        if (part.size() < 3 || std::find(std::begin(kStopWords), std::end(kStopWords), word) != std::end(kStopWords))
            continue;
        if (std::find(words.begin(), words.end(), word) == words.end())
            words.push_back(word);
    }
    return words;
}

std::string lower(std::string_view text)
{
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size())).toLower().toStdString();
}

std::string blockText(const std::string& path, std::int64_t startLine, std::int64_t endLine, std::string_view body)
{
    std::string text = "// " + path + ":" + std::to_string(startLine) + "-" + std::to_string(endLine) + "\n";
    text += body;
    if (!text.ends_with('\n'))
        text += '\n';
    return text;
}

struct Candidate {
    std::size_t file = 0; ///< index into RepoGraph::files
    double score = 0;
    std::unordered_map<std::int64_t, double> chunkScores; ///< by chunk id; empty: any chunk, by symbol rank
};

} // namespace

storage::Result<ContextPack> packContext(storage::Database& db, std::int64_t repositoryId, const PackOptions& options,
                                         const ingest::TokenCounter& count)
{
    const ingest::TokenCounter counter = count ? count : ingest::TokenCounter(ingest::estimateTokens);
    storage::Result<RepoGraph> loaded = loadRepoGraph(db, repositoryId);
    if (!loaded)
        return loaded.error();
    const RepoGraph& graph = loaded.value();
    RankOptions rankOptions;
    rankOptions.focusPaths = options.focusPaths;
    const RepoRanking ranking = rankRepository(graph, rankOptions);

    ContextPack pack;
    const auto mapBudget
        = static_cast<std::int64_t>(std::floor(static_cast<double>(options.tokenBudget) * options.mapShare));
    pack.map = renderRepoMap(graph, ranking, mapBudget, counter);

    storage::RepoIndexStore store(db);
    std::unordered_map<std::int64_t, std::vector<storage::CodeChunk>> chunksByFile;
    auto chunksOf = [&](std::int64_t fileId) -> storage::Result<const std::vector<storage::CodeChunk>*> {
        auto found = chunksByFile.find(fileId);
        if (found == chunksByFile.end()) {
            storage::Result<std::vector<storage::CodeChunk>> chunks = store.fileChunks(fileId);
            if (!chunks)
                return chunks.error();
            found = chunksByFile.emplace(fileId, std::move(chunks).value()).first;
        }
        return &found->second;
    };
    std::unordered_map<std::int64_t, std::size_t> fileById;
    for (std::size_t i = 0; i < graph.files.size(); ++i)
        fileById.emplace(graph.files[i].id, i);
    std::unordered_map<std::int64_t, double> symbolRank;
    for (const RankedSymbol& ranked : ranking.symbols)
        symbolRank.emplace(graph.symbols[ranked.symbol].id, ranked.rank);

    std::vector<Candidate> candidates;
    if (!options.question.empty()) {
        std::unordered_map<std::int64_t, Candidate> byFile; // by file id
        auto addChunk = [&](std::int64_t fileId, std::int64_t chunkId, double score) {
            const auto file = fileById.find(fileId);
            if (file == fileById.end())
                return;
            Candidate& candidate = byFile[fileId];
            candidate.file = file->second;
            candidate.chunkScores[chunkId] += score;
        };
        const storage::CodeSearch search(db);
        auto addHits = [&](const std::string& query, double weight) -> storage::Status {
            storage::Result<std::vector<storage::CodeHit>> hits
                = search.search(query, options.searchLimit, repositoryId);
            if (!hits)
                return hits.error();
            for (std::size_t i = 0; i < hits.value().size(); ++i)
                addChunk(hits.value()[i].fileId, hits.value()[i].chunkId, weight / (kFusionK + static_cast<double>(i)));
            return storage::Ok{};
        };
        if (storage::Status added = addHits(options.question, 2); !added)
            return added.error();
        const std::vector<std::string> words = questionWords(options.question);
        for (const std::string& word : words) {
            if (storage::Status added = addHits(word, 1); !added)
                return added.error();
        }
        std::size_t position = 0; // symbols named like a word, best ranked first
        for (const RankedSymbol& ranked : ranking.symbols) {
            const storage::CodeSymbol& symbol = graph.symbols[ranked.symbol];
            if (std::find(words.begin(), words.end(), lower(symbol.name)) == words.end())
                continue;
            storage::Result<const std::vector<storage::CodeChunk>*> chunks = chunksOf(symbol.fileId);
            if (!chunks)
                return chunks.error();
            const auto chunk = std::find_if(chunks.value()->begin(), chunks.value()->end(), [&](const auto& c) {
                return c.symbolId == symbol.id || (c.startLine <= symbol.startLine && symbol.startLine <= c.endLine);
            });
            if (chunk != chunks.value()->end())
                addChunk(symbol.fileId, chunk->id, 2 / (kFusionK + static_cast<double>(position++)));
        }
        std::size_t filePosition = 0; // the map rank of the files found
        for (const RankedFile& ranked : ranking.files) {
            const auto found = byFile.find(graph.files[ranked.file].id);
            if (found == byFile.end())
                continue;
            for (auto& [chunk, score] : found->second.chunkScores)
                score += 1 / (kFusionK + static_cast<double>(filePosition));
            ++filePosition;
        }
        for (auto& [fileId, candidate] : byFile) {
            for (const auto& [chunk, score] : candidate.chunkScores)
                candidate.score += score;
            candidates.push_back(std::move(candidate));
        }
        std::sort(candidates.begin(), candidates.end(), [&](const Candidate& a, const Candidate& b) {
            return a.score != b.score ? a.score > b.score : graph.files[a.file].path < graph.files[b.file].path;
        });
    } else {
        for (const RankedFile& ranked : ranking.files)
            candidates.push_back({ranked.file, ranked.rank, {}});
    }

    const std::int64_t mapTokens = counter(pack.map.text);
    std::int64_t remaining = options.tokenBudget - mapTokens;
    const std::int64_t perFile = std::max<std::int64_t>(remaining / 3, 0);
    std::vector<std::string> blocks;
    for (const Candidate& candidate : candidates) {
        if (remaining <= 0)
            break;
        // the best file's chunks may fill what is left; the others share it
        const std::int64_t chunkShare = &candidate == &candidates.front() ? remaining : perFile;
        const storage::CodeFile& file = graph.files[candidate.file];
        storage::Result<const std::vector<storage::CodeChunk>*> loadedChunks = chunksOf(file.id);
        if (!loadedChunks)
            return loadedChunks.error();
        const std::vector<storage::CodeChunk>& chunks = *loadedChunks.value();
        if (chunks.empty())
            continue;
        std::string whole;
        for (const storage::CodeChunk& chunk : chunks)
            whole += chunk.text;
        const std::string wholeBlock = blockText(file.path, 1, chunks.back().endLine, whole);
        const std::int64_t wholeCost = counter(wholeBlock + "\n");
        if (wholeCost <= remaining && wholeCost <= perFile) {
            blocks.push_back(wholeBlock);
            pack.blocks.push_back({file.path, 1, chunks.back().endLine, true});
            remaining -= wholeCost;
            continue;
        }
        // Too large whole: its best chunks, as many as fit its share, shown in line order.
        std::vector<const storage::CodeChunk*> order;
        for (const storage::CodeChunk& chunk : chunks) {
            if (candidate.chunkScores.empty() || candidate.chunkScores.contains(chunk.id))
                order.push_back(&chunk);
        }
        auto scoreOf = [&](const storage::CodeChunk* chunk) {
            if (!candidate.chunkScores.empty())
                return candidate.chunkScores.at(chunk->id);
            const auto rank = chunk->symbolId ? symbolRank.find(*chunk->symbolId) : symbolRank.end();
            return rank != symbolRank.end() ? rank->second : 0.0;
        };
        std::stable_sort(order.begin(), order.end(),
                         [&](const auto* a, const auto* b) { return scoreOf(a) > scoreOf(b); });
        std::vector<const storage::CodeChunk*> taken;
        std::int64_t fileCost = 0;
        for (const storage::CodeChunk* chunk : order) {
            const std::int64_t cost
                = counter(blockText(file.path, chunk->startLine, chunk->endLine, chunk->text) + "\n");
            if (cost <= remaining && fileCost + cost <= chunkShare) {
                taken.push_back(chunk);
                remaining -= cost;
                fileCost += cost;
            }
        }
        std::sort(taken.begin(), taken.end(), [](const auto* a, const auto* b) { return a->startLine < b->startLine; });
        for (const storage::CodeChunk* chunk : taken) {
            blocks.push_back(blockText(file.path, chunk->startLine, chunk->endLine, chunk->text));
            pack.blocks.push_back({file.path, chunk->startLine, chunk->endLine, false});
        }
    }

    // Counted piece by piece above; a tokenizer may count the joined text differently, so check it.
    for (;;) {
        pack.text = pack.map.text;
        for (const std::string& block : blocks)
            pack.text += (pack.text.empty() ? "" : "\n") + block;
        pack.tokens = counter(pack.text);
        if (pack.tokens <= options.tokenBudget || blocks.empty())
            break;
        blocks.pop_back();
        pack.blocks.pop_back();
    }
    return pack;
}

} // namespace cairn::app
