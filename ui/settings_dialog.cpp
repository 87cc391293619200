// SPDX-License-Identifier: MIT
// SettingsDialog: builds the Generation and Appearance pages, shows the stored values, checks the
// edited ones and hands them to SettingsService.

#include "ui/settings_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QTabWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace cairn::ui {

namespace {

constexpr int kMaxContextLength = 1 << 24; // as GenerationSettings' JSON allows

QDoubleSpinBox* doubleBox(double minimum, double maximum, double step, int decimals)
{
    auto* box = new QDoubleSpinBox;
    box->setRange(minimum, maximum);
    box->setSingleStep(step);
    box->setDecimals(decimals);
    return box;
}

QSpinBox* intBox(int minimum, int maximum, int step)
{
    auto* box = new QSpinBox;
    box->setRange(minimum, maximum);
    box->setSingleStep(step);
    box->setGroupSeparatorShown(true);
    return box;
}

/// A label's text without its mnemonic ("&Temperature:", a translation's "(&T)") and its colon
/// (also the full-width one): the field's name.
QString fieldName(QString label)
{
    static const QRegularExpression mnemonic(QStringLiteral("\\(&.\\)|&|[:\\x{FF1A}]\\s*$"));
    return label.remove(mnemonic).trimmed();
}

} // namespace

SettingsDialog::SettingsDialog(app::SettingsService& settings, std::optional<std::int64_t> conversationId,
                               QWidget* parent)
    : QDialog(parent), m_settings(settings), m_conversationId(conversationId), m_defaults(settings.generationDefaults())
{
    setWindowTitle(conversationId ? tr("Conversation Settings") : tr("Settings"));
    setAccessibleName(windowTitle());

    m_tabs = new QTabWidget;
    m_tabs->setAccessibleName(tr("Settings pages"));
    m_tabs->addTab(buildGenerationPage(), tr("&Generation"));
    if (!conversationId)
        m_tabs->addTab(buildAppearancePage(), tr("Appeara&nce"));

    m_problem = new QLabel;
    m_problem->setWordWrap(true);
    m_problem->setAccessibleName(tr("Problem"));
    m_problem->hide();

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel | QDialogButtonBox::Apply
                                     | QDialogButtonBox::RestoreDefaults);
    m_buttons->button(QDialogButtonBox::Ok)->setAccessibleName(tr("OK"));
    m_buttons->button(QDialogButtonBox::Cancel)->setAccessibleName(tr("Cancel"));
    m_buttons->button(QDialogButtonBox::Apply)->setAccessibleName(tr("Apply"));
    QPushButton* restore = m_buttons->button(QDialogButtonBox::RestoreDefaults);
    restore->setAccessibleName(tr("Restore defaults"));
    restore->setToolTip(conversationId ? tr("Use the profile's defaults for every field of this conversation")
                                       : tr("Put Cairn's built-in values back on the page shown"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    connect(m_buttons->button(QDialogButtonBox::Apply), &QPushButton::clicked, this, [this] { apply(); });
    connect(restore, &QPushButton::clicked, this, &SettingsDialog::restoreDefaults);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs);
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);

    if (conversationId) {
        QString problem;
        const app::GenerationSettings overrides = m_settings.conversationOverrides(*conversationId, &problem);
        showSettings(app::mergedGenerationSettings(m_defaults, overrides));
        const std::array<bool, kFieldCount> overridden{
            overrides.systemPrompt.has_value(), overrides.temperature.has_value(),
            overrides.topP.has_value(),         overrides.topK.has_value(),
            overrides.minP.has_value(),         overrides.repeatPenalty.has_value(),
            overrides.maxTokens.has_value(),    overrides.contextLength.has_value(),
            overrides.threads.has_value()};
        for (std::size_t field = 0; field < kFieldCount; ++field) {
            m_useDefault[field]->setChecked(!overridden[field]);
            m_editors[field]->setEnabled(overridden[field]);
        }
        if (!problem.isEmpty())
            showProblem(problem);
    } else {
        showSettings(m_defaults);
    }
}

QWidget* SettingsDialog::buildGenerationPage()
{
    auto* page = new QWidget;
    auto* form = new QFormLayout(page);

    m_systemPrompt = new QPlainTextEdit;
    m_systemPrompt->setTabChangesFocus(true);
    m_systemPrompt->setPlaceholderText(tr("Instructions the model reads before every conversation"));
    addRow(form, SystemPrompt, tr("&System prompt:"), m_systemPrompt,
           tr("Text given to the model as its first, system turn"));

    m_temperature = doubleBox(0.0, 2.0, 0.05, 2);
    addRow(form, Temperature, tr("&Temperature:"), m_temperature,
           tr("Randomness of the reply: 0 always takes the most likely token, higher values vary more"));

    m_topP = doubleBox(0.0, 1.0, 0.05, 2);
    addRow(form, TopP, tr("Top-&p:"), m_topP,
           tr("Sample only from the most likely tokens whose probabilities add up to this (1 = off)"));

    m_topK = intBox(0, 1000, 1);
    m_topK->setSpecialValueText(tr("Off"));
    addRow(form, TopK, tr("Top-&k:"), m_topK, tr("Sample only from this many of the most likely tokens (0 = off)"));

    m_minP = doubleBox(0.0, 1.0, 0.01, 2);
    addRow(form, MinP, tr("M&in-p:"), m_minP,
           tr("Drop tokens less likely than this fraction of the most likely one (0 = off)"));

    m_repeatPenalty = doubleBox(1.0, 2.0, 0.05, 2);
    addRow(form, RepeatPenalty, tr("&Repeat penalty:"), m_repeatPenalty,
           tr("Makes tokens that already appeared less likely (1 = off)"));

    m_maxTokens = intBox(-1, kMaxContextLength, 64);
    m_maxTokens->setSpecialValueText(tr("Unlimited"));
    addRow(form, MaxTokens, tr("Max tok&ens:"), m_maxTokens,
           tr("Longest reply in tokens; Unlimited stops when the model ends its turn or the context is full"));

    m_contextLength = intBox(256, kMaxContextLength, 1024);
    addRow(form, ContextLength, tr("Conte&xt length:"), m_contextLength,
           tr("Tokens the conversation can hold (prompt and replies); more needs more memory. "
              "Takes effect when the model is next loaded"));

    m_threads = intBox(0, 1024, 1);
    m_threads->setSpecialValueText(tr("Automatic"));
    addRow(form, Threads, tr("T&hreads:"), m_threads, tr("CPU threads used for generation (Automatic: one per core)"));
    return page;
}

void SettingsDialog::addRow(QFormLayout* form, Field field, const QString& label, QWidget* editor, const QString& tip)
{
    const QString name = fieldName(label);
    m_fieldNames[field] = name;
    m_editors[field] = editor;
    editor->setAccessibleName(name);
    editor->setToolTip(tip);
    auto* labelWidget = new QLabel(label);
    labelWidget->setBuddy(editor);
    if (!m_conversationId) {
        form->addRow(labelWidget, editor);
        return;
    }
    auto* useDefault = new QCheckBox(tr("Use default"));
    useDefault->setAccessibleName(tr("Use default for %1").arg(name));
    useDefault->setToolTip(
        tr("Take %1 from the profile's defaults instead of setting it for this conversation").arg(name));
    m_useDefault[field] = useDefault;
    connect(useDefault, &QCheckBox::toggled, this, [this, field](bool checked) { useDefaultToggled(field, checked); });
    auto* row = new QWidget;
    auto* rowLayout = new QHBoxLayout(row);
    rowLayout->setContentsMargins(0, 0, 0, 0);
    rowLayout->addWidget(editor, 1);
    rowLayout->addWidget(useDefault, 0, field == SystemPrompt ? Qt::AlignTop : Qt::Alignment());
    form->addRow(labelWidget, row);
}

QWidget* SettingsDialog::buildAppearancePage()
{
    auto* page = new QWidget;
    auto* form = new QFormLayout(page);

    m_theme = new QComboBox;
    m_theme->addItem(tr("Follow the system"), QVariant::fromValue(static_cast<int>(app::ThemeChoice::System)));
    m_theme->addItem(tr("Light"), QVariant::fromValue(static_cast<int>(app::ThemeChoice::Light)));
    m_theme->addItem(tr("Dark"), QVariant::fromValue(static_cast<int>(app::ThemeChoice::Dark)));
    m_theme->setCurrentIndex(m_theme->findData(static_cast<int>(m_settings.theme())));
    m_theme->setAccessibleName(tr("Theme"));
    m_theme->setToolTip(tr("Light or dark colours, or whichever the desktop prefers"));
    auto* themeLabel = new QLabel(tr("&Theme:"));
    themeLabel->setBuddy(m_theme);
    form->addRow(themeLabel, m_theme);

    m_language = new QComboBox;
    m_language->addItem(tr("System language"), QString());
    // Each language is named in itself, as people look for their own ("en" alone would read
    // "American English").
    for (const QString& language : app::SettingsService::availableLanguages()) {
        const QLocale locale(language);
        m_language->addItem(locale.language() == QLocale::English ? QLocale::languageToString(QLocale::English)
                                                                  : locale.nativeLanguageName(),
                            language);
    }
    m_language->setCurrentIndex(m_language->findData(m_settings.language()));
    m_language->setAccessibleName(tr("Language"));
    m_language->setToolTip(tr("The language of Cairn's menus and messages"));
    auto* languageLabel = new QLabel(tr("&Language:"));
    languageLabel->setBuddy(m_language);
    form->addRow(languageLabel, m_language);

    m_restartNote = new QLabel(tr("The new language is used when Cairn next starts."));
    m_restartNote->setWordWrap(true);
    m_restartNote->setAccessibleName(tr("Language note"));
    m_restartNote->setVisible(false);
    form->addRow(QString(), m_restartNote);
    m_openedLanguage = m_settings.language();
    connect(m_language, &QComboBox::currentIndexChanged, this,
            [this] { m_restartNote->setVisible(m_language->currentData().toString() != m_openedLanguage); });
    return page;
}

void SettingsDialog::showSettings(const app::GenerationSettings& settings)
{
    m_systemPrompt->setPlainText(settings.systemPrompt.value_or(QString()));
    m_temperature->setValue(settings.temperature.value_or(0.0));
    m_topP->setValue(settings.topP.value_or(1.0));
    m_topK->setValue(settings.topK.value_or(0));
    m_minP->setValue(settings.minP.value_or(0.0));
    m_repeatPenalty->setValue(settings.repeatPenalty.value_or(1.0));
    m_maxTokens->setValue(settings.maxTokens.value_or(-1));
    m_contextLength->setValue(
        static_cast<int>(std::min<std::int64_t>(settings.contextLength.value_or(4096), kMaxContextLength)));
    m_threads->setValue(settings.threads.value_or(0));
}

app::GenerationSettings SettingsDialog::shownSettings() const
{
    app::GenerationSettings settings;
    settings.systemPrompt = m_systemPrompt->toPlainText();
    settings.temperature = m_temperature->value();
    settings.topP = m_topP->value();
    settings.topK = m_topK->value();
    settings.minP = m_minP->value();
    settings.repeatPenalty = m_repeatPenalty->value();
    settings.maxTokens = m_maxTokens->value();
    settings.contextLength = m_contextLength->value();
    settings.threads = m_threads->value();
    return settings;
}

app::GenerationSettings SettingsDialog::shownOverrides() const
{
    app::GenerationSettings overrides = shownSettings();
    const auto keep = [this](Field field, auto& value) {
        if (m_useDefault[field]->isChecked())
            value.reset();
    };
    keep(SystemPrompt, overrides.systemPrompt);
    keep(Temperature, overrides.temperature);
    keep(TopP, overrides.topP);
    keep(TopK, overrides.topK);
    keep(MinP, overrides.minP);
    keep(RepeatPenalty, overrides.repeatPenalty);
    keep(MaxTokens, overrides.maxTokens);
    keep(ContextLength, overrides.contextLength);
    keep(Threads, overrides.threads);
    return overrides;
}

void SettingsDialog::useDefaultToggled(Field field, bool useDefault)
{
    m_editors[field]->setEnabled(!useDefault);
    // Show the value the conversation will get: the profile's default.
    if (useDefault)
        showSettings(app::mergedGenerationSettings(m_defaults, shownOverrides()));
}

bool SettingsDialog::apply()
{
    const app::GenerationSettings shown = m_conversationId ? shownOverrides() : shownSettings();
    const app::GenerationSettings effective = app::mergedGenerationSettings(m_defaults, shown);
    QString problem = validationProblem(effective);
    if (problem.isEmpty()) {
        const bool stored = m_conversationId ? m_settings.setConversationOverrides(*m_conversationId, shown, &problem)
                                             : m_settings.setGenerationDefaults(shown, &problem);
        if (stored && !m_conversationId) {
            m_defaults = m_settings.generationDefaults();
            const auto theme = static_cast<app::ThemeChoice>(m_theme->currentData().toInt());
            if (m_settings.setTheme(theme, &problem))
                m_settings.setLanguage(m_language->currentData().toString(), &problem);
        }
        if (!stored && problem.isEmpty())
            problem = tr("The settings could not be saved.");
    }
    showProblem(problem);
    return problem.isEmpty();
}

QString SettingsDialog::validationProblem(const app::GenerationSettings& effective)
{
    // A spin box refuses out-of-range values, but text being typed may not be a number yet.
    for (std::size_t field = 0; field < kFieldCount; ++field) {
        const auto* box = qobject_cast<const QAbstractSpinBox*>(m_editors[field]);
        if (box && box->isEnabled() && !box->hasAcceptableInput()) {
            m_tabs->setCurrentIndex(0);
            m_editors[field]->setFocus();
            QString message;
            if (const auto* number = qobject_cast<const QDoubleSpinBox*>(box))
                message = tr("%1: enter a number from %2 to %3.")
                              .arg(m_fieldNames[field], QLocale().toString(number->minimum()),
                                   QLocale().toString(number->maximum()));
            else if (const auto* whole = qobject_cast<const QSpinBox*>(box))
                message = tr("%1: enter a whole number from %2 to %3.")
                              .arg(m_fieldNames[field], QLocale().toString(whole->minimum()),
                                   QLocale().toString(whole->maximum()));
            return message;
        }
    }
    const int maxTokens = effective.maxTokens.value_or(-1);
    const std::int64_t contextLength = effective.contextLength.value_or(0);
    if (maxTokens >= 0 && contextLength > 0 && maxTokens >= contextLength) {
        m_tabs->setCurrentIndex(0);
        m_maxTokens->setFocus();
        return tr("Max tokens (%1) must be smaller than the context length (%2): the prompt needs room too.")
            .arg(QLocale().toString(maxTokens), QLocale().toString(contextLength));
    }
    return {};
}

void SettingsDialog::showProblem(const QString& problem)
{
    // Red that reads on either palette.
    const bool dark = palette().color(QPalette::Window).lightness() < 128;
    m_problem->setStyleSheet(dark ? QStringLiteral("color: #ff8a80;") : QStringLiteral("color: #b71c1c;"));
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
}

void SettingsDialog::restoreDefaults()
{
    if (m_conversationId) {
        for (QCheckBox* useDefault : m_useDefault)
            useDefault->setChecked(true);
        return;
    }
    if (m_tabs->currentIndex() == 0) {
        showSettings(app::builtInGenerationSettings());
        return;
    }
    m_theme->setCurrentIndex(m_theme->findData(static_cast<int>(app::ThemeChoice::System)));
    m_language->setCurrentIndex(m_language->findData(QString()));
}

QString SettingsDialog::problem() const
{
    return m_problem->text();
}

void SettingsDialog::accept()
{
    if (apply())
        QDialog::accept();
}

} // namespace cairn::ui
