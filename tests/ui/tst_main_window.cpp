// SPDX-License-Identifier: MIT
// The main window, opened offscreen over a temporary database: title, empty chat, input, status
// bar (backend probe result, memory), layout, shortcuts with accessible names, file drops, and the
// compiled-in translations.

#include "app/services/app_services.h"
#include "app/services/backend_probe_service.h"
#include "app/services/chat_service.h"
#include "app/services/conversation_list.h"
#include "storage/conversation_store.h"
#include "storage/database.h"
#include "ui/conversation_sidebar.h"
#include "ui/main_window.h"
#include "ui/settings_dialog.h"

#include <QAction>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QTemporaryDir>
#include <QTranslator>
#include <QtTest>

#include <optional>

using cairn::ui::MainWindow;

namespace {

QString labelText(const QWidget& window, const char* name)
{
    const auto* label = window.findChild<QLabel*>(QLatin1String(name));
    return label != nullptr ? label->text() : QStringLiteral("<missing %1>").arg(QLatin1String(name));
}

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();
    void opensWithEmptyChatAndNoModel();
    void statusBarShowsProbedBackends();
    void statusBarShowsMemory();
    void sendStaysDisabledWithoutModel();
    void shortcutsFocusSearchAndInput();
    void keysSwitchConversations();
    void settingsOpenFromMenu();
    void splitterSizesAreRemembered();
    void dropsAreTakenAnywhere();
    void translationFollowsLocale_data();
    void translationFollowsLocale();

private:
    std::optional<QTemporaryDir> m_dir;
    std::optional<cairn::storage::Database> m_db;
    std::optional<cairn::app::AppServices> m_services;
};

void TestMainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // QSettings writes under ~/.qttest
    QCoreApplication::setOrganizationName(QStringLiteral("CairnTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_main_window"));
}

void TestMainWindow::init()
{
    QSettings().clear();
    m_dir.emplace();
    auto db = cairn::storage::Database::open(m_dir->filePath(QStringLiteral("t.db")).toStdString());
    QVERIFY(db.ok());
    m_db.emplace(std::move(db).value());
    m_services.emplace(*m_db);
}

void TestMainWindow::cleanup()
{
    m_services.reset();
    m_db.reset();
    m_dir.reset();
}

void TestMainWindow::opensWithEmptyChatAndNoModel()
{
    MainWindow window(*m_services);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(window.windowTitle(), QStringLiteral("Cairn"));
    QCOMPARE(labelText(window, "modelStatus"), QStringLiteral("No model loaded"));
    QVERIFY(window.findChild<QLabel*>(QStringLiteral("emptyChatLabel"))->isVisible());
    auto* input = window.findChild<QPlainTextEdit*>(QStringLiteral("messageInput"));
    QVERIFY(input != nullptr);
    QTRY_VERIFY(input->hasFocus());
}

void TestMainWindow::statusBarShowsProbedBackends()
{
    MainWindow window(*m_services);
    window.show();
    const cairn::app::BackendProbeService& probe = m_services->backends();
    QTRY_VERIFY_WITH_TIMEOUT(probe.hasResult(), 60'000);
    QTRY_VERIFY(!labelText(window, "backendStatus").startsWith(QLatin1String("Detecting")));
    // The whole summary in the tooltip, as much as fits on the label.
    const auto* label = window.findChild<QLabel*>(QStringLiteral("backendStatus"));
    QCOMPARE(label->toolTip(), probe.summary());
    QVERIFY2(label->text().startsWith(QLatin1String("CPU: ")), qPrintable(label->text()));
    QVERIFY(probe.summary().contains(QLatin1String("CUDA: ")));
    QVERIFY(probe.summary().contains(QLatin1String("Vulkan: ")));
}

void TestMainWindow::statusBarShowsMemory()
{
    MainWindow window(*m_services);
    const QString text = labelText(window, "memoryStatus");
    // "Memory 123.4 MiB": the resident set of this test process.
    QVERIFY2(text.startsWith(QLatin1String("Memory ")) && text.contains(QLatin1String("iB")), qPrintable(text));
    QCOMPARE(labelText(window, "modelStatus"), QStringLiteral("No model loaded"));
}

void TestMainWindow::sendStaysDisabledWithoutModel()
{
    MainWindow window(*m_services);
    window.show();
    auto* input = window.findChild<QPlainTextEdit*>(QStringLiteral("messageInput"));
    auto* send = window.findChild<QPushButton*>(QStringLiteral("sendButton"));
    QVERIFY(input != nullptr && send != nullptr);
    QTest::keyClicks(input, QStringLiteral("hello"));
    QCOMPARE(input->toPlainText(), QStringLiteral("hello"));
    QVERIFY(!send->isEnabled());
    QCOMPARE(send->toolTip(), QStringLiteral("Load a model to start chatting"));
    QVERIFY(!window.findChild<QAction*>(QStringLiteral("stopAction"))->isEnabled());
}

void TestMainWindow::shortcutsFocusSearchAndInput()
{
    MainWindow window(*m_services);
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    auto* search = window.findChild<QLineEdit*>(QStringLiteral("conversationSearch"));
    auto* input = window.findChild<QPlainTextEdit*>(QStringLiteral("messageInput"));
    QTest::keyClick(&window, Qt::Key_K, Qt::ControlModifier);
    QTRY_VERIFY(search->hasFocus());
    QTest::keyClick(&window, Qt::Key_L, Qt::ControlModifier);
    QTRY_VERIFY(input->hasFocus());
    const auto shortcut = [&window](const char* name) {
        const auto* action = window.findChild<QAction*>(QLatin1String(name));
        return action != nullptr ? action->shortcut().toString() : QStringLiteral("<missing>");
    };
    QCOMPARE(shortcut("newChatAction"), QStringLiteral("Ctrl+N"));
    QCOMPARE(shortcut("stopAction"), QStringLiteral("Esc"));
    QCOMPARE(shortcut("quitAction"), QStringLiteral("Ctrl+Q"));
    QCOMPARE(shortcut("nextConversationAction"), QStringLiteral("Ctrl+Tab"));
    QCOMPARE(shortcut("modelsAction"), QStringLiteral("Ctrl+M"));
    QCOMPARE(shortcut("settingsAction"), QStringLiteral("Ctrl+,"));
    QCOMPARE(shortcut("focusInputAction"), QStringLiteral("Ctrl+L"));
    QCOMPARE(shortcut("searchAction"), QStringLiteral("Ctrl+K"));
    // Ctrl+M shows the models page in place of the chat, and back.
    auto* pages = window.findChild<QStackedWidget*>(QStringLiteral("pages"));
    QTest::keyClick(&window, Qt::Key_M, Qt::ControlModifier);
    QCOMPARE(pages->currentWidget()->objectName(), QStringLiteral("modelsPage"));
    QTest::keyClick(&window, Qt::Key_M, Qt::ControlModifier);
    QCOMPARE(pages->currentWidget()->objectName(), QStringLiteral("mainSplitter"));
    QTRY_VERIFY(input->hasFocus());
    // Every control of the chat page has an accessible name (Qt's own inner widgets aside).
    const auto controls = window.findChild<QSplitter*>(QStringLiteral("mainSplitter"))->findChildren<QWidget*>();
    for (const QWidget* widget : controls)
        if ((qobject_cast<const QPushButton*>(widget) != nullptr || qobject_cast<const QLineEdit*>(widget) != nullptr
             || qobject_cast<const QPlainTextEdit*>(widget) != nullptr)
            && !widget->objectName().startsWith(QLatin1String("qt_")))
            QVERIFY2(!widget->accessibleName().isEmpty(), qPrintable(widget->objectName()));
}

void TestMainWindow::keysSwitchConversations()
{
    std::int64_t stamp = QDateTime::currentMSecsSinceEpoch() - 60'000;
    cairn::storage::ConversationStore store(*m_db, [&stamp] { return stamp++; });
    const std::int64_t older = store.createConversation({"older", {}, {}, "{}"}).value().id;
    const std::int64_t newer = store.createConversation({"newer", {}, {}, "{}"}).value().id;
    m_services->conversations().refresh();
    MainWindow window(*m_services);
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    const cairn::app::ChatService& chat = m_services->chat();
    QCOMPARE(chat.conversationId(), 0);
    QTest::keyClick(&window, Qt::Key_Tab, Qt::ControlModifier);
    QCOMPARE(chat.conversationId(), newer);
    QCOMPARE(window.windowTitle(), QStringLiteral("newer — Cairn"));
    QTest::keyClick(&window, Qt::Key_PageDown, Qt::ControlModifier);
    QCOMPARE(chat.conversationId(), older);
    QTest::keyClick(&window, Qt::Key_PageUp, Qt::ControlModifier);
    QCOMPARE(chat.conversationId(), newer);
    QTest::keyClick(&window, Qt::Key_Backtab, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(chat.conversationId(), older);
    QCOMPARE(window.findChild<cairn::ui::ConversationSidebar*>()->currentConversation(), older);
    QTest::keyClick(&window, Qt::Key_N, Qt::ControlModifier);
    QCOMPARE(chat.conversationId(), 0);
    QCOMPARE(window.windowTitle(), QStringLiteral("Cairn"));
}

void TestMainWindow::settingsOpenFromMenu()
{
    MainWindow window(*m_services);
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    auto* conversationSettings = window.findChild<QAction*>(QStringLiteral("conversationSettingsAction"));
    QVERIFY(!conversationSettings->isEnabled()); // a new chat has nothing to override yet
    QTest::keyClick(&window, Qt::Key_Comma, Qt::ControlModifier);
    cairn::ui::SettingsDialog* dialog = nullptr;
    QTRY_VERIFY((dialog = window.findChild<cairn::ui::SettingsDialog*>()) != nullptr);
    QTRY_VERIFY(dialog->isVisible());
    dialog->reject();
    QTRY_VERIFY(window.findChild<cairn::ui::SettingsDialog*>() == nullptr); // deleted on close
}

void TestMainWindow::splitterSizesAreRemembered()
{
    {
        MainWindow window(*m_services);
        window.resize(1000, 600);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.findChild<QSplitter*>(QStringLiteral("mainSplitter"))->setSizes({321, 600});
        window.close();
    }
    MainWindow again(*m_services);
    again.show();
    QVERIFY(QTest::qWaitForWindowExposed(&again));
    QCOMPARE(again.findChild<QSplitter*>(QStringLiteral("mainSplitter"))->sizes().front(), 321);
}

void TestMainWindow::dropsAreTakenAnywhere()
{
    MainWindow window(*m_services);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QMimeData files;
    files.setUrls({QUrl::fromLocalFile(m_dir->filePath(QStringLiteral("notes.txt")))});
    // Over the window itself and over the sidebar's list, far from the input area.
    const QList<QWidget*> targets{&window, window.findChild<QWidget*>(QStringLiteral("conversationTree"))};
    for (QWidget* target : targets) {
        QWidget* receiver = target == &window ? &window : static_cast<QAbstractScrollArea*>(target)->viewport();
        QDragEnterEvent enter(QPoint(5, 5), Qt::CopyAction, &files, Qt::LeftButton, Qt::NoModifier);
        enter.setAccepted(false);
        QCoreApplication::sendEvent(receiver, &enter);
        QVERIFY2(enter.isAccepted(), qPrintable(receiver->objectName()));
    }
    QMimeData text;
    text.setText(QStringLiteral("just words"));
    QDragEnterEvent refused(QPoint(5, 5), Qt::CopyAction, &text, Qt::LeftButton, Qt::NoModifier);
    refused.setAccepted(false);
    QCoreApplication::sendEvent(&window, &refused);
    QVERIFY(!refused.isAccepted());
}

void TestMainWindow::translationFollowsLocale_data()
{
    QTest::addColumn<QString>("locale");
    QTest::addColumn<QString>("noModel");
    QTest::newRow("de") << "de_DE" << QStringLiteral("Kein Modell geladen");
    QTest::newRow("zh_CN") << "zh_CN" << QStringLiteral("未加载模型");
}

void TestMainWindow::translationFollowsLocale()
{
    QFETCH(QString, locale);
    QFETCH(QString, noModel);
    // The same lookup main_gui.cpp does for the system locale.
    QTranslator translator;
    QVERIFY(translator.load(QLocale(locale), QStringLiteral("cairn"), QStringLiteral("_"), QStringLiteral(":/i18n")));
    QVERIFY(QCoreApplication::installTranslator(&translator));
    MainWindow window(*m_services);
    QCOMPARE(labelText(window, "modelStatus"), noModel);
    QVERIFY(QCoreApplication::removeTranslator(&translator));
}

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
