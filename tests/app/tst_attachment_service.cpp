// SPDX-License-Identifier: MIT
// AttachmentService on real files written here (a PNG, a WAV, a text file, a PDF, a pasted image)
// and bad ones (corrupt, binary, empty, missing, a folder, too big): chip data, the stored row,
// failure messages that name the file, nothing stored on failure or cancel; pasted files that go
// when nothing is stored, and old ones when the service starts.

#include "app/services/attachment_service.h"
#include "storage/attachment_store.h"
#include "storage/database.h"
#include "tests/ingest/audio/media_fixture.h"

#include <QBuffer>
#include <QFile>
#include <QImage>
#include <QPainter>
#include <QPdfWriter>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtEndian>
#include <QtTest>

#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <numbers>

using namespace cairn;
using app::AttachmentInfo;
using app::AttachmentService;

namespace {

void writeBytes(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(file.write(bytes), bytes.size());
}

template <typename T> void appendLittle(QByteArray& out, T value)
{
    const T little = qToLittleEndian(value);
    out.append(reinterpret_cast<const char*>(&little), sizeof little);
}

/// A 16-bit mono PCM WAV of a 440 Hz tone at amplitude `level`.
QByteArray sineWav(double seconds, double level, int rate = 16000)
{
    const auto samples = static_cast<quint32>(seconds * rate);
    QByteArray wav("RIFF");
    appendLittle<quint32>(wav, 36 + samples * 2);
    wav += "WAVEfmt ";
    appendLittle<quint32>(wav, 16);
    appendLittle<quint16>(wav, 1); // PCM
    appendLittle<quint16>(wav, 1); // mono
    appendLittle<quint32>(wav, quint32(rate));
    appendLittle<quint32>(wav, quint32(rate) * 2);
    appendLittle<quint16>(wav, 2);
    appendLittle<quint16>(wav, 16);
    wav += "data";
    appendLittle<quint32>(wav, samples * 2);
    for (quint32 i = 0; i < samples; ++i) {
        const double value = level * std::sin(2 * std::numbers::pi * 440.0 * i / rate);
        appendLittle<qint16>(wav, static_cast<qint16>(std::lround(value * 32767)));
    }
    return wav;
}

void writePdf(const QString& path, int pages)
{
    QPdfWriter writer(path);
    QPainter painter(&writer);
    for (int page = 1; page <= pages; ++page) {
        if (page > 1)
            writer.newPage();
        painter.drawText(QPointF(200, 400), QStringLiteral("Page %1 of the report").arg(page));
    }
}

QImage testImage(int width, int height)
{
    QImage image(width, height, QImage::Format_RGB32);
    image.fill(QColor(30, 120, 200));
    QPainter painter(&image);
    painter.fillRect(0, 0, width / 2, height / 2, Qt::yellow);
    return image;
}

qint64 attachmentRows(const storage::Database& db)
{
    sqlite3_stmt* statement = nullptr;
    qint64 count = -1;
    if (sqlite3_prepare_v2(db.handle(), "SELECT count(*) FROM attachments", -1, &statement, nullptr) == SQLITE_OK
        && sqlite3_step(statement) == SQLITE_ROW)
        count = sqlite3_column_int64(statement, 0);
    sqlite3_finalize(statement);
    return count;
}

} // namespace

class TestAttachmentService : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void imageGetsThumbnailAndSize();
    void audioGetsWaveformAndDuration();
    void textFileCountsLines();
    void pdfCountsPages();
    void videoAndCompressedAudioGetPreviews();
    void sameContentTwiceIsOneRow();
    void pastedImageIsSavedAndAttached();
    void nonUtf8NameIsReadFromACopy();
    void badFilesFailWithTheirName_data();
    void badFilesFailWithTheirName();
    void cancelledIngestStoresNothing();
    void destroyingWithPendingIngestsStopsCleanly();
    void cancelledPasteLeavesNoFile_issue7();
    void staleCacheFilesAreRemovedAtStart_issue7();

private:
    /// Attaches `path` and waits for `ready`; fails the test on `failed`.
    AttachmentInfo attachAndWait(const QString& path);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::optional<storage::Database> m_db;
    std::unique_ptr<AttachmentService> m_service;
};

void TestAttachmentService::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    auto db = storage::Database::open(QFile::encodeName(m_dir->filePath(QStringLiteral("cairn.db"))).toStdString());
    QVERIFY2(db.ok(), db.ok() ? "" : db.error().message().c_str());
    m_db.emplace(std::move(db).value());
    m_service = std::make_unique<AttachmentService>(*m_db);
    m_service->setCacheFolder(m_dir->filePath(QStringLiteral("cache")));
}

void TestAttachmentService::cleanup()
{
    m_service.reset();
    m_db.reset();
    m_dir.reset();
}

AttachmentInfo TestAttachmentService::attachAndWait(const QString& path)
{
    QSignalSpy ready(m_service.get(), &AttachmentService::ready);
    QSignalSpy failed(m_service.get(), &AttachmentService::failed);
    const quint64 ticket = m_service->attach(path);
    if (!QTest::qWaitFor([&] { return !ready.isEmpty() || !failed.isEmpty(); }, 60'000))
        return {};
    if (!failed.isEmpty()) {
        qWarning("failed: %s", qPrintable(failed.first().at(2).toString()));
        return {};
    }
    if (ready.first().at(0).toULongLong() != ticket)
        return {};
    return ready.first().at(1).value<AttachmentInfo>();
}

void TestAttachmentService::imageGetsThumbnailAndSize()
{
    const QString path = m_dir->filePath(QStringLiteral("Schöne Grüße 日本 #1.png"));
    QVERIFY(testImage(640, 480).save(path));
    const AttachmentInfo info = attachAndWait(path);
    QVERIFY(info.id > 0);
    QCOMPARE(info.name, QStringLiteral("Schöne Grüße 日本 #1.png"));
    QCOMPARE(info.kind, QStringLiteral("image"));
    QCOMPARE(info.summary, QStringLiteral("640\u00d7480"));
    QCOMPARE(info.thumbnail.size(), QSize(160, 120));
    QCOMPARE(info.thumbnail.pixelColor(10, 10), QColor(Qt::yellow));
    QVERIFY(info.waveform.isEmpty());

    storage::AttachmentStore store(*m_db);
    auto row = store.attachment(info.id);
    QVERIFY(row.ok());
    QCOMPARE(row.value().kind, storage::AttachmentKind::Image);
    QCOMPARE(QString::fromStdString(row.value().originalPath), path);
    QCOMPARE(row.value().mime, std::string("image/png"));
}

void TestAttachmentService::audioGetsWaveformAndDuration()
{
    const QString path = m_dir->filePath(QStringLiteral("tone.wav"));
    writeBytes(path, sineWav(3.0, 0.5));
    const AttachmentInfo info = attachAndWait(path);
    QVERIFY(info.id > 0);
    QCOMPARE(info.kind, QStringLiteral("audio"));
    QCOMPARE(info.summary, QStringLiteral("0:03"));
    QCOMPARE(info.waveform.size(), AttachmentService::kWaveformColumns);
    for (float peak : info.waveform)
        QVERIFY2(peak > 0.4f && peak < 0.6f, qPrintable(QString::number(double(peak))));
    QVERIFY(info.thumbnail.isNull());
}

void TestAttachmentService::textFileCountsLines()
{
    const QString path = m_dir->filePath(QStringLiteral("notes with spaces.txt"));
    writeBytes(path, "first line\nsecond line\nthird line");
    const AttachmentInfo info = attachAndWait(path);
    QVERIFY(info.id > 0);
    QCOMPARE(info.kind, QStringLiteral("text"));
    QCOMPARE(info.summary, QStringLiteral("3 lines"));
    storage::AttachmentStore store(*m_db);
    QCOMPARE(store.attachment(info.id).value().extractedText, std::string("first line\nsecond line\nthird line"));
}

void TestAttachmentService::pdfCountsPages()
{
    const QString path = m_dir->filePath(QStringLiteral("report.pdf"));
    writePdf(path, 3);
    const AttachmentInfo info = attachAndWait(path);
    QVERIFY(info.id > 0);
    QCOMPARE(info.kind, QStringLiteral("document"));
    QCOMPARE(info.pageCount, 3);
    QCOMPARE(info.summary, QStringLiteral("3 pages"));
}

void TestAttachmentService::videoAndCompressedAudioGetPreviews()
{
    CAIRN_REQUIRE_FFMPEG();
    QString problem;
    const QString video = cairn::test::makeMedia(
        *m_dir, QStringLiteral("screen recording.mkv"),
        QStringList{"-f", "lavfi", "-i", "testsrc=size=320x240:rate=25:duration=2", "-c:v", "mpeg4"}, &problem);
    QVERIFY2(!video.isEmpty(), qPrintable(problem));
    const AttachmentInfo clip = attachAndWait(video);
    QVERIFY(clip.id > 0);
    QCOMPARE(clip.kind, QStringLiteral("video"));
    QCOMPARE(clip.summary, QStringLiteral("0:02 \u00b7 320\u00d7240"));
    QCOMPARE(clip.thumbnail.size(), QSize(160, 120));

    const QString audio
        = cairn::test::makeMedia(*m_dir, QStringLiteral("voice memo.ogg"),
                                 cairn::test::sineInput(300, 5) + QStringList{"-c:a", "libvorbis"}, &problem);
    QVERIFY2(!audio.isEmpty(), qPrintable(problem));
    const AttachmentInfo memo = attachAndWait(audio);
    QCOMPARE(memo.kind, QStringLiteral("audio"));
    QCOMPARE(memo.summary, QStringLiteral("0:05"));
    QCOMPARE(memo.waveform.size(), AttachmentService::kWaveformColumns);
    QVERIFY(*std::max_element(memo.waveform.begin(), memo.waveform.end()) > 0.05f);
}

void TestAttachmentService::sameContentTwiceIsOneRow()
{
    const QString first = m_dir->filePath(QStringLiteral("a.txt"));
    const QString second = m_dir->filePath(QStringLiteral("b.txt"));
    writeBytes(first, "same words\n");
    writeBytes(second, "same words\n");
    const AttachmentInfo a = attachAndWait(first);
    const AttachmentInfo b = attachAndWait(second);
    QVERIFY(a.id > 0);
    QCOMPARE(b.id, a.id);
    QCOMPARE(b.name, QStringLiteral("b.txt"));
    QCOMPARE(attachmentRows(*m_db), 1);
}

void TestAttachmentService::pastedImageIsSavedAndAttached()
{
    QSignalSpy started(m_service.get(), &AttachmentService::started);
    QSignalSpy ready(m_service.get(), &AttachmentService::ready);
    QSignalSpy failed(m_service.get(), &AttachmentService::failed);
    const quint64 first = m_service->attachImage(testImage(320, 200));
    const quint64 second = m_service->attachImage(testImage(10, 10)); // same second, not written yet
    QCOMPARE(started.size(), 2);
    QCOMPARE(started.at(0).at(0).toULongLong(), first);
    const QString path = started.at(0).at(1).toString();
    QVERIFY2(path.startsWith(m_dir->filePath(QStringLiteral("cache/pasted/pasted-"))), qPrintable(path));
    QVERIFY(path.endsWith(QLatin1String(".png")));
    QVERIFY(started.at(1).at(1).toString() != path);
    QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 2, 60'000);
    QVERIFY(failed.isEmpty());
    const auto info
        = (ready.at(0).at(0).toULongLong() == first ? ready.at(0) : ready.at(1)).at(1).value<AttachmentInfo>();
    QCOMPARE(info.kind, QStringLiteral("image"));
    QCOMPARE(info.summary, QStringLiteral("320\u00d7200"));
    QCOMPARE(info.path, path);
    QCOMPARE(QImage(path).size(), QSize(320, 200));
    QCOMPARE(QDir(m_dir->filePath(QStringLiteral("cache/pasted"))).entryList(QDir::Files).size(), 2);
    QVERIFY(m_service->isPending(second) == false);
}

void TestAttachmentService::nonUtf8NameIsReadFromACopy()
{
    // "café menu.txt" in Latin-1: no QString can name it, so Qt's own file functions cannot open it.
    const QByteArray native = QFile::encodeName(m_dir->path()) + "/caf\xe9 menu.txt";
    {
        std::ofstream out(native.toStdString());
        out << "soup\nbread\n";
    }
    QVERIFY(!QFile::exists(QFile::decodeName(native)));
    QSignalSpy ready(m_service.get(), &AttachmentService::ready);
    QSignalSpy failed(m_service.get(), &AttachmentService::failed);
    m_service->attachNativePath(native);
    QVERIFY(ready.wait(60'000));
    QVERIFY(failed.isEmpty());
    const auto info = ready.first().at(1).value<AttachmentInfo>();
    QCOMPARE(info.name, QStringLiteral("caf_ menu.txt"));
    QCOMPARE(info.summary, QStringLiteral("2 lines"));
    QVERIFY(info.path.startsWith(m_dir->filePath(QStringLiteral("cache/copies/"))));
    QVERIFY2(!info.notes.isEmpty() && info.notes.last().contains(QLatin1String("not UTF-8")),
             qPrintable(info.notes.join(u'|')));
    storage::AttachmentStore store(*m_db);
    QCOMPARE(QString::fromStdString(store.attachment(info.id).value().extractedText).trimmed(),
             QStringLiteral("soup\nbread"));

    m_service->attachNativePath(QFile::encodeName(m_dir->path()) + "/gone \xff.txt");
    QVERIFY(failed.wait(60'000));
    QVERIFY2(failed.first().at(2).toString().contains(QLatin1String("no such file")),
             qPrintable(failed.first().at(2).toString()));
    // QTemporaryDir cannot see (so cannot remove) a name Qt cannot hold.
    QVERIFY(std::filesystem::remove(native.toStdString()));
}

void TestAttachmentService::badFilesFailWithTheirName_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("problem");
    QByteArray png;
    {
        QBuffer buffer(&png);
        QVERIFY(buffer.open(QIODevice::WriteOnly));
        QVERIFY(testImage(200, 200).save(&buffer, "PNG"));
    }
    QByteArray blob(4096, '\0');
    for (int i = 0; i < blob.size(); ++i)
        blob[i] = char((i * 7919 + 13) % 251);
    QTest::newRow("truncated png") << QStringLiteral("broken photo.png") << png.left(60) << QString();
    QTest::newRow("binary blob") << QStringLiteral("blob.bin") << blob
                                 << QStringLiteral("cannot read this kind of file");
    QTest::newRow("empty") << QStringLiteral("empty.txt") << QByteArray() << QString();
    QTest::newRow("missing") << QStringLiteral("gone.txt") << QByteArray() << QStringLiteral("no such file");
    QTest::newRow("folder") << QStringLiteral("a folder") << QByteArray() << QStringLiteral("is a folder");
    QTest::newRow("too big") << QStringLiteral("big.txt") << QByteArray(2000, 'x') << QStringLiteral("larger than");
}

void TestAttachmentService::badFilesFailWithTheirName()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, content);
    QFETCH(QString, problem);
    const QString path = m_dir->filePath(name);
    const QString tag = QString::fromLatin1(QTest::currentDataTag());
    if (tag == QLatin1String("folder"))
        QVERIFY(QDir().mkpath(path));
    else if (tag != QLatin1String("missing"))
        writeBytes(path, content);
    if (tag == QLatin1String("too big"))
        m_service->setMaxFileBytes(1000);

    QSignalSpy ready(m_service.get(), &AttachmentService::ready);
    QSignalSpy failed(m_service.get(), &AttachmentService::failed);
    const quint64 ticket = m_service->attach(path);
    QVERIFY(failed.wait(60'000));
    QVERIFY(ready.isEmpty());
    QCOMPARE(failed.first().at(0).toULongLong(), ticket);
    QCOMPARE(failed.first().at(1).toString(), path);
    const QString message = failed.first().at(2).toString();
    qInfo("%s", qPrintable(message));
    QVERIFY2(message.contains(name), qPrintable(message));
    if (!problem.isEmpty())
        QVERIFY2(message.contains(problem), qPrintable(message));
    QVERIFY(!m_service->isPending(ticket));
    QCOMPARE(attachmentRows(*m_db), 0);
}

void TestAttachmentService::cancelledIngestStoresNothing()
{
    const QString path = m_dir->filePath(QStringLiteral("long.wav"));
    writeBytes(path, sineWav(30.0, 0.3));
    QSignalSpy ready(m_service.get(), &AttachmentService::ready);
    QSignalSpy failed(m_service.get(), &AttachmentService::failed);
    const quint64 ticket = m_service->attach(path);
    QVERIFY(m_service->isPending(ticket));
    QCOMPARE(m_service->pendingCount(), 1);
    m_service->cancel(ticket);
    QVERIFY(!m_service->isPending(ticket));
    QCOMPARE(m_service->pendingCount(), 0);

    // Another file goes through meanwhile; the cancelled one stays silent, whenever its task ends.
    const QString other = m_dir->filePath(QStringLiteral("after.txt"));
    writeBytes(other, "after the cancel\n");
    const AttachmentInfo info = attachAndWait(other);
    QVERIFY(info.id > 0);
    QTest::qWait(300);
    QCOMPARE(ready.size(), 1);
    QVERIFY(failed.isEmpty());
    QCOMPARE(attachmentRows(*m_db), 1);
}

void TestAttachmentService::destroyingWithPendingIngestsStopsCleanly()
{
    const QString path = m_dir->filePath(QStringLiteral("tone.wav"));
    writeBytes(path, sineWav(20.0, 0.3));
    m_service->attach(path);
    m_service->attachImage(testImage(800, 600));
    m_service->attach(path);
    m_service.reset(); // cancels, waits for the workers, and never emits afterwards
    QTest::qWait(50);
    QCOMPARE(attachmentRows(*m_db), 0);
}

void TestAttachmentService::cancelledPasteLeavesNoFile_issue7()
{
    QSignalSpy started(m_service.get(), &AttachmentService::started);
    m_service->cancel(m_service->attachImage(testImage(800, 600)));
    QCOMPARE(started.size(), 1);
    const QString path = started.first().at(1).toString();
    m_service.reset(); // waits for the worker, which saves the image before it looks at the flag
    QVERIFY2(!QFileInfo::exists(path), qPrintable(path));
}

void TestAttachmentService::staleCacheFilesAreRemovedAtStart_issue7()
{
    m_service.reset();
    const QDateTime old = QDateTime::currentDateTime().addDays(-4);
    const QString cache = m_dir->filePath(QStringLiteral("cache"));
    const auto write = [&](const QString& relative, const QDateTime& stamp) {
        const QString path = cache + u'/' + relative;
        QVERIFY(QDir().mkpath(QFileInfo(path).absolutePath()));
        writeBytes(path, "x");
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadWrite));
        QVERIFY(file.setFileTime(stamp, QFileDevice::FileModificationTime));
    };
    write(QStringLiteral("pasted/pasted-20261120-101010.png"), old);
    write(QStringLiteral("copies/_bersicht.txt"), old);
    write(QStringLiteral("pasted/pasted-today.png"), QDateTime::currentDateTime().addSecs(-60));
    write(QStringLiteral("other/keep.txt"), old); // not a folder the service fills
    if (QTest::currentTestFailed())
        return;
    // As at start-up: the folder is set before control returns to the event loop.
    m_service = std::make_unique<AttachmentService>(*m_db);
    m_service->setCacheFolder(cache);
    QSignalSpy cleaned(m_service.get(), &AttachmentService::cacheCleaned);
    QVERIFY(cleaned.wait(10'000));
    QCOMPARE(cleaned.first().at(0).toInt(), 2);
    QVERIFY(!QFileInfo::exists(cache + QStringLiteral("/pasted/pasted-20261120-101010.png")));
    QVERIFY(!QFileInfo::exists(cache + QStringLiteral("/copies/_bersicht.txt")));
    QVERIFY(QFileInfo::exists(cache + QStringLiteral("/pasted/pasted-today.png")));
    QVERIFY(QFileInfo::exists(cache + QStringLiteral("/other/keep.txt")));
    // A pasted image attached now is kept: a chip may still show it.
    QSignalSpy ready(m_service.get(), &AttachmentService::ready);
    m_service->attachImage(testImage(32, 32));
    QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, 60'000);
    QVERIFY(QFileInfo::exists(ready.first().at(1).value<AttachmentInfo>().path));
}

QTEST_MAIN(TestAttachmentService)
#include "tst_attachment_service.moc"
