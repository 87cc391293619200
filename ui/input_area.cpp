// SPDX-License-Identifier: MIT
// InputArea: service tickets started here are shown in the chips and repository rows; signals
// for other tickets are ignored. Sending waits until no chip is still being read.

#include "ui/input_area.h"

#include "app/services/attachment_service.h"
#include "app/services/repository_indexing.h"
#include "ui/attachment_chip.h"
#include "ui/attachment_chips.h"
#include "ui/drop_handler.h"
#include "ui/message_input.h"
#include "ui/repository_progress.h"

#include <QFile>
#include <QFileInfo>
#include <QVBoxLayout>

namespace cairn::ui {

InputArea::InputArea(app::AttachmentService& attachments, app::RepositoryIndexing& indexing, QWidget* parent)
    : QWidget(parent), m_attachments(attachments), m_indexing(indexing), m_input(new MessageInput(this)),
      m_chips(new AttachmentChips(this)), m_repositories(new RepositoryProgress(this)),
      m_dropHandler(new DropHandler(this))
{
    setObjectName(QStringLiteral("inputArea"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(m_repositories);
    layout->addWidget(m_chips);
    layout->addWidget(m_input);
    setFocusProxy(m_input);

    connect(m_input, &MessageInput::sendRequested, this, [this](const QString& text) { send(text); });
    connect(m_input, &MessageInput::stopRequested, this, &InputArea::stopRequested);
    connect(m_input, &MessageInput::editLastRequested, this, &InputArea::editLastRequested);
    connect(m_input, &MessageInput::filesChosen, this, [this](const QStringList& paths) { attachFiles(paths); });
    connect(m_input, &MessageInput::imagePasted, this, [this](const QImage& image) { attachImage(image); });
    connect(m_input, &MessageInput::urlsPasted, m_dropHandler, &DropHandler::handleUrls);

    connect(m_dropHandler, &DropHandler::filesDropped, this, [this](const QStringList& paths) { attachFiles(paths); });
    connect(m_dropHandler, &DropHandler::foldersDropped, this,
            [this](const QStringList& folders) { indexFolders(folders); });
    connect(m_dropHandler, &DropHandler::nativeFilesDropped, this,
            [this](const QList<QByteArray>& nativePaths) { attachNativeFiles(nativePaths); });
    connect(m_dropHandler, &DropHandler::rejected, this, &InputArea::problem);

    connect(&m_attachments, &app::AttachmentService::ready, this,
            [this](quint64 ticket, const app::AttachmentInfo& attachment) { m_chips->setReady(ticket, attachment); });
    connect(&m_attachments, &app::AttachmentService::failed, this,
            [this](quint64 ticket, const QString&, const QString& message) {
                if (!m_chips->contains(ticket))
                    return;
                m_chips->setFailed(ticket, message);
                emit problem(message);
            });
    connect(m_chips, &AttachmentChips::removeRequested, this, [this](quint64 ticket) {
        m_attachments.cancel(ticket);
        m_chips->remove(ticket);
    });
    connect(m_chips, &AttachmentChips::changed, this, [this] { updateSendBlock(); });

    connect(&m_indexing, &app::RepositoryIndexing::progress, m_repositories, &RepositoryProgress::setProgress);
    connect(&m_indexing, &app::RepositoryIndexing::finished, this,
            [this](quint64 ticket, const app::RepositoryIndexSummary& summary) {
                if (!m_repositories->contains(ticket))
                    return;
                m_repositories->setFinished(ticket, summary);
                emit repositoryReady(summary.repositoryId);
            });
    connect(&m_indexing, &app::RepositoryIndexing::failed, this,
            [this](quint64 ticket, const QString&, const QString& message) {
                if (!m_repositories->contains(ticket))
                    return;
                m_repositories->setFailed(ticket, message);
                emit problem(message);
            });
    connect(&m_indexing, &app::RepositoryIndexing::cancelled, m_repositories, &RepositoryProgress::removeRun);
    connect(m_repositories, &RepositoryProgress::cancelRequested, &m_indexing, &app::RepositoryIndexing::cancel);
}

void InputArea::setGenerating(bool generating)
{
    m_input->setGenerating(generating);
}

void InputArea::setSendBlocked(const QString& reason)
{
    m_externalBlock = reason;
    updateSendBlock();
}

QString InputArea::text() const
{
    return m_input->text();
}

void InputArea::setText(const QString& text)
{
    m_input->setText(text);
}

void InputArea::focusEditor()
{
    m_input->setFocus(Qt::ShortcutFocusReason);
}

void InputArea::clear()
{
    for (const auto* chip : m_chips->chips())
        m_attachments.cancel(chip->ticket());
    m_chips->clear();
    m_input->clear();
}

void InputArea::attachFiles(const QStringList& paths)
{
    for (const QString& path : paths) {
        const quint64 ticket = m_attachments.attach(path);
        m_chips->addPending(ticket, QFileInfo(path).fileName());
    }
}

void InputArea::attachImage(const QImage& image)
{
    const quint64 ticket = m_attachments.attachImage(image);
    m_chips->addPending(ticket, tr("Pasted image"));
}

void InputArea::attachNativeFiles(const QList<QByteArray>& nativePaths)
{
    for (const QByteArray& nativePath : nativePaths) {
        const quint64 ticket = m_attachments.attachNativePath(nativePath);
        m_chips->addPending(ticket, QFileInfo(QFile::decodeName(nativePath)).fileName());
    }
}

void InputArea::indexFolders(const QStringList& folders)
{
    for (const QString& folder : folders) {
        const quint64 ticket = m_indexing.index(folder);
        m_repositories->addRun(ticket, folder);
    }
}

void InputArea::send(const QString& text)
{
    if (m_chips->pendingCount() > 0)
        return;
    const QList<std::int64_t> ids = m_chips->attachmentIds();
    m_chips->clear();
    m_input->clear();
    emit sendRequested(text, ids);
}

void InputArea::updateSendBlock()
{
    if (!m_externalBlock.isEmpty())
        m_input->setSendBlocked(m_externalBlock);
    else if (m_chips->pendingCount() > 0)
        m_input->setSendBlocked(tr("Waiting until the attachments are read"));
    else
        m_input->setSendBlocked(QString());
}

} // namespace cairn::ui
