// SPDX-License-Identifier: MIT
// The editor is a read-only QPlainTextEdit without wrapping; streamed code is appended at the end
// rather than reset, and the highlighter gets its spans when the block is final.

#include "ui/chat/code_block_widget.h"

#include "app/services/code_highlighter.h"
#include "ui/chat/chat_palette.h"
#include "ui/chat/code_syntax_highlighter.h"

#include <QApplication>
#include <QClipboard>
#include <QEvent>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextCursor>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>
#include <QWheelEvent>

namespace cairn::ui {

namespace {

/// A read-only code view that passes vertical wheel turns on to the chat view.
class CodeEditor : public QPlainTextEdit {
public:
    using QPlainTextEdit::QPlainTextEdit;

protected:
    void wheelEvent(QWheelEvent* event) override
    {
        if (event->angleDelta().x() != 0 && horizontalScrollBar()->maximum() > 0)
            QPlainTextEdit::wheelEvent(event);
        else
            event->ignore();
    }
};

/// How long the Copy button says "Copied".
constexpr int kCopiedFeedbackMs = 1500;

QString firstWord(const QString& info)
{
    const QString trimmed = info.trimmed();
    for (qsizetype i = 0; i < trimmed.size(); ++i) {
        if (trimmed[i].isSpace())
            return trimmed.first(i);
    }
    return trimmed;
}

} // namespace

CodeBlockWidget::CodeBlockWidget(QWidget* parent) : QFrame(parent)
{
    setFrameShape(QFrame::StyledPanel);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    setAccessibleName(tr("Code block"));

    m_languageLabel = new QLabel(this);
    m_languageLabel->setAccessibleName(tr("Code language"));
    QFont small = m_languageLabel->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    m_languageLabel->setFont(small);

    m_copyButton = new QToolButton(this);
    m_copyButton->setText(tr("Copy"));
    m_copyButton->setToolTip(tr("Copy the code to the clipboard"));
    m_copyButton->setAccessibleName(tr("Copy code"));
    m_copyButton->setAutoRaise(true);
    connect(m_copyButton, &QToolButton::clicked, this, &CodeBlockWidget::copyToClipboard);

    m_copiedTimer = new QTimer(this);
    m_copiedTimer->setSingleShot(true);
    m_copiedTimer->setInterval(kCopiedFeedbackMs);
    connect(m_copiedTimer, &QTimer::timeout, this, [this] { m_copyButton->setText(tr("Copy")); });

    m_editor = new CodeEditor(this);
    m_editor->setReadOnly(true);
    m_editor->setFrameShape(QFrame::NoFrame);
    m_editor->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_editor->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_editor->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    m_editor->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_editor->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_editor->setAccessibleName(tr("Code"));
    m_editor->setFocusPolicy(Qt::ClickFocus);
    m_highlighter = new CodeSyntaxHighlighter(m_editor->document());
    connect(m_editor->horizontalScrollBar(), &QScrollBar::rangeChanged, this, [this] { updateHeight(); });

    auto* header = new QHBoxLayout;
    header->setContentsMargins(6, 2, 2, 0);
    header->addWidget(m_languageLabel);
    header->addStretch(1);
    header->addWidget(m_copyButton);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(1, 1, 1, 1);
    layout->setSpacing(0);
    layout->addLayout(header);
    layout->addWidget(m_editor);
    applyColors();
}

CodeBlockWidget::~CodeBlockWidget() = default;

void CodeBlockWidget::setCode(const QString& code, const QString& info, bool closed)
{
    if (info != m_info) {
        m_info = info;
        m_language = firstWord(info);
        m_languageLabel->setText(m_language.isEmpty() ? tr("text") : m_language);
    }
    const QString current = m_editor->toPlainText();
    if (code != current) {
        if (m_highlighted) {
            m_highlighter->setSpans({}, palette());
            m_highlighted = false;
        }
        if (!current.isEmpty() && code.startsWith(current)) {
            // Streaming: append the new tail instead of re-laying out the whole block.
            QTextCursor cursor(m_editor->document());
            cursor.movePosition(QTextCursor::End);
            cursor.insertText(code.sliced(current.size()));
        } else {
            m_editor->setPlainText(code);
        }
        updateHeight();
    }
    if (closed && !m_highlighted)
        applyHighlight();
}

QString CodeBlockWidget::code() const
{
    return m_editor->toPlainText();
}

qsizetype CodeBlockWidget::highlightedSpanCount() const
{
    return m_highlighter->spanCount();
}

void CodeBlockWidget::copyToClipboard()
{
    QApplication::clipboard()->setText(code());
    m_copyButton->setText(tr("Copied"));
    m_copiedTimer->start();
}

void CodeBlockWidget::changeEvent(QEvent* event)
{
    QFrame::changeEvent(event);
    if (event->type() != QEvent::PaletteChange)
        return;
    applyColors();
    if (m_highlighted)
        applyHighlight(); // colours for the new background
}

void CodeBlockWidget::applyColors()
{
    setMutedText(m_languageLabel, palette());
    QPalette editorPalette = m_editor->palette();
    editorPalette.setColor(QPalette::Base, codeBackgroundColor(palette()));
    m_editor->setPalette(editorPalette);
}

void CodeBlockWidget::applyHighlight()
{
    m_highlighter->setSpans(app::highlightCode(m_info, m_editor->toPlainText()), palette());
    m_highlighted = true;
}

void CodeBlockWidget::updateHeight()
{
    const int lines = m_editor->document()->blockCount();
    const QFontMetrics metrics(m_editor->font());
    const auto margin = static_cast<int>(m_editor->document()->documentMargin());
    int height = lines * metrics.lineSpacing() + 2 * margin + 2 * m_editor->frameWidth() + 2;
    if (m_editor->horizontalScrollBar()->maximum() > 0)
        height += m_editor->horizontalScrollBar()->sizeHint().height();
    if (m_editor->height() != height) {
        m_editor->setFixedHeight(height);
        updateGeometry();
    }
}

} // namespace cairn::ui
