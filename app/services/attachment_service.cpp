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
#include <QSet>
#include <QStandardPaths>
#include <QThreadPool>
#include <QTimer>
#include <QtConcurrent>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <optional>

namespace cairn::app {

struct AttachmentSource {
    std::optional<QImage> image; ///< a pasted image, to be saved at the path first
    QByteArray nativePath;       ///< a file to copy to the path first, by its name's bytes
};

struct AttachmentService::State {
    explicit State(storage::Database& database) : db(database) { }

    storage::Database& db;
    QThreadPool pool;
    QHash<quint64, std::shared_ptr<ingest::CancelFlag>> pending;
    quint64 nextTicket = 1;
    qint64 maxFileBytes = kDefaultMaxFileBytes;
    QString cacheFolder;
    QSet<QString> reservedPaths; ///< handed to pending pastes and copies, perhaps not written yet

    /// `folder/name`, or `folder/stem-2.ext`... when that exists or is reserved; reserved now.
    QString reservePath(const QString& folder, const QString& name)
    {
        const QDir dir(cacheFolder + u'/' + folder);
        const QFileInfo parts(name);
        QString path = dir.absoluteFilePath(name);
        for (int n = 2; QFileInfo::exists(path) || reservedPaths.contains(path); ++n) {
            const QString suffix = parts.suffix().isEmpty() ? QString() : u'.' + parts.suffix();
            path = dir.absoluteFilePath(QStringLiteral("%1-%2%3").arg(parts.completeBaseName()).arg(n).arg(suffix));
        }
        reservedPaths.insert(path);
        return path;
    }
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

/// Puts the file in place when it is not read where it lies: a pasted image is saved, a file whose
/// name Qt cannot hold is copied under a name it can. Empty on success, else the problem.
QString prepareSource(const QString& path, const AttachmentSource& source, qint64 maxFileBytes)
{
    if (source.image) {
        if (source.image->isNull() || !QDir().mkpath(QFileInfo(path).absolutePath())
            || !source.image->save(path, "PNG"))
            return AttachmentService::tr("%1: the pasted image could not be saved").arg(path);
        return {};
    }
    if (source.nativePath.isEmpty())
        return {};
    namespace fs = std::filesystem;
    const fs::path original(source.nativePath.toStdString());
    const QString shown = QFile::decodeName(source.nativePath);
    std::error_code error;
    if (!fs::is_regular_file(original, error))
        return AttachmentService::tr("%1: no such file").arg(shown);
    const auto size = fs::file_size(original, error);
    if (!error && size > static_cast<std::uintmax_t>(maxFileBytes))
        return AttachmentService::tr("%1: %2 is larger than the %3 an attachment may have")
            .arg(shown, QLocale().formattedDataSize(static_cast<qint64>(size)),
                 QLocale().formattedDataSize(maxFileBytes));
    if (!QDir().mkpath(QFileInfo(path).absolutePath())
        || !fs::copy_file(original, fs::path(QFile::encodeName(path).toStdString()), error))
        return AttachmentService::tr("%1: could not be copied to %2 (%3)")
            .arg(shown, path, QString::fromStdString(error.message()));
    return {};
}

/// Everything that may take long, on a worker thread.
WorkResult ingestOnWorker(const QString& path, const AttachmentSource& source, qint64 maxFileBytes,
                          const ingest::CancelFlag* cancel)
{
    WorkResult result;
    const QFileInfo file(path);
    result.info.path = path;
    result.info.name = file.fileName();
    result.problem = prepareSource(path, source, maxFileBytes);
    if (!result.problem.isEmpty())
        return result;
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
        const ingest::Error& error = content.error();
        result.cancelled = error.code == ingest::ErrorCode::Cancelled;
        result.problem = error.code == ingest::ErrorCode::Unsupported
            ? AttachmentService::tr("%1: Cairn cannot read this kind of file (%2)").arg(path, error.detail)
            : error.message();
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
    if (!source.nativePath.isEmpty())
        result.info.notes << AttachmentService::tr("read from a copy named %1: the original name (%2) is not UTF-8")
                                 .arg(result.info.name, QFile::decodeName(source.nativePath));
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

/// The cache folders whose files are made by the service for one ingest each.
const QStringList& cacheSubfolders()
{
    static const QStringList folders{QStringLiteral("pasted"), QStringLiteral("copies")};
    return folders;
}

/// How many files went; those that could not go are logged (nobody asked for them, so no one is told).
int removeFilesOlderThan(const QString& cacheFolder, const QDateTime& cutoff)
{
    int removed = 0;
    for (const QString& folder : cacheSubfolders()) {
        const QDir dir(cacheFolder + u'/' + folder);
        const QFileInfoList files = dir.entryInfoList(QDir::Files | QDir::Hidden | QDir::NoSymLinks);
        for (const QFileInfo& file : files) {
            if (file.lastModified() >= cutoff)
                continue;
            QFile remove(file.absoluteFilePath());
            if (remove.remove())
                ++removed;
            else
                qWarning("%s: could not be removed: %s", qPrintable(file.absoluteFilePath()),
                         qPrintable(remove.errorString()));
        }
    }
    return removed;
}

} // namespace

AttachmentService::AttachmentService(storage::Database& db, QObject* parent)
    : QObject(parent), m_state(std::make_unique<State>(db))
{
    qRegisterMetaType<AttachmentInfo>();
    m_state->pool.setMaxThreadCount(std::max(1, std::min(2, QThread::idealThreadCount())));
    m_state->cacheFolder
        = QStandardPaths::writableLocation(QStandardPaths::CacheLocation) + QStringLiteral("/attachments");
    QTimer::singleShot(0, this, &AttachmentService::removeStaleCacheFiles);
}

AttachmentService::~AttachmentService()
{
    cancelAll();
    m_state->pool.waitForDone();
}

quint64 AttachmentService::attach(const QString& path)
{
    return start(QFileInfo(path).absoluteFilePath(), {});
}

quint64 AttachmentService::attachImage(const QImage& image)
{
    const QString stamp = QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    AttachmentSource source;
    source.image = image;
    return start(m_state->reservePath(QStringLiteral("pasted"), QStringLiteral("pasted-%1.png").arg(stamp)), source);
}

quint64 AttachmentService::attachNativePath(const QByteArray& nativePath)
{
    // The name as UTF-8 with what is not UTF-8 replaced: a name Qt, FFmpeg and the database can hold.
    QString name = QFile::decodeName(std::filesystem::path(nativePath.toStdString()).filename().string().c_str());
    name.replace(QChar::ReplacementCharacter, u'_');
    if (name.isEmpty())
        name = QStringLiteral("file");
    AttachmentSource source;
    source.nativePath = nativePath;
    return start(m_state->reservePath(QStringLiteral("copies"), name), source);
}

quint64 AttachmentService::start(const QString& path, const AttachmentSource& source)
{
    const quint64 ticket = m_state->nextTicket++;
    auto cancel = std::make_shared<ingest::CancelFlag>();
    m_state->pending.insert(ticket, cancel);
    emit started(ticket, path);

    auto* watcher = new QFutureWatcher<WorkResult>(this);
    // Pasted images and copies are the service's own files: one that ends up stored nowhere goes.
    const bool ownsFile = source.image.has_value() || !source.nativePath.isEmpty();
    connect(watcher, &QFutureWatcher<WorkResult>::finished, this, [this, watcher, ticket, path, ownsFile] {
        WorkResult result = watcher->result();
        watcher->deleteLater();
        const bool wanted = m_state->pending.remove(ticket) && !result.cancelled;
        if (ownsFile && (!wanted || !result.problem.isEmpty()))
            QFile::remove(path);
        if (!wanted)
            return;
        if (!result.problem.isEmpty()) {
            emit failed(ticket, result.info.path, result.problem);
            return;
        }
        storage::AttachmentStore store(m_state->db);
        storage::Result<storage::AddedAttachment> added = store.addAttachment(*result.attachment);
        if (!added) {
            if (ownsFile)
                QFile::remove(path);
            emit failed(ticket, result.info.path,
                        tr("%1: could not be stored: %2")
                            .arg(result.info.path, QString::fromStdString(added.error().message())));
            return;
        }
        result.info.id = added.value().id;
        emit ready(ticket, result.info);
    });
    const qint64 maxBytes = m_state->maxFileBytes;
    watcher->setFuture(QtConcurrent::run(&m_state->pool, [path, source, maxBytes, cancel, ownsFile] {
        WorkResult result = ingestOnWorker(path, source, maxBytes, cancel.get());
        // Here too, as the service may be gone (with the continuation) once a cancelled task ends.
        if (ownsFile && (cancel->cancelled() || !result.problem.isEmpty()))
            QFile::remove(path);
        return result;
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

void AttachmentService::setCacheFolder(const QString& folder)
{
    m_state->cacheFolder = folder;
}

QString AttachmentService::cacheFolder() const
{
    return m_state->cacheFolder;
}

void AttachmentService::removeStaleCacheFiles()
{
    const QString folder = m_state->cacheFolder;
    const QDateTime cutoff = QDateTime::currentDateTimeUtc().addSecs(
        -std::chrono::duration_cast<std::chrono::seconds>(kCacheFileMaxAge).count());
    auto* watcher = new QFutureWatcher<int>(this);
    connect(watcher, &QFutureWatcher<int>::finished, this, [this, watcher] {
        const int removed = watcher->result();
        watcher->deleteLater();
        emit cacheCleaned(removed);
    });
    watcher->setFuture(
        QtConcurrent::run(&m_state->pool, [folder, cutoff] { return removeFilesOlderThan(folder, cutoff); }));
}

} // namespace cairn::app
