// SPDX-License-Identifier: MIT
// InputArea: everything below the chat view: attachment chips, repository indexing rows and the
// message input, wired to AttachmentService and RepositoryIndexing. The main window installs its
// dropHandler() on itself and connects the four signals below to ChatService.
#pragma once

#include <QByteArray>
#include <QImage>
#include <QList>
#include <QString>
#include <QStringList>
#include <QWidget>

#include <cstdint>

namespace cairn::app {
class AttachmentService;
class RepositoryIndexing;
} // namespace cairn::app

namespace cairn::ui {

class AttachmentChips;
class DropHandler;
class MessageInput;
class RepositoryProgress;

class InputArea : public QWidget {
    Q_OBJECT
public:
    /// The services must outlive the area; they may be shared with other users (only this
    /// area's tickets are shown here).
    InputArea(app::AttachmentService& attachments, app::RepositoryIndexing& indexing, QWidget* parent = nullptr);

    [[nodiscard]] MessageInput* messageInput() const { return m_input; }
    [[nodiscard]] AttachmentChips* attachmentChips() const { return m_chips; }
    [[nodiscard]] RepositoryProgress* repositoryProgress() const { return m_repositories; }
    /// For the main window: `dropHandler()->install(this)` makes the whole window a drop target.
    [[nodiscard]] DropHandler* dropHandler() const { return m_dropHandler; }

    void setGenerating(bool generating);
    /// Sending is refused while `reason` is not empty (no model loaded); the Send tooltip says why.
    void setSendBlocked(const QString& reason);
    [[nodiscard]] QString text() const;
    void setText(const QString& text);
    void focusEditor();
    /// Empties the editor and removes every chip, cancelling what is still being read.
    void clear();

    void attachFiles(const QStringList& paths);
    void attachImage(const QImage& image);
    /// Files whose names are not UTF-8, by their paths' bytes (see DropHandler::nativeFilesDropped).
    void attachNativeFiles(const QList<QByteArray>& nativePaths);
    void indexFolders(const QStringList& folders);

signals:
    /// Enter or Send with non-empty text; `attachmentIds` are the ready chips' AttachmentStore ids.
    /// The editor and chips are cleared right after.
    void sendRequested(const QString& text, const QList<std::int64_t>& attachmentIds);
    void stopRequested();
    /// Up in the empty editor.
    void editLastRequested();
    /// A dropped folder finished indexing: give it to the conversation (ChatService::addRepository).
    void repositoryReady(std::int64_t repositoryId);
    /// Something the user should read in the status bar: a refused drop, a failed file or folder.
    void problem(const QString& message);

private:
    void send(const QString& text);
    void updateSendBlock();

    app::AttachmentService& m_attachments;
    app::RepositoryIndexing& m_indexing;
    MessageInput* m_input = nullptr;
    AttachmentChips* m_chips = nullptr;
    RepositoryProgress* m_repositories = nullptr;
    DropHandler* m_dropHandler = nullptr;
    QString m_externalBlock;
};

} // namespace cairn::ui
