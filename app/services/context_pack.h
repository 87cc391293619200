// SPDX-License-Identifier: MIT
// Context packing: a repository's map followed by the files or chunks most relevant to a question,
// each under a "// path:start-end" header, within a token budget, ready to put before a prompt.
// Reads the index only; the ranking is repo_map.h's.
#pragma once

#include "app/services/repo_map.h"
#include "ingest/repo/chunker.h"
#include "storage/storage_result.h"

#include <cstdint>
#include <string>
#include <vector>

namespace cairn::storage {
class Database;
}

namespace cairn::app {

struct PackOptions {
    std::int64_t tokenBudget = 8192;
    std::string question;                ///< empty: the best-ranked files
    std::vector<std::string> focusPaths; ///< repository-relative, as for the map
    double mapShare = 0.25;              ///< of the budget for the repo map
    int searchLimit = 50;                ///< full-text hits read per query
};

struct PackedBlock {
    std::string path;
    std::int64_t startLine = 1;
    std::int64_t endLine = 1;
    bool wholeFile = false;
};

struct ContextPack {
    std::string text;        ///< the map, a blank line, then the blocks separated by blank lines
    std::int64_t tokens = 0; ///< of `text` by the counter; never above the budget
    RepoMapText map;
    std::vector<PackedBlock> blocks; ///< in the order they appear, most relevant first
};

/// Packs repository `repositoryId`. With a question, chunks score by reciprocal-rank fusion
/// (Cormack et al. 2009, k = 60) of: full-text hits for the whole question (counted twice), hits
/// for each of its words, chunks of symbols named like one of its words (case-insensitive, counted
/// twice), and the map rank of their file. Files are taken by the sum of their chunks' scores:
/// whole when the file fits the remaining budget and is at most a third of the budget after the
/// map, else as its best chunks (up to what is left for the first file, a third for the others). Without a question,
/// files go by map rank. `count` measures every block and the final text (empty: ingest::estimateTokens); the result
/// never exceeds the budget.
storage::Result<ContextPack> packContext(storage::Database& db, std::int64_t repositoryId, const PackOptions& options,
                                         const ingest::TokenCounter& count = {});

} // namespace cairn::app
