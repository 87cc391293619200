// SPDX-License-Identifier: MIT
// Colours the chat view derives from the current palette, so light, dark and system themes all
// work: muted text (stats, labels, reasoning) and the background of code blocks.
#pragma once

#include <QColor>
#include <QPalette>

class QWidget;

namespace cairn::ui {

/// Text colour between the palette's text and base: readable, but quieter than the message text.
QColor mutedTextColor(const QPalette& palette);
/// A code block's background: the palette's base shifted slightly towards its text.
QColor codeBackgroundColor(const QPalette& palette);
/// Gives `widget` muted text on `palette` (call again when the palette changes).
void setMutedText(QWidget* widget, const QPalette& palette);

} // namespace cairn::ui
