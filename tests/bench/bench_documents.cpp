// SPDX-License-Identifier: MIT
// Benchmark of document ingestion through ingest::open: PDF text pages per second (a generated
// 200-page PDF) and OCR pages per second (a generated PDF whose pages are images of text). Prints
// one line per case, then `result ok|FAIL` after checking page counts and recovered text.

#include "ingest/registry.h"

#include <QElapsedTimer>
#include <QFont>
#include <QGuiApplication>
#include <QPainter>
#include <QPdfWriter>
#include <QTemporaryDir>

#include <cstdio>

namespace {

void writePdf(const QString& path, int pages, bool asImages)
{
    QPdfWriter writer(path);
    writer.setResolution(300);
    QPainter painter(&writer);
    QFont font(QStringLiteral("DejaVu Sans"));
    font.setPixelSize(56);
    for (int page = 1; page <= pages; ++page) {
        if (page > 1)
            writer.newPage();
        const QString text = QStringLiteral("Page %1 of the benchmark document").arg(page);
        if (asImages) {
            QImage image(1800, 200, QImage::Format_RGB32);
            image.fill(Qt::white);
            QPainter imagePainter(&image);
            imagePainter.setFont(font);
            imagePainter.drawText(QRect(40, 0, 1760, 200), Qt::AlignVCenter, text);
            imagePainter.end();
            painter.drawImage(QRect(100, 200, 1800, 200), image);
        } else {
            painter.setFont(font);
            for (int line = 0; line < 30; ++line)
                painter.drawText(QPoint(150, 300 + line * 100),
                                 line == 0 ? text : QStringLiteral("Filler line %1").arg(line));
        }
    }
}

bool runCase(const char* name, const QString& path, int pages, bool ocr)
{
    cairn::ingest::ExtractOptions options;
    options.ocr = ocr;
    QElapsedTimer timer;
    timer.start();
    cairn::ingest::Result<cairn::ingest::ExtractedContent> content = cairn::ingest::open(path, options);
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    if (!content) {
        std::printf("error %s\n", qPrintable(content.error().message()));
        return false;
    }
    const cairn::ingest::ExtractedContent& pdf = content.value();
    bool ok = pdf.pageCount == pages && pdf.sections.size() == pages;
    for (int page = 1; ok && page <= pages; ++page)
        ok = pdf.sections[page - 1].text.simplified().startsWith(QStringLiteral("Page %1 of the benchmark").arg(page));
    std::printf("%-9s %4d pages in %7.2f s: %8.1f pages/s%s\n", name, pages, seconds, pages / seconds,
                ok ? "" : " (text wrong)");
    return ok;
}

} // namespace

int main(int argc, char* argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    QTemporaryDir dir;
    const QString text = dir.filePath(QStringLiteral("text.pdf"));
    const QString scanned = dir.filePath(QStringLiteral("scanned.pdf"));
    writePdf(text, 200, false);
    writePdf(scanned, 5, true);
    bool ok = runCase("pdf-text", text, 200, false);
    ok = runCase("pdf-ocr", scanned, 5, true) && ok;
    std::printf("result %s\n", ok ? "ok" : "FAIL");
    return ok ? 0 : 1;
}
