// SPDX-License-Identifier: MIT
// DropHandler: what a drag of URLs over the main window does. Installed on a window, it accepts
// drags that carry URLs, shows the drop overlay while one hovers, and on drop splits local paths
// into files (to attach) and folders (to index); other URLs are refused with a message.
#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QUrl>

class QMimeData;
class QWidget;

namespace cairn::ui {

class DropOverlay;

class DropHandler : public QObject {
    Q_OBJECT
public:
    explicit DropHandler(QObject* parent = nullptr);

    /// Whether a drag carrying `mime` is taken: it has URLs (non-local ones are refused on drop,
    /// with a message, rather than silently).
    [[nodiscard]] bool acceptsDrag(const QMimeData* mime) const;
    /// handleUrls() of `mime`'s URLs.
    void handleDrop(const QMimeData* mime);
    /// Emits filesDropped, nativeFilesDropped, foldersDropped and rejected, in that order, each
    /// only when it has something. Dropped or pasted URLs both come here.
    void handleUrls(const QList<QUrl>& urls);

    /// Makes `window` accept drops anywhere (widgets inside that take drops of their own, such as
    /// the editor, pass URL drags on) and covers it with a DropOverlay while a drag hovers.
    void install(QWidget* window);
    /// The overlay made by install(); null before.
    [[nodiscard]] DropOverlay* overlay() const;

signals:
    void filesDropped(const QStringList& paths);
    void foldersDropped(const QStringList& paths);
    /// Files whose names are not valid UTF-8, by the bytes of their paths: no QString can open
    /// them (AttachmentService::attachNativePath reads a copy).
    void nativeFilesDropped(const QList<QByteArray>& nativePaths);
    /// Names what was refused and why.
    void rejected(const QString& message);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QPointer<QWidget> m_window;
    QPointer<DropOverlay> m_overlay;
};

} // namespace cairn::ui
