// SPDX-License-Identifier: MIT
// CodeSyntaxHighlighter: paints a code document with spans from app::highlightCode, mapping capture
// names (keyword, string, comment, function, type, number, constant, variable.builtin, ...) to colours
// chosen for the palette's background, readable on light and dark themes.
#pragma once

#include "app/services/code_highlighter.h"

#include <QPalette>
#include <QSyntaxHighlighter>
#include <QTextCharFormat>

namespace cairn::ui {

class CodeSyntaxHighlighter : public QSyntaxHighlighter {
    Q_OBJECT
public:
    explicit CodeSyntaxHighlighter(QTextDocument* document);

    /// Sets the spans (positions in the whole document) and repaints; an empty list clears.
    void setSpans(QList<app::CodeSpan> spans, const QPalette& palette);
    [[nodiscard]] qsizetype spanCount() const { return m_spans.size(); }

    /// The format for a capture on `palette`'s background; no properties for captures left plain.
    static QTextCharFormat formatFor(const QString& capture, const QPalette& palette);

protected:
    void highlightBlock(const QString& text) override;

private:
    struct Styled {
        int start = 0;
        int length = 0;
        QTextCharFormat format;
    };
    QList<Styled> m_spans; ///< sorted by start, enclosing spans first
    QList<int> m_reach;    ///< m_reach[i]: the furthest end among m_spans[0..i] (non-decreasing)
};

} // namespace cairn::ui
