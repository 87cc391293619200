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

/// Recognises the text in `image`. Fails when the language data is missing or on cancellation.
Result<OcrResult> recognizeText(const QImage& image, const OcrOptions& options = {},
                                const CancelFlag* cancel = nullptr);

} // namespace cairn::ingest
