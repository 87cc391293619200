// SPDX-License-Identifier: MIT
// Layout, top to bottom: role, attachments, blocks (or the inline editor), stats, actions + branch
// arrows. Widgets that most messages do not need (editor, arrows, stats) are made on first use.

#include "ui/chat/message_widget.h"

#include "ui/chat/chat_palette.h"
#include "ui/chat/code_block_widget.h"
#include "ui/chat/prose_block.h"
#include "ui/chat/think_block.h"

#include <QApplication>
#include <QClipboard>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QToolButton>
#include <QVBoxLayout>

namespace cairn::ui {

namespace {

QToolButton* actionButton(QWidget* parent, const QString& objectName, const QString& text, const QString& toolTip)
{
    auto* button = new QToolButton(parent);
    button->setObjectName(objectName);
    button->setText(text);
    button->setToolTip(toolTip);
    button->setAccessibleName(toolTip);
    button->setAutoRaise(true);
    return button;
}

/// Takes a block out of the message at once and deletes it when control returns to the event loop.
void dropWidget(QWidget* widget)
{
    widget->hide();
    widget->setParent(nullptr);
    widget->deleteLater();
}

QString roleName(app::ChatRole role)
{
    switch (role) {
    case app::ChatRole::System:
        return MessageWidget::tr("System");
    case app::ChatRole::User:
        return MessageWidget::tr("You");
    case app::ChatRole::Assistant:
        return MessageWidget::tr("Assistant");
    }
    return {};
}

/// What a screen reader says for the whole message: one sentence per role, so that no language has
/// to build it from a role word ("Nachricht von Sie").
QString accessibleMessageName(app::ChatRole role)
{
    switch (role) {
    case app::ChatRole::System:
        return MessageWidget::tr("System prompt");
    case app::ChatRole::User:
        return MessageWidget::tr("Your message");
    case app::ChatRole::Assistant:
        return MessageWidget::tr("Assistant's reply");
    }
    return {};
}

} // namespace

MessageWidget::MessageWidget(const app::ChatMessageView& message, QWidget* parent)
    : QFrame(parent), m_id(message.id), m_role(message.role)
{
    setAccessibleName(accessibleMessageName(m_role));
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    if (m_role == app::ChatRole::User) {
        setBackgroundRole(QPalette::AlternateBase);
        setAutoFillBackground(true);
    }

    auto* role = new QLabel(roleName(m_role), this);
    QFont bold = role->font();
    bold.setBold(true);
    role->setFont(bold);

    m_blocksArea = new QWidget(this);
    m_blocksLayout = new QVBoxLayout(m_blocksArea);
    m_blocksLayout->setContentsMargins(0, 0, 0, 0);
    m_blocksLayout->setSpacing(6);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 6, 10, 4);
    layout->setSpacing(4);
    layout->addWidget(role);
    layout->addWidget(m_blocksArea);
    buildActions();
    setMessage(message);
}

void MessageWidget::buildActions()
{
    auto* actions = new QWidget(this);
    auto* row = new QHBoxLayout(actions);
    row->setContentsMargins(0, 0, 0, 0);
    row->setSpacing(2);

    auto* copy = actionButton(actions, QStringLiteral("copyButton"), tr("Copy"), tr("Copy the message"));
    connect(copy, &QToolButton::clicked, this, &MessageWidget::copyMessage);
    row->addWidget(copy);
    if (m_role == app::ChatRole::Assistant) {
        auto* regenerate = actionButton(actions, QStringLiteral("regenerateButton"), tr("Regenerate"),
                                        tr("Write a new reply to the same message"));
        connect(regenerate, &QToolButton::clicked, this, [this] { emit regenerateRequested(m_id); });
        row->addWidget(regenerate);
    } else if (m_role == app::ChatRole::User) {
        auto* edit = actionButton(actions, QStringLiteral("editButton"), tr("Edit"),
                                  tr("Edit the message and send it again as a new branch"));
        connect(edit, &QToolButton::clicked, this, &MessageWidget::startEditing);
        row->addWidget(edit);
    }
    auto* remove = actionButton(actions, QStringLiteral("deleteButton"), tr("Delete"),
                                tr("Delete the message and everything after it"));
    connect(remove, &QToolButton::clicked, this, [this] { emit deleteRequested(m_id); });
    row->addWidget(remove);
    row->addStretch(1);

    m_branchArea = new QWidget(actions);
    auto* branchRow = new QHBoxLayout(m_branchArea);
    branchRow->setContentsMargins(0, 0, 0, 0);
    branchRow->setSpacing(0);
    m_previousBranch = actionButton(m_branchArea, QStringLiteral("previousBranchButton"), QStringLiteral("‹"),
                                    tr("Previous version"));
    m_nextBranch
        = actionButton(m_branchArea, QStringLiteral("nextBranchButton"), QStringLiteral("›"), tr("Next version"));
    m_branchLabel = new QLabel(m_branchArea);
    m_branchLabel->setObjectName(QStringLiteral("branchLabel"));
    connect(m_previousBranch, &QToolButton::clicked, this, [this] { emit branchRequested(m_id, -1); });
    connect(m_nextBranch, &QToolButton::clicked, this, [this] { emit branchRequested(m_id, +1); });
    branchRow->addWidget(m_previousBranch);
    branchRow->addWidget(m_branchLabel);
    branchRow->addWidget(m_nextBranch);
    row->addWidget(m_branchArea);
    m_branchArea->hide();

    layout()->addWidget(actions);
}

void MessageWidget::setMessage(const app::ChatMessageView& message)
{
    updateAttachments(message.attachments);
    updateBranch(message.branchIndex, message.branchCount);
    updateStats(message.statsText);
    setContent(message.content, message.complete);
}

void MessageWidget::setContent(const QString& content, bool complete)
{
    if (content == m_content && complete == m_complete && !m_slots.isEmpty())
        return;
    m_content = content;
    m_complete = complete;
    renderBlocks();
}

void MessageWidget::renderBlocks()
{
    QList<MessageBlock> blocks = splitMessage(m_content);
    if (m_complete) {
        for (MessageBlock& block : blocks)
            block.closed = true; // a reply that ended inside a fence or a think section
    }
    qsizetype i = 0;
    for (; i < blocks.size(); ++i) {
        if (i < m_slots.size() && m_slots[i].block.kind == blocks[i].kind) {
            if (!(m_slots[i].block == blocks[i])) {
                updateBlockWidget(m_slots[i].widget, blocks[i]);
                m_slots[i].block = blocks[i];
            }
            continue;
        }
        // A different kind from here on (a fence or <think> just opened): rebuild the rest.
        while (m_slots.size() > i) {
            dropWidget(m_slots.takeLast().widget);
        }
        QWidget* widget = createBlockWidget(blocks[i]);
        m_blocksLayout->addWidget(widget);
        m_slots.append({blocks[i], widget});
    }
    while (m_slots.size() > blocks.size()) {
        dropWidget(m_slots.takeLast().widget);
    }
}

QWidget* MessageWidget::createBlockWidget(const MessageBlock& block)
{
    QWidget* widget = nullptr;
    switch (block.kind) {
    case MessageBlock::Kind::Prose:
        widget = new ProseBlock(m_blocksArea);
        break;
    case MessageBlock::Kind::Code:
        widget = new CodeBlockWidget(m_blocksArea);
        break;
    case MessageBlock::Kind::Think:
        widget = new ThinkBlock(m_blocksArea);
        break;
    }
    updateBlockWidget(widget, block);
    return widget;
}

void MessageWidget::updateBlockWidget(QWidget* widget, const MessageBlock& block)
{
    ++m_blockRenders;
    switch (block.kind) {
    case MessageBlock::Kind::Prose:
        static_cast<ProseBlock*>(widget)->setMarkdownText(block.text);
        break;
    case MessageBlock::Kind::Code:
        static_cast<CodeBlockWidget*>(widget)->setCode(block.text, block.info, block.closed);
        break;
    case MessageBlock::Kind::Think:
        static_cast<ThinkBlock*>(widget)->setReasoning(block.text, block.closed);
        break;
    }
}

void MessageWidget::updateAttachments(const QList<app::ChatAttachmentView>& attachments)
{
    if (attachments.isEmpty() && m_attachments == nullptr)
        return;
    if (m_attachments == nullptr) {
        m_attachments = new QLabel(this);
        m_attachments->setObjectName(QStringLiteral("attachments"));
        m_attachments->setWordWrap(true);
        setMutedText(m_attachments, palette());
        m_attachments->setTextFormat(Qt::PlainText);
        static_cast<QVBoxLayout*>(layout())->insertWidget(1, m_attachments);
    }
    QStringList parts;
    for (const app::ChatAttachmentView& attachment : attachments) {
        parts.append(attachment.summary.isEmpty()
                         ? attachment.name
                         : tr("%1 (%2)", "attachment name and summary").arg(attachment.name, attachment.summary));
    }
    m_attachments->setText(tr("Attached: %1").arg(parts.join(QStringLiteral(", "))));
    m_attachments->setVisible(!attachments.isEmpty());
}

void MessageWidget::updateBranch(int index, int count)
{
    m_branchArea->setVisible(count > 1);
    if (count <= 1)
        return;
    m_branchLabel->setText(tr("%1/%2", "branch position").arg(index + 1).arg(count));
    m_branchLabel->setAccessibleName(tr("Version %1 of %2").arg(index + 1).arg(count));
    m_previousBranch->setEnabled(index > 0);
    m_nextBranch->setEnabled(index + 1 < count);
}

void MessageWidget::updateStats(const QString& stats)
{
    if (stats.isEmpty() && m_stats == nullptr)
        return;
    if (m_stats == nullptr) {
        m_stats = new QLabel(this);
        m_stats->setObjectName(QStringLiteral("statsLabel"));
        m_stats->setAccessibleName(tr("Generation statistics"));
        setMutedText(m_stats, palette());
        m_stats->setTextFormat(Qt::PlainText);
        QFont small = m_stats->font();
        small.setPointSizeF(small.pointSizeF() * 0.9);
        m_stats->setFont(small);
        auto* box = static_cast<QVBoxLayout*>(layout());
        box->insertWidget(box->indexOf(m_blocksArea) + 1, m_stats);
    }
    m_stats->setText(stats);
    m_stats->setVisible(!stats.isEmpty());
}

void MessageWidget::changeEvent(QEvent* event)
{
    QFrame::changeEvent(event);
    if (event->type() != QEvent::PaletteChange)
        return;
    if (m_attachments != nullptr)
        setMutedText(m_attachments, palette());
    if (m_stats != nullptr)
        setMutedText(m_stats, palette());
}

void MessageWidget::copyMessage()
{
    QApplication::clipboard()->setText(withoutReasoning(m_content));
}

void MessageWidget::startEditing()
{
    if (m_editorArea == nullptr) {
        m_editorArea = new QWidget(this);
        m_editor = new QPlainTextEdit(m_editorArea);
        m_editor->setObjectName(QStringLiteral("editEditor"));
        m_editor->setAccessibleName(tr("Edited message"));
        m_editor->setTabChangesFocus(true);
        auto* send = new QPushButton(tr("Send"), m_editorArea);
        send->setObjectName(QStringLiteral("editSendButton"));
        send->setToolTip(tr("Send the edited message as a new branch (Ctrl+Enter)"));
        send->setAccessibleName(tr("Send edited message"));
        auto* cancel = new QPushButton(tr("Cancel"), m_editorArea);
        cancel->setObjectName(QStringLiteral("editCancelButton"));
        cancel->setToolTip(tr("Keep the message as it was (Esc)"));
        cancel->setAccessibleName(tr("Cancel editing"));
        connect(send, &QPushButton::clicked, this, [this] { finishEditing(true); });
        connect(cancel, &QPushButton::clicked, this, [this] { finishEditing(false); });
        for (const QKeySequence& keys :
             {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)}) {
            auto* shortcut = new QShortcut(keys, m_editorArea);
            shortcut->setContext(Qt::WidgetWithChildrenShortcut);
            connect(shortcut, &QShortcut::activated, this, [this] { finishEditing(true); });
        }
        auto* escape = new QShortcut(QKeySequence(Qt::Key_Escape), m_editorArea);
        escape->setContext(Qt::WidgetWithChildrenShortcut);
        connect(escape, &QShortcut::activated, this, [this] { finishEditing(false); });

        auto* buttons = new QHBoxLayout;
        buttons->addStretch(1);
        buttons->addWidget(cancel);
        buttons->addWidget(send);
        auto* box = new QVBoxLayout(m_editorArea);
        box->setContentsMargins(0, 0, 0, 0);
        box->addWidget(m_editor);
        box->addLayout(buttons);
        auto* outer = static_cast<QVBoxLayout*>(layout());
        outer->insertWidget(outer->indexOf(m_blocksArea) + 1, m_editorArea);
    }
    m_editor->setPlainText(m_content);
    m_blocksArea->hide();
    m_editorArea->show();
    m_editor->setFocus();
    m_editor->moveCursor(QTextCursor::End);
}

bool MessageWidget::isEditing() const
{
    return m_editorArea != nullptr && !m_editorArea->isHidden();
}

void MessageWidget::finishEditing(bool send)
{
    const QString text = m_editor->toPlainText();
    if (send && text.trimmed().isEmpty())
        return; // nothing to send; the editor stays open
    m_editorArea->hide();
    m_blocksArea->show();
    if (send)
        emit editRequested(m_id, text);
}

} // namespace cairn::ui
