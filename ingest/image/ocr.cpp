// SPDX-License-Identifier: MIT
// OcrEngine over TessBaseAPI: greyscale in, words out through the result iterator; the cancel
// flag reaches Tesseract through ETEXT_DESC's cancel callback.

#include "ingest/image/ocr.h"

#include <tesseract/baseapi.h>
#include <tesseract/ocrclass.h>
#include <tesseract/resultiterator.h>

namespace cairn::ingest {

namespace {

bool tesseractCancel(void* flag, int /*words*/)
{
    return static_cast<const CancelFlag*>(flag)->cancelled();
}

} // namespace

void OcrEngine::TessEnd::operator()(tesseract::TessBaseAPI* api) const
{
    api->End();
    delete api;
}

OcrEngine::OcrEngine(std::unique_ptr<tesseract::TessBaseAPI, TessEnd> api, OcrOptions options)
    : m_api(std::move(api)), m_options(std::move(options))
{
}

OcrEngine::OcrEngine(OcrEngine&&) noexcept = default;
OcrEngine& OcrEngine::operator=(OcrEngine&&) noexcept = default;
OcrEngine::~OcrEngine() = default;

Result<OcrEngine> OcrEngine::create(const OcrOptions& options)
{
    std::unique_ptr<tesseract::TessBaseAPI, TessEnd> api(new tesseract::TessBaseAPI);
    if (api->Init(nullptr, options.languages.toUtf8().constData()) != 0) {
        return Error{
            ErrorCode::Unsupported, QStringLiteral("OCR"),
            QStringLiteral("no Tesseract data for '%1' (install tesseract-ocr-<lang>)").arg(options.languages)};
    }
    api->SetPageSegMode(tesseract::PSM_AUTO);
    return OcrEngine(std::move(api), options);
}

Result<OcrResult> OcrEngine::recognize(const QImage& image, const CancelFlag* cancel, int dpi)
{
    const QString subject = QStringLiteral("OCR");
    if (image.isNull())
        return Error{ErrorCode::InvalidInput, subject, QStringLiteral("empty image")};
    const QImage gray = image.convertToFormat(QImage::Format_Grayscale8);
    m_api->SetImage(gray.constBits(), gray.width(), gray.height(), 1, int(gray.bytesPerLine()));
    m_api->SetSourceResolution(dpi > 0 ? dpi : m_options.dpi);

    tesseract::ETEXT_DESC monitor;
    if (cancel != nullptr) {
        monitor.cancel = &tesseractCancel;
        monitor.cancel_this = const_cast<CancelFlag*>(cancel); // NOLINT: Tesseract only passes it back
    }
    const int status = m_api->Recognize(&monitor);
    if (cancel != nullptr && cancel->cancelled()) {
        m_api->Clear();
        return Error{ErrorCode::Cancelled, subject, QStringLiteral("cancelled")};
    }
    if (status != 0) {
        m_api->Clear();
        return Error{ErrorCode::InvalidInput, subject, QStringLiteral("Tesseract could not recognise the image")};
    }

    OcrResult result;
    const std::unique_ptr<char[]> text(m_api->GetUTF8Text());
    result.text = QString::fromUtf8(text.get()).trimmed();
    result.meanConfidence = m_api->MeanTextConf();
    const std::unique_ptr<tesseract::ResultIterator> it(m_api->GetIterator());
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
    m_api->Clear(); // the image and results; the language data stays loaded
    return result;
}

Result<OcrResult> recognizeText(const QImage& image, const OcrOptions& options, const CancelFlag* cancel)
{
    if (cancel != nullptr && cancel->cancelled())
        return Error{ErrorCode::Cancelled, QStringLiteral("OCR"), QStringLiteral("cancelled")};
    Result<OcrEngine> engine = OcrEngine::create(options);
    if (!engine)
        return engine.error();
    return engine.value().recognize(image, cancel);
}

} // namespace cairn::ingest
