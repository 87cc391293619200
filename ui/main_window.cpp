// SPDX-License-Identifier: MIT
// MainWindow layout and wiring: ChatService's streaming signals drive the ChatView, the input area
// sends through ChatService (drops anywhere on the window reach it through its DropHandler), the
// sidebar opens conversations, EngineHost's load and generation results fill the status bar, and
// the window's geometry and splitter are kept in QSettings.

#include "ui/main_window.h"

#include "app/services/app_services.h"
#include "app/services/backend_probe_service.h"
#include "app/services/chat_service.h"
#include "app/services/conversation_list.h"
#include "app/services/engine_host.h"
#include "app/services/settings_service.h"
#include "ui/chat_view.h"
#include "ui/conversation_sidebar.h"
#include "ui/drop_handler.h"
#include "ui/input_area.h"
#include "ui/message_input.h"
#include "ui/models_page.h"
#include "ui/settings_dialog.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QFile>
#include <QFileInfo>
#include <QKeySequence>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QVBoxLayout>

#include <algorithm>
#include <optional>
#include <utility>

#include <unistd.h>

namespace cairn::ui {

namespace {

constexpr int kMemoryRefreshMs = 2000;
constexpr int kProblemShownMs = 10000;
constexpr int kBackendStatusWidth = 320; ///< pixels of the probe summary shown; all of it in the tooltip
constexpr std::int64_t kFallbackContextLength = 4096;
const QString kGeometryKey = QStringLiteral("mainWindow/geometry");
const QString kStateKey = QStringLiteral("mainWindow/state");
const QString kSplitterKey = QStringLiteral("mainWindow/splitter");

/// Resident memory of this process from /proc/self/statm (pages), 0 where it cannot be read.
qint64 residentBytes()
{
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (!statm.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> fields = statm.readAll().split(' ');
    if (fields.size() < 2)
        return 0;
    return fields[1].toLongLong() * static_cast<qint64>(sysconf(_SC_PAGESIZE));
}

} // namespace

MainWindow::MainWindow(app::AppServices& services, QWidget* parent) : QMainWindow(parent), m_services(services)
{
    setWindowTitle(tr("Cairn"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/cairn.svg")));
    setObjectName(QStringLiteral("mainWindow"));
    resize(1100, 720);
    buildCentralArea();
    buildMenus();
    buildStatusBar();
    connectServices();
    restoreLayout();
    showMessages();
    updateActions();
    m_inputArea->dropHandler()->install(this);
    m_inputArea->focusEditor();
}

MainWindow::~MainWindow()
{
    saveLayout();
}

void MainWindow::buildMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* newChat = file->addAction(tr("&New chat"), this, [this] {
        showModelsPage(false);
        m_services.chat().startNewConversation();
        m_inputArea->focusEditor();
    });
    newChat->setObjectName(QStringLiteral("newChatAction"));
    newChat->setShortcut(QKeySequence::New);
    file->addAction(m_inputArea->messageInput()->attachAction());
    file->addSeparator();
    QAction* settings = file->addAction(tr("S&ettings…"), this, [this] { openSettings(false); });
    settings->setObjectName(QStringLiteral("settingsAction"));
    settings->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setObjectName(QStringLiteral("quitAction"));
    quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));

    QMenu* chat = menuBar()->addMenu(tr("&Chat"));
    QAction* search = chat->addAction(tr("&Search conversations"), this, [this] {
        showModelsPage(false);
        m_sidebar->focusSearch();
    });
    search->setObjectName(QStringLiteral("searchAction"));
    search->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    QAction* focusInput = chat->addAction(tr("&Focus message input"), this, [this] { showModelsPage(false); });
    focusInput->setObjectName(QStringLiteral("focusInputAction"));
    focusInput->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    m_stopAction = chat->addAction(tr("S&top reply"), this, [this] { m_services.chat().stop(); });
    m_stopAction->setObjectName(QStringLiteral("stopAction"));
    m_stopAction->setShortcut(QKeySequence(Qt::Key_Escape));
    chat->addSeparator();
    QAction* next = chat->addAction(tr("Ne&xt conversation"), this, [this] { m_sidebar->openAdjacent(1); });
    next->setObjectName(QStringLiteral("nextConversationAction"));
    next->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_Tab), QKeySequence(Qt::CTRL | Qt::Key_PageDown)});
    QAction* previous = chat->addAction(tr("P&revious conversation"), this, [this] { m_sidebar->openAdjacent(-1); });
    previous->setObjectName(QStringLiteral("previousConversationAction"));
    previous->setShortcuts({QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Backtab),
                            QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Tab), QKeySequence(Qt::CTRL | Qt::Key_PageUp)});
    chat->addSeparator();
    m_conversationSettingsAction = chat->addAction(tr("Conversation se&ttings…"), this, [this] { openSettings(true); });
    m_conversationSettingsAction->setObjectName(QStringLiteral("conversationSettingsAction"));

    QMenu* view = menuBar()->addMenu(tr("&View"));
    m_modelsAction = view->addAction(tr("&Models"), this, [this](bool checked) { showModelsPage(checked); });
    m_modelsAction->setObjectName(QStringLiteral("modelsAction"));
    m_modelsAction->setCheckable(true);
    m_modelsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_M));

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Cairn"), this, &MainWindow::showAbout);
}

void MainWindow::buildCentralArea()
{
    m_pages = new QStackedWidget(this);
    m_pages->setObjectName(QStringLiteral("pages"));
    m_splitter = new QSplitter(Qt::Horizontal, m_pages);
    m_splitter->setObjectName(QStringLiteral("mainSplitter"));
    m_splitter->setChildrenCollapsible(false);

    m_sidebar = new ConversationSidebar(m_services.conversations(), m_splitter);
    m_splitter->addWidget(m_sidebar);

    auto* chatArea = new QWidget(m_splitter);
    auto* layout = new QVBoxLayout(chatArea);
    m_chatView = new ChatView(chatArea);
    m_chatView->setObjectName(QStringLiteral("chatView"));
    m_chatView->setAccessibleName(tr("Messages"));
    auto* empty = new QLabel(tr("No conversation yet.\nLoad a model, then type a message below."), chatArea);
    empty->setObjectName(QStringLiteral("emptyChatLabel"));
    empty->setAlignment(Qt::AlignCenter);
    empty->setEnabled(false);
    m_chatStack = new QStackedWidget(chatArea);
    m_chatStack->addWidget(empty);
    m_chatStack->addWidget(m_chatView);
    layout->addWidget(m_chatStack, 1);
    m_inputArea = new InputArea(m_services.attachments(), m_services.repositoryIndexing(), chatArea);
    layout->addWidget(m_inputArea);

    m_splitter->addWidget(chatArea);
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({260, 840});
    m_pages->addWidget(m_splitter);

    m_modelsPage = new ModelsPage(m_services.models(), m_services.engine(), m_pages);
    m_modelsPage->setObjectName(QStringLiteral("modelsPage"));
    applyLoadSettings();
    m_pages->addWidget(m_modelsPage);
    setCentralWidget(m_pages);

    connect(m_inputArea, &InputArea::sendRequested, this, &MainWindow::sendMessage);
    connect(m_inputArea, &InputArea::stopRequested, this, [this] { m_services.chat().stop(); });
    connect(m_inputArea, &InputArea::editLastRequested, this, &MainWindow::editLastMessage);
    connect(m_inputArea, &InputArea::repositoryReady, this,
            [this](std::int64_t repositoryId) { m_services.chat().addRepository(repositoryId); });
    connect(m_inputArea, &InputArea::problem, this, &MainWindow::showProblem);
}

void MainWindow::buildStatusBar()
{
    m_modelStatus = new QLabel(tr("No model loaded"), this);
    m_modelStatus->setObjectName(QStringLiteral("modelStatus"));
    m_speedStatus = new QLabel(this);
    m_speedStatus->setObjectName(QStringLiteral("speedStatus"));
    m_speedStatus->setToolTip(tr("Generation speed of the last reply"));
    m_contextStatus = new QLabel(this);
    m_contextStatus->setObjectName(QStringLiteral("contextStatus"));
    m_contextStatus->setToolTip(tr("Tokens in the context, of the context length"));
    m_memoryStatus = new QLabel(this);
    m_memoryStatus->setObjectName(QStringLiteral("memoryStatus"));
    m_memoryStatus->setToolTip(tr("Memory used by Cairn"));
    m_backendStatus = new QLabel(tr("Detecting backends…"), this);
    m_backendStatus->setObjectName(QStringLiteral("backendStatus"));
    statusBar()->addWidget(m_modelStatus, 1);
    statusBar()->addPermanentWidget(m_speedStatus);
    statusBar()->addPermanentWidget(m_contextStatus);
    statusBar()->addPermanentWidget(m_memoryStatus);
    statusBar()->addPermanentWidget(m_backendStatus);

    m_memoryTimer.setInterval(kMemoryRefreshMs);
    connect(&m_memoryTimer, &QTimer::timeout, this, &MainWindow::updateMemory);
    m_memoryTimer.start();
    updateMemory();
}

void MainWindow::connectServices()
{
    app::ChatService& chat = m_services.chat();
    app::EngineHost& engine = m_services.engine();
    app::BackendProbeService& probe = m_services.backends();

    connect(&chat, &app::ChatService::messagesReset, this, &MainWindow::showMessages);
    connect(&chat, &app::ChatService::replyStarted, this, &MainWindow::onReplyStarted);
    connect(&chat, &app::ChatService::replyText, m_chatView, &ChatView::appendText);
    connect(&chat, &app::ChatService::replyFinished, this, [this](const app::ChatMessageView& message) {
        m_chatView->updateMessage(message);
        updateActions();
    });
    connect(&chat, &app::ChatService::replyFailed, this, [this](std::int64_t, const QString& problem) {
        showProblem(problem);
        updateActions();
    });
    connect(&chat, &app::ChatService::contextUsage, this, [this](std::int64_t used, std::int64_t total) {
        m_contextStatus->setText(tr("Context %1 / %2").arg(QLocale().toString(used), QLocale().toString(total)));
    });

    connect(m_chatView, &ChatView::regenerateRequested, this, [this](std::int64_t id) {
        QString problem;
        if (!m_services.chat().regenerate(id, &problem))
            showProblem(problem);
        updateActions();
    });
    connect(m_chatView, &ChatView::editRequested, this, [this](std::int64_t id, const QString& text) {
        QString problem;
        if (!m_services.chat().editAndResend(id, text, &problem))
            showProblem(problem);
        updateActions();
    });
    connect(m_chatView, &ChatView::deleteRequested, &chat, &app::ChatService::deleteMessage);
    connect(m_chatView, &ChatView::branchRequested, &chat, &app::ChatService::switchBranch);

    connect(m_sidebar, &ConversationSidebar::conversationActivated, this,
            [this](std::int64_t id) { m_services.chat().openConversation(id); });
    connect(m_sidebar, &ConversationSidebar::newChatRequested, this, [this] {
        m_services.chat().startNewConversation();
        m_inputArea->focusEditor();
    });
    connect(m_sidebar, &ConversationSidebar::problemOccurred, this, &MainWindow::showProblem);
    connect(&m_services.conversations(), &app::ConversationList::changed, this, &MainWindow::updateTitle);

    connect(&m_services.settings(), &app::SettingsService::generationDefaultsChanged, this,
            &MainWindow::applyLoadSettings);

    connect(&engine, &app::EngineHost::loadProgress, this,
            [this](double fraction) { m_modelStatus->setText(tr("Loading model… %1 %").arg(qRound(fraction * 100))); });
    connect(&engine, &app::EngineHost::modelLoaded, this, [this] {
        showModelStatus();
        if (m_pages->currentWidget() == m_modelsPage)
            showModelsPage(false);
    });
    connect(&engine, &app::EngineHost::modelLoadFailed, this, [this](const QString& path, const QString& message) {
        showModelStatus();
        if (m_pages->currentWidget() == m_modelsPage)
            return; // the models page, where the load was asked for, says why
        auto* box = new QMessageBox(QMessageBox::Warning, tr("The model could not be loaded"),
                                    tr("%1\n\n%2").arg(QFileInfo(path).fileName(), message), QMessageBox::Ok, this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
        updateActions();
    });
    connect(&engine, &app::EngineHost::modelUnloaded, this, &MainWindow::showModelStatus);
    connect(&engine, &app::EngineHost::generationFinished, this,
            [this](std::uint64_t, const app::GenerationSummary& summary) { onGenerationFinished(summary); });

    connect(&probe, &app::BackendProbeService::probed, this, [this](const QString& summary) { showBackends(summary); });
    if (probe.hasResult())
        showBackends(probe.summary());
    else
        probe.start();
    showModelStatus();
}

void MainWindow::restoreLayout()
{
    const QSettings settings;
    restoreGeometry(settings.value(kGeometryKey).toByteArray());
    restoreState(settings.value(kStateKey).toByteArray());
    m_splitter->restoreState(settings.value(kSplitterKey).toByteArray());
}

void MainWindow::saveLayout() const
{
    QSettings settings;
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kStateKey, saveState());
    settings.setValue(kSplitterKey, m_splitter->saveState());
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    saveLayout();
    m_services.chat().stop();
    QMainWindow::closeEvent(event);
}

void MainWindow::loadLastModel()
{
    m_modelsPage->loadLastModelWhenFound();
}

void MainWindow::showModelsPage(bool show)
{
    m_pages->setCurrentWidget(show ? static_cast<QWidget*>(m_modelsPage) : m_splitter);
    m_modelsAction->setChecked(show);
    if (show)
        m_modelsPage->setFocus(Qt::ShortcutFocusReason);
    else
        m_inputArea->focusEditor();
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About Cairn"),
                       tr("<b>Cairn %1</b><p>A local, offline assistant and codebase analyst. "
                          "Nothing leaves this machine.</p>")
                           .arg(QApplication::applicationVersion()));
}

void MainWindow::openSettings(bool forConversation)
{
    const std::int64_t conversation = m_services.chat().conversationId();
    if (forConversation && conversation == 0)
        return;
    auto* dialog = new SettingsDialog(m_services.settings(),
                                      forConversation ? std::optional<std::int64_t>(conversation) : std::nullopt, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::sendMessage(const QString& text, const QList<std::int64_t>& attachmentIds)
{
    QString problem;
    const std::int64_t editing = std::exchange(m_editingMessageId, 0);
    const bool started = editing != 0 ? m_services.chat().editAndResend(editing, text, &problem)
                                      : m_services.chat().send(text, attachmentIds, &problem);
    if (!started) {
        m_inputArea->setText(text); // the area has cleared itself: what the user typed is not lost
        m_editingMessageId = editing;
        showProblem(problem);
    }
    updateActions();
}

void MainWindow::editLastMessage()
{
    const QList<app::ChatMessageView> messages = m_services.chat().messages();
    const auto last = std::find_if(messages.crbegin(), messages.crend(), [](const app::ChatMessageView& message) {
        return message.role == app::ChatRole::User;
    });
    if (last == messages.crend())
        return;
    m_editingMessageId = last->id;
    m_inputArea->setText(last->content);
    statusBar()->showMessage(tr("Editing your last message: sending it starts a new branch"), kProblemShownMs);
}

void MainWindow::showMessages()
{
    const QList<app::ChatMessageView> messages = m_services.chat().messages();
    m_chatView->setMessages(messages);
    m_chatStack->setCurrentWidget(messages.isEmpty() ? m_chatStack->widget(0) : m_chatView);
    m_sidebar->setCurrentConversation(m_services.chat().conversationId());
    updateTitle();
    const bool editingShown = std::any_of(messages.begin(), messages.end(),
                                          [this](const app::ChatMessageView& m) { return m.id == m_editingMessageId; });
    if (!editingShown)
        m_editingMessageId = 0;
    updateActions();
}

void MainWindow::updateTitle()
{
    const std::optional<app::ConversationEntry> shown
        = m_services.conversations().entry(m_services.chat().conversationId());
    setWindowTitle(shown && !shown->title.isEmpty() ? tr("%1 — Cairn").arg(shown->title) : tr("Cairn"));
}

void MainWindow::onReplyStarted(std::int64_t messageId)
{
    const QList<app::ChatMessageView> messages = m_services.chat().messages();
    // The reply's row may already be there when the list was reset after it was created.
    if (m_chatView->messageCount() < messages.size()) {
        app::ChatMessageView reply;
        reply.id = messageId;
        reply.role = app::ChatRole::Assistant;
        reply.complete = false;
        for (const app::ChatMessageView& message : messages)
            if (message.id == messageId)
                reply = message;
        m_chatView->appendMessage(reply);
    }
    m_chatStack->setCurrentWidget(m_chatView);
    updateActions();
}

void MainWindow::applyLoadSettings()
{
    const app::GenerationSettings defaults = m_services.settings().generationDefaults();
    m_modelsPage->setContextLength(static_cast<int>(defaults.contextLength.value_or(kFallbackContextLength)));
    m_modelsPage->setThreads(defaults.threads.value_or(0));
}

void MainWindow::showModelStatus()
{
    // After a failed load the model loaded before is still there.
    if (const std::optional<app::LoadedModelInfo> info = m_services.engine().model()) {
        m_modelStatus->setText(tr("%1 · %2 · threads: %3").arg(info->name, info->backend).arg(info->threads));
        m_modelStatus->setToolTip(info->path);
    } else {
        m_modelStatus->setText(tr("No model loaded"));
        m_modelStatus->setToolTip(QString());
    }
    updateActions();
}

void MainWindow::onGenerationFinished(const app::GenerationSummary& summary)
{
    if (summary.generatedTokens > 0 && summary.decodeSeconds > 0)
        m_speedStatus->setText(
            tr("%1 tok/s").arg(static_cast<double>(summary.generatedTokens) / summary.decodeSeconds, 0, 'f', 1));
    m_contextStatus->setText(
        tr("Context %1 / %2").arg(QLocale().toString(summary.contextUsed), QLocale().toString(summary.contextTotal)));
    updateActions();
}

void MainWindow::updateActions()
{
    const bool loaded = m_services.engine().model().has_value();
    const bool generating = m_services.chat().isGenerating();
    m_inputArea->setGenerating(generating);
    m_inputArea->setSendBlocked(loaded ? QString() : tr("Load a model to start chatting"));
    m_stopAction->setEnabled(generating);
    m_conversationSettingsAction->setEnabled(m_services.chat().conversationId() != 0);
}

void MainWindow::updateMemory()
{
    const qint64 bytes = residentBytes();
    m_memoryStatus->setText(bytes > 0 ? tr("Memory %1").arg(QLocale().formattedDataSize(bytes)) : QString());
}

void MainWindow::showBackends(const QString& summary)
{
    m_backendStatus->setText(m_backendStatus->fontMetrics().elidedText(summary, Qt::ElideRight, kBackendStatusWidth));
    m_backendStatus->setToolTip(summary);
}

void MainWindow::showProblem(const QString& message)
{
    statusBar()->showMessage(message, kProblemShownMs);
}

} // namespace cairn::ui
