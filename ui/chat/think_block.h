// SPDX-License-Identifier: MIT
// ThinkBlock: a reply's <think> section as a collapsible "Reasoning" panel: open while the model is
// still reasoning, folded once the section ends (unless the user opened or closed it themselves).
#pragma once

#include <QFrame>

class QToolButton;

namespace cairn::ui {

class ProseBlock;

class ThinkBlock : public QFrame {
    Q_OBJECT
public:
    explicit ThinkBlock(QWidget* parent = nullptr);

    /// The reasoning so far; `finished` once </think> arrived (or the reply ended).
    void setReasoning(const QString& markdown, bool finished);
    [[nodiscard]] QString reasoning() const;
    [[nodiscard]] bool isExpanded() const;
    [[nodiscard]] bool isFinished() const { return m_finished; }
    /// Opens or folds the panel as the user's choice (the toggle button does this).
    void setExpanded(bool expanded);

protected:
    void changeEvent(QEvent* event) override;

private:
    void applyColors();
    void showExpanded(bool expanded);
    void updateTitle();

    QToolButton* m_toggle = nullptr;
    ProseBlock* m_body = nullptr;
    bool m_finished = false;
    bool m_userChose = false;
};

} // namespace cairn::ui
