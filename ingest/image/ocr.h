// SPDX-License-Identifier: MIT
// Optical character recognition through Tesseract: text, word boxes and confidences of an image
// already in memory (a decoded file or a rendered PDF page). Not a decoder: see image_decoder.h.
#pragma once

#include "ingest/cancel_flag.h"
#include "ingest/ingest_result.h"

#include <QImage>
#include <QList>
#include <QRect>
#include <QString>

#include <memory>

namespace tesseract {
class TessBaseAPI;
}

namespace cairn::ingest {

struct OcrWord {
    QString text;
    QRect box;            ///< in image pixels
    float confidence = 0; ///< 0..100, Tesseract's
};

struct OcrResult {
    QString text;           ///< lines and paragraphs as Tesseract lays them out
    QList<OcrWord> words;   ///< reading order
    int meanConfidence = 0; ///< 0..100 over all words
};

struct OcrOptions {
    QString languages = QStringLiteral("eng"); ///< "eng", "chi_sim", "eng+chi_sim"
    int dpi = 300;                             ///< the image's resolution, a hint for Tesseract
};

/// A loaded Tesseract model for one thread, reused image after image (loading the language data
/// takes far longer than reading a page). Not thread-safe: one engine per thread.
class OcrEngine {
public:
    /// Loads the language data; fails when it is missing.
    static Result<OcrEngine> create(const OcrOptions& options = {});

    OcrEngine(OcrEngine&&) noexcept;
    OcrEngine& operator=(OcrEngine&&) noexcept;
    ~OcrEngine();

    /// Recognises the text in `image`, at `dpi` when given (else the options' resolution).
    Result<OcrResult> recognize(const QImage& image, const CancelFlag* cancel = nullptr, int dpi = 0);

private:
    struct TessEnd {
        void operator()(tesseract::TessBaseAPI* api) const;
    };
    OcrEngine(std::unique_ptr<tesseract::TessBaseAPI, TessEnd> api, OcrOptions options);

    std::unique_ptr<tesseract::TessBaseAPI, TessEnd> m_api;
    OcrOptions m_options;
};

/// Recognises the text in `image` with an engine made for this call. Fails when the language data is missing or on
/// cancellation.
Result<OcrResult> recognizeText(const QImage& image, const OcrOptions& options = {},
                                const CancelFlag* cancel = nullptr);

} // namespace cairn::ingest
