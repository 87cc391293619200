// SPDX-License-Identifier: MIT
// What the code-index commands (index, find, refs, search, repomap, pack) share: the database from
// --db, the repository a PATH names, focus files, and the token counter. Each prints its failure as
// "cairn-cli <command>: <problem>" with what to do next, and returns nothing.
#pragma once

#include "engine/api/model.h"
#include "ingest/repo/chunker.h"
#include "storage/database.h"
#include "storage/repo_index_store.h"

#include <QString>
#include <QStringList>
#include <QTextStream>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace cairn::app {

/// Usage line of --db, shared by the commands' help texts.
inline constexpr const char* kIndexDbHelp
    = "The database file (default: the profile's, $XDG_DATA_HOME/cairn/cairn.db).";

/// Opens the database named by --db (or the profile's). With `create` a missing file is made;
/// without, a missing file is an error that says to index a folder first.
std::optional<storage::Database> openIndexDatabase(const QString& dbOption, bool create, const QString& command,
                                                   QTextStream& err);

/// The repository indexed at `folder` (any spelling of its path). Prints how to index it when it
/// is not, or when its first index never finished.
std::optional<storage::Repository> indexedRepository(storage::Database& db, const QString& folder,
                                                     const QString& command, QTextStream& err);

/// The repositories a query covers: the one --repo names, or every indexed one. None is an error.
std::optional<std::vector<storage::Repository>> queriedRepositories(storage::Database& db, const QString& repoOption,
                                                                    const QString& command, QTextStream& err);

/// --focus values as repository-relative paths: a path that exists here is taken relative to the
/// current folder, anything else relative to the repository root. Each must be an indexed file.
std::optional<std::vector<std::string>> focusPaths(storage::Database& db, const storage::Repository& repository,
                                                   const QStringList& focus, const QString& command, QTextStream& err);

/// The counter for token budgets: the tokenizer of --model's GGUF (kept alive in `model`), or
/// ingest::estimateTokens (bytes / 4) when `modelPath` is empty.
std::optional<ingest::TokenCounter> tokenCounter(const QString& modelPath, std::shared_ptr<Model>& model,
                                                 const QString& command, QTextStream& err);

/// A repository path for output: relative when one repository is queried, else under its root.
QString displayPath(const storage::Repository& repository, const std::string& path, bool qualified);

} // namespace cairn::app
