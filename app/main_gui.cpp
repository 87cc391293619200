// SPDX-License-Identifier: MIT
// cairn: the desktop entry point. Loads the translation for the system locale, opens the profile
// database (asking the user when it is damaged, foreign or newer), builds the services, switches
// to the language and theme chosen in the settings, and shows the main window, which loads the
// last model used.

#include "app/services/app_services.h"
#include "app/services/profile_database.h"
#include "app/services/settings_service.h"
#include "ui/database_problem_dialog.h"
#include "ui/main_window.h"
#include "ui/theme.h"

#include <QApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QMessageBox>
#include <QTranslator>

namespace {

/// Replaces what `translator` holds with `locale`'s translation of `name` found in `folder`.
void loadTranslation(QTranslator& translator, const QLocale& locale, const QString& name, const QString& folder)
{
    QApplication::removeTranslator(&translator);
    if (translator.load(locale, name, QStringLiteral("_"), folder))
        QApplication::installTranslator(&translator);
}

} // namespace

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Cairn"));
    QApplication::setApplicationVersion(QStringLiteral(CAIRN_VERSION));
    QApplication::setOrganizationName(QStringLiteral("Cairn"));
    QApplication::setDesktopFileName(QStringLiteral("io.cairn.Cairn"));

    // Our own strings come from the compiled-in .qm files; Qt's own (dialog buttons) from Qt's
    // translation folder when the distribution installed them.
    // The system's language until the settings (in the database) can be read.
    const QString qtFolder = QLibraryInfo::path(QLibraryInfo::TranslationsPath);
    QTranslator cairnTranslator;
    loadTranslation(cairnTranslator, QLocale(), QStringLiteral("cairn"), QStringLiteral(":/i18n"));
    QTranslator qtTranslator;
    loadTranslation(qtTranslator, QLocale(), QStringLiteral("qtbase"), qtFolder);

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
    const QString language = services.settings().language();
    if (!language.isEmpty()) {
        QLocale::setDefault(QLocale(language));
        loadTranslation(cairnTranslator, QLocale(language), QStringLiteral("cairn"), QStringLiteral(":/i18n"));
        loadTranslation(qtTranslator, QLocale(language), QStringLiteral("qtbase"), qtFolder);
    }
    cairn::ui::Theme theme;
    theme.followSettings(services.settings());
    cairn::ui::MainWindow window(services);
    window.show();
    window.loadLastModel();
    return QApplication::exec();
}
