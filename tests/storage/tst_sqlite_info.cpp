// SPDX-License-Identifier: MIT
// The SQLite probe: the linked library has FTS5 and the probe's MATCH round trip worked.

#include "storage/sqlite_info.h"

#include <QtTest>

class TestSqliteInfo : public QObject {
    Q_OBJECT
private slots:
    void linkedSqliteHasFts5();
};

void TestSqliteInfo::linkedSqliteHasFts5()
{
    const cairn::storage::SqliteInfo info = cairn::storage::probeSqlite();
    QVERIFY2(info.fts5, info.problem.c_str());
    QVERIFY(info.problem.empty());
    const QVersionNumber version = QVersionNumber::fromString(QString::fromStdString(info.version));
    // Debian 12 ships 3.40; we rely on features from 3.35 (RETURNING, DROP COLUMN).
    QVERIFY2(version >= QVersionNumber(3, 35), info.version.c_str());
}

QTEST_GUILESS_MAIN(TestSqliteInfo)
#include "tst_sqlite_info.moc"
