// SPDX-License-Identifier: MIT
// Decodes an image file (PNG, JPEG, WebP, GIF first frame, BMP, TIFF) through QImageReader with its
// EXIF orientation applied, refusing decompression bombs by the size the header declares before
// any pixel is decoded. Not a tiler or an OCR step: see image_tiler.h and ocr.h.
#pragma once

#include "ingest/ingest_result.h"

#include <QImage>
#include <QString>

namespace cairn::ingest {

struct ImageLimits {
    qint64 maxPixels = 64LL * 1000 * 1000; ///< width * height as declared, 64 MP by default
};

struct DecodedImage {
    QImage image;       ///< orientation applied, first frame for animations
    QString format;     ///< as Qt names it: "png", "jpeg", "webp", "gif", "bmp", "tiff"
    QSize declaredSize; ///< as the header declares it (Qt reports it with the orientation applied)
    int frameCount = 1; ///< animation frames when the format says, else 1
};

/// Decodes `path`; errors name the file: unknown format, too many pixels, damaged data.
Result<DecodedImage> decodeImage(const QString& path, const ImageLimits& limits = {});

} // namespace cairn::ingest
