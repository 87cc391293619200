// SPDX-License-Identifier: MIT
// SettingsDialog, offscreen, over a temporary profile database: fields show the stored values,
// OK stores edits and Cancel does not, per-conversation mode stores only the fields taken off
// "Use default", Restore defaults, refused values, and the theme choice reaching the palette.

#include "ui/settings_dialog.h"
#include "ui/theme.h"

#include "storage/conversation_store.h"
#include "storage/database.h"
#include "storage/settings_store.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTranslator>
#include <QtTest>

#include <cmath>
#include <memory>
#include <optional>

using cairn::app::builtInGenerationSettings;
using cairn::app::GenerationSettings;
using cairn::app::SettingsService;
using cairn::app::ThemeChoice;
using cairn::ui::SettingsDialog;

namespace {

/// The dialog's control with accessible name `name` (every control has one).
template <typename T> T* control(const QWidget& root, const QString& name)
{
    for (T* widget : root.findChildren<T*>())
        if (widget->accessibleName() == name)
            return widget;
    return nullptr;
}

/// The box shows `value` as closely as its decimals allow (built-in values come from floats).
bool shows(const QDoubleSpinBox* box, double value)
{
    return std::abs(box->value() - value) <= 0.5 * std::pow(10.0, -box->decimals());
}

void click(const QWidget& dialog, const QString& button)
{
    QPushButton* pushButton = control<QPushButton>(dialog, button);
    QVERIFY2(pushButton, qPrintable(button));
    QTest::mouseClick(pushButton, Qt::LeftButton);
}

} // namespace

class TestSettingsDialog : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void fieldsShowStoredValues();
    void everyControlHasAnAccessibleName();
    void okStoresEditsAndCancelDoesNot();
    void okWithoutEditsStoresNoChange();
    void restoreDefaultsPutsBuiltInValuesBack();
    void conversationStoresOnlyUncheckedFields();
    void conversationShowsItsOverridesAndRestores();
    void unfinishedNumberIsRefused();
    void maxTokensBeyondContextIsRefused();
    void languageChangeSaysItNeedsARestart();
    void darkThemeChoiceReachesThePalette();
    void translatedDialogNamesItsFields_data();
    void translatedDialogNamesItsFields();

private:
    std::int64_t newConversation(const char* settingsJson);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::optional<cairn::storage::Database> m_db;
    std::unique_ptr<SettingsService> m_settings;
};

void TestSettingsDialog::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    auto db = cairn::storage::Database::open(m_dir->filePath(QStringLiteral("cairn.db")).toStdString());
    QVERIFY2(db.ok(), db.ok() ? "" : db.error().message().c_str());
    m_db.emplace(std::move(db).value());
    m_settings = std::make_unique<SettingsService>(*m_db);
}

void TestSettingsDialog::cleanup()
{
    m_settings.reset();
    m_db.reset();
    m_dir.reset();
}

std::int64_t TestSettingsDialog::newConversation(const char* settingsJson)
{
    cairn::storage::NewConversation conversation;
    conversation.title = "Dialog test";
    conversation.settingsJson = settingsJson;
    auto created = cairn::storage::ConversationStore(*m_db).createConversation(conversation);
    return created.ok() ? created.value().id : -1;
}

void TestSettingsDialog::fieldsShowStoredValues()
{
    GenerationSettings stored;
    stored.systemPrompt = QStringLiteral("You review C++ code.");
    stored.temperature = 0.35;
    stored.topK = 12;
    stored.maxTokens = 512;
    stored.threads = 3;
    QVERIFY(m_settings->setGenerationDefaults(stored));
    QVERIFY(m_settings->setTheme(ThemeChoice::Dark));
    QVERIFY(m_settings->setLanguage(QStringLiteral("de")));

    SettingsDialog dialog(*m_settings);
    QCOMPARE(control<QPlainTextEdit>(dialog, QStringLiteral("System prompt"))->toPlainText(), *stored.systemPrompt);
    QCOMPARE(control<QDoubleSpinBox>(dialog, QStringLiteral("Temperature"))->value(), 0.35);
    QCOMPARE(control<QSpinBox>(dialog, QStringLiteral("Top-k"))->value(), 12);
    QCOMPARE(control<QSpinBox>(dialog, QStringLiteral("Max tokens"))->value(), 512);
    QCOMPARE(control<QSpinBox>(dialog, QStringLiteral("Threads"))->value(), 3);
    const GenerationSettings builtIn = builtInGenerationSettings();
    QVERIFY(shows(control<QDoubleSpinBox>(dialog, QStringLiteral("Top-p")), *builtIn.topP));
    QCOMPARE(control<QSpinBox>(dialog, QStringLiteral("Context length"))->value(), *builtIn.contextLength);
    QCOMPARE(control<QComboBox>(dialog, QStringLiteral("Theme"))->currentData().toInt(),
             static_cast<int>(ThemeChoice::Dark));
    QCOMPARE(control<QComboBox>(dialog, QStringLiteral("Language"))->currentData().toString(), QStringLiteral("de"));
    QCOMPARE(control<QTabWidget>(dialog, QStringLiteral("Settings pages"))->count(), 2);
    QVERIFY(control<QCheckBox>(dialog, QStringLiteral("Use default for Temperature")) == nullptr);
}

void TestSettingsDialog::everyControlHasAnAccessibleName()
{
    const std::int64_t id = newConversation("{}");
    for (const std::optional<std::int64_t>& conversation : {std::optional<std::int64_t>(), std::optional(id)}) {
        SettingsDialog dialog(*m_settings, conversation);
        int controls = 0;
        for (const QWidget* widget : dialog.findChildren<QWidget*>()) {
            const bool isControl = qobject_cast<const QAbstractSpinBox*>(widget)
                || qobject_cast<const QAbstractButton*>(widget) || qobject_cast<const QComboBox*>(widget)
                || qobject_cast<const QPlainTextEdit*>(widget);
            if (!isControl || widget->parent()->inherits("QTabBar"))
                continue;
            ++controls;
            QVERIFY2(!widget->accessibleName().isEmpty(), widget->metaObject()->className());
            if (!qobject_cast<const QAbstractButton*>(widget))
                QVERIFY2(!widget->toolTip().isEmpty(), qPrintable(widget->accessibleName()));
        }
        QVERIFY(controls >= 13);
    }
}

void TestSettingsDialog::okStoresEditsAndCancelDoesNot()
{
    {
        SettingsDialog dialog(*m_settings);
        dialog.show();
        control<QDoubleSpinBox>(dialog, QStringLiteral("Temperature"))->setValue(1.25);
        control<QPlainTextEdit>(dialog, QStringLiteral("System prompt"))->setPlainText(QStringLiteral("Be kind."));
        QComboBox* theme = control<QComboBox>(dialog, QStringLiteral("Theme"));
        theme->setCurrentIndex(theme->findData(static_cast<int>(ThemeChoice::Light)));
        click(dialog, QStringLiteral("OK"));
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QVERIFY(dialog.problem().isEmpty());
    }
    SettingsService reopened(*m_db);
    QCOMPARE(reopened.generationDefaults().temperature, 1.25);
    QCOMPARE(reopened.generationDefaults().systemPrompt, QStringLiteral("Be kind."));
    QCOMPARE(reopened.generationDefaults().topK, builtInGenerationSettings().topK);
    QCOMPARE(reopened.theme(), ThemeChoice::Light);

    SettingsDialog dialog(*m_settings);
    dialog.show();
    control<QDoubleSpinBox>(dialog, QStringLiteral("Temperature"))->setValue(0.05);
    click(dialog, QStringLiteral("Cancel"));
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    QCOMPARE(m_settings->generationDefaults().temperature, 1.25);
    QCOMPARE(SettingsService(*m_db).generationDefaults().temperature, 1.25);
}

void TestSettingsDialog::okWithoutEditsStoresNoChange()
{
    SettingsDialog dialog(*m_settings);
    dialog.show();
    click(dialog, QStringLiteral("OK"));
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    // The shown values are the built-in ones rounded to the boxes' decimals: still no change.
    QCOMPARE(m_settings->generationDefaults(), builtInGenerationSettings());
    const auto stored = cairn::storage::SettingsStore(*m_db).value(cairn::app::kGenerationDefaultsKey);
    QVERIFY(stored.ok() && !stored.value().has_value());
}

void TestSettingsDialog::restoreDefaultsPutsBuiltInValuesBack()
{
    GenerationSettings stored;
    stored.temperature = 0.35;
    stored.topP = 0.5;
    QVERIFY(m_settings->setGenerationDefaults(stored));
    SettingsDialog dialog(*m_settings);
    dialog.show();
    click(dialog, QStringLiteral("Restore defaults"));
    const GenerationSettings builtIn = builtInGenerationSettings();
    QVERIFY(shows(control<QDoubleSpinBox>(dialog, QStringLiteral("Temperature")), *builtIn.temperature));
    // Nothing is stored before Apply.
    QCOMPARE(m_settings->generationDefaults().temperature, 0.35);
    click(dialog, QStringLiteral("Apply"));
    QVERIFY(dialog.isVisible());
    QCOMPARE(m_settings->generationDefaults(), builtIn);

    // On the Appearance page it restores the theme and language, and leaves Generation alone.
    QVERIFY(m_settings->setTheme(ThemeChoice::Dark));
    QVERIFY(m_settings->setLanguage(QStringLiteral("de")));
    SettingsDialog appearance(*m_settings);
    appearance.show();
    control<QDoubleSpinBox>(appearance, QStringLiteral("Temperature"))->setValue(1.5);
    control<QTabWidget>(appearance, QStringLiteral("Settings pages"))->setCurrentIndex(1);
    click(appearance, QStringLiteral("Restore defaults"));
    click(appearance, QStringLiteral("OK"));
    QCOMPARE(m_settings->theme(), ThemeChoice::System);
    QCOMPARE(m_settings->language(), QString());
    QCOMPARE(m_settings->generationDefaults().temperature, 1.5);
}

void TestSettingsDialog::conversationStoresOnlyUncheckedFields()
{
    GenerationSettings defaults;
    defaults.temperature = 0.35;
    QVERIFY(m_settings->setGenerationDefaults(defaults));
    const std::int64_t id = newConversation(R"({"repositories":[2]})");

    SettingsDialog dialog(*m_settings, id);
    dialog.show();
    QCOMPARE(control<QTabWidget>(dialog, QStringLiteral("Settings pages"))->count(), 1);
    QVERIFY(control<QComboBox>(dialog, QStringLiteral("Theme")) == nullptr);
    auto* temperature = control<QDoubleSpinBox>(dialog, QStringLiteral("Temperature"));
    auto* topK = control<QSpinBox>(dialog, QStringLiteral("Top-k"));
    auto* useDefaultTemperature = control<QCheckBox>(dialog, QStringLiteral("Use default for Temperature"));
    auto* useDefaultTopK = control<QCheckBox>(dialog, QStringLiteral("Use default for Top-k"));
    QVERIFY(useDefaultTemperature && useDefaultTopK);
    QVERIFY(useDefaultTemperature->isChecked());
    QVERIFY(!temperature->isEnabled());
    QCOMPARE(temperature->value(), 0.35); // the default it would get

    QTest::mouseClick(useDefaultTemperature, Qt::LeftButton);
    QVERIFY(temperature->isEnabled());
    temperature->setValue(0.9);
    QTest::mouseClick(useDefaultTopK, Qt::LeftButton);
    topK->setValue(7);
    // Editing another field while it is on "Use default" is impossible; its value is not stored.
    control<QSpinBox>(dialog, QStringLiteral("Threads"))->setValue(5);
    click(dialog, QStringLiteral("OK"));
    QCOMPARE(dialog.result(), int(QDialog::Accepted));

    GenerationSettings expected;
    expected.temperature = 0.9;
    expected.topK = 7;
    QCOMPARE(m_settings->conversationOverrides(id), expected);
    GenerationSettings effective = builtInGenerationSettings();
    effective.temperature = 0.9;
    effective.topK = 7;
    QCOMPARE(m_settings->effectiveSettings(id), effective);
    const auto conversation = cairn::storage::ConversationStore(*m_db).conversation(id);
    const QJsonObject json
        = QJsonDocument::fromJson(QByteArray::fromStdString(conversation.value().settingsJson)).object();
    QCOMPARE(json.value(QStringLiteral("repositories")).toArray(), QJsonArray{2});
    QCOMPARE(json.size(), 3);
    // The profile's defaults are untouched.
    QCOMPARE(m_settings->generationDefaults().temperature, 0.35);
}

void TestSettingsDialog::conversationShowsItsOverridesAndRestores()
{
    const std::int64_t id = newConversation(R"({"repositories":[9]})");
    GenerationSettings overrides;
    overrides.topP = 0.5;
    overrides.systemPrompt = QStringLiteral("Reply in German.");
    QVERIFY(m_settings->setConversationOverrides(id, overrides));

    {
        SettingsDialog dialog(*m_settings, id);
        dialog.show();
        auto* topP = control<QDoubleSpinBox>(dialog, QStringLiteral("Top-p"));
        QVERIFY(topP->isEnabled());
        QCOMPARE(topP->value(), 0.5);
        QVERIFY(!control<QCheckBox>(dialog, QStringLiteral("Use default for Top-p"))->isChecked());
        QVERIFY(!control<QCheckBox>(dialog, QStringLiteral("Use default for System prompt"))->isChecked());
        QVERIFY(control<QCheckBox>(dialog, QStringLiteral("Use default for Min-p"))->isChecked());
        // Back to "Use default" shows the default again.
        QTest::mouseClick(control<QCheckBox>(dialog, QStringLiteral("Use default for Top-p")), Qt::LeftButton);
        QVERIFY(shows(topP, *m_settings->generationDefaults().topP));
        click(dialog, QStringLiteral("Apply"));
        GenerationSettings left;
        left.systemPrompt = overrides.systemPrompt;
        QCOMPARE(m_settings->conversationOverrides(id), left);

        click(dialog, QStringLiteral("Restore defaults"));
        QVERIFY(control<QCheckBox>(dialog, QStringLiteral("Use default for System prompt"))->isChecked());
        QVERIFY(!control<QPlainTextEdit>(dialog, QStringLiteral("System prompt"))->isEnabled());
        click(dialog, QStringLiteral("OK"));
    }
    QCOMPARE(m_settings->conversationOverrides(id), GenerationSettings{});
    QCOMPARE(cairn::storage::ConversationStore(*m_db).conversation(id).value().settingsJson,
             std::string(R"({"repositories":[9]})"));
}

void TestSettingsDialog::unfinishedNumberIsRefused()
{
    SettingsDialog dialog(*m_settings);
    dialog.show();
    auto* temperature = control<QDoubleSpinBox>(dialog, QStringLiteral("Temperature"));
    temperature->findChild<QLineEdit*>()->clear();
    QVERIFY(!temperature->hasAcceptableInput());
    click(dialog, QStringLiteral("OK"));
    QVERIFY(dialog.isVisible());
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    QVERIFY2(dialog.problem().startsWith(QLatin1String("Temperature")), qPrintable(dialog.problem()));
    QVERIFY(control<QLabel>(dialog, QStringLiteral("Problem"))->isVisible());
    QCOMPARE(dialog.focusWidget(), temperature);
    QCOMPARE(m_settings->generationDefaults(), builtInGenerationSettings());

    // Once the number is whole again, OK goes through and the message goes away.
    QTest::keyClicks(temperature->findChild<QLineEdit*>(), QLocale().toString(0.5, 'f', 2));
    click(dialog, QStringLiteral("OK"));
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QVERIFY(dialog.problem().isEmpty());
    QCOMPARE(m_settings->generationDefaults().temperature, 0.5);
}

void TestSettingsDialog::maxTokensBeyondContextIsRefused()
{
    SettingsDialog dialog(*m_settings);
    dialog.show();
    control<QSpinBox>(dialog, QStringLiteral("Context length"))->setValue(4096);
    control<QSpinBox>(dialog, QStringLiteral("Max tokens"))->setValue(8192);
    QVERIFY(!dialog.apply());
    QVERIFY2(dialog.problem().contains(QLatin1String("Max tokens")), qPrintable(dialog.problem()));
    QCOMPARE(dialog.focusWidget(), control<QSpinBox>(dialog, QStringLiteral("Max tokens")));
    QCOMPARE(m_settings->generationDefaults(), builtInGenerationSettings());

    // In a conversation the check uses the default context length for a field left on default.
    GenerationSettings defaults;
    defaults.contextLength = 2048;
    QVERIFY(m_settings->setGenerationDefaults(defaults));
    const std::int64_t id = newConversation("{}");
    SettingsDialog conversation(*m_settings, id);
    conversation.show();
    QTest::mouseClick(control<QCheckBox>(conversation, QStringLiteral("Use default for Max tokens")), Qt::LeftButton);
    control<QSpinBox>(conversation, QStringLiteral("Max tokens"))->setValue(3000);
    QVERIFY(!conversation.apply());
    QCOMPARE(m_settings->conversationOverrides(id), GenerationSettings{});
    control<QSpinBox>(conversation, QStringLiteral("Max tokens"))->setValue(1000);
    QVERIFY(conversation.apply());
    QCOMPARE(m_settings->conversationOverrides(id).maxTokens, 1000);
}

void TestSettingsDialog::languageChangeSaysItNeedsARestart()
{
    SettingsDialog dialog(*m_settings);
    dialog.show();
    QLabel* note = control<QLabel>(dialog, QStringLiteral("Language note"));
    QVERIFY(!note->isVisible());
    control<QTabWidget>(dialog, QStringLiteral("Settings pages"))->setCurrentIndex(1);
    QComboBox* language = control<QComboBox>(dialog, QStringLiteral("Language"));
    language->setCurrentIndex(language->findData(QStringLiteral("zh_CN")));
    QVERIFY(note->isVisible());
    QVERIFY(dialog.apply());
    QCOMPARE(m_settings->language(), QStringLiteral("zh_CN"));
    QVERIFY(note->isVisible()); // still not in use until the restart
}

void TestSettingsDialog::darkThemeChoiceReachesThePalette()
{
    // The main window's wiring: the theme follows the stored choice.
    QVERIFY(m_settings->setTheme(ThemeChoice::Light));
    cairn::ui::Theme theme;
    theme.followSettings(*m_settings);
    QCOMPARE(theme.choice(), ThemeChoice::Light);
    const QColor before = QGuiApplication::palette().color(QPalette::Window);

    SettingsDialog dialog(*m_settings);
    dialog.show();
    QComboBox* choice = control<QComboBox>(dialog, QStringLiteral("Theme"));
    choice->setCurrentIndex(choice->findData(static_cast<int>(ThemeChoice::Dark)));
    click(dialog, QStringLiteral("OK"));
    QVERIFY(theme.isDark());
    const QColor after = QGuiApplication::palette().color(QPalette::Window);
    QVERIFY(after != before);
    QVERIFY(after.lightness() < before.lightness());
    QTRY_COMPARE(dialog.palette().color(QPalette::Window), after);
}

void TestSettingsDialog::translatedDialogNamesItsFields_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<QString>("temperature");
    QTest::newRow("de") << QStringLiteral("de") << QStringLiteral("Temperatur");
    QTest::newRow("zh_CN") << QStringLiteral("zh_CN") << QStringLiteral("温度");
}

void TestSettingsDialog::translatedDialogNamesItsFields()
{
    QFETCH(QString, language);
    QFETCH(QString, temperature);
    QTranslator translator;
    QVERIFY(translator.load(QLocale(language), QStringLiteral("cairn"), QStringLiteral("_"), QStringLiteral(":/i18n")));
    QCoreApplication::installTranslator(&translator);
    {
        SettingsDialog dialog(*m_settings);
        dialog.show();
        // Field names drop the mnemonic, whether "&Temperatur:" or "温度(&T)：".
        auto* box = control<QDoubleSpinBox>(dialog, temperature);
        QVERIFY(box);
        box->findChild<QLineEdit*>()->clear();
        QVERIFY(!dialog.apply());
        QVERIFY2(dialog.problem().startsWith(temperature), qPrintable(dialog.problem()));
        QVERIFY(!dialog.problem().contains(QLatin1Char('&')));
    }
    QCoreApplication::removeTranslator(&translator);
}

QTEST_MAIN(TestSettingsDialog)
#include "tst_settings_dialog.moc"
