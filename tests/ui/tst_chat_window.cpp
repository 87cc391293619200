// SPDX-License-Identifier: MIT
// The chat window end to end, offscreen: the real engine on a synthetic tiny model, a temporary
// database, the whole MainWindow. One test per acceptance line of issue 7's GUI tests, and an
// event-loop stall monitor (a 5 ms timer) running while replies are generated.

#include "app/services/app_services.h"
#include "app/services/attachment_service.h"
#include "app/services/chat_service.h"
#include "app/services/conversation_list.h"
#include "app/services/engine_host.h"
#include "app/services/generation_settings.h"
#include "app/services/repository_indexing.h"
#include "engine/api/synthetic_model.h"
#include "storage/conversation_store.h"
#include "storage/database.h"
#include "storage/settings_store.h"
#include "ui/attachment_chip.h"
#include "ui/attachment_chips.h"
#include "ui/chat_view.h"
#include "ui/conversation_sidebar.h"
#include "ui/main_window.h"
#include "ui/repository_progress.h"

#include <QAction>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include <memory>
#include <optional>

using cairn::app::AppServices;
using cairn::app::ChatMessageView;
using cairn::app::ChatRole;
using cairn::app::ChatService;
using cairn::ui::ChatView;
using cairn::ui::MainWindow;
namespace storage = cairn::storage;

namespace {

constexpr int kWaitMs = 60'000;
constexpr qint64 kStallLimitMs = 50;

bool writeFile(const QString& path, const QByteArray& content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
}

/// The largest gap between ticks of a 5 ms timer while it runs: how long the event loop stalled.
class StallMonitor {
public:
    StallMonitor()
    {
        m_timer.setInterval(5);
        m_timer.setTimerType(Qt::PreciseTimer);
        QObject::connect(&m_timer, &QTimer::timeout, &m_timer, [this] {
            m_longest = std::max(m_longest, m_clock.restart());
            ++m_ticks;
        });
    }
    void start()
    {
        m_longest = 0;
        m_ticks = 0;
        m_clock.start();
        m_timer.start();
    }
    void stop() { m_timer.stop(); }
    [[nodiscard]] qint64 longestMs() const { return m_longest; }
    [[nodiscard]] int ticks() const { return m_ticks; }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_longest = 0;
    int m_ticks = 0;
};

} // namespace

class TestChatWindow : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();
    void sendShowsStreamedText();
    void stopEndsReplyMidway();
    void regenerateMakesSecondReply();
    void editMakesBranch();
    void upEditsLastMessage();
    void restartFindsConversationIntact();
    void dropFileShowsChip();
    void dropFolderIndexesIt();
    void corruptDropAndBrokenModelAreExplained();
    void searchFindsOldMessage();
    void deletingOpenConversationClosesItUntilUndone();
    void eventLoopNeverStallsDuringGeneration();

private:
    void openWindow();
    void closeWindow();
    bool openDatabase();
    bool loadModel();
    void setMaxTokens(int maxTokens);
    /// Types `text` into the input and sends it with Enter; the reply's final message.
    std::optional<ChatMessageView> sendAndWait(const QString& text);
    /// Drags `paths` over the middle of the window and drops them, as a file manager would.
    void dropOnWindow(const QStringList& paths);
    [[nodiscard]] ChatView* chatView() const { return m_window->findChild<ChatView*>(QStringLiteral("chatView")); }
    [[nodiscard]] ChatService& chat() const { return m_services->chat(); }

    QTemporaryDir m_modelDir;
    QString m_modelPath;
    std::optional<QTemporaryDir> m_dir;
    std::optional<storage::Database> m_db;
    std::unique_ptr<AppServices> m_services;
    std::unique_ptr<MainWindow> m_window;
};

void TestChatWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // the window's QSettings go under ~/.qttest
    QCoreApplication::setOrganizationName(QStringLiteral("CairnTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_chat_window"));
    QVERIFY(m_modelDir.isValid());
    m_modelPath = m_modelDir.filePath(QStringLiteral("tiny.gguf"));
    cairn::SyntheticModelOptions options;
    options.out = m_modelPath.toStdString();
    QVERIFY(cairn::writeSyntheticModel(options).ok());
}

void TestChatWindow::init()
{
    m_dir.emplace();
    QVERIFY(m_dir->isValid());
    QVERIFY(openDatabase());
    setMaxTokens(24);
    openWindow();
    QVERIFY(loadModel());
}

void TestChatWindow::cleanup()
{
    closeWindow();
    m_db.reset();
    m_dir.reset();
}

void TestChatWindow::openWindow()
{
    m_services = std::make_unique<AppServices>(*m_db);
    m_window = std::make_unique<MainWindow>(*m_services);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestChatWindow::closeWindow()
{
    m_window.reset();
    m_services.reset();
}

bool TestChatWindow::openDatabase()
{
    storage::Result<storage::Database> db
        = storage::Database::open(m_dir->filePath(QStringLiteral("t.db")).toStdString());
    if (!db)
        return false;
    m_db.emplace(std::move(db).value());
    return true;
}

bool TestChatWindow::loadModel()
{
    QSignalSpy loaded(&m_services->engine(), &cairn::app::EngineHost::modelLoaded);
    cairn::app::ModelLoadOptions options;
    options.path = m_modelPath;
    options.threads = 1; // the other core stays with the GUI thread
    options.contextLength = 1024;
    m_services->engine().loadModel(options);
    return loaded.wait(kWaitMs) && m_services->engine().model().has_value();
}

void TestChatWindow::setMaxTokens(int maxTokens)
{
    cairn::app::GenerationSettings defaults;
    defaults.maxTokens = maxTokens;
    defaults.temperature = 0.0;
    const QByteArray json = cairn::app::generationSettingsToJson(defaults);
    QVERIFY(storage::SettingsStore(*m_db).setValue(cairn::app::kGenerationDefaultsKey, json.toStdString()).ok());
}

std::optional<ChatMessageView> TestChatWindow::sendAndWait(const QString& text)
{
    QSignalSpy finished(&chat(), &ChatService::replyFinished);
    auto* input = m_window->findChild<QPlainTextEdit*>(QStringLiteral("messageInput"));
    if (input == nullptr)
        return std::nullopt;
    input->setFocus();
    QTest::keyClicks(input, text);
    QTest::keyClick(input, Qt::Key_Return);
    if (!finished.wait(kWaitMs))
        return std::nullopt;
    return finished.front().front().value<ChatMessageView>();
}

void TestChatWindow::dropOnWindow(const QStringList& paths)
{
    QMimeData mime;
    QList<QUrl> urls;
    for (const QString& path : paths)
        urls << QUrl::fromLocalFile(path);
    mime.setUrls(urls);
    const QPointF at(m_window->width() / 2.0, m_window->height() / 2.0);
    QDragEnterEvent enter(at.toPoint(), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    enter.setAccepted(false);
    QCoreApplication::sendEvent(m_window.get(), &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    drop.setAccepted(false);
    QCoreApplication::sendEvent(m_window.get(), &drop);
    QVERIFY(drop.isAccepted());
}

void TestChatWindow::sendShowsStreamedText()
{
    setMaxTokens(160);
    QSignalSpy started(&chat(), &ChatService::replyStarted);
    QSignalSpy streamed(&chat(), &ChatService::replyText);
    // How much of the reply the view shows each time more text streams in, before the end.
    QList<qsizetype> shownWhileStreaming;
    QTimer probe;
    probe.setInterval(10);
    connect(&probe, &QTimer::timeout, this, [this, &started, &shownWhileStreaming] {
        if (!started.isEmpty() && chat().isGenerating())
            shownWhileStreaming.push_back(
                chatView()->messageText(started.front().front().value<std::int64_t>()).size());
    });
    probe.start();
    const std::optional<ChatMessageView> reply = sendAndWait(QStringLiteral("Hello there"));
    probe.stop();
    QVERIFY(reply.has_value());
    QCOMPARE(started.count(), 1);
    QCOMPARE(started.front().front().value<std::int64_t>(), reply->id);
    QVERIFY2(streamed.count() >= 2, qPrintable(QString::number(streamed.count())));
    // Text appeared and grew while the reply was still being generated.
    QVERIFY(!shownWhileStreaming.isEmpty());
    QVERIFY2(shownWhileStreaming.back() > 0 && shownWhileStreaming.front() < shownWhileStreaming.back(),
             qPrintable(QStringLiteral("%1 .. %2").arg(shownWhileStreaming.front()).arg(shownWhileStreaming.back())));
    qInfo("streamed in %lld signals; the view showed %lld then %lld characters before the end",
          static_cast<long long>(streamed.count()), static_cast<long long>(shownWhileStreaming.front()),
          static_cast<long long>(shownWhileStreaming.back()));
    QCOMPARE(reply->role, ChatRole::Assistant);
    QVERIFY(reply->complete);
    QVERIFY(!reply->content.isEmpty());
    QCOMPARE(chatView()->messageCount(), 2);
    QCOMPARE(chat().messages().front().content, QStringLiteral("Hello there"));
    QVERIFY(!chatView()->messageText(reply->id).isEmpty());
    auto* input = m_window->findChild<QPlainTextEdit*>(QStringLiteral("messageInput"));
    QVERIFY(input->toPlainText().isEmpty());
    // The conversation appears in the sidebar under Today, marked as the open one.
    auto* sidebar = m_window->findChild<cairn::ui::ConversationSidebar*>();
    QTRY_COMPARE(sidebar->shownConversations(), QList<std::int64_t>{chat().conversationId()});
    QCOMPARE(sidebar->currentConversation(), chat().conversationId());
    QVERIFY2(m_window->windowTitle().endsWith(QStringLiteral(" — Cairn")), qPrintable(m_window->windowTitle()));
    QTRY_VERIFY(m_window->findChild<QLabel*>(QStringLiteral("speedStatus"))->text().endsWith(QLatin1String("tok/s")));
    QVERIFY(
        m_window->findChild<QLabel*>(QStringLiteral("contextStatus"))->text().startsWith(QLatin1String("Context ")));
    if (qEnvironmentVariableIsSet("CAIRN_WINDOW_SHOT"))
        m_window->grab().save(qEnvironmentVariable("CAIRN_WINDOW_SHOT"));
}

void TestChatWindow::stopEndsReplyMidway()
{
    setMaxTokens(900);
    QSignalSpy streamed(&chat(), &ChatService::replyText);
    QSignalSpy finished(&chat(), &ChatService::replyFinished);
    auto* input = m_window->findChild<QPlainTextEdit*>(QStringLiteral("messageInput"));
    input->setFocus();
    QTest::keyClicks(input, QStringLiteral("Tell me a long story"));
    QTest::keyClick(input, Qt::Key_Return);
    QVERIFY(streamed.wait(kWaitMs));
    auto* stop = m_window->findChild<QAction*>(QStringLiteral("stopAction"));
    QVERIFY(stop != nullptr);
    QTRY_VERIFY(stop->isEnabled());
    // The input's Send button has become Stop.
    QCOMPARE(m_window->findChild<QPushButton*>(QStringLiteral("sendButton"))->text(), QStringLiteral("Stop"));
    QTest::keyClick(m_window.get(), Qt::Key_Escape);
    QVERIFY(finished.wait(kWaitMs));
    const auto reply = finished.front().front().value<ChatMessageView>();
    QVERIFY2(reply.statsText.contains(QLatin1String("stopped")), qPrintable(reply.statsText));
    QVERIFY(!chat().isGenerating());
    QTRY_VERIFY(!stop->isEnabled());
    QCOMPARE(m_window->findChild<QPushButton*>(QStringLiteral("sendButton"))->text(), QStringLiteral("Send"));
    // What was generated before the stop is kept, in the view and in the database.
    QCOMPARE(chat().messages().back().content, reply.content);
    const std::int64_t conversation = chat().conversationId();
    const std::vector<storage::Message> stored = storage::ConversationStore(*m_db).activePath(conversation).value();
    QCOMPARE(QString::fromStdString(stored.back().content), reply.content);
}

void TestChatWindow::regenerateMakesSecondReply()
{
    const std::optional<ChatMessageView> first = sendAndWait(QStringLiteral("Pick a number"));
    QVERIFY(first.has_value());
    QSignalSpy finished(&chat(), &ChatService::replyFinished);
    emit chatView()->regenerateRequested(first->id);
    QVERIFY(finished.wait(kWaitMs));
    const QList<ChatMessageView> messages = chat().messages();
    QCOMPARE(messages.size(), 2);
    QVERIFY(messages.back().id != first->id);
    QCOMPARE(messages.back().branchCount, 2);
    QCOMPARE(messages.back().branchIndex, 1);
    QCOMPARE(chatView()->messageCount(), 2);
    QCOMPARE(chatView()->messageText(messages.back().id).isEmpty(), messages.back().content.isEmpty());
}

void TestChatWindow::editMakesBranch()
{
    QVERIFY(sendAndWait(QStringLiteral("original question")).has_value());
    const std::int64_t userId = chat().messages().front().id;
    QSignalSpy finished(&chat(), &ChatService::replyFinished);
    emit chatView()->editRequested(userId, QStringLiteral("edited question"));
    QVERIFY(finished.wait(kWaitMs));
    QList<ChatMessageView> messages = chat().messages();
    QCOMPARE(messages.front().content, QStringLiteral("edited question"));
    QCOMPARE(messages.front().branchCount, 2);
    QCOMPARE(messages.front().branchIndex, 1);
    QCOMPARE(chatView()->messageText(messages.front().id), QStringLiteral("edited question"));

    emit chatView()->branchRequested(messages.front().id, -1);
    messages = chat().messages();
    QCOMPARE(messages.front().content, QStringLiteral("original question"));
    QCOMPARE(messages.front().branchIndex, 0);
    QCOMPARE(messages.size(), 2);
    QCOMPARE(chatView()->messageText(messages.front().id), QStringLiteral("original question"));
}

void TestChatWindow::upEditsLastMessage()
{
    QVERIFY(sendAndWait(QStringLiteral("frist try")).has_value());
    auto* input = m_window->findChild<QPlainTextEdit*>(QStringLiteral("messageInput"));
    input->setFocus();
    QTest::keyClick(input, Qt::Key_Up);
    QCOMPARE(input->toPlainText(), QStringLiteral("frist try"));
    input->clear();
    QSignalSpy finished(&chat(), &ChatService::replyFinished);
    QTest::keyClicks(input, QStringLiteral("first try"));
    QTest::keyClick(input, Qt::Key_Return);
    QVERIFY(finished.wait(kWaitMs));
    const QList<ChatMessageView> messages = chat().messages();
    QCOMPARE(messages.size(), 2);
    QCOMPARE(messages.front().content, QStringLiteral("first try"));
    QCOMPARE(messages.front().branchCount, 2);
}

void TestChatWindow::restartFindsConversationIntact()
{
    const std::optional<ChatMessageView> reply = sendAndWait(QStringLiteral("Remember this"));
    QVERIFY(reply.has_value());
    const std::int64_t conversation = chat().conversationId();
    const QList<ChatMessageView> before = chat().messages();

    // Everything goes, the database connection too, as when Cairn quits and starts again.
    closeWindow();
    m_db.reset();
    QVERIFY(openDatabase());
    openWindow();
    auto* sidebar = m_window->findChild<cairn::ui::ConversationSidebar*>();
    QCOMPARE(sidebar->shownConversations(), QList<std::int64_t>{conversation});
    sidebar->openAdjacent(1); // Ctrl+Tab's way to the first conversation
    QCOMPARE(chat().conversationId(), conversation);
    const QList<ChatMessageView> after = chat().messages();
    QCOMPARE(after.size(), before.size());
    for (qsizetype i = 0; i < after.size(); ++i) {
        QCOMPARE(after[i].id, before[i].id);
        QCOMPARE(after[i].content, before[i].content);
        QVERIFY(after[i].complete);
    }
    QCOMPARE(chatView()->messageCount(), 2);
    QCOMPARE(chatView()->messageText(before.front().id), QStringLiteral("Remember this"));
}

void TestChatWindow::dropFileShowsChip()
{
    const QString path = m_dir->filePath(QStringLiteral("notes.md"));
    QVERIFY(writeFile(path, "# Shopping\n\n- apples\n- bread\n"));
    QSignalSpy started(&m_services->attachments(), &cairn::app::AttachmentService::started);
    dropOnWindow({path});
    QCOMPARE(started.count(), 1);
    const auto ticket = started.front().front().value<quint64>();
    auto* chips = m_window->findChild<cairn::ui::AttachmentChips*>(QStringLiteral("attachmentChips"));
    QVERIFY(chips != nullptr);
    QCOMPARE(chips->count(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(chips->chip(ticket)->state() == cairn::ui::AttachmentChip::State::Ready, kWaitMs);
    QVERIFY(chips->chip(ticket)->isVisible());
    QCOMPARE(chips->chip(ticket)->name(), QStringLiteral("notes.md"));

    // The chip goes with the next message and is cleared from the input.
    QVERIFY(sendAndWait(QStringLiteral("What is on my list?")).has_value());
    QCOMPARE(chips->count(), 0);
    const ChatMessageView question = chat().messages().front();
    QCOMPARE(question.attachments.size(), 1);
    QCOMPARE(question.attachments.front().name, QStringLiteral("notes.md"));
}

void TestChatWindow::dropFolderIndexesIt()
{
    QDir folder(m_dir->filePath(QStringLiteral("project")));
    QVERIFY(folder.mkpath(QStringLiteral("src")));
    QVERIFY(writeFile(folder.filePath(QStringLiteral("src/geometry.py")),
                      "def area(width, height):\n    return width * height\n\n"
                      "def perimeter(width, height):\n    return 2 * (width + height)\n"));
    QVERIFY(
        writeFile(folder.filePath(QStringLiteral("src/main.py")), "from geometry import area\n\nprint(area(3, 4))\n"));
    QSignalSpy started(&m_services->repositoryIndexing(), &cairn::app::RepositoryIndexing::started);
    QSignalSpy progressed(&m_services->repositoryIndexing(), &cairn::app::RepositoryIndexing::progress);
    QSignalSpy finished(&m_services->repositoryIndexing(), &cairn::app::RepositoryIndexing::finished);
    dropOnWindow({folder.path()});
    QCOMPARE(started.count(), 1);
    const auto ticket = started.front().front().value<quint64>();
    auto* progress = m_window->findChild<cairn::ui::RepositoryProgress*>(QStringLiteral("repositoryProgress"));
    QVERIFY(progress != nullptr);
    QVERIFY(progress->contains(ticket));
    QVERIFY(finished.wait(kWaitMs));
    QTRY_COMPARE(progress->rowState(ticket), cairn::ui::RepositoryProgress::RowState::Ready);
    QVERIFY(progress->isVisible());
    QVERIFY2(progress->rowText(ticket).contains(QLatin1String("2")), qPrintable(progress->rowText(ticket)));
    qInfo("indexing: %lld progress signals, row reads \"%s\"", static_cast<long long>(progressed.count()),
          qPrintable(progress->rowText(ticket)));
    // The repository is given to the conversation as context.
    const auto summary = finished.front().back().value<cairn::app::RepositoryIndexSummary>();
    QCOMPARE(summary.files, 2);
    QTRY_VERIFY(chat().repositories().contains(summary.repositoryId));
}

void TestChatWindow::corruptDropAndBrokenModelAreExplained()
{
    QVERIFY(sendAndWait(QStringLiteral("Before the trouble")).has_value());
    const QList<ChatMessageView> before = chat().messages();

    // A PDF that is not one: its chip says so, naming the file.
    const QString pdf = m_dir->filePath(QStringLiteral("broken.pdf"));
    QVERIFY(writeFile(pdf, "%PDF-1.7\nthis is not really a PDF"));
    QSignalSpy started(&m_services->attachments(), &cairn::app::AttachmentService::started);
    dropOnWindow({pdf});
    QCOMPARE(started.count(), 1);
    auto* chips = m_window->findChild<cairn::ui::AttachmentChips*>(QStringLiteral("attachmentChips"));
    cairn::ui::AttachmentChip* chip = chips->chip(started.front().front().value<quint64>());
    QVERIFY(chip != nullptr);
    QTRY_VERIFY_WITH_TIMEOUT(chip->state() == cairn::ui::AttachmentChip::State::Failed, kWaitMs);
    QVERIFY2(chip->toolTip().contains(QLatin1String("broken.pdf")), qPrintable(chip->toolTip()));

    // A model file that cannot be loaded: a message box names it, the loaded model stays.
    const QString model = m_dir->filePath(QStringLiteral("garbage.gguf"));
    QVERIFY(writeFile(model, QByteArray(4096, 'x')));
    QSignalSpy failed(&m_services->engine(), &cairn::app::EngineHost::modelLoadFailed);
    cairn::app::ModelLoadOptions options;
    options.path = model;
    m_services->engine().loadModel(options);
    QVERIFY(failed.wait(kWaitMs));
    QMessageBox* box = nullptr;
    QTRY_VERIFY((box = m_window->findChild<QMessageBox*>()) != nullptr);
    QVERIFY(box->isVisible());
    QVERIFY2(box->text().contains(QLatin1String("garbage.gguf")), qPrintable(box->text()));
    box->close();
    QVERIFY(m_services->engine().model().has_value());
    QTRY_VERIFY(m_window->findChild<QLabel*>(QStringLiteral("modelStatus"))
                    ->text()
                    .startsWith(m_services->engine().model()->name));

    // Nothing of the conversation was lost, and it goes on.
    QCOMPARE(chat().messages().size(), before.size());
    QVERIFY(sendAndWait(QStringLiteral("After the trouble")).has_value());
    QCOMPARE(chat().messages().size(), before.size() + 2);
}

void TestChatWindow::searchFindsOldMessage()
{
    // A conversation from two months ago, written straight into the database.
    std::int64_t oldId = 0;
    {
        const std::int64_t then = QDateTime::currentDateTime().addDays(-60).toMSecsSinceEpoch();
        storage::ConversationStore store(*m_db, [then] { return then; });
        oldId = store.createConversation({"Garden", {}, {}, "{}"}).value().id;
        storage::NewMessage user;
        user.content = "When should I plant the tulip bulbs?";
        QVERIFY(store.appendMessage(oldId, user).ok());
    }
    QVERIFY(sendAndWait(QStringLiteral("Something recent")).has_value());
    m_services->conversations().refresh();

    QTest::keyClick(m_window.get(), Qt::Key_K, Qt::ControlModifier);
    auto* search = m_window->findChild<QLineEdit*>(QStringLiteral("conversationSearch"));
    QTRY_VERIFY(search->hasFocus());
    QTest::keyClicks(search, QStringLiteral("tulip"));
    auto* sidebar = m_window->findChild<cairn::ui::ConversationSidebar*>();
    QTRY_COMPARE(sidebar->shownConversations(), QList<std::int64_t>{oldId});
    QTest::keyClick(search, Qt::Key_Return);
    QCOMPARE(chat().conversationId(), oldId);
    QCOMPARE(chatView()->messageCount(), 1);
    QCOMPARE(chatView()->messageText(chat().messages().front().id),
             QStringLiteral("When should I plant the tulip bulbs?"));
}

void TestChatWindow::deletingOpenConversationClosesItUntilUndone()
{
    QVERIFY(sendAndWait(QStringLiteral("Keep me safe")).has_value());
    const std::int64_t conversation = chat().conversationId();
    auto* sidebar = m_window->findChild<cairn::ui::ConversationSidebar*>();
    QTRY_COMPARE(sidebar->currentConversation(), conversation);
    auto* tree = m_window->findChild<QWidget*>(QStringLiteral("conversationTree"));
    tree->setFocus();
    QTest::keyClick(tree, Qt::Key_Delete);
    QCOMPARE(chat().conversationId(), 0); // the chat shows a new, empty conversation
    QVERIFY(sidebar->shownConversations().isEmpty());
    QTest::keyClick(tree, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(sidebar->shownConversations(), QList<std::int64_t>{conversation});
    sidebar->openAdjacent(1);
    QCOMPARE(chat().conversationId(), conversation);
    QCOMPARE(chat().messages().front().content, QStringLiteral("Keep me safe"));
}

void TestChatWindow::eventLoopNeverStallsDuringGeneration()
{
    setMaxTokens(400);
    StallMonitor monitor;
    QSignalSpy finished(&chat(), &ChatService::replyFinished);
    QSignalSpy streamed(&chat(), &ChatService::replyText);
    auto* input = m_window->findChild<QPlainTextEdit*>(QStringLiteral("messageInput"));
    // Replies of the tiny model can be short (an optimised build writes hundreds of tokens in
    // milliseconds): keep sending until the monitor has watched at least 1.5 s of generation.
    QElapsedTimer watched;
    watched.start();
    monitor.start();
    int replies = 0;
    while (watched.elapsed() < 1500 && replies < 50) {
        input->setFocus();
        // Set, not typed: QTest's synthetic typing runs inside one event and would count as a stall.
        input->setPlainText(QStringLiteral("Write a few paragraphs about rivers"));
        QTest::keyClick(input, Qt::Key_Return);
        QVERIFY(finished.wait(kWaitMs));
        ++replies;
        QTRY_VERIFY(!chat().isGenerating());
        chat().startNewConversation(); // a fresh context each time: 1,024 tokens hold few replies
    }
    monitor.stop();
    qInfo("longest event-loop stall during generation: %lld ms (%lld ms watched, %d replies, %d ticks of 5 ms, "
          "%lld text signals)",
          static_cast<long long>(monitor.longestMs()), static_cast<long long>(watched.elapsed()), replies,
          monitor.ticks(), static_cast<long long>(streamed.count()));
    QVERIFY(monitor.ticks() > 0);
    QVERIFY2(monitor.longestMs() < kStallLimitMs, qPrintable(QString::number(monitor.longestMs())));
}

QTEST_MAIN(TestChatWindow)
#include "tst_chat_window.moc"
