// SPDX-License-Identifier: MIT
// SettingsService: reads the profile's settings once, writes each change through at once, and
// merges a conversation's generation overrides into its settings JSON without touching other keys.

#include "app/services/settings_service.h"

#include "storage/conversation_store.h"
#include "storage/database.h"
#include "storage/settings_store.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>

namespace cairn::app {

namespace {

constexpr std::array kThemes{std::pair{ThemeChoice::System, "system"}, std::pair{ThemeChoice::Light, "light"},
                             std::pair{ThemeChoice::Dark, "dark"}};

QString storageProblem(const storage::Error& error)
{
    return QString::fromStdString(error.message());
}

std::optional<ThemeChoice> themeFromName(const QString& name)
{
    for (const auto& [choice, themeName] : kThemes)
        if (name == QLatin1String(themeName))
            return choice;
    return std::nullopt;
}

/// Equal JSON values, numbers within a millionth: the built-in values come from the engine's
/// floats (0.95F is 0.949999988...), the dialog's have two decimals.
bool sameValue(const QJsonValue& a, const QJsonValue& b)
{
    if (a.isDouble() && b.isDouble())
        return std::abs(a.toDouble() - b.toDouble()) <= 1e-6 * std::max(1.0, std::abs(b.toDouble()));
    return a == b;
}

QJsonObject jsonObject(const QByteArray& json)
{
    return QJsonDocument::fromJson(json).object();
}

/// `settings` as JSON after checking it the way a reader will (types and ranges).
std::optional<QByteArray> checkedJson(const GenerationSettings& settings, QString* problem)
{
    QByteArray json = generationSettingsToJson(settings);
    if (!generationSettingsFromJson(json, problem))
        return std::nullopt;
    return json;
}

void setProblem(QString* problem, const QString& text)
{
    if (problem)
        *problem = text;
}

} // namespace

QString themeChoiceName(ThemeChoice choice)
{
    for (const auto& [value, name] : kThemes)
        if (value == choice)
            return QString::fromLatin1(name);
    return {};
}

SettingsService::SettingsService(storage::Database& db, QObject* parent)
    : QObject(parent), m_db(db), m_defaults(builtInGenerationSettings())
{
    storage::SettingsStore settings(m_db);
    QStringList problems;
    const auto read = [&](const char* key) -> std::optional<QString> {
        auto value = settings.value(key);
        if (!value) {
            problems.append(storageProblem(value.error()));
            return std::nullopt;
        }
        if (!value.value())
            return std::nullopt;
        return QString::fromStdString(*value.value());
    };

    if (const std::optional<QString> stored = read(kGenerationDefaultsKey)) {
        QString problem;
        if (auto defaults = generationSettingsFromJson(stored->toUtf8(), &problem))
            m_defaults = mergedGenerationSettings(m_defaults, *defaults);
        else
            problems.append(tr("setting %1: %2").arg(QLatin1String(kGenerationDefaultsKey), problem));
    }
    if (const std::optional<QString> stored = read(kThemeKey)) {
        if (auto theme = themeFromName(*stored))
            m_theme = *theme;
        else
            problems.append(tr("setting %1: unknown theme \"%2\"").arg(QLatin1String(kThemeKey), *stored));
    }
    if (const std::optional<QString> stored = read(kLanguageKey)) {
        if (stored->isEmpty() || availableLanguages().contains(*stored))
            m_language = *stored;
        else
            problems.append(tr("setting %1: no translation \"%2\"").arg(QLatin1String(kLanguageKey), *stored));
    }
    m_loadProblem = problems.join(QLatin1Char('\n'));
}

QString SettingsService::loadProblem() const
{
    return m_loadProblem;
}

GenerationSettings SettingsService::generationDefaults() const
{
    return m_defaults;
}

bool SettingsService::setGenerationDefaults(const GenerationSettings& defaults, QString* problem)
{
    const GenerationSettings builtIn = builtInGenerationSettings();
    const GenerationSettings merged = mergedGenerationSettings(builtIn, defaults);
    const std::optional<QByteArray> json = checkedJson(merged, problem);
    if (!json)
        return false;

    // Keep only the fields whose value differs from the built-in one.
    QJsonObject changed = jsonObject(*json);
    const QJsonObject builtInJson = jsonObject(generationSettingsToJson(builtIn));
    for (auto it = builtInJson.begin(); it != builtInJson.end(); ++it)
        if (sameValue(changed.value(it.key()), it.value()))
            changed.remove(it.key());
    const QByteArray changedJson = QJsonDocument(changed).toJson(QJsonDocument::Compact);

    storage::SettingsStore settings(m_db);
    const storage::Status written = changed.isEmpty()
        ? settings.remove(kGenerationDefaultsKey)
        : settings.setValue(kGenerationDefaultsKey, changedJson.toStdString());
    if (!written) {
        setProblem(problem, storageProblem(written.error()));
        return false;
    }
    // What a fresh start reads back: the unchanged fields keep the exact built-in values.
    const GenerationSettings stored
        = mergedGenerationSettings(builtIn, generationSettingsFromJson(changedJson).value_or(GenerationSettings{}));
    if (stored == m_defaults)
        return true;
    m_defaults = stored;
    emit generationDefaultsChanged();
    return true;
}

GenerationSettings SettingsService::conversationOverrides(std::int64_t conversationId, QString* problem) const
{
    const auto conversation = storage::ConversationStore(m_db).conversation(conversationId);
    if (!conversation) {
        setProblem(problem, storageProblem(conversation.error()));
        return {};
    }
    QString why;
    auto overrides = generationSettingsFromJson(QByteArray::fromStdString(conversation.value().settingsJson), &why);
    if (!overrides) {
        setProblem(problem, tr("conversation %1: %2").arg(conversationId).arg(why));
        return {};
    }
    // A system prompt in the conversation's own column (imported conversations) counts as an
    // override below the JSON's, as ChatService merges them.
    if (!overrides->systemPrompt && !conversation.value().systemPrompt.empty())
        overrides->systemPrompt = QString::fromStdString(conversation.value().systemPrompt);
    return *overrides;
}

bool SettingsService::setConversationOverrides(std::int64_t conversationId, const GenerationSettings& overrides,
                                               QString* problem)
{
    const std::optional<QByteArray> json = checkedJson(overrides, problem);
    if (!json)
        return false;
    storage::ConversationStore conversations(m_db);
    const auto conversation = conversations.conversation(conversationId);
    if (!conversation) {
        setProblem(problem, storageProblem(conversation.error()));
        return false;
    }

    QJsonParseError parseError;
    const QJsonDocument current
        = QJsonDocument::fromJson(QByteArray::fromStdString(conversation.value().settingsJson), &parseError);
    if (parseError.error != QJsonParseError::NoError || !current.isObject()) {
        // Writing over it would lose whatever else the conversation keeps there.
        setProblem(problem,
                   tr("conversation %1: its settings are not a JSON object (%2)")
                       .arg(conversationId)
                       .arg(parseError.error != QJsonParseError::NoError ? parseError.errorString()
                                                                         : tr("another JSON value")));
        return false;
    }

    QJsonObject merged = current.object();
    const QJsonObject allFields = jsonObject(generationSettingsToJson(builtInGenerationSettings()));
    for (auto it = allFields.begin(); it != allFields.end(); ++it)
        merged.remove(it.key());
    const QJsonObject set = jsonObject(*json);
    for (auto it = set.begin(); it != set.end(); ++it)
        merged.insert(it.key(), it.value());

    const QByteArray text = QJsonDocument(merged).toJson(QJsonDocument::Compact);
    if (text.toStdString() == conversation.value().settingsJson)
        return true;
    const storage::Status written = conversations.setConversationSettings(conversationId, text.toStdString());
    if (!written) {
        setProblem(problem, storageProblem(written.error()));
        return false;
    }
    emit conversationOverridesChanged(conversationId);
    return true;
}

GenerationSettings SettingsService::effectiveSettings(std::int64_t conversationId, QString* problem) const
{
    return mergedGenerationSettings(m_defaults, conversationOverrides(conversationId, problem));
}

ThemeChoice SettingsService::theme() const
{
    return m_theme;
}

bool SettingsService::setTheme(ThemeChoice choice, QString* problem)
{
    if (!store(kThemeKey, themeChoiceName(choice), problem))
        return false;
    if (choice != m_theme) {
        m_theme = choice;
        emit themeChanged(choice);
    }
    return true;
}

QString SettingsService::language() const
{
    return m_language;
}

bool SettingsService::setLanguage(const QString& language, QString* problem)
{
    if (!language.isEmpty() && !availableLanguages().contains(language)) {
        setProblem(problem, tr("Cairn has no translation for \"%1\"").arg(language));
        return false;
    }
    if (!store(kLanguageKey, language, problem))
        return false;
    if (language != m_language) {
        m_language = language;
        emit languageChanged(language);
    }
    return true;
}

QLocale SettingsService::uiLocale() const
{
    return m_language.isEmpty() ? QLocale::system() : QLocale(m_language);
}

QStringList SettingsService::availableLanguages()
{
    return {QStringLiteral("en"), QStringLiteral("de"), QStringLiteral("zh_CN")};
}

bool SettingsService::store(const char* key, const QString& value, QString* problem)
{
    const storage::Status written = storage::SettingsStore(m_db).setValue(key, value.toStdString());
    if (!written)
        setProblem(problem, storageProblem(written.error()));
    return written.ok();
}

} // namespace cairn::app
