// SPDX-License-Identifier: MIT
// The start-up decision about the profile database: open, or ask and then move aside or quit.

#include "app/services/profile_database.h"

#include "storage/migration.h"

namespace cairn::app {

namespace {

DatabaseProblem problemFrom(const storage::Error& error, const std::filesystem::path& path)
{
    DatabaseProblem problem;
    problem.kind = error.code == storage::ErrorCode::NotADatabase ? DatabaseProblem::Kind::Unusable
        : error.code == storage::ErrorCode::TooNew                ? DatabaseProblem::Kind::TooNew
                                                                  : DatabaseProblem::Kind::Unreadable;
    problem.path = QString::fromStdString(path.string());
    problem.detail = QString::fromStdString(error.detail);
    problem.appSchemaVersion = storage::latestSchemaVersion();
    return problem;
}

} // namespace

OpenedProfile openProfileDatabase(const std::filesystem::path& path, const AskAboutDatabase& ask)
{
    OpenedProfile profile;
    storage::Result<storage::Database> opened = storage::Database::open(path);
    if (opened) {
        profile.database.emplace(std::move(opened).value());
        return profile;
    }
    const DatabaseProblem problem = problemFrom(opened.error(), path);
    const DatabaseChoice choice = ask(problem);
    if (!problem.canMoveAside() || choice == DatabaseChoice::Quit)
        return profile;

    storage::Result<std::filesystem::path> moved = storage::Database::moveAside(path);
    if (!moved) {
        profile.failure = QString::fromStdString(moved.error().message());
        return profile;
    }
    profile.movedAsideTo = QString::fromStdString(moved.value().string());
    storage::Result<storage::Database> fresh = storage::Database::open(path);
    if (!fresh) {
        profile.failure = QString::fromStdString(fresh.error().message());
        return profile;
    }
    profile.database.emplace(std::move(fresh).value());
    return profile;
}

OpenedProfile openProfileDatabase(const AskAboutDatabase& ask)
{
    storage::Result<std::filesystem::path> path = storage::Database::defaultPath();
    if (!path) {
        OpenedProfile profile;
        profile.failure = QString::fromStdString(path.error().message());
        return profile;
    }
    return openProfileDatabase(path.value(), ask);
}

} // namespace cairn::app
