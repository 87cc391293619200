// SPDX-License-Identifier: MIT
// AttachmentService: turns a dropped, chosen or pasted file into a stored attachment and what its
// chip shows. Ingestion, hashing and previews run on the service's own worker pool; the one-row
// write to AttachmentStore happens on the GUI thread when the work is done. Not a chip widget.
#pragma once

#include <QImage>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>

namespace cairn::storage {
class Database;
}

namespace cairn::app {

/// A stored attachment as a chip shows it.
struct AttachmentInfo {
    std::int64_t id = 0;   ///< AttachmentStore id, what ChatService::send takes
    QString path;          ///< the file that was read
    QString name;          ///< its file name
    QString kind;          ///< "image", "audio", "video", "document", "text", "source"
    QString summary;       ///< "12 pages", "3:12", "1920x1080", "48 lines"
    QImage thumbnail;      ///< images and videos: scaled to fit kThumbnailSide; null for other kinds
    QList<float> waveform; ///< audio: kWaveformColumns peak levels in 0..1; empty for other kinds
    int pageCount = 0;     ///< documents with pages or slides; 0 otherwise
    QStringList notes;     ///< what the user should know: a lying extension, pages read by OCR
};

struct AttachmentSource;

class AttachmentService : public QObject {
    Q_OBJECT
public:
    static constexpr int kThumbnailSide = 160;
    static constexpr int kWaveformColumns = 100;
    static constexpr qint64 kDefaultMaxFileBytes = 2LL * 1024 * 1024 * 1024;
    /// Pasted images and copies older than this are removed when the service starts. Nothing reads
    /// them once stored (the database keeps the hash, text and metadata; chips keep their
    /// thumbnail in memory), so the age only spares what this or a recent session still shows.
    static constexpr std::chrono::hours kCacheFileMaxAge{72};

    /// Attachments are written to `db`; the service must not outlive it.
    explicit AttachmentService(storage::Database& db, QObject* parent = nullptr);
    /// Cancels what is pending and waits for the workers to stop.
    ~AttachmentService() override;

    /// Starts reading `path`; returns the ticket that `started`, `ready` and `failed` carry.
    /// `started` is emitted before this returns.
    quint64 attach(const QString& path);
    /// Saves `image` as a PNG in cacheFolder()/pasted (on a worker) and attaches that file. The file
    /// goes again when nothing is stored (cancelled, failed), else with the next start after
    /// kCacheFileMaxAge; the same holds for the copies attachNativePath makes.
    quint64 attachImage(const QImage& image);
    /// Attaches a file whose name is not valid UTF-8 (so no QString path can open it), given by
    /// the bytes of its path: a copy under a UTF-8 name in cacheFolder()/copies is read instead.
    quint64 attachNativePath(const QByteArray& nativePath);
    /// Stops a pending ingest: nothing is stored and neither `ready` nor `failed` follows.
    /// Unknown or finished tickets are ignored.
    void cancel(quint64 ticket);
    void cancelAll();
    [[nodiscard]] bool isPending(quint64 ticket) const;
    [[nodiscard]] int pendingCount() const;

    /// Files larger than this are refused before they are read.
    void setMaxFileBytes(qint64 bytes);
    [[nodiscard]] qint64 maxFileBytes() const;
    /// Where pasted images and copies are kept; default: the cache location's "attachments" folder.
    void setCacheFolder(const QString& folder);
    [[nodiscard]] QString cacheFolder() const;
    /// Removes, on a worker, the files in cacheFolder()/pasted and /copies last written more than
    /// kCacheFileMaxAge ago; `cacheCleaned` follows. Runs once by itself when control first
    /// returns to the event loop after construction (so after a setCacheFolder() right after it).
    void removeStaleCacheFiles();

signals:
    void started(quint64 ticket, const QString& path);
    void ready(quint64 ticket, const cairn::app::AttachmentInfo& attachment);
    /// `message` names the file and the problem; nothing was stored.
    void failed(quint64 ticket, const QString& path, const QString& message);
    /// removeStaleCacheFiles() is done: `removed` files are gone (those that could not go are logged).
    void cacheCleaned(int removed);

private:
    struct State;
    /// `source` says how the worker puts the file at `path` first, if it is not there already.
    quint64 start(const QString& path, const AttachmentSource& source);
    std::unique_ptr<State> m_state;
};

} // namespace cairn::app

Q_DECLARE_METATYPE(cairn::app::AttachmentInfo)
