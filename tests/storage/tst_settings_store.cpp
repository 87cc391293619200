// SPDX-License-Identifier: MIT
// SettingsStore: set, replace, read, remove and list key/value settings; they survive reopening.

#include "storage/database.h"
#include "storage/settings_store.h"

#include <QtTest>

using namespace cairn::storage;

class TestSettingsStore : public QObject {
    Q_OBJECT
private slots:
    void setReplaceRemoveAndList();
    void emptyKeyIsRejected();
    void settingsSurviveReopening();
};

void TestSettingsStore::setReplaceRemoveAndList()
{
    QTemporaryDir dir;
    auto db = Database::open(dir.filePath(QStringLiteral("cairn.db")).toStdString());
    QVERIFY(db.ok());
    SettingsStore settings(db.value());
    QCOMPARE(settings.value("ui/theme").value(), std::nullopt);
    QVERIFY(settings.setValue("ui/theme", "dark").ok());
    QVERIFY(settings.setValue("models/folder", "/home/a/models").ok());
    QVERIFY(settings.setValue("ui/theme", "light").ok());
    QCOMPARE(settings.value("ui/theme").value(), std::optional<std::string>("light"));
    QVERIFY(settings.setValue("empty/value", "").ok());
    QCOMPARE(settings.value("empty/value").value(), std::optional<std::string>(""));
    const std::map<std::string, std::string> expected
        = {{"empty/value", ""}, {"models/folder", "/home/a/models"}, {"ui/theme", "light"}};
    QCOMPARE(settings.all().value(), expected);

    QVERIFY(settings.remove("ui/theme").ok());
    QVERIFY(settings.remove("never/set").ok());
    QCOMPARE(settings.value("ui/theme").value(), std::nullopt);
    QCOMPARE(settings.all().value().size(), std::size_t{2});
}

void TestSettingsStore::emptyKeyIsRejected()
{
    QTemporaryDir dir;
    auto db = Database::open(dir.filePath(QStringLiteral("cairn.db")).toStdString());
    QVERIFY(db.ok());
    QCOMPARE(SettingsStore(db.value()).setValue("", "x").error().code, ErrorCode::InvalidInput);
}

void TestSettingsStore::settingsSurviveReopening()
{
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("cairn.db")).toStdString();
    {
        auto db = Database::open(path);
        QVERIFY(db.ok());
        QVERIFY(SettingsStore(db.value()).setValue("sampling/temperature", "0.6").ok());
    }
    auto db = Database::open(path);
    QVERIFY(db.ok());
    QCOMPARE(SettingsStore(db.value()).value("sampling/temperature").value(), std::optional<std::string>("0.6"));
}

QTEST_GUILESS_MAIN(TestSettingsStore)
#include "tst_settings_store.moc"
