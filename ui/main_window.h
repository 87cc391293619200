// SPDX-License-Identifier: MIT
// The main window: conversation sidebar | chat view and message input in a splitter, menus with
// the common shortcuts, drops of files anywhere on the window, and a status bar with the model,
// backends, speed of the last reply, context use and the process's memory.
#pragma once

#include <QMainWindow>
#include <QTimer>

#include <cstdint>

class QAction;
class QLabel;
class QMimeData;
class QPlainTextEdit;
class QPushButton;
class QSplitter;
class QStackedWidget;

namespace cairn::app {
class AppServices;
struct ChatMessageView;
struct GenerationSummary;
struct LoadedModelInfo;
} // namespace cairn::app

namespace cairn::ui {

class ChatView;
class ConversationSidebar;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    /// The window works with `services` (which must outlive it); it starts the backend probe if
    /// none ran yet and restores its last geometry.
    explicit MainWindow(app::AppServices& services, QWidget* parent = nullptr);
    ~MainWindow() override;

    /// Local files and folders carried by a drag, empty when it carries none.
    [[nodiscard]] static QStringList droppedPaths(const QMimeData* mime);

signals:
    /// Files or folders were dropped on the window.
    void pathsDropped(const QStringList& paths);

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dragMoveEvent(QDragMoveEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void buildMenus();
    void buildCentralArea();
    void buildStatusBar();
    void connectServices();
    void restoreLayout();
    void saveLayout() const;
    void showAbout();
    void openModelFile();
    void sendMessage();
    void showMessages();
    void onReplyStarted(std::int64_t messageId);
    void onModelLoaded(const app::LoadedModelInfo& info);
    void onGenerationFinished(const app::GenerationSummary& summary);
    void updateActions();
    void updateMemory();
    void showProblem(const QString& message);

    app::AppServices& m_services;
    QSplitter* m_splitter = nullptr;
    ConversationSidebar* m_sidebar = nullptr;
    QStackedWidget* m_chatStack = nullptr;
    ChatView* m_chatView = nullptr;
    QPlainTextEdit* m_input = nullptr;
    QPushButton* m_send = nullptr;
    QPushButton* m_stop = nullptr;
    QAction* m_stopAction = nullptr;
    QLabel* m_modelStatus = nullptr;
    QLabel* m_backendStatus = nullptr;
    QLabel* m_speedStatus = nullptr;
    QLabel* m_contextStatus = nullptr;
    QLabel* m_memoryStatus = nullptr;
    QTimer m_memoryTimer;
};

} // namespace cairn::ui
