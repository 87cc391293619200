// SPDX-License-Identifier: MIT
// The height follows the document laid out at the widget's width; the wheel goes to the chat view.

#include "ui/chat/prose_block.h"

#include <QAbstractTextDocumentLayout>
#include <QDesktopServices>
#include <QResizeEvent>
#include <QScrollBar>
#include <QTextDocument>
#include <QTextFrame>
#include <QTextTable>
#include <QWheelEvent>

#include <cmath>

namespace cairn::ui {

namespace {

/// Gives the Markdown reader's tables room: padded cells, one line between them.
void styleTables(QTextFrame* frame)
{
    for (QTextFrame* child : frame->childFrames()) {
        if (auto* table = qobject_cast<QTextTable*>(child)) {
            QTextTableFormat format = table->format();
            format.setCellPadding(4);
            format.setCellSpacing(0);
            format.setBorderCollapse(true);
            table->setFormat(format);
        }
        styleTables(child);
    }
}

} // namespace

ProseBlock::ProseBlock(QWidget* parent) : QTextBrowser(parent)
{
    setFrameShape(QFrame::NoFrame);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    setFocusPolicy(Qt::NoFocus);
    setTextInteractionFlags(Qt::TextBrowserInteraction);
    setContextMenuPolicy(Qt::DefaultContextMenu);
    viewport()->setAutoFillBackground(false);
    setAutoFillBackground(false);
    document()->setDocumentMargin(2);
    // Links never navigate this browser: they go to the desktop's handler (openExternalLinks semantics).
    setOpenLinks(false);
    connect(this, &QTextBrowser::anchorClicked, this, [](const QUrl& url) { QDesktopServices::openUrl(url); });
    setAccessibleName(tr("Message text"));
}

void ProseBlock::setMarkdownText(const QString& markdown)
{
    if (markdown == m_markdown)
        return;
    m_markdown = markdown;
    document()->setMarkdown(markdown, QTextDocument::MarkdownDialectGitHub);
    styleTables(document()->rootFrame());
    m_lastHeightWidth = -1;
    updateGeometry();
}

bool ProseBlock::hasHeightForWidth() const
{
    return true;
}

int ProseBlock::heightForWidth(int width) const
{
    if (width == m_lastHeightWidth)
        return m_lastHeight;
    const int margins = 2 * frameWidth();
    QTextDocument* doc = document();
    const qreal shownWidth = doc->textWidth();
    doc->setTextWidth(qMax(0, width - margins));
    const int height = static_cast<int>(std::ceil(doc->size().height())) + margins;
    // A layout asking about another width than the one shown must not leave the text wrapped for it.
    if (width != this->width() && shownWidth > 0)
        doc->setTextWidth(shownWidth);
    m_lastHeightWidth = width;
    m_lastHeight = height;
    return height;
}

QSize ProseBlock::sizeHint() const
{
    const int width = this->width() > 0 ? this->width() : 400;
    return {width, heightForWidth(width)};
}

QSize ProseBlock::minimumSizeHint() const
{
    return {50, heightForWidth(width() > 0 ? width() : 400)};
}

void ProseBlock::resizeEvent(QResizeEvent* event)
{
    QTextBrowser::resizeEvent(event);
    if (event->size().width() != event->oldSize().width())
        updateGeometry();
}

void ProseBlock::wheelEvent(QWheelEvent* event)
{
    event->ignore(); // the chat view scrolls, not this block
}

} // namespace cairn::ui
