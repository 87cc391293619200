// SPDX-License-Identifier: MIT
// decodeImage: declared size first (QImageReader::size reads only the header), then a decode under
// an allocation limit that covers the cap, so a header that lies about its size cannot get past.

#include "ingest/image/image_decoder.h"

#include <QImageReader>

namespace cairn::ingest {

Result<DecodedImage> decodeImage(const QString& path, const ImageLimits& limits)
{
    QImageReader reader(path);
    reader.setDecideFormatFromContent(true);
    reader.setAutoTransform(true);
    if (!reader.canRead()) {
        return Error{ErrorCode::InvalidInput, path,
                     QStringLiteral("not a readable image (%1)").arg(reader.errorString())};
    }
    DecodedImage decoded;
    decoded.format = QString::fromLatin1(reader.format());
    decoded.declaredSize = reader.size();
    if (decoded.declaredSize.isValid()) {
        const qint64 pixels = qint64(decoded.declaredSize.width()) * decoded.declaredSize.height();
        if (pixels > limits.maxPixels) {
            return Error{ErrorCode::InvalidInput, path,
                         QStringLiteral("decompression bomb guard: the image declares %1x%2 pixels (%3 MP), over "
                                        "the limit of %4 MP")
                             .arg(decoded.declaredSize.width())
                             .arg(decoded.declaredSize.height())
                             .arg(double(pixels) / 1e6, 0, 'f', 1)
                             .arg(double(limits.maxPixels) / 1e6, 0, 'f', 1)};
        }
    }
    // Four bytes a pixel covers every format Qt decodes to before converting; in MiB, rounded up.
    const qint64 limitMiB = (limits.maxPixels * 4 + (1 << 20) - 1) >> 20;
    reader.setAllocationLimit(int(qMin<qint64>(limitMiB, 1 << 30)));
    decoded.frameCount = qMax(1, reader.imageCount());
    if (!reader.read(&decoded.image)) {
        return Error{ErrorCode::InvalidInput, path,
                     QStringLiteral("%1 image cannot be decoded: %2").arg(decoded.format, reader.errorString())};
    }
    if (!decoded.declaredSize.isValid())
        decoded.declaredSize = decoded.image.size();
    return decoded;
}

} // namespace cairn::ingest
