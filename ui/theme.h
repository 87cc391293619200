// SPDX-License-Identifier: MIT
// Theme: Cairn's light and dark palettes on the Fusion style, or whichever of the two the desktop
// prefers. Qt 6.4 has no colour-scheme query, so "follow the system" reads the platform palette's
// lightness and, where GNOME's color-scheme setting exists, that setting (asked asynchronously).
#pragma once

#include "app/services/settings_service.h"

#include <QObject>
#include <QPalette>
#include <QTimer>

#include <optional>

namespace cairn::ui {

class Theme : public QObject {
    Q_OBJECT
public:
    /// Puts the application on the Fusion style and starts watching the desktop's colour scheme.
    /// Create it once, after the QApplication; it starts with ThemeChoice::System.
    explicit Theme(QObject* parent = nullptr);
    ~Theme() override;

    /// Applies the light or dark palette, or the one the desktop prefers for System.
    void setChoice(app::ThemeChoice choice);
    [[nodiscard]] app::ThemeChoice choice() const;
    /// Applies the settings' theme now and again whenever it changes there.
    void followSettings(app::SettingsService& settings);
    /// Whether the palette in use is the dark one (views pick their highlighting colours by it).
    [[nodiscard]] bool isDark() const;
    /// Whether the desktop prefers dark colours, as far as it can be told.
    [[nodiscard]] bool systemPrefersDark() const;

    static QPalette lightPalette();
    static QPalette darkPalette();

signals:
    /// The palette switched between light and dark (by a choice or by the desktop's change).
    void darkChanged(bool dark);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void apply();
    void rereadPlatformPalette();
    void askGnome();
    void watchGnome();
    void takeGnomeAnswer(const QByteArray& output);

    app::ThemeChoice m_choice = app::ThemeChoice::System;
    bool m_dark = false;
    bool m_platformDark = false;
    std::optional<bool> m_gnomeDark; ///< empty: no GNOME setting, or "no preference"
    bool m_applying = false;
    QTimer m_recheck; ///< coalesces the ThemeChange events every window receives
};

} // namespace cairn::ui
