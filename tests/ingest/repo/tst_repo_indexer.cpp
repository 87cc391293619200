// SPDX-License-Identifier: MIT
// The parse pipeline: files delivered in walk order on the calling thread with symbols and chunks,
// progress, incremental re-index (unchanged, touched, changed, new, deleted), cancellation, and a
// parse that times out still yielding chunks.

#include "ingest/repo/repo_indexer.h"

#include <QtTest>

using cairn::ingest::FileChange;
using cairn::ingest::FileIndex;
using cairn::ingest::IndexedFileState;
using cairn::ingest::IndexOptions;
using cairn::ingest::IndexSummary;

namespace {

void writeFile(const QString& path, const QByteArray& content)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(file.write(content), content.size());
}

/// Copies the per-language samples into `root`.
void copySamples(const QString& root)
{
    QDirIterator it(QStringLiteral(CAIRN_REPO_TEST_DATA), QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString source = it.next();
        if (source.endsWith(".tags") || source.endsWith(".chunks"))
            continue;
        QFile in(source);
        QVERIFY(in.open(QIODevice::ReadOnly));
        writeFile(root + "/" + QDir(CAIRN_REPO_TEST_DATA).relativeFilePath(source), in.readAll());
    }
}

struct Run {
    IndexSummary summary;
    QList<FileIndex> files;
    QList<cairn::ingest::IndexProgress> progress;
    bool allOnCallingThread = true;
};

Run index(const QString& root, const IndexOptions& options, const cairn::ingest::CancelFlag* cancel = nullptr,
          int cancelAfter = -1, cairn::ingest::CancelFlag* toCancel = nullptr)
{
    Run run;
    QThread* caller = QThread::currentThread();
    auto result = cairn::ingest::indexRepository(
        root, options,
        [&](FileIndex&& file) {
            run.allOnCallingThread = run.allOnCallingThread && QThread::currentThread() == caller;
            run.files.append(std::move(file));
            if (toCancel != nullptr && run.files.size() == cancelAfter)
                toCancel->cancel();
        },
        [&](const cairn::ingest::IndexProgress& p) { run.progress.append(p); }, cancel);
    if (!result.ok())
        qWarning("%s", qPrintable(result.error().message()));
    else
        run.summary = std::move(result).value();
    return run;
}

QHash<QString, IndexedFileState> stateOf(const Run& run, const QHash<QString, IndexedFileState>& before = {})
{
    QHash<QString, IndexedFileState> state = before;
    for (const FileIndex& file : run.files)
        state.insert(file.file.path, {file.file.size, file.file.mtimeNs, file.contentHash});
    for (const auto& touched : run.summary.touched)
        state[touched.path].mtimeNs = touched.mtimeNs;
    for (const QString& gone : run.summary.deleted)
        state.remove(gone);
    return state;
}

void setMtime(const QString& path, qint64 secs)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadWrite));
    QVERIFY(file.setFileTime(QDateTime::fromSecsSinceEpoch(secs), QFileDevice::FileModificationTime));
}

} // namespace

class TestRepoIndexer : public QObject {
    Q_OBJECT
private slots:
    void fullIndexInWalkOrder();
    void incrementalReindex();
    void millisecondMtimesCountAsUnchanged();
    void cancellation();
    void parseTimeoutStillChunks();
    void missingRoot();
};

void TestRepoIndexer::fullIndexInWalkOrder()
{
    QTemporaryDir dir;
    copySamples(dir.path());
    writeFile(dir.path() + "/README", "Plain notes.\n");
    writeFile(dir.path() + "/image.c", QByteArray("\0\1\2", 3));
    IndexOptions options;
    options.threads = 3;
    const Run run = index(dir.path(), options);
    QVERIFY(run.allOnCallingThread);
    QCOMPARE(run.files.size(), 10);
    QCOMPARE(run.summary.delivered, 10);
    QStringList delivered;
    for (const FileIndex& file : run.files)
        delivered << file.file.path;
    QStringList walked;
    for (const auto& file : run.summary.walk.files)
        walked << file.path;
    QCOMPARE(delivered, walked); // walk order, whatever order the workers finished in
    QCOMPARE(run.summary.walk.skipped.size(), 1);
    QCOMPARE(run.summary.walk.skipped.front().reason, cairn::ingest::SkipReason::Binary);
    QCOMPARE(run.summary.filesPerLanguage.value("python"), 1);
    QCOMPARE(run.summary.filesPerLanguage.value(""), 1);

    qint64 lines = 0;
    for (const FileIndex& file : run.files) {
        QCOMPARE(file.change, FileChange::New);
        QCOMPARE(file.contentHash.size(), 20);
        QVERIFY(!file.chunks.isEmpty());
        QCOMPARE(file.chunks.back().endByte, static_cast<uint32_t>(file.file.size));
        QVERIFY2(file.problem.isEmpty(), qPrintable(file.problem));
        if (file.file.path == "README")
            QVERIFY(file.symbols.isEmpty());
        else
            QVERIFY2(file.symbols.size() >= 4, qPrintable(file.file.path));
        lines += file.lines;
    }
    QCOMPARE(run.summary.lines, lines);
    QCOMPARE(run.files.front().file.path, QStringLiteral("README"));
    QCOMPARE(run.files.front().lines, 1);

    QCOMPARE(run.progress.size(), 10);
    for (qsizetype i = 0; i < run.progress.size(); ++i) {
        QCOMPARE(run.progress[i].filesDone, i + 1);
        QCOMPARE(run.progress[i].filesTotal, 10);
        QCOMPARE(run.progress[i].currentFile, delivered[i]);
        QVERIFY(i == 0 || run.progress[i].bytesDone > run.progress[i - 1].bytesDone);
    }
    QCOMPARE(run.progress.back().bytesDone, run.progress.back().bytesTotal);
    QCOMPARE(run.progress.back().etaSeconds, 0.0);
}

void TestRepoIndexer::incrementalReindex()
{
    QTemporaryDir dir;
    const QString root = dir.path();
    copySamples(root);
    IndexOptions options;
    const Run first = index(root, options);
    QCOMPARE(first.files.size(), 9);

    // Nothing changed: nothing read, nothing delivered.
    options.previous = stateOf(first);
    const Run same = index(root, options);
    QVERIFY(same.files.isEmpty());
    QCOMPARE(same.summary.unchanged.size(), 9);
    QVERIFY(same.summary.touched.isEmpty() && same.summary.deleted.isEmpty());
    QVERIFY(same.progress.isEmpty());

    // One edited, one touched (same bytes, new mtime), one deleted, one new.
    writeFile(root + "/go/sample.go", "package shapes\n\nfunc Only() {}\n");
    setMtime(root + "/rust/sample.rs", 1'600'000'000);
    QVERIFY(QFile::remove(root + "/java/Sample.java"));
    writeFile(root + "/python/extra.py", "def extra():\n    return 2\n");
    const Run next = index(root, options);
    QCOMPARE(next.files.size(), 2);
    QCOMPARE(next.files[0].file.path, QStringLiteral("go/sample.go"));
    QCOMPARE(next.files[0].change, FileChange::Changed);
    QCOMPARE(next.files[0].symbols.size(), 2);
    QCOMPARE(next.files[1].file.path, QStringLiteral("python/extra.py"));
    QCOMPARE(next.files[1].change, FileChange::New);
    QCOMPARE(next.summary.touched.size(), 1);
    QCOMPARE(next.summary.touched.front().path, QStringLiteral("rust/sample.rs"));
    QCOMPARE(next.summary.touched.front().mtimeNs, 1'600'000'000LL * 1'000'000'000);
    QCOMPARE(next.summary.deleted, QStringList{"java/Sample.java"});
    QCOMPARE(next.summary.unchanged.size(), 6);

    // After storing that, the index is steady again.
    options.previous = stateOf(next, options.previous);
    const Run steady = index(root, options);
    QVERIFY(steady.files.isEmpty());
    QCOMPARE(steady.summary.unchanged.size(), 9);
}

void TestRepoIndexer::millisecondMtimesCountAsUnchanged()
{
    QTemporaryDir dir;
    writeFile(dir.path() + "/a.py", "def a():\n    return 1\n");
    const QString path = dir.path() + "/a.py";
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadWrite));
        // 123 ms and 456789 ns past the second: only a nanosecond clock tells the two apart
        QVERIFY(file.setFileTime(QDateTime::fromMSecsSinceEpoch(1'600'000'000'123), QFileDevice::FileModificationTime));
    }
    IndexOptions options;
    const Run first = index(dir.path(), options);
    QCOMPARE(first.files.size(), 1);
    const FileIndex& indexed = first.files.front();
    const qint64 storedMs = indexed.file.mtimeNs / 1'000'000;
    QCOMPARE(storedMs, 1'600'000'000'123LL);
    options.previous.insert(indexed.file.path, {indexed.file.size, storedMs * 1'000'000 + 1, indexed.contentHash});

    // Exact comparison: the stored value differs by a nanosecond, so the file is read again.
    const Run exact = index(dir.path(), options);
    QCOMPARE(exact.summary.touched.size(), 1);

    options.previous[indexed.file.path].mtimeNs = storedMs * 1'000'000;
    options.mtimeGranularityNs = 1'000'000;
    const Run coarse = index(dir.path(), options);
    QCOMPARE(coarse.summary.unchanged, QStringList{"a.py"});
    QVERIFY(coarse.summary.touched.isEmpty());
}

void TestRepoIndexer::cancellation()
{
    QTemporaryDir dir;
    for (int i = 0; i < 40; ++i)
        writeFile(dir.path() + QStringLiteral("/f%1.py").arg(i, 2, 10, QLatin1Char('0')), "def f():\n    return 1\n");
    cairn::ingest::CancelFlag cancel;
    IndexOptions options;
    options.threads = 2;
    const Run run = index(dir.path(), options, &cancel, 5, &cancel);
    QVERIFY(run.summary.cancelled);
    QCOMPARE(run.files.size(), 5);
    QCOMPARE(run.files.back().file.path, QStringLiteral("f04.py"));

    cairn::ingest::CancelFlag early;
    early.cancel();
    const Run none = index(dir.path(), options, &early);
    QVERIFY(none.summary.cancelled);
    QVERIFY(none.files.isEmpty());
}

void TestRepoIndexer::parseTimeoutStillChunks()
{
    QTemporaryDir dir;
    const QByteArray big = QByteArray("function f(a){return [a,{b:a},(a+1)*2];}\n").repeated(40000); // ~1.6 MB
    writeFile(dir.path() + "/big.js", big);
    IndexOptions options;
    options.parseTimeoutMicros = 1;
    const Run run = index(dir.path(), options);
    QCOMPARE(run.files.size(), 1);
    const FileIndex& file = run.files.front();
    QVERIFY(file.symbols.isEmpty());
    QVERIFY2(file.problem.contains("parse stopped"), qPrintable(file.problem));
    QVERIFY(file.chunks.size() > 10);
    QCOMPARE(file.chunks.back().endByte, static_cast<uint32_t>(big.size()));
    QCOMPARE(file.lines, 40000);
}

void TestRepoIndexer::missingRoot()
{
    const auto result = cairn::ingest::indexRepository("/nonexistent/cairn-test", {}, {});
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, cairn::ingest::ErrorCode::Io);
}

QTEST_GUILESS_MAIN(TestRepoIndexer)
#include "tst_repo_indexer.moc"
