// SPDX-License-Identifier: MIT
// CodeBlockWidget: a fenced code block in a reply: a header with the language and a Copy button, and
// the code in monospace, highlighted with tree-sitter once the fence has closed (plain while it streams).
// Long lines scroll sideways inside the block; the block is as tall as its code.
#pragma once

#include <QFrame>

class QLabel;
class QPlainTextEdit;
class QToolButton;
class QTimer;

namespace cairn::ui {

class CodeSyntaxHighlighter;

class CodeBlockWidget : public QFrame {
    Q_OBJECT
public:
    explicit CodeBlockWidget(QWidget* parent = nullptr);
    ~CodeBlockWidget() override;

    /// Shows `code` from a fence with info string `info`; `closed` once the fence has ended, which
    /// highlights it (once: again only if the code changes).
    void setCode(const QString& code, const QString& info, bool closed);
    [[nodiscard]] QString code() const;
    /// The language as the fence named it ("cpp", "python"), empty for a bare fence.
    [[nodiscard]] QString language() const { return m_language; }
    /// Number of highlighted spans with a colour (0 before the fence closes or for unknown languages).
    [[nodiscard]] qsizetype highlightedSpanCount() const;
    /// Puts the code on the clipboard.
    void copyToClipboard();

protected:
    void changeEvent(QEvent* event) override;

private:
    void updateHeight();
    void applyHighlight();
    void applyColors();

    QLabel* m_languageLabel = nullptr;
    QToolButton* m_copyButton = nullptr;
    QPlainTextEdit* m_editor = nullptr;
    CodeSyntaxHighlighter* m_highlighter = nullptr;
    QTimer* m_copiedTimer = nullptr;
    QString m_language;
    QString m_info;
    bool m_highlighted = false;
};

} // namespace cairn::ui
