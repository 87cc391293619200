// SPDX-License-Identifier: MIT
// ImageExtractor: the formats QImageReader has a plugin for, decoded once, OCR on the result.

#include "ingest/image/image_extractor.h"

#include "ingest/image/image_decoder.h"
#include "ingest/image/ocr.h"

#include <QImageReader>

namespace cairn::ingest {

bool ImageExtractor::accepts(const QString& mime) const
{
    if (!mime.startsWith(QLatin1String("image/")))
        return false;
    static const QList<QByteArray> supported = QImageReader::supportedMimeTypes();
    // libmagic says image/x-ms-bmp where Qt says image/bmp.
    return supported.contains(mime.toLatin1()) || mime == QLatin1String("image/x-ms-bmp");
}

Result<ExtractedContent> ImageExtractor::extract(const ExtractRequest& request) const
{
    request.report(0, QStringLiteral("decoding"));
    Result<DecodedImage> decoded = decodeImage(request.path, ImageLimits{request.options->maxImagePixels});
    if (!decoded)
        return decoded.error();
    const DecodedImage& image = decoded.value();
    ExtractedContent content;
    content.kind = ContentKind::Image;
    content.metadata.insert(QStringLiteral("width"), image.image.width());
    content.metadata.insert(QStringLiteral("height"), image.image.height());
    content.metadata.insert(QStringLiteral("format"), image.format);
    content.metadata.insert(QStringLiteral("frames"), image.frameCount);
    if (image.frameCount > 1)
        content.notes << QStringLiteral("animated: first of %1 frames used").arg(image.frameCount);
    if (request.cancelled())
        return request.cancelledError();
    if (request.options->ocr) {
        request.report(0.3, QStringLiteral("OCR"));
        Result<OcrResult> ocr = recognizeText(image.image, {request.options->ocrLanguages, 300}, request.cancel);
        if (!ocr) {
            if (ocr.error().code == ErrorCode::Cancelled)
                return request.cancelledError();
            content.notes << ocr.error().message();
        } else if (!ocr.value().text.isEmpty()) {
            content.sections.append({0, {}, ocr.value().text});
            content.metadata.insert(QStringLiteral("ocrConfidence"), ocr.value().meanConfidence);
            content.metadata.insert(QStringLiteral("ocrWords"), int(ocr.value().words.size()));
        }
    }
    request.report(1, QStringLiteral("done"));
    return content;
}

} // namespace cairn::ingest
