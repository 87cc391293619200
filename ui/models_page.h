// SPDX-License-Identifier: MIT
// The models page: the GGUF files ModelCatalog found, the selected one's details and memory
// estimate for a chosen context length, and loading it through EngineHost with progress, cancel
// and unload. Models that cannot run (unsupported, unreadable, too big) are refused up front.
#pragma once

#include "app/services/model_catalog.h"

#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace cairn::app {
class EngineHost;
struct LoadedModelInfo;
} // namespace cairn::app

namespace cairn::ui {

class ModelsPage : public QWidget {
    Q_OBJECT
public:
    /// Columns of the table, in order.
    enum Column {
        NameColumn,
        ArchitectureColumn,
        ParametersColumn,
        QuantizationColumn,
        ContextColumn,
        ExpertsColumn,
        SizeColumn,
        SourceColumn,
        ColumnCount
    };

    /// Shows the catalog's entries as they are scanned; starts a scan when none ran yet.
    ModelsPage(app::ModelCatalog& catalog, app::EngineHost& engine, QWidget* parent = nullptr);

    /// Loads the catalog's last model once the scan finds it (and it is supported and fits);
    /// for start-up. Does nothing when a model is loaded or loading by then.
    void loadLastModelWhenFound();

    /// The context length (tokens) the next load asks for and the estimate is made for.
    void setContextLength(int tokens);
    [[nodiscard]] int contextLength() const;
    /// Worker threads the next load asks for (0: one per core).
    void setThreads(int threads) { m_threads = threads; }

    /// Selects the row of `path` (canonical or not); false when it is not listed.
    bool selectModel(const QString& path);
    /// Loads the selected model at the chosen context length, unless it is refused (message shown).
    void loadSelected();

protected:
    void keyPressEvent(QKeyEvent* event) override;

private:
    void buildLayout();
    void fillTable();
    void updateDetails();
    void updateButtons();
    void showMessage(const QString& text, bool problem);
    void addFolder();
    void onLoaded(const app::LoadedModelInfo& info);
    void onLoadFailed(const QString& path, const QString& message);
    void onUnloaded();
    [[nodiscard]] std::optional<app::ModelEntry> selectedEntry() const;
    /// Why the selected model cannot be loaded now; empty when it can.
    [[nodiscard]] QString refusal(const app::ModelEntry& entry, const app::MemoryVerdict& verdict) const;

    app::ModelCatalog& m_catalog;
    app::EngineHost& m_engine;
    QTableWidget* m_table = nullptr;
    QLabel* m_details = nullptr;
    QSpinBox* m_context = nullptr;
    QLabel* m_estimate = nullptr;
    QLabel* m_message = nullptr;
    QLabel* m_loadedLabel = nullptr;
    QProgressBar* m_progress = nullptr;
    QPushButton* m_load = nullptr;
    QPushButton* m_unload = nullptr;
    QPushButton* m_cancel = nullptr;
    QPushButton* m_addFolder = nullptr;
    QPushButton* m_rescan = nullptr;
    QLabel* m_scanStatus = nullptr;
    QString m_loadingPath; ///< canonical path of the model being loaded; empty when none
    QString m_loadedPath;  ///< canonical path of the loaded model
    std::int64_t m_loadingContext = 0;
    int m_threads = 0;
    bool m_autoLoad = false;
    bool m_cancelRequested = false;
};

} // namespace cairn::ui
