// SPDX-License-Identifier: MIT
// DropHandler: an event filter on the window sees drag events that no child accepted (Qt passes
// them up the parents); drops are taken as copies so a source never deletes what it dragged.

#include "ui/drop_handler.h"

#include "ui/drop_overlay.h"

#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QFileInfo>
#include <QMimeData>
#include <QUrl>
#include <QWidget>

#include <filesystem>
#include <system_error>
#include <utility>

namespace cairn::ui {

namespace {

void acceptAsCopy(QDropEvent* event)
{
    if (event->possibleActions().testFlag(Qt::CopyAction)) {
        event->setDropAction(Qt::CopyAction);
        event->accept();
    } else {
        event->acceptProposedAction();
    }
}

/// The first name along `native` (a path's bytes) that is not UTF-8, as Qt shows it (the bytes
/// that are not UTF-8 as U+FFFD); empty when every name is UTF-8.
QString firstNonUtf8Name(const QByteArray& native)
{
    for (const QByteArray& name : native.split('/')) {
        const QString shown = QString::fromUtf8(name);
        if (shown.toUtf8() != name)
            return shown;
    }
    return {};
}

} // namespace

DropHandler::DropHandler(QObject* parent) : QObject(parent)
{
}

bool DropHandler::acceptsDrag(const QMimeData* mime) const
{
    return mime != nullptr && mime->hasUrls() && !mime->urls().isEmpty();
}

void DropHandler::handleDrop(const QMimeData* mime)
{
    if (acceptsDrag(mime))
        handleUrls(mime->urls());
}

void DropHandler::handleUrls(const QList<QUrl>& urls)
{
    QStringList files;
    QList<QByteArray> nativeFiles;
    QStringList folders;
    QStringList refused;
    QStringList unindexable; // messages, one per folder
    for (const QUrl& url : urls) {
        if (!url.isLocalFile()) {
            refused << url.toDisplayString();
            continue;
        }
        const QString path = url.toLocalFile();
        // The path's bytes as the URL carries them; a name that is not UTF-8 does not survive
        // toLocalFile (its bytes become U+FFFD).
        const QByteArray native = QByteArray::fromPercentEncoding(url.path(QUrl::FullyEncoded).toLatin1());
        if (QFile::encodeName(path) != native) {
            std::error_code error;
            // The code index keys a repository by its path as UTF-8 and reads its files by QString
            // paths, so two such folders would become one: refuse, naming the folder at fault.
            if (std::filesystem::is_directory(std::filesystem::path(native.toStdString()), error))
                unindexable << tr("%1 cannot be indexed: the folder name “%2” is not valid UTF-8; rename it")
                                   .arg(QDir::toNativeSeparators(path), firstNonUtf8Name(native));
            else
                nativeFiles << native;
            continue;
        }
        if (QFileInfo(path).isDir())
            folders << path;
        else
            files << path;
    }
    if (!files.isEmpty())
        emit filesDropped(files);
    if (!nativeFiles.isEmpty())
        emit nativeFilesDropped(nativeFiles);
    if (!folders.isEmpty())
        emit foldersDropped(folders);
    if (!refused.isEmpty()) {
        emit rejected(
            tr("%1: only files and folders on this computer can be dropped").arg(refused.join(QStringLiteral(", "))));
    }
    for (const QString& message : std::as_const(unindexable))
        emit rejected(message);
}

void DropHandler::install(QWidget* window)
{
    if (m_window != nullptr)
        m_window->removeEventFilter(this);
    delete m_overlay;
    m_window = window;
    window->setAcceptDrops(true);
    window->installEventFilter(this);
    m_overlay = new DropOverlay(window);
}

DropOverlay* DropHandler::overlay() const
{
    return m_overlay;
}

bool DropHandler::eventFilter(QObject* watched, QEvent* event)
{
    if (watched != m_window)
        return QObject::eventFilter(watched, event);
    switch (event->type()) {
    case QEvent::DragEnter:
    case QEvent::DragMove: {
        auto* drag = static_cast<QDropEvent*>(event);
        if (!acceptsDrag(drag->mimeData()))
            return false;
        acceptAsCopy(drag);
        // One read of the guarded pointer: the compiler cannot see that two reads agree.
        if (DropOverlay* overlay = m_overlay; overlay != nullptr && !overlay->isVisible())
            overlay->showOverlay();
        return true;
    }
    case QEvent::DragLeave:
        if (DropOverlay* overlay = m_overlay; overlay != nullptr)
            overlay->hideOverlay();
        return false;
    case QEvent::Drop: {
        auto* drop = static_cast<QDropEvent*>(event);
        if (DropOverlay* overlay = m_overlay; overlay != nullptr)
            overlay->hideOverlay();
        if (!acceptsDrag(drop->mimeData()))
            return false;
        acceptAsCopy(drop);
        handleDrop(drop->mimeData());
        return true;
    }
    default:
        return QObject::eventFilter(watched, event);
    }
}

} // namespace cairn::ui
