// SPDX-License-Identifier: MIT
// The catalog's settings are single-row reads and writes (GUI thread); the scan, which opens and
// parses every model file it finds, runs on QtConcurrent's pool.

#include "app/services/model_catalog.h"

#include "storage/settings_store.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QtConcurrent/QtConcurrentRun>

namespace cairn::app {

namespace {

QLocale groupingLocale()
{
    QLocale locale;
    locale.setNumberOptions(QLocale::DefaultNumberOptions);
    return locale;
}

} // namespace

QString formatBytes(std::uint64_t bytes)
{
    const QLocale locale = groupingLocale();
    const auto value = static_cast<double>(bytes);
    if (value >= 1e9)
        return QCoreApplication::translate("cairn::app::ModelCatalog", "%1 GB")
            .arg(locale.toString(value / 1e9, 'f', 1));
    if (value >= 1e6)
        return QCoreApplication::translate("cairn::app::ModelCatalog", "%1 MB")
            .arg(locale.toString(value / 1e6, 'f', 1));
    if (value >= 1e3)
        return QCoreApplication::translate("cairn::app::ModelCatalog", "%1 kB")
            .arg(locale.toString(value / 1e3, 'f', 1));
    return QCoreApplication::translate("cairn::app::ModelCatalog", "%1 bytes")
        .arg(locale.toString(static_cast<qulonglong>(bytes)));
}

QString formatParameterCount(std::uint64_t parameters)
{
    const QLocale locale = groupingLocale();
    const auto value = static_cast<double>(parameters);
    if (value >= 1e9)
        return QCoreApplication::translate("cairn::app::ModelCatalog", "%1 B")
            .arg(locale.toString(value / 1e9, 'f', 1));
    if (value >= 1e6)
        return QCoreApplication::translate("cairn::app::ModelCatalog", "%1 M")
            .arg(locale.toString(value / 1e6, 'f', 1));
    if (value >= 1e3)
        return QCoreApplication::translate("cairn::app::ModelCatalog", "%1 K")
            .arg(locale.toString(value / 1e3, 'f', 1));
    return locale.toString(static_cast<qulonglong>(parameters));
}

std::optional<std::uint64_t> readAvailableMemory()
{
    QFile meminfo(QStringLiteral("/proc/meminfo"));
    if (!meminfo.open(QIODevice::ReadOnly | QIODevice::Text))
        return std::nullopt;
    // "MemAvailable:   22123456 kB". /proc files report size 0, so read them whole, not to atEnd().
    const QList<QByteArray> lines = meminfo.readAll().split('\n');
    for (const QByteArray& line : lines) {
        if (!line.startsWith("MemAvailable:"))
            continue;
        const QList<QByteArray> fields = line.simplified().split(' ');
        bool ok = false;
        const qulonglong kib = fields.size() >= 2 ? fields[1].toULongLong(&ok) : 0;
        return ok ? std::optional<std::uint64_t>(std::uint64_t{kib} * 1024) : std::nullopt;
    }
    return std::nullopt;
}

ModelCatalog::ModelCatalog(storage::Database& db, const QString& home, const QProcessEnvironment& environment,
                           QObject* parent)
    : QObject(parent), m_db(db), m_roots(ModelScanRoots::forHome(home, environment)),
      m_availableMemory(&readAvailableMemory)
{
    loadFolders();
    connect(&m_watcher, &QFutureWatcher<QList<ModelEntry>>::finished, this, [this] {
        m_entries = m_watcher.result();
        if (m_rescanPending) {
            m_rescanPending = false;
            startScan();
        }
        emit scanFinished();
    });
}

ModelCatalog::ModelCatalog(storage::Database& db, QObject* parent)
    : ModelCatalog(db, QDir::homePath(), QProcessEnvironment::systemEnvironment(), parent)
{
}

ModelCatalog::~ModelCatalog() = default;

void ModelCatalog::rescan()
{
    if (isScanning()) {
        m_rescanPending = true;
        return;
    }
    startScan();
}

bool ModelCatalog::isScanning() const
{
    return m_watcher.isRunning();
}

void ModelCatalog::startScan()
{
    emit scanStarted();
    m_watcher.setFuture(QtConcurrent::run(&scanModels, m_roots));
}

std::optional<ModelEntry> ModelCatalog::entry(const QString& path) const
{
    const QString canonical = QFileInfo(path).canonicalFilePath();
    for (const ModelEntry& e : m_entries) {
        if (e.path == path || (!canonical.isEmpty() && e.path == canonical))
            return e;
    }
    return std::nullopt;
}

void ModelCatalog::loadFolders()
{
    const auto stored = storage::SettingsStore(m_db).value(kModelFoldersKey);
    if (!stored || !stored.value())
        return;
    const QJsonArray folders = QJsonDocument::fromJson(QByteArray::fromStdString(*stored.value())).array();
    for (const QJsonValue& folder : folders) {
        if (folder.isString() && !m_roots.userFolders.contains(folder.toString()))
            m_roots.userFolders.append(folder.toString());
    }
}

bool ModelCatalog::storeFolders(QString* problem)
{
    const QByteArray json
        = QJsonDocument(QJsonArray::fromStringList(m_roots.userFolders)).toJson(QJsonDocument::Compact);
    const auto stored = storage::SettingsStore(m_db).setValue(kModelFoldersKey, json.toStdString());
    if (!stored && problem != nullptr)
        *problem = tr("Cannot save the model folders: %1").arg(QString::fromStdString(stored.error().message()));
    return stored.ok();
}

bool ModelCatalog::addFolder(const QString& folder, QString* problem)
{
    const QFileInfo info(folder);
    if (!info.isDir() || !info.isReadable()) {
        if (problem != nullptr)
            *problem = tr("%1: not a readable folder").arg(QDir::toNativeSeparators(folder));
        return false;
    }
    const QString path = info.canonicalFilePath();
    if (m_roots.userFolders.contains(path))
        return true;
    m_roots.userFolders.append(path);
    if (!storeFolders(problem)) {
        m_roots.userFolders.removeLast();
        return false;
    }
    emit foldersChanged();
    rescan();
    return true;
}

void ModelCatalog::removeFolder(const QString& folder)
{
    if (m_roots.userFolders.removeAll(folder) == 0)
        return;
    storeFolders(nullptr);
    emit foldersChanged();
    rescan();
}

QString ModelCatalog::lastModelPath() const
{
    const auto stored = storage::SettingsStore(m_db).value(kLastModelKey);
    return stored && stored.value() ? QString::fromStdString(*stored.value()) : QString();
}

void ModelCatalog::setLastModelPath(const QString& path)
{
    storage::SettingsStore settings(m_db);
    // A failed write only loses the auto-load next time; nothing to tell the user now.
    if (path.isEmpty())
        static_cast<void>(settings.remove(kLastModelKey));
    else
        static_cast<void>(settings.setValue(kLastModelKey, path.toStdString()));
}

std::optional<ModelEntry> ModelCatalog::autoLoadCandidate(std::int64_t contextLength) const
{
    const QString last = lastModelPath();
    if (last.isEmpty())
        return std::nullopt;
    std::optional<ModelEntry> found = entry(last);
    if (!found || !found->info || !found->info->supported || !checkMemory(*found, contextLength).fits)
        return std::nullopt;
    return found;
}

MemoryVerdict ModelCatalog::checkMemory(const ModelEntry& entry, std::int64_t contextLength) const
{
    MemoryVerdict verdict;
    if (!entry.info)
        return verdict;
    const std::int64_t context
        = contextLength > 0 ? contextLength : static_cast<std::int64_t>(entry.info->trainedContext);
    const MemoryEstimate estimate = estimateMemory(*entry.info, context);
    verdict.contextLength = context;
    verdict.neededBytes = estimate.totalBytes();
    verdict.weightBytes = estimate.weightBytes;
    verdict.kvCacheBytes = estimate.kvCacheBytes;
    verdict.workspaceBytes = estimate.workspaceBytes;
    const std::optional<std::uint64_t> available = m_availableMemory ? m_availableMemory() : std::nullopt;
    if (!available) {
        verdict.message
            = tr("needs %1 for %2 tokens of context")
                  .arg(formatBytes(verdict.neededBytes), groupingLocale().toString(static_cast<qlonglong>(context)));
        return verdict; // cannot tell: let the load try
    }
    verdict.availableBytes = *available + m_loadedBytes;
    verdict.fits = verdict.neededBytes <= verdict.availableBytes;
    verdict.message
        = tr("needs %1 for %2 tokens of context; %3 is available")
              .arg(formatBytes(verdict.neededBytes), groupingLocale().toString(static_cast<qlonglong>(context)),
                   formatBytes(verdict.availableBytes));
    return verdict;
}

} // namespace cairn::app
