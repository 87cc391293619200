// SPDX-License-Identifier: MIT
// `cairn-cli ingest` as a user runs it: per-file summaries, errors per file with a non-zero exit,
// and --db storing attachments once per content hash with their text and metadata.

#include "cli_runner.h"
#include "storage/attachment_store.h"
#include "storage/database.h"

#include <QCryptographicHash>
#include <QFile>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using cairn::test::runCli;

namespace {

QString writeFile(const QTemporaryDir& dir, const QString& name, const QByteArray& bytes)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write(bytes);
    return path;
}

} // namespace

class TestCliIngest : public QObject {
    Q_OBJECT

private slots:
    void printsEachFile()
    {
        QTemporaryDir dir;
        const QString csv = writeFile(dir, QStringLiteral("prices.csv"), "item,price\napple,\"1,20\"\n");
        const QString notes = writeFile(dir, QStringLiteral("notes.md"), "# Title\nFirst line\nSecond line\n");
        const cairn::test::CliRun run = runCli({QStringLiteral("ingest"), csv, notes});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains(csv + QStringLiteral(": text, text/csv, 24 bytes, UTF-8, ")), qPrintable(run.out));
        QVERIFY(run.out.contains(QStringLiteral("  | | apple | 1,20 |\n")));
        QVERIFY(run.out.contains(notes + QStringLiteral(": text, text/markdown, ")));
        QVERIFY(run.out.contains(QStringLiteral("  | # Title\n  | First line\n  | Second line\n")));
        QVERIFY(run.out.contains(QStringLiteral(" ms\n")));
        QVERIFY(run.err.contains(QStringLiteral("2 of 2 files ingested")));
    }

    void reportsLyingNamesAndFailures()
    {
        QTemporaryDir dir;
        QImage image(40, 30, QImage::Format_RGB32);
        image.fill(Qt::white);
        const QString fake = dir.filePath(QStringLiteral("scan.pdf"));
        QVERIFY(image.save(fake, "PNG"));
        const QString empty = writeFile(dir, QStringLiteral("empty.txt"), {});
        const cairn::test::CliRun run = runCli({QStringLiteral("ingest"), QStringLiteral("--no-ocr"), fake, empty,
                                                dir.filePath(QStringLiteral("missing.docx"))});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.out.contains(fake + QStringLiteral(": image, image/png, ")), qPrintable(run.out));
        QVERIFY(run.out.contains(QStringLiteral("40x30 px")));
        QVERIFY(
            run.out.contains(QStringLiteral("note: the name suggests application/pdf but the content is image/png")));
        QVERIFY(run.out.contains(QStringLiteral("  (no text)")));
        QVERIFY(run.err.contains(empty + QStringLiteral(": empty file (0 bytes)")));
        QVERIFY(run.err.contains(QStringLiteral("missing.docx: no such file")));
        QVERIFY(run.err.contains(QStringLiteral("1 of 3 files ingested")));
    }

    void storesAttachmentsWithDb()
    {
        QTemporaryDir dir;
        const QByteArray bytes = "Hello attachments\n";
        const QString text = writeFile(dir, QStringLiteral("hello.txt"), bytes);
        const QString copy = writeFile(dir, QStringLiteral("copy.txt"), bytes);
        const QString db = dir.filePath(QStringLiteral("cairn.db"));
        const cairn::test::CliRun run = runCli({QStringLiteral("ingest"), QStringLiteral("--db"), db, text, copy});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains(QStringLiteral("  attachment 1\n")), qPrintable(run.out));
        QVERIFY(run.out.contains(QStringLiteral("  attachment 1 (already stored)\n")));

        cairn::storage::Result<cairn::storage::Database> opened = cairn::storage::Database::open(db.toStdString());
        QVERIFY(opened.ok());
        cairn::storage::AttachmentStore store(opened.value());
        cairn::storage::Result<cairn::storage::Attachment> stored = store.attachment(1);
        QVERIFY(stored.ok());
        QCOMPARE(QByteArray::fromStdString(stored.value().contentHash),
                 QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
        QCOMPARE(stored.value().kind, cairn::storage::AttachmentKind::Document);
        QCOMPARE(stored.value().mime, std::string("text/plain"));
        QCOMPARE(stored.value().sizeBytes, bytes.size());
        QCOMPARE(stored.value().extractedText, std::string("Hello attachments"));
        const QJsonObject metadata
            = QJsonDocument::fromJson(QByteArray::fromStdString(stored.value().metadataJson)).object();
        QCOMPARE(metadata.value(QStringLiteral("contentKind")).toString(), QStringLiteral("text"));
        QCOMPARE(metadata.value(QStringLiteral("encoding")).toString(), QStringLiteral("UTF-8"));
    }

    void usageErrors()
    {
        const cairn::test::CliRun none = runCli({QStringLiteral("ingest")});
        QCOMPARE(none.exitCode, 2);
        QVERIFY(none.err.contains(QStringLiteral("no files given")));
        const cairn::test::CliRun help = runCli({QStringLiteral("ingest"), QStringLiteral("--help")});
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains(QStringLiteral("--db <DB>")));
    }
};

QTEST_MAIN(TestCliIngest)
#include "tst_cli_ingest.moc"
