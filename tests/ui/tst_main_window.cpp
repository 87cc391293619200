// SPDX-License-Identifier: MIT
// The main window, opened offscreen: title, empty chat, input, status bar, backend probe result,
// and the compiled-in translations.

#include "app/services/backend_probe_service.h"
#include "ui/main_window.h"

#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTranslator>
#include <QtTest>

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
    void opensWithEmptyChatAndNoModel();
    void statusBarShowsProbedBackends();
    void sendStaysDisabledWithoutModel();
    void translationFollowsLocale_data();
    void translationFollowsLocale();
};

void TestMainWindow::opensWithEmptyChatAndNoModel()
{
    cairn::app::BackendProbeService probe;
    MainWindow window(probe);
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
    cairn::app::BackendProbeService probe;
    MainWindow window(probe);
    window.show();
    QTRY_VERIFY_WITH_TIMEOUT(probe.hasResult(), 60'000);
    const QString text = labelText(window, "backendStatus");
    QVERIFY2(text.startsWith(QLatin1String("CPU: ")), qPrintable(text));
    QVERIFY(text.contains(QLatin1String("CUDA: ")));
    QVERIFY(text.contains(QLatin1String("Vulkan: ")));
    QCOMPARE(text, probe.summary());
}

void TestMainWindow::sendStaysDisabledWithoutModel()
{
    cairn::app::BackendProbeService probe;
    MainWindow window(probe);
    window.show();
    auto* input = window.findChild<QPlainTextEdit*>(QStringLiteral("messageInput"));
    auto* send = window.findChild<QPushButton*>(QStringLiteral("sendButton"));
    QVERIFY(input != nullptr && send != nullptr);
    QTest::keyClicks(input, QStringLiteral("hello"));
    QCOMPARE(input->toPlainText(), QStringLiteral("hello"));
    QVERIFY(!send->isEnabled());
    QCOMPARE(send->toolTip(), QStringLiteral("Load a model to start chatting"));
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
    cairn::app::BackendProbeService probe;
    MainWindow window(probe);
    QCOMPARE(labelText(window, "modelStatus"), noModel);
    QVERIFY(QCoreApplication::removeTranslator(&translator));
}

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
