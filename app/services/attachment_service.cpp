// SPDX-License-Identifier: MIT
// AttachmentService: each ticket is one QtConcurrent task on the service's pool (save a pasted
// image, check the file, ingest::open, hash, preview) and one continuation on the GUI thread
// (store, emit). Cancelling sets the task's flag and forgets the ticket, so a late result is dropped.

#include "app/services/attachment_service.h"

#include "app/services/attachment_ingest.h"
#include "ingest/audio/audio_extractor.h"
#include "ingest/audio/waveform.h"
#include "ingest/registry.h"
#include "ingest/video/video_frame_sampler.h"
#include "storage/attachment_store.h"
#include "storage/database.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QHash>
#include <QImageReader>
#include <QLocale>
#include <QStandardPaths>
#include <QThreadPool>
#include <QtConcurrent>

#include <algorithm>
#include <cmath>
#include <optional>

namespace cairn::app {

struct AttachmentService::State {
    explicit State(storage::Database& database) : db(database) { }

    storage::Database& db;
    QThreadPool pool;
    QHash<quint64, std::shared_ptr<ingest::CancelFlag>> pending;
    quint64 nextTicket = 1;
    qint64 maxFileBytes = kDefaultMaxFileBytes;
    QString pasteFolder;
};

namespace {

struct WorkResult {
    AttachmentInfo info;
    std::optional<storage::NewAttachment> attachment;
    QString problem; ///< empty on success
    bool cancelled = false;
};

/// English has no translation file, so singular and plural are separate source strings; the
/// plural one is a %n string that translations give every plural form.
QString summaryFor(const ingest::ExtractedContent& content)
{
    const QJsonObject& metadata = content.metadata;
    switch (content.kind) {
    case ingest::ContentKind::Image:
        return QStringLiteral("%1\u00d7%2")
            .arg(metadata.value(QStringLiteral("width")).toInt())
            .arg(metadata.value(QStringLiteral("height")).toInt());
    case ingest::ContentKind::Audio:
        return ingest::formatDuration(metadata.value(QStringLiteral("durationSeconds")).toDouble());
    case ingest::ContentKind::Video:
        return QStringLiteral("%1 \u00b7 %2\u00d7%3")
            .arg(ingest::formatDuration(metadata.value(QStringLiteral("durationSeconds")).toDouble()))
            .arg(metadata.value(QStringLiteral("width")).toInt())
            .arg(metadata.value(QStringLiteral("height")).toInt());
    case ingest::ContentKind::Document:
        if (content.pageCount > 0) {
            const int pages = content.pageCount;
            if (metadata.contains(QStringLiteral("slides")))
                return pages == 1 ? AttachmentService::tr("1 slide")
                                  : AttachmentService::tr("%n slides", nullptr, pages);
            return pages == 1 ? AttachmentService::tr("1 page") : AttachmentService::tr("%n pages", nullptr, pages);
        }
        break;
    case ingest::ContentKind::Text:
    case ingest::ContentKind::Source: {
        const QString text = content.text();
        if (text.isEmpty())
            break;
        const int lines = int(text.count(u'\n')) + (text.endsWith(u'\n') ? 0 : 1);
        return lines == 1 ? AttachmentService::tr("1 line") : AttachmentService::tr("%n lines", nullptr, lines);
    }
    }
    return QLocale().formattedDataSize(content.sizeBytes);
}

QImage imageThumbnail(const QString& path)
{
    QImageReader reader(path);
    reader.setAutoTransform(true);
    const QSize size = reader.size();
    const int side = AttachmentService::kThumbnailSide;
    if (size.isValid() && (size.width() > side || size.height() > side))
        reader.setScaledSize(size.scaled(side, side, Qt::KeepAspectRatio));
    QImage image = reader.read();
    if (!image.isNull() && (image.width() > side || image.height() > side))
        image = image.scaled(side, side, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    return image;
}

QImage videoThumbnail(const QString& path, const ingest::CancelFlag* cancel)
{
    ingest::FrameSamplingOptions options;
    options.intervalSeconds = 1e9; // only the frame at 0 s
    options.maxFrames = 1;
    options.maxSide = AttachmentService::kThumbnailSide;
    options.cancel = cancel;
    ingest::Result<ingest::SampledVideo> sampled = ingest::sampleVideoFrames(path, options);
    if (!sampled || sampled.value().frames.empty())
        return {};
    return sampled.value().frames.front().image;
}

QList<float> audioWaveform(const QString& path, const ingest::CancelFlag* cancel)
{
    ingest::Result<ingest::Waveform> waveform
        = ingest::waveformThumbnail(path, AttachmentService::kWaveformColumns, cancel);
    QList<float> peaks;
    if (!waveform)
        return peaks;
    peaks.reserve(qsizetype(waveform.value().columns.size()));
    for (const ingest::WaveformPeak& column : waveform.value().columns)
        peaks.append(std::clamp(std::max(std::fabs(column.minimum), std::fabs(column.maximum)), 0.0f, 1.0f));
    return peaks;
}

/// Everything that may take long, on a worker thread.
WorkResult ingestOnWorker(const QString& path, const std::optional<QImage>& pastedImage, qint64 maxFileBytes,
                          const ingest::CancelFlag* cancel)
{
    WorkResult result;
    const QFileInfo file(path);
    result.info.path = path;
    result.info.name = file.fileName();
    if (pastedImage) {
        if (pastedImage->isNull() || !QDir().mkpath(file.absolutePath()) || !pastedImage->save(path, "PNG")) {
            result.problem = AttachmentService::tr("%1: the pasted image could not be saved").arg(path);
            return result;
        }
    }
    if (!file.exists()) {
        result.problem = AttachmentService::tr("%1: no such file").arg(path);
        return result;
    }
    if (file.isDir()) {
        result.problem = AttachmentService::tr("%1: is a folder, not a file").arg(path);
        return result;
    }
    if (file.size() > maxFileBytes) {
        result.problem
            = AttachmentService::tr("%1: %2 is larger than the %3 an attachment may have")
                  .arg(path, QLocale().formattedDataSize(file.size()), QLocale().formattedDataSize(maxFileBytes));
        return result;
    }
    ingest::Result<ingest::ExtractedContent> content = ingest::open(path, {}, cancel);
    if (!content) {
        result.cancelled = content.error().code == ingest::ErrorCode::Cancelled;
        result.problem = content.error().message();
        return result;
    }
    const ingest::ExtractedContent& extracted = content.value();
    result.attachment = attachmentFor(extracted);
    if (!result.attachment) {
        result.problem = AttachmentService::tr("%1: the file could not be read").arg(path);
        return result;
    }
    result.info.kind = ingest::contentKindName(extracted.kind);
    result.info.summary = summaryFor(extracted);
    result.info.pageCount = extracted.pageCount;
    result.info.notes = extracted.notes;
    switch (extracted.kind) {
    case ingest::ContentKind::Image:
        result.info.thumbnail = imageThumbnail(path);
        break;
    case ingest::ContentKind::Video:
        result.info.thumbnail = videoThumbnail(path, cancel);
        break;
    case ingest::ContentKind::Audio:
        result.info.waveform = audioWaveform(path, cancel);
        break;
    case ingest::ContentKind::Text:
    case ingest::ContentKind::Document:
    case ingest::ContentKind::Source:
        break;
    }
    result.cancelled = cancel->cancelled();
    return result;
}

} // namespace

AttachmentService::AttachmentService(storage::Database& db, QObject* parent)
    : QObject(parent), m_state(std::make_unique<State>(db))
{
    qRegisterMetaType<AttachmentInfo>();
    m_state->pool.setMaxThreadCount(std::max(1, std::min(2, QThread::idealThreadCount())));
    m_state->pasteFolder = QStandardPaths::writableLocation(QStandardPaths::CacheLocation) + QStringLiteral("/pasted");
}

AttachmentService::~AttachmentService()
{
    cancelAll();
    m_state->pool.waitForDone();
}

quint64 AttachmentService::attach(const QString& path)
{
    return start(QFileInfo(path).absoluteFilePath(), std::nullopt);
}

quint64 AttachmentService::attachImage(const QImage& image)
{
    const QDir folder(m_state->pasteFolder);
    const QString stamp = QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    QString path = folder.absoluteFilePath(QStringLiteral("pasted-%1.png").arg(stamp));
    for (int n = 2; QFileInfo::exists(path); ++n)
        path = folder.absoluteFilePath(QStringLiteral("pasted-%1-%2.png").arg(stamp).arg(n));
    return start(path, image);
}

quint64 AttachmentService::start(const QString& path, const std::optional<QImage>& pastedImage)
{
    const quint64 ticket = m_state->nextTicket++;
    auto cancel = std::make_shared<ingest::CancelFlag>();
    m_state->pending.insert(ticket, cancel);
    emit started(ticket, path);

    auto* watcher = new QFutureWatcher<WorkResult>(this);
    connect(watcher, &QFutureWatcher<WorkResult>::finished, this, [this, watcher, ticket] {
        WorkResult result = watcher->result();
        watcher->deleteLater();
        if (!m_state->pending.remove(ticket) || result.cancelled)
            return;
        if (!result.problem.isEmpty()) {
            emit failed(ticket, result.info.path, result.problem);
            return;
        }
        storage::AttachmentStore store(m_state->db);
        storage::Result<storage::AddedAttachment> added = store.addAttachment(*result.attachment);
        if (!added) {
            emit failed(ticket, result.info.path,
                        tr("%1: could not be stored: %2")
                            .arg(result.info.path, QString::fromStdString(added.error().message())));
            return;
        }
        result.info.id = added.value().id;
        emit ready(ticket, result.info);
    });
    const qint64 maxBytes = m_state->maxFileBytes;
    watcher->setFuture(QtConcurrent::run(&m_state->pool, [path, pastedImage, maxBytes, cancel] {
        return ingestOnWorker(path, pastedImage, maxBytes, cancel.get());
    }));
    return ticket;
}

void AttachmentService::cancel(quint64 ticket)
{
    if (auto flag = m_state->pending.take(ticket))
        flag->cancel();
}

void AttachmentService::cancelAll()
{
    for (const auto& flag : std::as_const(m_state->pending))
        flag->cancel();
    m_state->pending.clear();
}

bool AttachmentService::isPending(quint64 ticket) const
{
    return m_state->pending.contains(ticket);
}

int AttachmentService::pendingCount() const
{
    return int(m_state->pending.size());
}

void AttachmentService::setMaxFileBytes(qint64 bytes)
{
    m_state->maxFileBytes = bytes;
}

qint64 AttachmentService::maxFileBytes() const
{
    return m_state->maxFileBytes;
}

void AttachmentService::setPasteFolder(const QString& folder)
{
    m_state->pasteFolder = folder;
}

QString AttachmentService::pasteFolder() const
{
    return m_state->pasteFolder;
}

} // namespace cairn::app
