// SPDX-License-Identifier: MIT
// ProseBlock: one run of Markdown prose (headings, lists, tables, links, inline code) rendered by
// QTextDocument's Markdown reader in a read-only, selectable browser that is exactly as tall as its
// text (no scroll bar of its own; the chat view scrolls). Links open in the system's browser.
#pragma once

#include <QTextBrowser>

namespace cairn::ui {

class ProseBlock : public QTextBrowser {
    Q_OBJECT
public:
    explicit ProseBlock(QWidget* parent = nullptr);

    /// Replaces the text; `markdown` is CommonMark with GitHub tables and task lists.
    void setMarkdownText(const QString& markdown);
    [[nodiscard]] const QString& markdownText() const { return m_markdown; }

    [[nodiscard]] bool hasHeightForWidth() const override;
    [[nodiscard]] int heightForWidth(int width) const override;
    [[nodiscard]] QSize sizeHint() const override;
    [[nodiscard]] QSize minimumSizeHint() const override;

protected:
    void resizeEvent(QResizeEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;

private:
    QString m_markdown;
    // heightForWidth() is asked often by layouts; its last answer is cached.
    mutable int m_lastHeightWidth = -1;
    mutable int m_lastHeight = 0;
};

} // namespace cairn::ui
