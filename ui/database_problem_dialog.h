// SPDX-License-Identifier: MIT
// The dialog shown at start-up when the profile database cannot be used: names the file and the
// problem, offers "Move aside and start fresh" only for a damaged or foreign file, always "Quit".
#pragma once

#include "app/services/database_problem.h"

#include <memory>

class QMessageBox;
class QWidget;

namespace cairn::ui {

/// The message box for `problem`, not yet shown: its text names the file and the problem (and
/// both schema versions for a newer database); buttons are "Move aside and start fresh" (only when
/// problem.canMoveAside()) and "Quit", the default.
std::unique_ptr<QMessageBox> makeDatabaseProblemBox(const app::DatabaseProblem& problem, QWidget* parent = nullptr);

/// Shows the box modally and returns the user's choice; closing it means Quit.
app::DatabaseChoice askAboutDatabase(const app::DatabaseProblem& problem, QWidget* parent = nullptr);

} // namespace cairn::ui
