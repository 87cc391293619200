// SPDX-License-Identifier: MIT
// Shared opening and lookups of the code-index commands.

#include "app/cli/code_index_access.h"

#include "app/cli/command_line.h"
#include "app/services/repo_index_service.h"

#include <QDir>
#include <QFileInfo>

namespace cairn::app {

std::optional<storage::Database> openIndexDatabase(const QString& dbOption, bool create, const QString& command,
                                                   QTextStream& err)
{
    storage::Result<std::filesystem::path> path = dbOption.isEmpty()
        ? storage::Database::defaultPath()
        : storage::Result<std::filesystem::path>(std::filesystem::path(dbOption.toStdString()));
    if (!path) {
        err << "cairn-cli " << command << ": " << QString::fromStdString(path.error().message()) << '\n';
        return std::nullopt;
    }
    const QString shown = QString::fromStdString(path.value().string());
    if (!create && !QFileInfo::exists(shown)) {
        err << "cairn-cli " << command << ": " << shown
            << ": no database yet; index a folder first: cairn-cli index FOLDER"
            << (dbOption.isEmpty() ? QString() : " --db " + dbOption) << '\n';
        return std::nullopt;
    }
    storage::Result<storage::Database> db = storage::Database::open(path.value(), {.create = create, .migrate = true});
    if (!db) {
        err << "cairn-cli " << command << ": " << QString::fromStdString(db.error().message()) << '\n';
        return std::nullopt;
    }
    return std::move(db).value();
}

std::optional<storage::Repository> indexedRepository(storage::Database& db, const QString& folder,
                                                     const QString& command, QTextStream& err)
{
    const QFileInfo info(folder);
    if (!info.exists()) {
        err << "cairn-cli " << command << ": " << folder << ": no such folder\n";
        return std::nullopt;
    }
    if (!info.isDir()) {
        err << "cairn-cli " << command << ": " << folder << ": not a folder\n";
        return std::nullopt;
    }
    const QString root = canonicalRepositoryRoot(folder);
    storage::Result<std::optional<storage::Repository>> found
        = storage::RepoIndexStore(db).findRepository(root.toStdString());
    if (!found) {
        err << "cairn-cli " << command << ": " << QString::fromStdString(found.error().message()) << '\n';
        return std::nullopt;
    }
    if (!found.value() || !found.value()->indexedMs) {
        err << "cairn-cli " << command << ": " << root
            << (found.value() ? ": its index was never finished" : ": not indexed in this database")
            << "; index it first: cairn-cli index " << folder << '\n';
        return std::nullopt;
    }
    return *found.value();
}

std::optional<std::vector<storage::Repository>> queriedRepositories(storage::Database& db, const QString& repoOption,
                                                                    const QString& command, QTextStream& err)
{
    if (!repoOption.isEmpty()) {
        std::optional<storage::Repository> repository = indexedRepository(db, repoOption, command, err);
        if (!repository)
            return std::nullopt;
        return std::vector<storage::Repository>{*repository};
    }
    storage::Result<std::vector<storage::Repository>> all = storage::RepoIndexStore(db).listRepositories();
    if (!all) {
        err << "cairn-cli " << command << ": " << QString::fromStdString(all.error().message()) << '\n';
        return std::nullopt;
    }
    if (all.value().empty()) {
        err << "cairn-cli " << command << ": " << QString::fromStdString(db.path().string())
            << ": no repository is indexed; index one first: cairn-cli index FOLDER\n";
        return std::nullopt;
    }
    return std::move(all).value();
}

std::optional<std::vector<std::string>> focusPaths(storage::Database& db, const storage::Repository& repository,
                                                   const QStringList& focus, const QString& command, QTextStream& err)
{
    const QDir root(QString::fromStdString(repository.rootPath));
    std::vector<std::string> paths;
    for (const QString& given : focus) {
        QString relative = given;
        if (QFileInfo::exists(given))
            relative = root.relativeFilePath(QFileInfo(given).canonicalFilePath());
        storage::Result<std::optional<storage::CodeFile>> file
            = storage::RepoIndexStore(db).file(repository.id, relative.toStdString());
        if (!file) {
            err << "cairn-cli " << command << ": " << QString::fromStdString(file.error().message()) << '\n';
            return std::nullopt;
        }
        if (!file.value()) {
            err << "cairn-cli " << command << ": --focus " << given << ": not an indexed file of " << root.path()
                << '\n';
            return std::nullopt;
        }
        paths.push_back(relative.toStdString());
    }
    return paths;
}

std::optional<ingest::TokenCounter> tokenCounter(const QString& modelPath, std::shared_ptr<Model>& model,
                                                 const QString& command, QTextStream& err)
{
    if (modelPath.isEmpty())
        return ingest::TokenCounter(ingest::estimateTokens);
    ModelParams params;
    params.path = modelPath.toStdString();
    params.threads = 1;
    model = loadModel(params, true, command, err);
    if (!model)
        return std::nullopt;
    const Tokenizer* tokenizer = model->tokenizer();
    return ingest::TokenCounter(
        [tokenizer](std::string_view text) { return static_cast<int>(tokenizer->encode(text, false, false).size()); });
}

QString displayPath(const storage::Repository& repository, const std::string& path, bool qualified)
{
    const QString relative = QString::fromStdString(path);
    return qualified ? QString::fromStdString(repository.rootPath) + '/' + relative : relative;
}

} // namespace cairn::app
