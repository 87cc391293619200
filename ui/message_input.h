// SPDX-License-Identifier: MIT
// MessageInput: the editor with its Attach button and a Send button that becomes Stop while a
// reply is generated. Asks for things by signals; it neither sends nor reads files itself.
#pragma once

#include <QImage>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <QWidget>

class QAction;
class QPushButton;
class QToolButton;

namespace cairn::ui {

class MessageEditor;

class MessageInput : public QWidget {
    Q_OBJECT
public:
    explicit MessageInput(QWidget* parent = nullptr);

    [[nodiscard]] MessageEditor* editor() const { return m_editor; }
    [[nodiscard]] QString text() const;
    void setText(const QString& text);
    void clear();

    /// Send turns into Stop, Enter no longer sends and Esc stops.
    void setGenerating(bool generating);
    [[nodiscard]] bool isGenerating() const { return m_generating; }
    /// While `reason` is not empty, sending is refused and the Send button says why in its tooltip.
    void setSendBlocked(const QString& reason);
    [[nodiscard]] bool canSend() const;

    /// "Attach files…" (Ctrl+O while the window is active): opens a file dialog. The main window
    /// may put it in a menu as it is; it must not give Ctrl+O another action.
    [[nodiscard]] QAction* attachAction() const { return m_attachAction; }

signals:
    /// The trimmed text, never empty; the input is not cleared by this.
    void sendRequested(const QString& text);
    void stopRequested();
    void editLastRequested();
    /// Chosen in the file dialog.
    void filesChosen(const QStringList& paths);
    /// Pasted as local file URLs: files or folders, perhaps with names that are not UTF-8.
    void urlsPasted(const QList<QUrl>& urls);
    void imagePasted(const QImage& image);

private:
    void chooseFiles();
    void submit();
    void updateButtons();

    MessageEditor* m_editor = nullptr;
    QToolButton* m_attachButton = nullptr;
    QPushButton* m_sendButton = nullptr;
    QAction* m_attachAction = nullptr;
    QString m_blockedReason;
    QString m_lastFolder;
    bool m_generating = false;
};

} // namespace cairn::ui
