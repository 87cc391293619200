// SPDX-License-Identifier: MIT
// MessageEditor: keys, growth by visual line count (QPlainTextDocumentLayout counts lines), and
// paste/drag rules: file URLs are left to the window's drop handler.

#include "ui/message_editor.h"

#include <QAbstractTextDocumentLayout>
#include <QKeyEvent>
#include <QMimeData>
#include <QScrollBar>
#include <QTextBlock>
#include <QUrl>

#include <algorithm>
#include <cmath>

namespace cairn::ui {

QList<QUrl> localFileUrls(const QMimeData* mime)
{
    if (mime == nullptr || !mime->hasUrls())
        return {};
    const QList<QUrl> urls = mime->urls();
    const bool allLocal = std::all_of(urls.begin(), urls.end(), [](const QUrl& url) { return url.isLocalFile(); });
    return allLocal ? urls : QList<QUrl>();
}

MessageEditor::MessageEditor(QWidget* parent) : QPlainTextEdit(parent)
{
    setObjectName(QStringLiteral("messageInput"));
    setAccessibleName(tr("Message"));
    setAccessibleDescription(tr("Enter sends, Shift+Enter starts a new line, Up edits your last message"));
    setPlaceholderText(tr("Message Cairn… (Enter sends, Shift+Enter for a new line)"));
    setTabChangesFocus(true);
    setLineWrapMode(QPlainTextEdit::WidgetWidth);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    connect(document()->documentLayout(), &QAbstractTextDocumentLayout::documentSizeChanged, this,
            [this] { updateHeight(); });
    updateHeight();
}

void MessageEditor::setMaximumLines(int lines)
{
    m_maximumLines = std::max(1, lines);
    updateHeight();
}

void MessageEditor::setGenerating(bool generating)
{
    m_generating = generating;
}

void MessageEditor::updateHeight()
{
    // QPlainTextDocumentLayout measures the document in lines, wrapped lines included.
    const double lines = document()->documentLayout()->documentSize().height();
    const int shown = std::clamp(static_cast<int>(std::ceil(lines)), 1, m_maximumLines);
    const QMargins margins = contentsMargins();
    const int height = fontMetrics().lineSpacing() * shown + 2 * static_cast<int>(document()->documentMargin())
        + margins.top() + margins.bottom() + 2;
    setFixedHeight(height);
    setVerticalScrollBarPolicy(lines > m_maximumLines ? Qt::ScrollBarAsNeeded : Qt::ScrollBarAlwaysOff);
}

void MessageEditor::keyPressEvent(QKeyEvent* event)
{
    const bool shift = event->modifiers().testFlag(Qt::ShiftModifier);
    switch (event->key()) {
    case Qt::Key_Return:
    case Qt::Key_Enter:
        if (shift) {
            textCursor().insertText(QStringLiteral("\n"));
            ensureCursorVisible();
        } else if (!m_generating) {
            emit submitRequested();
        }
        event->accept();
        return;
    case Qt::Key_Up:
        if (event->modifiers() == Qt::NoModifier && document()->isEmpty()) {
            emit editLastRequested();
            event->accept();
            return;
        }
        break;
    case Qt::Key_Escape:
        if (m_generating) {
            emit stopRequested();
            event->accept();
            return;
        }
        break;
    default:
        break;
    }
    QPlainTextEdit::keyPressEvent(event);
}

void MessageEditor::changeEvent(QEvent* event)
{
    QPlainTextEdit::changeEvent(event);
    if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange)
        updateHeight();
}

bool MessageEditor::canInsertFromMimeData(const QMimeData* source) const
{
    return source->hasImage() || !localFileUrls(source).isEmpty() || QPlainTextEdit::canInsertFromMimeData(source);
}

void MessageEditor::insertFromMimeData(const QMimeData* source)
{
    if (const QList<QUrl> urls = localFileUrls(source); !urls.isEmpty()) {
        emit urlsPasted(urls);
        return;
    }
    if (source->hasImage()) {
        const auto image = qvariant_cast<QImage>(source->imageData());
        if (!image.isNull()) {
            emit imagePasted(image);
            return;
        }
    }
    QPlainTextEdit::insertFromMimeData(source);
}

void MessageEditor::dragEnterEvent(QDragEnterEvent* event)
{
    if (event->mimeData()->hasUrls()) {
        event->ignore(); // files and folders are the window's drop handler's
        return;
    }
    QPlainTextEdit::dragEnterEvent(event);
}

void MessageEditor::dragMoveEvent(QDragMoveEvent* event)
{
    if (event->mimeData()->hasUrls()) {
        event->ignore();
        return;
    }
    QPlainTextEdit::dragMoveEvent(event);
}

} // namespace cairn::ui
