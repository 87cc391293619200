// SPDX-License-Identifier: MIT
// DatabaseProblem: why the profile database cannot be opened, as the user is asked about it, and
// the answers they can give. Plain values, so that ui/ can show them without seeing storage/.
#pragma once

#include <QString>

#include <functional>

namespace cairn::app {

struct DatabaseProblem {
    enum class Kind {
        Unusable,   ///< damaged, not SQLite, or another program's database: it may be moved aside
        TooNew,     ///< written by a newer Cairn: only quitting is offered, the file is left alone
        Unreadable, ///< cannot be opened at all (permissions, I/O): only quitting is offered
    };
    Kind kind = Kind::Unusable;
    QString path;             ///< the database file
    QString detail;           ///< what storage found, e.g. "not a SQLite database (no SQLite header)"
    int appSchemaVersion = 0; ///< the newest schema version this Cairn knows (named for TooNew)

    /// Only a damaged or foreign file is ever moved aside; a newer one is another Cairn's data.
    [[nodiscard]] bool canMoveAside() const { return kind == Kind::Unusable; }
};

enum class DatabaseChoice { MoveAsideAndStartFresh, Quit };

/// Asks the user what to do; the GUI shows a dialog, tests answer directly.
using AskAboutDatabase = std::function<DatabaseChoice(const DatabaseProblem&)>;

} // namespace cairn::app
