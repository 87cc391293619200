// SPDX-License-Identifier: MIT
// SettingsService over a temporary profile database: defaults, theme and language survive a new
// service, only changed defaults are stored, conversation overrides keep the JSON's other keys.

#include "app/services/settings_service.h"

#include "storage/conversation_store.h"
#include "storage/database.h"
#include "storage/settings_store.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QtTest>

#include <cmath>
#include <memory>
#include <optional>

using cairn::app::builtInGenerationSettings;
using cairn::app::GenerationSettings;
using cairn::app::SettingsService;
using cairn::app::ThemeChoice;

class TestSettingsService : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void freshProfileHasBuiltInValues();
    void changedDefaultsPersistAndOnlyTheyAreStored();
    void defaultsLikeBuiltInRemoveTheKey();
    void invalidDefaultsAreRefused();
    void overridesKeepOtherKeys();
    void effectiveSettingsMergeDefaultsAndOverrides();
    void systemPromptColumnCountsBelowJson();
    void missingConversationIsAProblem();
    void damagedConversationJsonIsNotOverwritten();
    void themeAndLanguagePersist();
    void unknownLanguageIsRefused();
    void damagedStoredValuesAreReportedAtLoad();

private:
    std::int64_t newConversation(const char* settingsJson);
    [[nodiscard]] std::string conversationJson(std::int64_t id);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::optional<cairn::storage::Database> m_db;
};

void TestSettingsService::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    auto db = cairn::storage::Database::open(m_dir->filePath(QStringLiteral("cairn.db")).toStdString());
    QVERIFY2(db.ok(), db.ok() ? "" : db.error().message().c_str());
    m_db.emplace(std::move(db).value());
}

void TestSettingsService::cleanup()
{
    m_db.reset();
    m_dir.reset();
}

std::int64_t TestSettingsService::newConversation(const char* settingsJson)
{
    cairn::storage::NewConversation conversation;
    conversation.title = "Settings test";
    conversation.settingsJson = settingsJson;
    auto created = cairn::storage::ConversationStore(*m_db).createConversation(conversation);
    return created.ok() ? created.value().id : -1;
}

std::string TestSettingsService::conversationJson(std::int64_t id)
{
    auto conversation = cairn::storage::ConversationStore(*m_db).conversation(id);
    return conversation.ok() ? conversation.value().settingsJson : std::string();
}

void TestSettingsService::freshProfileHasBuiltInValues()
{
    SettingsService settings(*m_db);
    QVERIFY(settings.loadProblem().isEmpty());
    QCOMPARE(settings.generationDefaults(), builtInGenerationSettings());
    QCOMPARE(settings.theme(), ThemeChoice::System);
    QCOMPARE(settings.language(), QString());
}

void TestSettingsService::changedDefaultsPersistAndOnlyTheyAreStored()
{
    GenerationSettings expected = builtInGenerationSettings();
    {
        SettingsService settings(*m_db);
        QSignalSpy changed(&settings, &SettingsService::generationDefaultsChanged);
        GenerationSettings edited;
        edited.temperature = 0.25;
        edited.topK = 17;
        edited.systemPrompt = QStringLiteral("Answer in one sentence.");
        QString problem;
        QVERIFY2(settings.setGenerationDefaults(edited, &problem), qPrintable(problem));
        QCOMPARE(changed.count(), 1);
        expected.temperature = 0.25;
        expected.topK = 17;
        expected.systemPrompt = QStringLiteral("Answer in one sentence.");
        QCOMPARE(settings.generationDefaults(), expected);
        // Storing the same values again is no change.
        QVERIFY(settings.setGenerationDefaults(expected));
        QCOMPARE(changed.count(), 1);
    }
    SettingsService reopened(*m_db);
    QCOMPARE(reopened.generationDefaults(), expected);

    auto stored = cairn::storage::SettingsStore(*m_db).value(cairn::app::kGenerationDefaultsKey);
    QVERIFY(stored.ok() && stored.value());
    const QJsonObject json = QJsonDocument::fromJson(QByteArray::fromStdString(*stored.value())).object();
    QCOMPARE(json.size(), 3); // the three changed fields, not the built-in ones
}

void TestSettingsService::defaultsLikeBuiltInRemoveTheKey()
{
    SettingsService settings(*m_db);
    GenerationSettings edited;
    edited.threads = builtInGenerationSettings().threads.value_or(0) + 3;
    QVERIFY(settings.setGenerationDefaults(edited));
    QVERIFY(cairn::storage::SettingsStore(*m_db).value(cairn::app::kGenerationDefaultsKey).value().has_value());

    QSignalSpy changed(&settings, &SettingsService::generationDefaultsChanged);
    QVERIFY(settings.setGenerationDefaults(builtInGenerationSettings()));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(settings.generationDefaults(), builtInGenerationSettings());
    QVERIFY(!cairn::storage::SettingsStore(*m_db).value(cairn::app::kGenerationDefaultsKey).value().has_value());

    // The built-in values come from the engine's floats; the same values with two decimals, as
    // the dialog shows them, are no change either.
    GenerationSettings rounded = builtInGenerationSettings();
    for (std::optional<double>* field : {&rounded.temperature, &rounded.topP, &rounded.minP, &rounded.repeatPenalty})
        *field = std::round(**field * 100.0) / 100.0;
    QVERIFY(settings.setGenerationDefaults(rounded));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(settings.generationDefaults(), builtInGenerationSettings());
    QVERIFY(!cairn::storage::SettingsStore(*m_db).value(cairn::app::kGenerationDefaultsKey).value().has_value());
}

void TestSettingsService::invalidDefaultsAreRefused()
{
    SettingsService settings(*m_db);
    QSignalSpy changed(&settings, &SettingsService::generationDefaultsChanged);
    GenerationSettings edited;
    edited.temperature = -1.0;
    QString problem;
    QVERIFY(!settings.setGenerationDefaults(edited, &problem));
    QVERIFY(!problem.isEmpty());
    QCOMPARE(changed.count(), 0);
    QCOMPARE(settings.generationDefaults(), builtInGenerationSettings());
    QVERIFY(!cairn::storage::SettingsStore(*m_db).value(cairn::app::kGenerationDefaultsKey).value().has_value());
}

void TestSettingsService::overridesKeepOtherKeys()
{
    const std::int64_t id = newConversation(R"({"repositories":[4,7]})");
    SettingsService settings(*m_db);
    QSignalSpy changed(&settings, &SettingsService::conversationOverridesChanged);

    GenerationSettings overrides;
    overrides.temperature = 0.1;
    overrides.systemPrompt = QStringLiteral("Be terse.");
    QString problem;
    QVERIFY2(settings.setConversationOverrides(id, overrides, &problem), qPrintable(problem));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.first().first().value<std::int64_t>(), id);
    QCOMPARE(settings.conversationOverrides(id), overrides);

    // Replacing the overrides drops the old fields and still keeps the repositories.
    GenerationSettings replaced;
    replaced.topK = 5;
    QVERIFY(settings.setConversationOverrides(id, replaced));
    QCOMPARE(settings.conversationOverrides(id), replaced);
    const QJsonObject json = QJsonDocument::fromJson(QByteArray::fromStdString(conversationJson(id))).object();
    QCOMPARE(json.value(QStringLiteral("repositories")).toArray(), (QJsonArray{4, 7}));
    QCOMPARE(json.size(), 2);

    QVERIFY(settings.setConversationOverrides(id, {}));
    QCOMPARE(settings.conversationOverrides(id), GenerationSettings{});
    QCOMPARE(conversationJson(id), std::string(R"({"repositories":[4,7]})"));
    QCOMPARE(changed.count(), 3);
}

void TestSettingsService::effectiveSettingsMergeDefaultsAndOverrides()
{
    const std::int64_t id = newConversation("{}");
    SettingsService settings(*m_db);
    GenerationSettings defaults;
    defaults.temperature = 0.3;
    defaults.topP = 0.8;
    QVERIFY(settings.setGenerationDefaults(defaults));
    GenerationSettings overrides;
    overrides.temperature = 0.9;
    overrides.maxTokens = 100;
    QVERIFY(settings.setConversationOverrides(id, overrides));

    GenerationSettings expected = builtInGenerationSettings();
    expected.topP = 0.8;
    expected.temperature = 0.9;
    expected.maxTokens = 100;
    QCOMPARE(settings.effectiveSettings(id), expected);

    // A later change of the defaults reaches the fields the conversation does not override.
    defaults.topP = 0.5;
    QVERIFY(settings.setGenerationDefaults(defaults));
    expected.topP = 0.5;
    QCOMPARE(settings.effectiveSettings(id), expected);
}

void TestSettingsService::systemPromptColumnCountsBelowJson()
{
    cairn::storage::NewConversation imported;
    imported.systemPrompt = "From the import.";
    const std::int64_t id = cairn::storage::ConversationStore(*m_db).createConversation(imported).value().id;
    SettingsService settings(*m_db);
    QCOMPARE(settings.conversationOverrides(id).systemPrompt, QStringLiteral("From the import."));
    QCOMPARE(settings.effectiveSettings(id).systemPrompt, QStringLiteral("From the import."));
    GenerationSettings overrides;
    overrides.systemPrompt = QStringLiteral("Edited.");
    QVERIFY(settings.setConversationOverrides(id, overrides));
    QCOMPARE(settings.effectiveSettings(id).systemPrompt, QStringLiteral("Edited."));
}

void TestSettingsService::missingConversationIsAProblem()
{
    SettingsService settings(*m_db);
    QString problem;
    QCOMPARE(settings.conversationOverrides(4242, &problem), GenerationSettings{});
    QVERIFY(problem.contains(QLatin1String("4242")));
    problem.clear();
    GenerationSettings overrides;
    overrides.topK = 3;
    QVERIFY(!settings.setConversationOverrides(4242, overrides, &problem));
    QVERIFY(problem.contains(QLatin1String("4242")));
}

void TestSettingsService::damagedConversationJsonIsNotOverwritten()
{
    const std::int64_t id = newConversation("[1, 2");
    SettingsService settings(*m_db);
    GenerationSettings overrides;
    overrides.topK = 3;
    QString problem;
    QVERIFY(!settings.setConversationOverrides(id, overrides, &problem));
    QVERIFY2(problem.contains(QString::number(id)), qPrintable(problem));
    QCOMPARE(conversationJson(id), std::string("[1, 2"));
}

void TestSettingsService::themeAndLanguagePersist()
{
    {
        SettingsService settings(*m_db);
        QSignalSpy theme(&settings, &SettingsService::themeChanged);
        QSignalSpy language(&settings, &SettingsService::languageChanged);
        QVERIFY(settings.setTheme(ThemeChoice::Dark));
        QVERIFY(settings.setTheme(ThemeChoice::Dark));
        QCOMPARE(theme.count(), 1);
        QCOMPARE(theme.first().first().value<ThemeChoice>(), ThemeChoice::Dark);
        QCOMPARE(settings.uiLocale(), QLocale::system());
        QVERIFY(settings.setLanguage(QStringLiteral("zh_CN")));
        QCOMPARE(settings.uiLocale().language(), QLocale::Chinese);
        QCOMPARE(settings.uiLocale().territory(), QLocale::China);
        QCOMPARE(language.count(), 1);
        QCOMPARE(language.first().first().toString(), QStringLiteral("zh_CN"));
    }
    {
        SettingsService settings(*m_db);
        QCOMPARE(settings.theme(), ThemeChoice::Dark);
        QCOMPARE(settings.language(), QStringLiteral("zh_CN"));
        QVERIFY(settings.setTheme(ThemeChoice::Light));
        QVERIFY(settings.setLanguage(QString()));
    }
    SettingsService settings(*m_db);
    QCOMPARE(settings.theme(), ThemeChoice::Light);
    QCOMPARE(settings.language(), QString());
    QVERIFY(settings.loadProblem().isEmpty());
}

void TestSettingsService::unknownLanguageIsRefused()
{
    SettingsService settings(*m_db);
    QVERIFY(settings.setLanguage(QStringLiteral("de")));
    QString problem;
    QVERIFY(!settings.setLanguage(QStringLiteral("fr"), &problem));
    QVERIFY(problem.contains(QLatin1String("fr")));
    QCOMPARE(settings.language(), QStringLiteral("de"));
    QCOMPARE(SettingsService(*m_db).language(), QStringLiteral("de"));
}

void TestSettingsService::damagedStoredValuesAreReportedAtLoad()
{
    cairn::storage::SettingsStore store(*m_db);
    QVERIFY(store.setValue(cairn::app::kGenerationDefaultsKey, "{not json").ok());
    QVERIFY(store.setValue(cairn::app::kThemeKey, "purple").ok());
    QVERIFY(store.setValue(cairn::app::kLanguageKey, "tlh").ok());
    SettingsService settings(*m_db);
    const QString problem = settings.loadProblem();
    QVERIFY2(problem.contains(QLatin1String(cairn::app::kGenerationDefaultsKey)), qPrintable(problem));
    QVERIFY(problem.contains(QLatin1String("purple")));
    QVERIFY(problem.contains(QLatin1String("tlh")));
    QCOMPARE(settings.generationDefaults(), builtInGenerationSettings());
    QCOMPARE(settings.theme(), ThemeChoice::System);
    QCOMPARE(settings.language(), QString());
}

QTEST_GUILESS_MAIN(TestSettingsService)
#include "tst_settings_service.moc"
