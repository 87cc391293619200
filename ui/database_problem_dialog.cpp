// SPDX-License-Identifier: MIT
// Building and showing the start-up database problem dialog.

#include "ui/database_problem_dialog.h"

#include <QAbstractButton>
#include <QCoreApplication>
#include <QMessageBox>
#include <QPushButton>

namespace cairn::ui {

namespace {

/// The translation context of the dialog's strings (lupdate reads DatabaseProblemDialog::tr).
struct DatabaseProblemDialog {
    Q_DECLARE_TR_FUNCTIONS(DatabaseProblemDialog)
};

} // namespace

std::unique_ptr<QMessageBox> makeDatabaseProblemBox(const app::DatabaseProblem& problem, QWidget* parent)
{
    auto box = std::make_unique<QMessageBox>(parent);
    box->setObjectName(QStringLiteral("databaseProblem"));
    box->setWindowTitle(DatabaseProblemDialog::tr("Cairn cannot open its database"));
    box->setIcon(problem.kind == app::DatabaseProblem::Kind::TooNew ? QMessageBox::Warning : QMessageBox::Critical);
    switch (problem.kind) {
    case app::DatabaseProblem::Kind::Unusable:
        box->setText(DatabaseProblemDialog::tr("The conversation database %1 cannot be used: %2.")
                         .arg(problem.path, problem.detail));
        box->setInformativeText(DatabaseProblemDialog::tr(
            "Cairn can move the file aside (it is renamed, not deleted, so nothing in it is lost) and "
            "start with a new, empty database. Or quit and look at the file first, for example with "
            "\"cairn-cli db check\"."));
        break;
    case app::DatabaseProblem::Kind::TooNew:
        box->setText(
            DatabaseProblemDialog::tr("The conversation database %1 was written by a newer version of Cairn: %2.")
                .arg(problem.path, problem.detail));
        box->setInformativeText(
            DatabaseProblemDialog::tr("This Cairn (%1) knows database schema versions up to %2 and will not change "
                                      "the file. Please start the newer Cairn.")
                .arg(QCoreApplication::applicationVersion())
                .arg(problem.appSchemaVersion));
        break;
    case app::DatabaseProblem::Kind::Unreadable:
        box->setText(DatabaseProblemDialog::tr("The conversation database %1 cannot be opened: %2.")
                         .arg(problem.path, problem.detail));
        box->setInformativeText(DatabaseProblemDialog::tr("Cairn leaves the file as it is and quits."));
        break;
    }
    if (problem.canMoveAside()) {
        QAbstractButton* moveAside
            = box->addButton(DatabaseProblemDialog::tr("Move aside and start fresh"), QMessageBox::DestructiveRole);
        moveAside->setObjectName(QStringLiteral("moveAside"));
    }
    QAbstractButton* quit = box->addButton(QMessageBox::Close);
    quit->setText(DatabaseProblemDialog::tr("Quit"));
    quit->setObjectName(QStringLiteral("quit"));
    box->setDefaultButton(qobject_cast<QPushButton*>(quit));
    box->setEscapeButton(quit);
    return box;
}

app::DatabaseChoice askAboutDatabase(const app::DatabaseProblem& problem, QWidget* parent)
{
    const std::unique_ptr<QMessageBox> box = makeDatabaseProblemBox(problem, parent);
    box->exec();
    const QAbstractButton* clicked = box->clickedButton();
    return clicked != nullptr && clicked->objectName() == QLatin1String("moveAside")
        ? app::DatabaseChoice::MoveAsideAndStartFresh
        : app::DatabaseChoice::Quit;
}

} // namespace cairn::ui
