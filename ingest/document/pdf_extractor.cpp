// SPDX-License-Identifier: MIT
// PdfExtractor: one poppler page at a time (each freed before the next), so memory follows the
// largest page, not the page count.

#include "ingest/document/pdf_extractor.h"

#include "ingest/file_type.h"
#include "ingest/image/ocr.h"

#include <poppler-qt6.h>

#include <memory>
#include <optional>

namespace cairn::ingest {

namespace {

QString pageText(Poppler::Page& page)
{
    // An empty rectangle means the whole page; poppler orders the text in reading order.
    QString text = page.text(QRectF());
    text.replace(QChar(u'\f'), QChar(u'\n'));
    // Compatibility forms: typeset ligatures (U+FB01 "ﬁ") become the letters people search for.
    return text.normalized(QString::NormalizationForm_KC).trimmed();
}

} // namespace

bool PdfExtractor::accepts(const QString& mime) const
{
    return mime == QLatin1String(mime::kPdf);
}

Result<ExtractedContent> PdfExtractor::extract(const ExtractRequest& request) const
{
    const std::unique_ptr<Poppler::Document> document = Poppler::Document::load(request.path);
    if (!document)
        return Error{ErrorCode::InvalidInput, request.path, QStringLiteral("damaged or truncated PDF")};
    if (document->isLocked())
        return Error{ErrorCode::Unsupported, request.path,
                     QStringLiteral("the PDF is encrypted with a password; open it in a PDF viewer and save an "
                                    "unprotected copy")};
    const int pages = document->numPages();
    if (pages < 1)
        return Error{ErrorCode::InvalidInput, request.path, QStringLiteral("the PDF has no pages")};

    ExtractedContent content;
    content.kind = ContentKind::Document;
    content.pageCount = pages;
    for (const char* key : {"Title", "Author", "Subject", "Creator", "Producer"}) {
        const QString value = document->info(QLatin1String(key));
        if (!value.isEmpty())
            content.metadata.insert(QString::fromLatin1(key).toLower(), value);
    }
    QList<int> ocrPages;
    std::optional<OcrEngine> ocrEngine; // loaded at the first page that needs it
    QString ocrProblem;
    for (int index = 0; index < pages; ++index) {
        if (request.cancelled())
            return request.cancelledError();
        request.report(double(index) / pages, QStringLiteral("page %1 of %2").arg(index + 1).arg(pages));
        const std::unique_ptr<Poppler::Page> page = document->page(index);
        if (!page) {
            content.notes << QStringLiteral("page %1 cannot be read").arg(index + 1);
            continue;
        }
        QString text = pageText(*page);
        if (text.isEmpty() && request.options->ocr) {
            const int dpi = request.options->ocrDpi;
            if (!ocrEngine && ocrProblem.isEmpty()) {
                Result<OcrEngine> engine = OcrEngine::create({request.options->ocrLanguages, dpi});
                if (engine)
                    ocrEngine.emplace(std::move(engine.value()));
                else
                    ocrProblem = engine.error().message();
            }
            Result<OcrResult> ocr = ocrEngine ? ocrEngine->recognize(page->renderToImage(dpi, dpi), request.cancel, dpi)
                                              : Result<OcrResult>(Error{ErrorCode::Unsupported, {}, ocrProblem});
            if (ocr) {
                text = ocr.value().text;
                ocrPages << index + 1;
            } else if (ocr.error().code == ErrorCode::Cancelled) {
                return request.cancelledError();
            } else {
                content.notes << QStringLiteral("page %1: %2").arg(index + 1).arg(ocr.error().message());
            }
        }
        content.sections.append({index + 1, {}, text});
    }
    if (!ocrPages.isEmpty()) {
        QStringList numbers;
        for (int number : ocrPages)
            numbers << QString::number(number);
        content.notes
            << QStringLiteral("no text layer on page %1: read by OCR").arg(numbers.join(QStringLiteral(", ")));
    }
    request.report(1, QStringLiteral("done"));
    return content;
}

} // namespace cairn::ingest
