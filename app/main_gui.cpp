// SPDX-License-Identifier: MIT
// cairn: the desktop entry point. Builds the services, loads the translation for the system
// locale, and shows the main window.

#include "app/services/backend_probe_service.h"
#include "ui/main_window.h"

#include <QApplication>
#include <QLibraryInfo>
#include <QLocale>
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

    cairn::app::BackendProbeService probe;
    cairn::ui::MainWindow window(probe);
    window.show();
    return QApplication::exec();
}
