// SPDX-License-Identifier: MIT
// cairn: the desktop entry point. Loads the translation for the system locale, opens the profile
// database (asking the user when it is damaged, foreign or newer), builds the services, and shows
// the main window.

#include "app/services/app_services.h"
#include "app/services/profile_database.h"
#include "ui/database_problem_dialog.h"
#include "ui/main_window.h"

#include <QApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QMessageBox>
#include <QTranslator>

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Cairn"));
    QApplication::setApplicationVersion(QStringLiteral(CAIRN_VERSION));
    QApplication::setOrganizationName(QStringLiteral("Cairn"));
    QApplication::setDesktopFileName(QStringLiteral("io.cairn.Cairn"));

    // Our own strings come from the compiled-in .qm files; Qt's own (dialog buttons) from Qt's
    // translation folder when the distribution installed them.
    QTranslator cairnTranslator;
    if (cairnTranslator.load(QLocale(), QStringLiteral("cairn"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QApplication::installTranslator(&cairnTranslator);
    QTranslator qtTranslator;
    if (qtTranslator.load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
                          QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(&qtTranslator);

    // Never overwritten: a damaged or foreign file is moved aside only when the user says so, and a
    // newer Cairn's file is left alone.
    cairn::app::OpenedProfile profile = cairn::app::openProfileDatabase(
        [](const cairn::app::DatabaseProblem& problem) { return cairn::ui::askAboutDatabase(problem); });
    if (!profile.database) {
        if (!profile.failure.isEmpty())
            QMessageBox::critical(nullptr, QApplication::translate("main", "Cairn cannot open its database"),
                                  profile.failure);
        return 1;
    }

    cairn::app::AppServices services(*profile.database);
    cairn::ui::MainWindow window(services);
    window.show();
    return QApplication::exec();
}
