// SPDX-License-Identifier: MIT
// SettingsDialog: the profile's generation defaults and appearance (theme, language), or one
// conversation's generation overrides, where each field has a "Use default" box. Values are
// checked before anything is stored; a language change applies when Cairn next starts.
#pragma once

#include "app/services/settings_service.h"

#include <QDialog>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QPlainTextEdit;
class QSpinBox;
class QTabWidget;

namespace cairn::ui {

class SettingsDialog : public QDialog {
    Q_OBJECT
public:
    /// Without a conversation: the Generation and Appearance tabs for the whole profile. With one:
    /// only the Generation page, for that conversation's overrides.
    explicit SettingsDialog(app::SettingsService& settings, std::optional<std::int64_t> conversationId = std::nullopt,
                            QWidget* parent = nullptr);

    /// Checks and stores what the dialog shows (the Apply button). False when a value is refused
    /// or cannot be stored; problem() then says why and the dialog shows it.
    bool apply();
    /// The page shown back to Cairn's built-in values (Appearance: follow the system's theme and
    /// language), or every field of a conversation back to "Use default". Nothing is stored until
    /// Apply or OK.
    void restoreDefaults();
    /// The message shown for the last refused Apply or OK, or empty.
    [[nodiscard]] QString problem() const;

    void accept() override;

private:
    enum Field : std::size_t {
        SystemPrompt,
        Temperature,
        TopP,
        TopK,
        MinP,
        RepeatPenalty,
        MaxTokens,
        ContextLength,
        Threads
    };
    static constexpr std::size_t kFieldCount = Threads + 1;

    QWidget* buildGenerationPage();
    QWidget* buildAppearancePage();
    void addRow(QFormLayout* form, Field field, const QString& label, QWidget* editor, const QString& tip);
    void showSettings(const app::GenerationSettings& settings);
    [[nodiscard]] app::GenerationSettings shownSettings() const;
    [[nodiscard]] app::GenerationSettings shownOverrides() const;
    void useDefaultToggled(Field field, bool useDefault);
    /// Why the shown values cannot be stored (the field at fault gets the focus), or empty.
    [[nodiscard]] QString validationProblem(const app::GenerationSettings& effective);
    void showProblem(const QString& problem);

    app::SettingsService& m_settings;
    std::optional<std::int64_t> m_conversationId;
    app::GenerationSettings m_defaults;

    QTabWidget* m_tabs = nullptr;
    QPlainTextEdit* m_systemPrompt = nullptr;
    QDoubleSpinBox* m_temperature = nullptr;
    QDoubleSpinBox* m_topP = nullptr;
    QSpinBox* m_topK = nullptr;
    QDoubleSpinBox* m_minP = nullptr;
    QDoubleSpinBox* m_repeatPenalty = nullptr;
    QSpinBox* m_maxTokens = nullptr;
    QSpinBox* m_contextLength = nullptr;
    QSpinBox* m_threads = nullptr;
    std::array<QWidget*, kFieldCount> m_editors{};
    std::array<QString, kFieldCount> m_fieldNames;
    std::array<QCheckBox*, kFieldCount> m_useDefault{}; ///< only for a conversation

    QComboBox* m_theme = nullptr;
    QComboBox* m_language = nullptr;
    QLabel* m_restartNote = nullptr;
    QString m_openedLanguage; ///< the stored language when the dialog opened
    QLabel* m_problem = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
};

} // namespace cairn::ui
