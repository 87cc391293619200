// SPDX-License-Identifier: MIT
// Theme, offscreen: the dark and light palettes reach the application, and "follow the system"
// takes GNOME's color-scheme from a stand-in gsettings on PATH (its get answer and monitor lines).

#include "ui/theme.h"

#include <QApplication>
#include <QFile>
#include <QSignalSpy>
#include <QStyle>
#include <QtTest>

#include <memory>

using cairn::app::ThemeChoice;
using cairn::ui::Theme;

namespace {

/// Answers `get` from ./scheme, and for `monitor` prints ./change whenever it appears.
constexpr const char* kFakeGsettings = R"(#!/bin/sh
dir=$(dirname "$0")
case "$1" in
get) cat "$dir/scheme" ;;
monitor) while :; do
    if [ -f "$dir/change" ]; then cat "$dir/change"; rm -f "$dir/change"; fi
    sleep 0.05
  done ;;
*) exit 1 ;;
esac
)";

bool writeFile(const QString& path, const QByteArray& content)
{
    QFile file(path + QStringLiteral(".part"));
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
        return false;
    file.close();
    QFile::remove(path);
    return QFile::rename(path + QStringLiteral(".part"), path);
}

QColor windowColour()
{
    return QGuiApplication::palette().color(QPalette::Window);
}

} // namespace

class TestTheme : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();
    void darkAndLightChangeTheWindowColour();
    void systemFollowsGnomeDark();
    void systemFollowsGnomeChangeWhileRunning();
    void explicitChoiceWinsOverSystem();
    void withoutGsettingsSystemUsesPlatformPalette();

private:
    void useGsettings(const QByteArray& answer);

    QByteArray m_path;
    std::unique_ptr<QTemporaryDir> m_bin;
};

void TestTheme::initTestCase()
{
    m_path = qgetenv("PATH");
}

void TestTheme::init()
{
    m_bin = std::make_unique<QTemporaryDir>();
    QVERIFY(m_bin->isValid());
    // Only our bin folder: without useGsettings() there is no gsettings at all.
    qputenv("PATH", m_bin->path().toLocal8Bit());
}

void TestTheme::cleanup()
{
    qputenv("PATH", m_path);
    m_bin.reset();
}

void TestTheme::useGsettings(const QByteArray& answer)
{
    const QString script = m_bin->filePath(QStringLiteral("gsettings"));
    QVERIFY(writeFile(script, kFakeGsettings));
    QVERIFY(QFile::setPermissions(script, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    QVERIFY(writeFile(m_bin->filePath(QStringLiteral("scheme")), answer));
    // The script itself needs cat, rm, sleep and dirname.
    qputenv("PATH", m_bin->path().toLocal8Bit() + ':' + m_path);
}

void TestTheme::darkAndLightChangeTheWindowColour()
{
    Theme theme;
    QSignalSpy dark(&theme, &Theme::darkChanged);
    QVERIFY(!theme.isDark());
    QCOMPARE(QApplication::style()->name(), QStringLiteral("fusion"));
    const QColor light = windowColour();

    theme.setChoice(ThemeChoice::Dark);
    QVERIFY(theme.isDark());
    QCOMPARE(theme.choice(), ThemeChoice::Dark);
    QCOMPARE(windowColour(), Theme::darkPalette().color(QPalette::Window));
    QVERIFY(windowColour().lightness() < 80);
    QVERIFY(windowColour() != light);
    QCOMPARE(dark.count(), 1);
    QCOMPARE(dark.first().first().toBool(), true);

    theme.setChoice(ThemeChoice::Light);
    QVERIFY(!theme.isDark());
    QCOMPARE(windowColour(), Theme::lightPalette().color(QPalette::Window));
    QVERIFY(windowColour().lightness() > 180);
    QCOMPARE(dark.count(), 2);
    QCOMPARE(dark.last().first().toBool(), false);
}

void TestTheme::systemFollowsGnomeDark()
{
    useGsettings("'prefer-dark'\n");
    Theme theme;
    QCOMPARE(theme.choice(), ThemeChoice::System);
    QTRY_VERIFY(theme.isDark());
    QVERIFY(theme.systemPrefersDark());
    QCOMPARE(windowColour(), Theme::darkPalette().color(QPalette::Window));
}

void TestTheme::systemFollowsGnomeChangeWhileRunning()
{
    useGsettings("'default'\n");
    Theme theme;
    QSignalSpy dark(&theme, &Theme::darkChanged);
    QTest::qWait(100); // the get answer: no preference, the platform's light palette stays
    QVERIFY(!theme.isDark());
    QVERIFY(writeFile(m_bin->filePath(QStringLiteral("change")), "color-scheme: 'prefer-dark'\n"));
    QTRY_VERIFY(theme.isDark());
    QCOMPARE(windowColour(), Theme::darkPalette().color(QPalette::Window));
    QVERIFY(writeFile(m_bin->filePath(QStringLiteral("change")), "color-scheme: 'prefer-light'\n"));
    QTRY_VERIFY(!theme.isDark());
    QCOMPARE(dark.count(), 2);
}

void TestTheme::explicitChoiceWinsOverSystem()
{
    useGsettings("'prefer-dark'\n");
    Theme theme;
    QTRY_VERIFY(theme.systemPrefersDark());
    theme.setChoice(ThemeChoice::Light);
    QVERIFY(!theme.isDark());
    QCOMPARE(windowColour(), Theme::lightPalette().color(QPalette::Window));
    theme.setChoice(ThemeChoice::System);
    QVERIFY(theme.isDark());
}

void TestTheme::withoutGsettingsSystemUsesPlatformPalette()
{
    Theme theme;
    QVERIFY(!theme.systemPrefersDark()); // offscreen's platform palette is light
    QVERIFY(!theme.isDark());
    QCOMPARE(windowColour(), Theme::lightPalette().color(QPalette::Window));
    // Someone else changing the application palette makes Theme read the platform's again and
    // put its own back.
    QApplication::setPalette(Theme::darkPalette());
    QTRY_COMPARE(windowColour(), Theme::lightPalette().color(QPalette::Window));
    QVERIFY(!theme.isDark());
}

QTEST_MAIN(TestTheme)
#include "tst_theme.moc"
