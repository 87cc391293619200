// SPDX-License-Identifier: MIT
// The main window: chat area, message input, and a status bar with the model and backends.
#pragma once

#include <QMainWindow>

class QLabel;
class QListView;
class QPlainTextEdit;
class QPushButton;
class QStackedWidget;

namespace cairn::app {
class BackendProbeService;
}

namespace cairn::ui {

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    /// The window shows the probe's result when it arrives; it starts the probe if none ran yet.
    explicit MainWindow(app::BackendProbeService& probe, QWidget* parent = nullptr);

private:
    void buildMenus();
    void buildCentralArea();
    void buildStatusBar();
    void showAbout();
    void updateSendEnabled();

    app::BackendProbeService& m_probe;
    QStackedWidget* m_chatStack = nullptr;
    QListView* m_messages = nullptr;
    QPlainTextEdit* m_input = nullptr;
    QPushButton* m_send = nullptr;
    QLabel* m_modelStatus = nullptr;
    QLabel* m_backendStatus = nullptr;
    bool m_modelLoaded = false;
};

} // namespace cairn::ui
