// SPDX-License-Identifier: MIT
// MessageInput: layout [Attach][editor][Send/Stop]; the file dialog is opened asynchronously so
// the event loop keeps running.

#include "ui/message_input.h"

#include "ui/message_editor.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QPushButton>
#include <QStyle>
#include <QToolButton>

namespace cairn::ui {

MessageInput::MessageInput(QWidget* parent) : QWidget(parent), m_editor(new MessageEditor(this))
{
    m_lastFolder = QDir::homePath();

    m_attachAction = new QAction(tr("Attach files…"), this);
    m_attachAction->setObjectName(QStringLiteral("attachAction"));
    m_attachAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_O));
    m_attachAction->setToolTip(tr("Attach files (Ctrl+O); you can also drop files and folders on the window"));
    m_attachAction->setIcon(style()->standardIcon(QStyle::SP_FileDialogStart));
    connect(m_attachAction, &QAction::triggered, this, [this] { chooseFiles(); });
    addAction(m_attachAction);

    m_attachButton = new QToolButton(this);
    m_attachButton->setObjectName(QStringLiteral("attachButton"));
    m_attachButton->setDefaultAction(m_attachAction);
    m_attachButton->setToolButtonStyle(Qt::ToolButtonIconOnly);
    m_attachButton->setAccessibleName(tr("Attach files"));

    m_sendButton = new QPushButton(this);
    m_sendButton->setObjectName(QStringLiteral("sendButton"));
    connect(m_sendButton, &QPushButton::clicked, this, [this] {
        if (m_generating)
            emit stopRequested();
        else
            submit();
    });

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_attachButton, 0, Qt::AlignBottom);
    layout->addWidget(m_editor, 1);
    layout->addWidget(m_sendButton, 0, Qt::AlignBottom);
    setFocusProxy(m_editor);

    connect(m_editor, &MessageEditor::submitRequested, this, [this] { submit(); });
    connect(m_editor, &MessageEditor::stopRequested, this, &MessageInput::stopRequested);
    connect(m_editor, &MessageEditor::editLastRequested, this, &MessageInput::editLastRequested);
    connect(m_editor, &MessageEditor::urlsPasted, this, &MessageInput::urlsPasted);
    connect(m_editor, &MessageEditor::imagePasted, this, &MessageInput::imagePasted);
    connect(m_editor, &QPlainTextEdit::textChanged, this, [this] { updateButtons(); });
    updateButtons();
}

QString MessageInput::text() const
{
    return m_editor->toPlainText();
}

void MessageInput::setText(const QString& text)
{
    m_editor->setPlainText(text);
    m_editor->moveCursor(QTextCursor::End);
}

void MessageInput::clear()
{
    m_editor->clear();
}

void MessageInput::setGenerating(bool generating)
{
    m_generating = generating;
    m_editor->setGenerating(generating);
    updateButtons();
}

void MessageInput::setSendBlocked(const QString& reason)
{
    m_blockedReason = reason;
    updateButtons();
}

bool MessageInput::canSend() const
{
    return !m_generating && m_blockedReason.isEmpty() && !text().trimmed().isEmpty();
}

void MessageInput::submit()
{
    if (canSend())
        emit sendRequested(text().trimmed());
}

void MessageInput::updateButtons()
{
    if (m_generating) {
        m_sendButton->setText(tr("Stop"));
        m_sendButton->setAccessibleName(tr("Stop generating"));
        m_sendButton->setToolTip(tr("Stop the reply (Esc)"));
        m_sendButton->setEnabled(true);
        return;
    }
    m_sendButton->setText(tr("Send"));
    m_sendButton->setAccessibleName(tr("Send message"));
    m_sendButton->setToolTip(m_blockedReason.isEmpty() ? tr("Send (Enter)") : m_blockedReason);
    m_sendButton->setEnabled(canSend());
}

void MessageInput::chooseFiles()
{
    auto* dialog = new QFileDialog(window(), tr("Attach files"), m_lastFolder);
    dialog->setObjectName(QStringLiteral("attachDialog"));
    dialog->setFileMode(QFileDialog::ExistingFiles);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QFileDialog::filesSelected, this, [this](const QStringList& paths) {
        if (paths.isEmpty())
            return;
        m_lastFolder = QFileInfo(paths.first()).absolutePath();
        emit filesChosen(paths);
    });
    dialog->open();
}

} // namespace cairn::ui
