// SPDX-License-Identifier: MIT
// RepositoryIndexing on small repositories written here: a first index with progress and summary,
// stored rows visible through the GUI thread's own connection, throttled progress, runs queued in
// order, cancel, and a clear failure for a folder that is not there.

#include "app/services/repository_indexing.h"
#include "storage/database.h"
#include "storage/repo_index_store.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace cairn;
using app::RepositoryIndexing;
using app::RepositoryIndexSummary;

namespace {

void writeFile(const QString& path, const QByteArray& content)
{
    QVERIFY(QDir().mkpath(QFileInfo(path).absolutePath()));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(file.write(content), content.size());
}

/// Two C files, a header and two Python files: 5 files, 6 functions/classes/structs.
void writeSmallRepository(const QString& root)
{
    writeFile(root + "/include/core.h", "struct Core {\n    int value;\n};\n\nint core_init(struct Core* core);\n");
    writeFile(root + "/src/core.c",
              "#include \"core.h\"\n\nint core_init(struct Core* core)\n{\n    core->value = 1;\n    return 0;\n}\n");
    writeFile(root + "/src/main.c",
              "#include \"core.h\"\n\nint main(void)\n{\n    struct Core core;\n    return core_init(&core);\n}\n");
    writeFile(root + "/tools/report.py",
              "def summarize(values):\n    return sum(values) / len(values)\n\n\nclass Report:\n"
              "    def render(self):\n        return 'ok'\n");
    writeFile(root + "/tools/__init__.py", "from .report import Report\n");
}

} // namespace

class TestRepositoryIndexing : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void indexesAFolderWithProgressAndSummary();
    void progressIsThrottled();
    void runsQueueInOrder();
    void cancelStopsARun();
    void missingFolderFails();
    void destroyingMidRunStopsCleanly();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::optional<storage::Database> m_db;
};

void TestRepositoryIndexing::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    auto db = storage::Database::open(QFile::encodeName(m_dir->filePath(QStringLiteral("cairn.db"))).toStdString());
    QVERIFY2(db.ok(), db.ok() ? "" : db.error().message().c_str());
    m_db.emplace(std::move(db).value());
}

void TestRepositoryIndexing::cleanup()
{
    m_db.reset();
    m_dir.reset();
}

void TestRepositoryIndexing::indexesAFolderWithProgressAndSummary()
{
    const QString root = m_dir->filePath(QStringLiteral("mein Projekt ü"));
    writeSmallRepository(root);
    RepositoryIndexing indexing(*m_db);
    QSignalSpy started(&indexing, &RepositoryIndexing::started);
    QSignalSpy progress(&indexing, &RepositoryIndexing::progress);
    QSignalSpy finished(&indexing, &RepositoryIndexing::finished);
    QSignalSpy failed(&indexing, &RepositoryIndexing::failed);

    const quint64 ticket = indexing.index(root);
    QCOMPARE(started.size(), 1);
    QCOMPARE(started.first().at(0).toULongLong(), ticket);
    QVERIFY(indexing.isActive(ticket));
    QVERIFY(finished.wait(60'000));
    QVERIFY(failed.isEmpty());
    QVERIFY(!indexing.isActive(ticket));
    QCOMPARE(indexing.activeCount(), 0);

    QVERIFY(!progress.isEmpty());
    const QList<QVariant> last = progress.last();
    QCOMPARE(last.at(0).toULongLong(), ticket);
    QCOMPARE(last.at(1).toLongLong(), 5);
    QCOMPARE(last.at(2).toLongLong(), 5);
    QVERIFY(!last.at(3).toString().isEmpty());

    const auto summary = finished.first().at(1).value<RepositoryIndexSummary>();
    QCOMPARE(finished.first().at(0).toULongLong(), ticket);
    QVERIFY(summary.repositoryId > 0);
    QCOMPARE(summary.name, QStringLiteral("mein Projekt ü"));
    QCOMPARE(summary.files, 5);
    QCOMPARE(summary.parsedFiles, 5);
    QVERIFY2(summary.symbols >= 6, qPrintable(QString::number(summary.symbols)));
    QVERIFY(summary.lines >= 25);
    QVERIFY(summary.seconds >= 0);
    QVERIFY2(summary.text().startsWith(QLatin1String("5 files")), qPrintable(summary.text()));

    // Written through the worker's connection, read through this one.
    storage::RepoIndexStore store(*m_db);
    auto repository = store.repository(summary.repositoryId);
    QVERIFY(repository.ok());
    QVERIFY(repository.value().indexedMs.has_value());
    QCOMPARE(QString::fromStdString(repository.value().rootPath), summary.root);
    auto files = store.files(summary.repositoryId);
    QVERIFY(files.ok());
    QCOMPARE(files.value().size(), std::size_t(5));
}

void TestRepositoryIndexing::progressIsThrottled()
{
    const QString root = m_dir->filePath(QStringLiteral("many"));
    constexpr int kFiles = 400;
    for (int i = 0; i < kFiles; ++i)
        writeFile(root + QStringLiteral("/m%1.py").arg(i),
                  QByteArray("def f") + QByteArray::number(i) + "():\n    return 1\n");
    RepositoryIndexing indexing(*m_db);
    QSignalSpy progress(&indexing, &RepositoryIndexing::progress);
    QSignalSpy finished(&indexing, &RepositoryIndexing::finished);
    indexing.index(root);
    QVERIFY(finished.wait(120'000));
    QVERIFY(!progress.isEmpty());
    QVERIFY2(progress.size() < kFiles / 4, qPrintable(QString::number(progress.size())));
    QCOMPARE(progress.last().at(1).toLongLong(), kFiles);
    QCOMPARE(finished.first().at(1).value<RepositoryIndexSummary>().files, kFiles);
}

void TestRepositoryIndexing::runsQueueInOrder()
{
    const QString first = m_dir->filePath(QStringLiteral("first"));
    const QString second = m_dir->filePath(QStringLiteral("second"));
    writeSmallRepository(first);
    writeSmallRepository(second);
    RepositoryIndexing indexing(*m_db);
    QSignalSpy finished(&indexing, &RepositoryIndexing::finished);
    const quint64 a = indexing.index(first);
    const quint64 b = indexing.index(second);
    QCOMPARE(indexing.activeCount(), 2);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 60'000);
    QCOMPARE(finished.at(0).at(0).toULongLong(), a);
    QCOMPARE(finished.at(1).at(0).toULongLong(), b);
    const auto one = finished.at(0).at(1).value<RepositoryIndexSummary>();
    const auto two = finished.at(1).at(1).value<RepositoryIndexSummary>();
    QVERIFY(one.repositoryId != two.repositoryId);
    QCOMPARE(two.name, QStringLiteral("second"));

    // Indexing the same folder again finds nothing new and keeps the repository id.
    indexing.index(first);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 3, 60'000);
    const auto again = finished.at(2).at(1).value<RepositoryIndexSummary>();
    QCOMPARE(again.repositoryId, one.repositoryId);
    QCOMPARE(again.files, 5);
    QCOMPARE(again.parsedFiles, 0);
    QVERIFY2(again.text().startsWith(QStringLiteral("5 files \u00b7 up to date \u00b7 ")), qPrintable(again.text()));
}

void TestRepositoryIndexing::cancelStopsARun()
{
    const QString root = m_dir->filePath(QStringLiteral("big"));
    for (int i = 0; i < 300; ++i)
        writeFile(root + QStringLiteral("/f%1.c").arg(i),
                  QByteArray("int f") + QByteArray::number(i) + "(void) { return 0; }\n");
    RepositoryIndexing indexing(*m_db);
    QSignalSpy cancelled(&indexing, &RepositoryIndexing::cancelled);
    QSignalSpy finished(&indexing, &RepositoryIndexing::finished);
    QSignalSpy failed(&indexing, &RepositoryIndexing::failed);
    const quint64 ticket = indexing.index(root);
    indexing.cancel(ticket);
    QVERIFY(cancelled.wait(60'000));
    QCOMPARE(cancelled.first().at(0).toULongLong(), ticket);
    QCOMPARE(cancelled.first().at(1).toString(), root);
    QVERIFY(finished.isEmpty());
    QVERIFY(failed.isEmpty());
    QVERIFY(!indexing.isActive(ticket));

    // The folder can be indexed completely afterwards.
    indexing.index(root);
    QVERIFY(finished.wait(60'000));
    QCOMPARE(finished.first().at(1).value<RepositoryIndexSummary>().files, 300);
}

void TestRepositoryIndexing::missingFolderFails()
{
    const QString root = m_dir->filePath(QStringLiteral("not here"));
    RepositoryIndexing indexing(*m_db);
    QSignalSpy failed(&indexing, &RepositoryIndexing::failed);
    const quint64 ticket = indexing.index(root);
    QVERIFY(failed.wait(60'000));
    QCOMPARE(failed.first().at(0).toULongLong(), ticket);
    QCOMPARE(failed.first().at(1).toString(), root);
    const QString message = failed.first().at(2).toString();
    QVERIFY2(message.contains(QLatin1String("not here")), qPrintable(message));
}

void TestRepositoryIndexing::destroyingMidRunStopsCleanly()
{
    const QString root = m_dir->filePath(QStringLiteral("abandoned"));
    for (int i = 0; i < 500; ++i)
        writeFile(root + QStringLiteral("/f%1.c").arg(i), "int f(void) { return 1; }\n");
    {
        RepositoryIndexing indexing(*m_db);
        indexing.index(root);
        indexing.index(root); // queued behind the first
        QTest::qWait(20);
    } // cancels both and waits for the worker; nothing is delivered to the dead object
    QTest::qWait(50);
    // The database stays usable and the folder can be indexed whole afterwards.
    RepositoryIndexing again(*m_db);
    QSignalSpy finished(&again, &RepositoryIndexing::finished);
    again.index(root);
    QVERIFY(finished.wait(60'000));
    QCOMPARE(finished.first().at(1).value<RepositoryIndexSummary>().files, 500);
}

QTEST_GUILESS_MAIN(TestRepositoryIndexing)
#include "tst_repository_indexing.moc"
