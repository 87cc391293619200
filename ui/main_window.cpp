// SPDX-License-Identifier: MIT
// MainWindow layout and wiring. Chat sending arrives with the model service; until a model is
// loaded the send action stays disabled and says why.

#include "ui/main_window.h"

#include "app/services/backend_probe_service.h"

#include <QAction>
#include <QApplication>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QLabel>
#include <QListView>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStackedWidget>
#include <QStatusBar>
#include <QVBoxLayout>

namespace cairn::ui {

MainWindow::MainWindow(app::BackendProbeService& probe, QWidget* parent) : QMainWindow(parent), m_probe(probe)
{
    setWindowTitle(tr("Cairn"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/cairn.svg")));
    setObjectName(QStringLiteral("mainWindow"));
    resize(960, 680);
    buildMenus();
    buildCentralArea();
    buildStatusBar();

    connect(&m_probe, &app::BackendProbeService::probed, this,
            [this](const QString& summary) { m_backendStatus->setText(summary); });
    if (m_probe.hasResult())
        m_backendStatus->setText(m_probe.summary());
    else
        m_probe.start();
    m_input->setFocus();
}

void MainWindow::buildMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* quit = file->addAction(tr("&Quit"), qApp, &QApplication::quit);
    quit->setShortcut(QKeySequence::Quit);
    quit->setObjectName(QStringLiteral("quitAction"));

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Cairn"), this, &MainWindow::showAbout);
}

void MainWindow::buildCentralArea()
{
    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);

    m_messages = new QListView(central);
    m_messages->setObjectName(QStringLiteral("messageList"));
    auto* empty = new QLabel(tr("No conversation yet.\nLoad a model, then type a message below."), central);
    empty->setObjectName(QStringLiteral("emptyChatLabel"));
    empty->setAlignment(Qt::AlignCenter);
    empty->setEnabled(false);
    m_chatStack = new QStackedWidget(central);
    m_chatStack->addWidget(empty);
    m_chatStack->addWidget(m_messages);
    layout->addWidget(m_chatStack, 1);

    auto* inputRow = new QHBoxLayout;
    m_input = new QPlainTextEdit(central);
    m_input->setObjectName(QStringLiteral("messageInput"));
    m_input->setPlaceholderText(tr("Message Cairn (Ctrl+Enter to send)"));
    m_input->setMaximumHeight(120);
    m_input->setTabChangesFocus(true);
    m_send = new QPushButton(tr("Send"), central);
    m_send->setObjectName(QStringLiteral("sendButton"));
    m_send->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    inputRow->addWidget(m_input, 1);
    inputRow->addWidget(m_send, 0, Qt::AlignBottom);
    layout->addLayout(inputRow);
    setCentralWidget(central);

    connect(m_input, &QPlainTextEdit::textChanged, this, &MainWindow::updateSendEnabled);
    updateSendEnabled();
}

void MainWindow::buildStatusBar()
{
    m_modelStatus = new QLabel(tr("No model loaded"), this);
    m_modelStatus->setObjectName(QStringLiteral("modelStatus"));
    m_backendStatus = new QLabel(tr("Detecting backends…"), this);
    m_backendStatus->setObjectName(QStringLiteral("backendStatus"));
    statusBar()->addWidget(m_modelStatus, 1);
    statusBar()->addPermanentWidget(m_backendStatus);
}

void MainWindow::updateSendEnabled()
{
    m_send->setEnabled(m_modelLoaded && !m_input->toPlainText().trimmed().isEmpty());
    m_send->setToolTip(m_modelLoaded ? tr("Send the message (Ctrl+Enter)") : tr("Load a model to start chatting"));
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About Cairn"),
                       tr("<b>Cairn %1</b><p>A local, offline assistant and codebase analyst. "
                          "Nothing leaves this machine.</p>")
                           .arg(QApplication::applicationVersion()));
}

} // namespace cairn::ui
