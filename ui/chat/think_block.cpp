// SPDX-License-Identifier: MIT
// A checkable tool button with an arrow folds and unfolds a ProseBlock holding the reasoning.

#include "ui/chat/think_block.h"

#include "ui/chat/chat_palette.h"
#include "ui/chat/prose_block.h"

#include <QEvent>
#include <QToolButton>
#include <QVBoxLayout>

namespace cairn::ui {

ThinkBlock::ThinkBlock(QWidget* parent) : QFrame(parent)
{
    setFrameShape(QFrame::NoFrame);
    setAccessibleName(tr("Reasoning"));

    m_toggle = new QToolButton(this);
    m_toggle->setCheckable(true);
    m_toggle->setAutoRaise(true);
    m_toggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_toggle->setAccessibleName(tr("Show or hide the reasoning"));
    connect(m_toggle, &QToolButton::clicked, this, [this](bool checked) { setExpanded(checked); });

    m_body = new ProseBlock(this);
    m_body->setAccessibleName(tr("Reasoning text"));

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_toggle, 0, Qt::AlignLeft);
    layout->addWidget(m_body);
    showExpanded(true);
    updateTitle();
    applyColors();
}

void ThinkBlock::changeEvent(QEvent* event)
{
    QFrame::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        applyColors();
}

void ThinkBlock::applyColors()
{
    setMutedText(m_toggle, palette());
    setMutedText(m_body, palette());
}

void ThinkBlock::setReasoning(const QString& markdown, bool finished)
{
    m_body->setMarkdownText(markdown);
    if (finished != m_finished) {
        m_finished = finished;
        if (!m_userChose)
            showExpanded(!finished);
        updateTitle();
    }
}

QString ThinkBlock::reasoning() const
{
    return m_body->markdownText();
}

bool ThinkBlock::isExpanded() const
{
    return m_toggle->isChecked();
}

void ThinkBlock::setExpanded(bool expanded)
{
    m_userChose = true;
    showExpanded(expanded);
}

void ThinkBlock::showExpanded(bool expanded)
{
    m_toggle->setChecked(expanded);
    m_toggle->setArrowType(expanded ? Qt::DownArrow : Qt::RightArrow);
    m_body->setVisible(expanded);
}

void ThinkBlock::updateTitle()
{
    m_toggle->setText(m_finished ? tr("Reasoning") : tr("Reasoning…"));
}

} // namespace cairn::ui
