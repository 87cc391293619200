// SPDX-License-Identifier: MIT
// Opening the profile database when Cairn starts, with the user's say when it cannot be used: a
// damaged or foreign file may be moved aside for a fresh one, a newer Cairn's file only means quit.
// The decisions live here, the dialog in ui/database_problem_dialog.h.
#pragma once

#include "app/services/database_problem.h"
#include "storage/database.h"

#include <QString>

#include <filesystem>
#include <optional>

namespace cairn::app {

struct OpenedProfile {
    std::optional<storage::Database> database; ///< empty: Cairn should quit
    QString movedAsideTo;                      ///< where the unusable file went, when the user chose to move it
    QString failure; ///< why opening failed after the user's choice (empty when they chose Quit)
};

/// Opens (creating and migrating) the database at `path`. When it is damaged or foreign, `ask`
/// decides between moving it aside (Database::moveAside, then a new database in its place) and
/// quitting; when it is newer or cannot be opened, `ask` is told and Cairn quits whatever it
/// answers. A file is never overwritten or deleted.
OpenedProfile openProfileDatabase(const std::filesystem::path& path, const AskAboutDatabase& ask);

/// The same for the profile's default database (Database::defaultPath()).
OpenedProfile openProfileDatabase(const AskAboutDatabase& ask);

} // namespace cairn::app
