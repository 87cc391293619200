// SPDX-License-Identifier: MIT
// RepoMap: ranks a repository's files and symbols by how much the rest of the code refers to them
// (personalised PageRank over the file reference graph) and renders the best definitions as an
// outline that fits a token budget. Reads the index through storage; computes in memory.
#pragma once

#include "ingest/repo/chunker.h"
#include "storage/repo_graph_store.h"
#include "storage/repo_index_store.h"
#include "storage/storage_result.h"

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace cairn::storage {
class Database;
}

namespace cairn::app {

/// What the ranking is computed from: one repository's files, symbols and grouped references.
struct RepoGraph {
    std::vector<storage::CodeFile> files;
    std::vector<storage::CodeSymbol> symbols;
    std::vector<storage::ReferenceEdge> references;
};

storage::Result<RepoGraph> loadRepoGraph(storage::Database& db, std::int64_t repositoryId);

struct RankOptions {
    std::vector<std::string> focusPaths; ///< repository-relative; the walk restarts at these files
    double damping = 0.85;
    int maxIterations = 100;
    double tolerance = 1e-10; ///< stop when the L1 change of the ranks falls below this
};

struct RankedFile {
    std::size_t file = 0; ///< index into RepoGraph::files
    double rank = 0;      ///< the file's PageRank; all files together sum to 1
};

struct RankedSymbol {
    std::size_t symbol = 0;      ///< index into RepoGraph::symbols
    double rank = 0;             ///< file rank * (1 + references)
    std::int64_t references = 0; ///< references that lead to it, from any file
};

struct RepoRanking {
    std::vector<RankedFile> files;                     ///< best first; ties by path
    std::vector<RankedSymbol> symbols;                 ///< best first; ties by path, then line
    std::unordered_map<std::int64_t, double> fileRank; ///< by file id
};

/// Builds the file graph and ranks it. A reference from file A to a name defined in file B adds
/// its count to the edge A -> B when the reference was resolved to a symbol of B, when
/// B is the only file that defines the name as something of a fitting kind (a type use names a
/// type, a call a function or a constructor), or, for an import, when B is the only file whose path
/// matches the imported module ("shape.h", "./thing", "pkg.mod", "a::b"). Self-edges are dropped;
/// an edge weighs the square root of its count, so that a name called everywhere does not drown the rest.
/// Personalised PageRank (Page et al. 1999, section 2.6; Haveliwala 2002): with probability
/// `damping` the walk follows an out-edge in proportion to its weight, otherwise it jumps to a
/// focus file (uniformly to any file when there is no focus); files without out-edges jump too.
/// A symbol's rank is its file's rank times (1 + how often it is referenced), the 1 keeping an
/// unreferenced definition of a central file above one of a peripheral file.
RepoRanking rankRepository(const RepoGraph& graph, const RankOptions& options = {});

struct RepoMapText {
    std::string text;
    std::int64_t tokens = 0;
    std::size_t symbols = 0; ///< definitions shown
    std::size_t files = 0;   ///< files shown
};

/// The outline of the best-ranked symbols: files by rank, each as "path:" followed by the signature
/// lines of its chosen symbols in source order, indented by two spaces per nesting level. Takes as
/// many symbols as fit `tokenBudget` by `count` (empty: ingest::estimateTokens); never more.
RepoMapText renderRepoMap(const RepoGraph& graph, const RepoRanking& ranking, std::int64_t tokenBudget,
                          const ingest::TokenCounter& count = {});

} // namespace cairn::app
