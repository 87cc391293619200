// SPDX-License-Identifier: MIT
// The ingest command: one block per file (type, size, pages, notes, the first lines, time), errors
// per file on stderr; the database is opened once, before the first file, when --db is given.

#include "app/cli/ingest_command.h"

#include "app/cli/command_line.h"
#include "app/services/attachment_ingest.h"
#include "ingest/registry.h"
#include "storage/attachment_store.h"
#include "storage/database.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QLocale>

#include <optional>

namespace cairn::app {

namespace {

constexpr int kPreviewLines = 5;
constexpr int kPreviewWidth = 100;

QString humanSize(qint64 bytes)
{
    return QLocale::c().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

QString describe(const ingest::ExtractedContent& content)
{
    QStringList facts{ingest::contentKindName(content.kind), content.type.mime, humanSize(content.sizeBytes)};
    const QJsonObject& meta = content.metadata;
    if (meta.contains(QStringLiteral("width")))
        facts << QStringLiteral("%1x%2 px")
                     .arg(meta.value(QStringLiteral("width")).toInt())
                     .arg(meta.value(QStringLiteral("height")).toInt());
    if (content.pageCount > 0)
        facts << QStringLiteral("%1 %2")
                     .arg(content.pageCount)
                     .arg(content.type.mime.contains(QLatin1String("presentation")) ? QStringLiteral("slides")
                                                                                    : QStringLiteral("pages"));
    if (meta.contains(QStringLiteral("encoding")))
        facts << meta.value(QStringLiteral("encoding")).toString();
    if (meta.contains(QStringLiteral("language")))
        facts << meta.value(QStringLiteral("language")).toString();
    return facts.join(QStringLiteral(", "));
}

void printPreview(const QString& text, QTextStream& out)
{
    int shown = 0;
    for (const QString& line : text.split(u'\n')) {
        const QString trimmed = line.trimmed();
        if (trimmed.isEmpty())
            continue;
        if (shown++ == kPreviewLines)
            break;
        out << "  | " << (trimmed.size() > kPreviewWidth ? trimmed.left(kPreviewWidth - 1) + QChar(0x2026) : trimmed)
            << '\n';
    }
    if (shown == 0)
        out << "  (no text)\n";
}

} // namespace

int runIngestCommand(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Extract text and facts from files; with --db store them as "
                                                    "attachments."));
    parser.addOption({QStringLiteral("db"), QStringLiteral("Store each file as an attachment in this database."),
                      QStringLiteral("DB")});
    parser.addOption({QStringLiteral("no-ocr"), QStringLiteral("Do not OCR images and PDF pages without text.")});
    parser.addOption({QStringLiteral("ocr-lang"), QStringLiteral("Tesseract languages, e.g. eng+chi_sim."),
                      QStringLiteral("LANGS"), QStringLiteral("eng")});
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("Files to ingest."), QStringLiteral("FILE..."));
    if (std::optional<int> done = parseCommandLine(parser, args, out, err))
        return *done;
    const QStringList files = parser.positionalArguments();
    if (files.isEmpty()) {
        err << "cairn-cli ingest: no files given\n\n" << parser.helpText();
        return 2;
    }

    std::optional<storage::Database> database;
    if (parser.isSet(QStringLiteral("db"))) {
        storage::Result<storage::Database> opened
            = storage::Database::open(std::filesystem::path(parser.value(QStringLiteral("db")).toStdString()));
        if (!opened) {
            err << "cairn-cli ingest: " << QString::fromStdString(opened.error().message()) << '\n';
            return 1;
        }
        database.emplace(std::move(opened.value()));
    }
    std::optional<storage::AttachmentStore> store;
    if (database)
        store.emplace(*database);

    ingest::ExtractOptions options;
    options.ocr = !parser.isSet(QStringLiteral("no-ocr"));
    options.ocrLanguages = parser.value(QStringLiteral("ocr-lang"));
    const ingest::ExtractorRegistry registry = ingest::ExtractorRegistry::withBuiltins();
    int failed = 0;
    for (const QString& file : files) {
        QElapsedTimer timer;
        timer.start();
        ingest::Result<ingest::ExtractedContent> content = registry.open(file, options);
        const double millis = double(timer.nsecsElapsed()) / 1e6;
        if (!content) {
            err << "cairn-cli ingest: " << content.error().message() << '\n';
            ++failed;
            continue;
        }
        const ingest::ExtractedContent& result = content.value();
        out << file << ": " << describe(result) << QStringLiteral(", %1 ms").arg(millis, 0, 'f', 1) << '\n';
        for (const QString& note : result.notes)
            out << "  note: " << note << '\n';
        printPreview(result.text(), out);
        if (store) {
            std::optional<storage::NewAttachment> attachment = attachmentFor(result);
            if (!attachment) {
                err << "cairn-cli ingest: " << file << ": cannot read the file to hash it\n";
                ++failed;
                continue;
            }
            storage::Result<storage::AddedAttachment> added = store->addAttachment(*attachment);
            if (!added) {
                err << "cairn-cli ingest: " << file << ": " << QString::fromStdString(added.error().message()) << '\n';
                ++failed;
                continue;
            }
            out << "  attachment " << added.value().id << (added.value().created ? "" : " (already stored)") << '\n';
        }
    }
    out.flush();
    if (files.size() > 1)
        err << "cairn-cli ingest: " << files.size() - failed << " of " << files.size() << " files ingested\n";
    return failed == 0 ? 0 : 1;
}

} // namespace cairn::app
