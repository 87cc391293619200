// SPDX-License-Identifier: MIT
// The main window: conversation sidebar | chat view and input area in a splitter, the models page
// in its place on Ctrl+M, menus with the common shortcuts, drops of files and folders anywhere on
// the window, and a status bar with the model, backends, speed of the last reply, context use and
// the process's memory.
#pragma once

#include <QMainWindow>
#include <QTimer>

#include <cstdint>

class QAction;
class QLabel;
class QSplitter;
class QStackedWidget;

namespace cairn::app {
class AppServices;
struct ChatMessageView;
struct GenerationSummary;
} // namespace cairn::app

namespace cairn::ui {

class ChatView;
class ConversationSidebar;
class InputArea;
class ModelsPage;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    /// The window works with `services` (which must outlive it); it starts the backend probe if
    /// none ran yet and restores its last geometry.
    explicit MainWindow(app::AppServices& services, QWidget* parent = nullptr);
    ~MainWindow() override;

    /// Loads the last model used once the models page's scan finds it (at start-up).
    void loadLastModel();
    /// Shows the models page (true) or the chat (false).
    void showModelsPage(bool show);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void buildMenus();
    void buildCentralArea();
    void buildStatusBar();
    void connectServices();
    void restoreLayout();
    void saveLayout() const;
    void showAbout();
    void openSettings(bool forConversation);
    void sendMessage(const QString& text, const QList<std::int64_t>& attachmentIds);
    void editLastMessage();
    void showMessages();
    /// "<conversation title> — Cairn", or "Cairn" for a new conversation.
    void updateTitle();
    void onReplyStarted(std::int64_t messageId);
    /// The loaded model, its backend and threads, or that none is loaded.
    void showModelStatus();
    /// The settings' context length and threads, for the next model load.
    void applyLoadSettings();
    void onGenerationFinished(const app::GenerationSummary& summary);
    void updateActions();
    void updateMemory();
    void showBackends(const QString& summary);
    void showProblem(const QString& message);

    app::AppServices& m_services;
    QStackedWidget* m_pages = nullptr;
    QSplitter* m_splitter = nullptr;
    ConversationSidebar* m_sidebar = nullptr;
    QStackedWidget* m_chatStack = nullptr;
    ChatView* m_chatView = nullptr;
    InputArea* m_inputArea = nullptr;
    ModelsPage* m_modelsPage = nullptr;
    QAction* m_stopAction = nullptr;
    QAction* m_modelsAction = nullptr;
    QAction* m_conversationSettingsAction = nullptr;
    QLabel* m_modelStatus = nullptr;
    QLabel* m_backendStatus = nullptr;
    QLabel* m_speedStatus = nullptr;
    QLabel* m_contextStatus = nullptr;
    QLabel* m_memoryStatus = nullptr;
    QTimer m_memoryTimer;
    /// The user message that Up put back into the editor: the next send edits it into a branch.
    std::int64_t m_editingMessageId = 0;
};

} // namespace cairn::ui
