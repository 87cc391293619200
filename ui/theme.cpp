// SPDX-License-Identifier: MIT
// Theme: Fusion with one palette for light and one for dark; the desktop's preference comes from
// the platform palette and from GNOME's color-scheme (gsettings get once, gsettings monitor after).

#include "ui/theme.h"

#include <QApplication>
#include <QColor>
#include <QEvent>
#include <QProcess>
#include <QStandardPaths>
#include <QStyleFactory>

namespace cairn::ui {

namespace {

const QString kGnomeSchema = QStringLiteral("org.gnome.desktop.interface");
const QString kGnomeKey = QStringLiteral("color-scheme");

bool paletteIsDark(const QPalette& palette)
{
    return palette.color(QPalette::Window).lightness() < palette.color(QPalette::WindowText).lightness();
}

/// Greys out text in the Disabled group.
void setDisabledText(QPalette& palette, const QColor& text)
{
    for (QPalette::ColorRole role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        palette.setColor(QPalette::Disabled, role, text);
}

} // namespace

Theme::Theme(QObject* parent) : QObject(parent)
{
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    m_recheck.setSingleShot(true);
    m_recheck.setInterval(0);
    connect(&m_recheck, &QTimer::timeout, this, [this] {
        rereadPlatformPalette();
        askGnome();
    });
    qApp->installEventFilter(this);
    askGnome();
    watchGnome();
    rereadPlatformPalette();
}

Theme::~Theme()
{
    if (qApp)
        qApp->removeEventFilter(this);
    // The monitor never ends by itself, and a get may still be running.
    for (QProcess* process : findChildren<QProcess*>()) {
        process->kill();
        process->waitForFinished(1000);
    }
}

void Theme::setChoice(app::ThemeChoice choice)
{
    m_choice = choice;
    apply();
}

app::ThemeChoice Theme::choice() const
{
    return m_choice;
}

void Theme::followSettings(app::SettingsService& settings)
{
    setChoice(settings.theme());
    connect(&settings, &app::SettingsService::themeChanged, this, &Theme::setChoice);
}

bool Theme::isDark() const
{
    return m_dark;
}

bool Theme::systemPrefersDark() const
{
    return m_gnomeDark.value_or(m_platformDark);
}

QPalette Theme::lightPalette()
{
    QPalette palette(QColor(0xef, 0xef, 0xef));
    palette.setColor(QPalette::Window, QColor(0xef, 0xef, 0xef));
    palette.setColor(QPalette::WindowText, QColor(0x1f, 0x1f, 0x1f));
    palette.setColor(QPalette::Base, Qt::white);
    palette.setColor(QPalette::AlternateBase, QColor(0xf5, 0xf5, 0xf5));
    palette.setColor(QPalette::Text, QColor(0x1f, 0x1f, 0x1f));
    palette.setColor(QPalette::PlaceholderText, QColor(0x80, 0x80, 0x80));
    palette.setColor(QPalette::Button, QColor(0xef, 0xef, 0xef));
    palette.setColor(QPalette::ButtonText, QColor(0x1f, 0x1f, 0x1f));
    palette.setColor(QPalette::ToolTipBase, QColor(0xff, 0xff, 0xdc));
    palette.setColor(QPalette::ToolTipText, Qt::black);
    palette.setColor(QPalette::Highlight, QColor(0x30, 0x8c, 0xc6));
    palette.setColor(QPalette::HighlightedText, Qt::white);
    palette.setColor(QPalette::Link, QColor(0x1a, 0x5f, 0xb4));
    palette.setColor(QPalette::LinkVisited, QColor(0x61, 0x35, 0x83));
    setDisabledText(palette, QColor(0x9e, 0x9e, 0x9e));
    return palette;
}

QPalette Theme::darkPalette()
{
    QPalette palette(QColor(0x35, 0x35, 0x35));
    palette.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
    palette.setColor(QPalette::WindowText, QColor(0xe6, 0xe6, 0xe6));
    palette.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    palette.setColor(QPalette::AlternateBase, QColor(0x26, 0x26, 0x26));
    palette.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
    palette.setColor(QPalette::PlaceholderText, QColor(0x8a, 0x8a, 0x8a));
    palette.setColor(QPalette::Button, QColor(0x35, 0x35, 0x35));
    palette.setColor(QPalette::ButtonText, QColor(0xe6, 0xe6, 0xe6));
    palette.setColor(QPalette::BrightText, QColor(0xff, 0x6b, 0x6b));
    palette.setColor(QPalette::ToolTipBase, QColor(0x3c, 0x3c, 0x3c));
    palette.setColor(QPalette::ToolTipText, QColor(0xe6, 0xe6, 0xe6));
    palette.setColor(QPalette::Highlight, QColor(0x2f, 0x6f, 0xb3));
    palette.setColor(QPalette::HighlightedText, Qt::white);
    palette.setColor(QPalette::Link, QColor(0x6c, 0xb0, 0xff));
    palette.setColor(QPalette::LinkVisited, QColor(0xb3, 0x8c, 0xe6));
    palette.setColor(QPalette::Light, QColor(0x4a, 0x4a, 0x4a));
    palette.setColor(QPalette::Midlight, QColor(0x40, 0x40, 0x40));
    palette.setColor(QPalette::Mid, QColor(0x2a, 0x2a, 0x2a));
    palette.setColor(QPalette::Dark, QColor(0x1a, 0x1a, 0x1a));
    palette.setColor(QPalette::Shadow, QColor(0x0a, 0x0a, 0x0a));
    setDisabledText(palette, QColor(0x80, 0x80, 0x80));
    return palette;
}

bool Theme::eventFilter(QObject* watched, QEvent* event)
{
    const bool platformChanged = event->type() == QEvent::ThemeChange
        || (event->type() == QEvent::ApplicationPaletteChange && watched == qApp);
    if (platformChanged && !m_applying)
        m_recheck.start();
    return QObject::eventFilter(watched, event);
}

void Theme::apply()
{
    bool dark = m_choice == app::ThemeChoice::Dark;
    if (m_choice == app::ThemeChoice::System)
        dark = systemPrefersDark();
    m_applying = true;
    QApplication::setPalette(dark ? darkPalette() : lightPalette());
    m_applying = false;
    if (dark != m_dark) {
        m_dark = dark;
        emit darkChanged(dark);
    }
}

void Theme::rereadPlatformPalette()
{
    // With our palette set, the platform's shows only once the application palette is reset.
    // Both changes happen before anything repaints.
    m_applying = true;
    QApplication::setPalette(QPalette());
    m_platformDark = paletteIsDark(QGuiApplication::palette());
    m_applying = false;
    apply();
}

void Theme::askGnome()
{
    const QString gsettings = QStandardPaths::findExecutable(QStringLiteral("gsettings"));
    if (gsettings.isEmpty())
        return;
    auto* process = new QProcess(this);
    connect(process, &QProcess::finished, this, [this, process](int exitCode, QProcess::ExitStatus status) {
        // A desktop without the key (older GNOME, no schema) exits non-zero: no preference known.
        if (status == QProcess::NormalExit && exitCode == 0)
            takeGnomeAnswer(process->readAllStandardOutput());
        process->deleteLater();
    });
    connect(process, &QProcess::errorOccurred, this, [process](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            process->deleteLater();
    });
    process->setStandardErrorFile(QProcess::nullDevice());
    process->start(gsettings, {QStringLiteral("get"), kGnomeSchema, kGnomeKey});
}

void Theme::watchGnome()
{
    const QString gsettings = QStandardPaths::findExecutable(QStringLiteral("gsettings"));
    if (gsettings.isEmpty())
        return;
    auto* monitor = new QProcess(this);
    // One line per change: "color-scheme: 'prefer-dark'".
    connect(monitor, &QProcess::readyReadStandardOutput, this, [this, monitor] {
        while (monitor->canReadLine())
            takeGnomeAnswer(monitor->readLine());
    });
    monitor->setStandardErrorFile(QProcess::nullDevice()); // without a session bus it complains
    monitor->start(gsettings, {QStringLiteral("monitor"), kGnomeSchema, kGnomeKey});
}

void Theme::takeGnomeAnswer(const QByteArray& output)
{
    if (output.contains("prefer-dark"))
        m_gnomeDark = true;
    else if (output.contains("prefer-light"))
        m_gnomeDark = false;
    else if (output.contains("default"))
        m_gnomeDark.reset();
    else
        return;
    if (m_choice == app::ThemeChoice::System)
        apply();
}

} // namespace cairn::ui
