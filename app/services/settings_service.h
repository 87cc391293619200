// SPDX-License-Identifier: MIT
// SettingsService: the profile's settings as the window uses them — generation defaults, theme and
// language in storage's SettingsStore, a conversation's generation overrides in its settings JSON.
// Lives on the GUI thread; every call is one small SQLite read or write.
#pragma once

#include "app/services/generation_settings.h"

#include <QLocale>
#include <QObject>
#include <QString>
#include <QStringList>

#include <cstdint>

namespace cairn::storage {
class Database;
}

namespace cairn::app {

enum class ThemeChoice { System, Light, Dark };

/// "system", "light", "dark": how the theme is stored.
QString themeChoiceName(ThemeChoice choice);

/// The settings keys this service owns besides kGenerationDefaultsKey.
inline constexpr const char* kThemeKey = "appearance.theme";
inline constexpr const char* kLanguageKey = "appearance.language";

class SettingsService : public QObject {
    Q_OBJECT
public:
    /// Reads the stored values once; a stored value that cannot be read (damaged, from a newer
    /// Cairn) is reported by loadProblem() and its built-in default is used instead.
    explicit SettingsService(storage::Database& db, QObject* parent = nullptr);

    /// What went wrong reading the stored settings at start, or empty.
    [[nodiscard]] QString loadProblem() const;

    /// The profile's defaults: built-in values with the user's choices on top, every field set.
    [[nodiscard]] GenerationSettings generationDefaults() const;
    /// Replaces the defaults with `defaults`, a field left empty taking its built-in value. Only
    /// fields that differ from the built-in values are written, so a later Cairn's better built-in
    /// value reaches every field the user never changed. False with `problem` set when a value is
    /// out of range or the write fails; nothing changes then.
    bool setGenerationDefaults(const GenerationSettings& defaults, QString* problem = nullptr);

    /// The conversation's overrides: only the fields it sets (a system prompt in the conversation's
    /// own column counts when its JSON has none). Empty on failure, with `problem` set.
    [[nodiscard]] GenerationSettings conversationOverrides(std::int64_t conversationId,
                                                           QString* problem = nullptr) const;
    /// Replaces the conversation's overrides with the fields set in `overrides`; every other key of
    /// the conversation's settings JSON (repositories, ...) is kept as it was.
    bool setConversationOverrides(std::int64_t conversationId, const GenerationSettings& overrides,
                                  QString* problem = nullptr);
    /// What a reply in the conversation is generated with: defaults, then its overrides.
    [[nodiscard]] GenerationSettings effectiveSettings(std::int64_t conversationId, QString* problem = nullptr) const;

    [[nodiscard]] ThemeChoice theme() const;
    bool setTheme(ThemeChoice choice, QString* problem = nullptr);

    /// "" (the system's language) or one of availableLanguages().
    [[nodiscard]] QString language() const;
    bool setLanguage(const QString& language, QString* problem = nullptr);
    /// The locale to load translations for at start: the chosen language's, or the system's.
    [[nodiscard]] QLocale uiLocale() const;
    /// The languages Cairn has translations for, as locale names: "en", "de", "zh_CN".
    static QStringList availableLanguages();

signals:
    void generationDefaultsChanged();
    void conversationOverridesChanged(std::int64_t conversationId);
    void themeChanged(cairn::app::ThemeChoice choice);
    void languageChanged(const QString& language);

private:
    bool store(const char* key, const QString& value, QString* problem);

    storage::Database& m_db;
    GenerationSettings m_defaults;
    ThemeChoice m_theme = ThemeChoice::System;
    QString m_language;
    QString m_loadProblem;
};

} // namespace cairn::app
