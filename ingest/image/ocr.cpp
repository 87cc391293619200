// SPDX-License-Identifier: MIT
// recognizeText over TessBaseAPI: greyscale in, words out through the result iterator; the cancel
// flag reaches Tesseract through ETEXT_DESC's cancel callback.

#include "ingest/image/ocr.h"

#include <tesseract/baseapi.h>
#include <tesseract/ocrclass.h>
#include <tesseract/resultiterator.h>

#include <memory>

namespace cairn::ingest {

namespace {

bool tesseractCancel(void* flag, int /*words*/)
{
    return static_cast<const CancelFlag*>(flag)->cancelled();
}

struct TessEnd {
    void operator()(tesseract::TessBaseAPI* api) const
    {
        api->End();
        delete api;
    }
};

} // namespace

Result<OcrResult> recognizeText(const QImage& image, const OcrOptions& options, const CancelFlag* cancel)
{
    const QString subject = QStringLiteral("OCR");
    if (image.isNull())
        return Error{ErrorCode::InvalidInput, subject, QStringLiteral("empty image")};
    std::unique_ptr<tesseract::TessBaseAPI, TessEnd> api(new tesseract::TessBaseAPI);
    if (api->Init(nullptr, options.languages.toUtf8().constData()) != 0) {
        return Error{
            ErrorCode::Unsupported, subject,
            QStringLiteral("no Tesseract data for '%1' (install tesseract-ocr-<lang>)").arg(options.languages)};
    }
    api->SetPageSegMode(tesseract::PSM_AUTO);
    const QImage gray = image.convertToFormat(QImage::Format_Grayscale8);
    api->SetImage(gray.constBits(), gray.width(), gray.height(), 1, int(gray.bytesPerLine()));
    api->SetSourceResolution(options.dpi);

    tesseract::ETEXT_DESC monitor;
    if (cancel != nullptr) {
        monitor.cancel = &tesseractCancel;
        monitor.cancel_this = const_cast<CancelFlag*>(cancel); // NOLINT: Tesseract only passes it back
    }
    const int status = api->Recognize(&monitor);
    if (cancel != nullptr && cancel->cancelled())
        return Error{ErrorCode::Cancelled, subject, QStringLiteral("cancelled")};
    if (status != 0)
        return Error{ErrorCode::InvalidInput, subject, QStringLiteral("Tesseract could not recognise the image")};

    OcrResult result;
    const std::unique_ptr<char[]> text(api->GetUTF8Text());
    result.text = QString::fromUtf8(text.get()).trimmed();
    result.meanConfidence = api->MeanTextConf();
    const std::unique_ptr<tesseract::ResultIterator> it(api->GetIterator());
    if (it) {
        do {
            const std::unique_ptr<char[]> word(it->GetUTF8Text(tesseract::RIL_WORD));
            if (!word)
                continue;
            int left = 0, top = 0, right = 0, bottom = 0;
            it->BoundingBox(tesseract::RIL_WORD, &left, &top, &right, &bottom);
            result.words.append({QString::fromUtf8(word.get()), QRect(QPoint(left, top), QPoint(right - 1, bottom - 1)),
                                 it->Confidence(tesseract::RIL_WORD)});
        } while (it->Next(tesseract::RIL_WORD));
    }
    return result;
}

} // namespace cairn::ingest
