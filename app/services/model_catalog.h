// SPDX-License-Identifier: MIT
// ModelCatalog: the models Cairn can offer, found by scanModels() on a worker thread, the folders
// the user added and the last model loaded (both in the profile's settings), and whether a model
// fits in memory at a context length. Lives on the GUI thread; never loads a model itself.
#pragma once

#include "app/services/model_scan.h"

#include <QFutureWatcher>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <functional>
#include <optional>

namespace cairn::storage {
class Database;
}

namespace cairn::app {

/// Settings keys (storage::SettingsStore) the catalog owns.
inline constexpr char kModelFoldersKey[] = "models.folders"; ///< JSON array of folder paths
inline constexpr char kLastModelKey[] = "models.last";       ///< path of the last model loaded

struct MemoryVerdict {
    std::int64_t contextLength = 0;   ///< tokens judged (the trained context when 0 was asked)
    std::uint64_t neededBytes = 0;    ///< estimateMemory(...).totalBytes(), made of:
    std::uint64_t weightBytes = 0;    ///< the mapped file
    std::uint64_t kvCacheBytes = 0;   ///< the latent cache full at contextLength
    std::uint64_t workspaceBytes = 0; ///< the forward pass's buffers
    std::uint64_t availableBytes = 0; ///< MemAvailable plus what the loaded model holds
    bool fits = true;
    /// "needs 41.2 GB for 8,192 tokens of context; 22.1 GB is available"
    QString message;
};

/// "41.2 GB" (decimal units, one decimal), in the user's locale.
QString formatBytes(std::uint64_t bytes);
/// "15.7 B", "236 M": the parameter count for tables.
QString formatParameterCount(std::uint64_t parameters);

class ModelCatalog : public QObject {
    Q_OBJECT
public:
    /// Reads MemAvailable from /proc/meminfo; nothing when it cannot.
    using AvailableMemoryFn = std::function<std::optional<std::uint64_t>()>;

    /// Looks where ModelScanRoots::forHome(home, environment) says. Call rescan() to fill it.
    ModelCatalog(storage::Database& db, const QString& home, const QProcessEnvironment& environment,
                 QObject* parent = nullptr);
    /// The user's home and this process's environment.
    explicit ModelCatalog(storage::Database& db, QObject* parent = nullptr);
    ~ModelCatalog() override;

    /// Scans again on a worker thread; `scanFinished` follows. A call during a scan runs one
    /// more scan after it (so a folder just added is included).
    void rescan();
    [[nodiscard]] bool isScanning() const;
    [[nodiscard]] const QList<ModelEntry>& entries() const { return m_entries; }
    [[nodiscard]] std::optional<ModelEntry> entry(const QString& path) const;
    [[nodiscard]] const ModelScanRoots& roots() const { return m_roots; }

    [[nodiscard]] QStringList userFolders() const { return m_roots.userFolders; }
    /// Adds `folder` (stored, then rescanned). False with `problem` set when it is not a
    /// readable folder or the settings cannot be written.
    bool addFolder(const QString& folder, QString* problem = nullptr);
    void removeFolder(const QString& folder);

    /// The model loaded last (empty when none), remembered across runs.
    [[nodiscard]] QString lastModelPath() const;
    void setLastModelPath(const QString& path);
    /// The last model when the scan found it, it is supported and it fits at `contextLength`:
    /// what to load at start without asking.
    [[nodiscard]] std::optional<ModelEntry> autoLoadCandidate(std::int64_t contextLength) const;

    /// The model currently loaded and the memory it holds (its estimate), counted as available
    /// when judging another model; 0 when none.
    void setLoadedModelBytes(std::uint64_t bytes) { m_loadedBytes = bytes; }
    /// Replaces the /proc/meminfo reader (tests).
    void setAvailableMemoryFn(AvailableMemoryFn fn) { m_availableMemory = std::move(fn); }
    /// Whether `entry` fits at `contextLength` tokens (0: its trained context).
    [[nodiscard]] MemoryVerdict checkMemory(const ModelEntry& entry, std::int64_t contextLength) const;

signals:
    void scanStarted();
    void scanFinished();
    void foldersChanged();

private:
    void startScan();
    void loadFolders();
    bool storeFolders(QString* problem);

    storage::Database& m_db;
    ModelScanRoots m_roots;
    QList<ModelEntry> m_entries;
    QFutureWatcher<QList<ModelEntry>> m_watcher;
    bool m_rescanPending = false;
    std::uint64_t m_loadedBytes = 0;
    AvailableMemoryFn m_availableMemory;
};

/// MemAvailable from /proc/meminfo in bytes.
std::optional<std::uint64_t> readAvailableMemory();

} // namespace cairn::app
