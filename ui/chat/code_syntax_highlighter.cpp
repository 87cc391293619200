// SPDX-License-Identifier: MIT
// Capture names resolve from the most specific to the most general ("function.method.builtin" ->
// "function.method" -> "function"); two colour tables, one per background brightness.

#include "ui/chat/code_syntax_highlighter.h"

#include <QTextBlock>

#include <algorithm>

namespace cairn::ui {

namespace {

struct CaptureColor {
    const char* capture;
    const char* light; ///< on a light background
    const char* dark;  ///< on a dark background
};

// Readable on their background (contrast about 4.5:1 or more against white and against #1e1e1e).
constexpr CaptureColor kColors[] = {
    {"keyword", "#a0309f", "#d490e0"},
    {"string", "#3c7a2e", "#9bcf7a"},
    {"string.special", "#0a6f8f", "#6cc8d8"},
    {"escape", "#0a6f8f", "#6cc8d8"},
    {"character", "#3c7a2e", "#9bcf7a"},
    {"comment", "#6a6f78", "#8f959e"},
    {"function", "#2a5bc4", "#7fb3f5"},
    {"constructor", "#8a5a00", "#e5c07b"},
    {"type", "#8a5a00", "#e5c07b"},
    {"module", "#8a5a00", "#e5c07b"},
    {"number", "#9a4a00", "#e0a070"},
    {"constant", "#9a4a00", "#e0a070"},
    {"boolean", "#9a4a00", "#e0a070"},
    {"variable.builtin", "#b83030", "#ef8080"},
    {"variable.parameter", "#7a4a10", "#d8b080"},
    {"property", "#8a3050", "#e8a0b8"},
    {"attribute", "#8a5a00", "#e5c07b"},
    {"tag", "#b83030", "#ef8080"},
    {"label", "#b83030", "#ef8080"},
    {"operator", "#0a6f8f", "#6cc8d8"},
};

const CaptureColor* colorFor(QStringView capture)
{
    while (!capture.isEmpty()) {
        for (const CaptureColor& entry : kColors) {
            if (capture == QLatin1String(entry.capture))
                return &entry;
        }
        const qsizetype dot = capture.lastIndexOf(u'.');
        if (dot < 0)
            break;
        capture = capture.first(dot);
    }
    return nullptr;
}

} // namespace

CodeSyntaxHighlighter::CodeSyntaxHighlighter(QTextDocument* document) : QSyntaxHighlighter(document)
{
}

QTextCharFormat CodeSyntaxHighlighter::formatFor(const QString& capture, const QPalette& palette)
{
    QTextCharFormat format;
    const CaptureColor* color = colorFor(capture);
    if (color == nullptr)
        return format;
    const bool dark = palette.color(QPalette::Base).lightness() < 128;
    format.setForeground(QColor(QLatin1String(dark ? color->dark : color->light)));
    if (capture.startsWith(QLatin1String("comment")))
        format.setFontItalic(true);
    if (capture == QLatin1String("keyword"))
        format.setFontWeight(QFont::DemiBold);
    return format;
}

void CodeSyntaxHighlighter::setSpans(QList<app::CodeSpan> spans, const QPalette& palette)
{
    m_spans.clear();
    m_reach.clear();
    m_spans.reserve(spans.size());
    int reach = 0;
    for (const app::CodeSpan& span : spans) {
        QTextCharFormat format = formatFor(span.capture, palette);
        if (!format.hasProperty(QTextFormat::ForegroundBrush))
            continue;
        m_spans.append({span.start, span.length, std::move(format)});
        reach = qMax(reach, span.start + span.length);
        m_reach.append(reach);
    }
    rehighlight();
}

void CodeSyntaxHighlighter::highlightBlock(const QString& text)
{
    if (m_spans.isEmpty())
        return;
    const int blockStart = currentBlock().position();
    const int blockEnd = blockStart + static_cast<int>(text.size());
    // Spans are sorted by start, so the ones touching this block lie between the first whose reach
    // (the furthest end up to it) passes the block's start, and the last that starts before its end.
    // A span from an earlier block (a multi-line comment or string) is included by its reach.
    const auto first = std::upper_bound(m_reach.cbegin(), m_reach.cend(), blockStart) - m_reach.cbegin();
    for (qsizetype i = first; i < m_spans.size() && m_spans[i].start < blockEnd; ++i) {
        const Styled& span = m_spans[i];
        const int start = qMax(span.start, blockStart);
        const int end = qMin(span.start + span.length, blockEnd);
        if (end > start)
            setFormat(start - blockStart, end - start, span.format);
    }
}

} // namespace cairn::ui
