// SPDX-License-Identifier: MIT
// selectTileGrid follows VL2's select_best_resolution; tileImage fits the image into the chosen
// canvas (PIL's ImageOps.pad: scale to fit, centre) and writes normalised planes tile by tile,
// reading the scaled image once without painting a padded copy.

#include "ingest/image/image_tiler.h"

#include <cmath>
#include <limits>

namespace cairn::ingest {

namespace {

/// The size of `size` scaled to fit inside `box`, aspect kept (PIL's ImageOps.contain rounding).
QSize fitInside(QSize size, QSize box)
{
    const double imageRatio = double(size.width()) / size.height();
    const double boxRatio = double(box.width()) / box.height();
    if (imageRatio > boxRatio)
        return {box.width(), qMax(1, int(std::lround(size.height() * double(box.width()) / size.width())))};
    return {qMax(1, int(std::lround(size.width() * double(box.height()) / size.height()))), box.height()};
}

struct Normaliser {
    // table[channel][byte] = (byte / 255 - mean) / std
    std::array<std::array<float, 256>, 3> table{};
    std::array<float, 3> pad{};

    explicit Normaliser(const TilingOptions& options)
    {
        for (int c = 0; c < 3; ++c) {
            for (int v = 0; v < 256; ++v)
                table[size_t(c)][size_t(v)] = (float(v) / 255.0F - options.mean[size_t(c)]) / options.std[size_t(c)];
            const int padByte = qBound(0, int(std::lround(options.mean[size_t(c)] * 255.0F)), 255);
            pad[size_t(c)] = table[size_t(c)][size_t(padByte)];
        }
    }
};

/// Writes the [3, T, T] planes of the tile at canvas origin (x0, y0) into `out`; `scaled` (RGB32)
/// lies at `content` in the canvas, everything else is padding.
void writeTile(const QImage& scaled, QRect content, int x0, int y0, int tile, const Normaliser& norm, float* out)
{
    const size_t plane = size_t(tile) * size_t(tile);
    for (int y = 0; y < tile; ++y) {
        float* rowR = out + size_t(y) * size_t(tile);
        float* rowG = rowR + plane;
        float* rowB = rowG + plane;
        const int sy = y0 + y - content.y();
        int from = tile;
        int to = tile;
        if (sy >= 0 && sy < content.height()) {
            from = qBound(0, content.x() - x0, tile);
            to = qBound(0, content.x() + content.width() - x0, tile);
        }
        for (int x = 0; x < from; ++x) {
            rowR[x] = norm.pad[0];
            rowG[x] = norm.pad[1];
            rowB[x] = norm.pad[2];
        }
        if (from < to) {
            const auto* line = reinterpret_cast<const QRgb*>(scaled.constScanLine(sy));
            const int sx0 = x0 - content.x();
            for (int x = from; x < to; ++x) {
                const QRgb pixel = line[sx0 + x];
                rowR[x] = norm.table[0][size_t(qRed(pixel))];
                rowG[x] = norm.table[1][size_t(qGreen(pixel))];
                rowB[x] = norm.table[2][size_t(qBlue(pixel))];
            }
        }
        for (int x = qMax(from, to); x < tile; ++x) {
            rowR[x] = norm.pad[0];
            rowG[x] = norm.pad[1];
            rowB[x] = norm.pad[2];
        }
    }
}

} // namespace

TileGrid selectTileGrid(QSize size, int tileSize, int maxTiles)
{
    TileGrid best;
    long long bestEffective = 0;
    long long leastWasted = std::numeric_limits<long long>::max();
    const long long original = static_cast<long long>(size.width()) * size.height();
    // Candidates by growing area, so that among equal ones the smaller canvas comes first.
    for (int area = 1; area <= maxTiles; ++area) {
        for (int cols = 1; cols <= area; ++cols) {
            if (area % cols != 0)
                continue;
            const int rows = area / cols;
            const long long width = static_cast<long long>(cols) * tileSize;
            const long long height = static_cast<long long>(rows) * tileSize;
            const double scale = std::min(double(width) / size.width(), double(height) / size.height());
            const auto scaledW = static_cast<long long>(size.width() * scale);
            const auto scaledH = static_cast<long long>(size.height() * scale);
            const long long effective = std::min(scaledW * scaledH, original);
            const long long wasted = width * height - effective;
            if (effective > bestEffective || (effective == bestEffective && wasted < leastWasted)) {
                bestEffective = effective;
                leastWasted = wasted;
                best = {cols, rows};
            }
        }
    }
    return best;
}

Result<TiledImage> tileImage(const QImage& image, const TilingOptions& options)
{
    if (image.isNull() || image.width() < 1 || image.height() < 1)
        return Error{ErrorCode::InvalidInput, {}, QStringLiteral("cannot tile an empty image")};
    if (options.tileSize < 1 || options.maxTiles < 1)
        return Error{ErrorCode::InvalidInput,
                     {},
                     QStringLiteral("tile size %1 and tile count %2 must be positive")
                         .arg(options.tileSize)
                         .arg(options.maxTiles)};
    for (float deviation : options.std) {
        if (!(deviation > 0.0F))
            return Error{ErrorCode::InvalidInput, {}, QStringLiteral("normalisation std must be positive")};
    }
    const int tile = options.tileSize;
    const Normaliser norm(options);
    const QImage rgb = image.convertToFormat(QImage::Format_RGB32);

    TiledImage result;
    result.tileSize = tile;
    result.grid = selectTileGrid(rgb.size(), tile, options.maxTiles);
    const QSize canvas(result.grid.cols * tile, result.grid.rows * tile);
    const QSize fitted = fitInside(rgb.size(), canvas);
    result.content
        = QRect(QPoint((canvas.width() - fitted.width()) / 2, (canvas.height() - fitted.height()) / 2), fitted);
    const QImage scaled = rgb.scaled(fitted, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);

    const size_t tileFloats = 3 * size_t(tile) * size_t(tile);
    result.tiles.resize(tileFloats * size_t(result.grid.tiles()));
    for (int row = 0; row < result.grid.rows; ++row) {
        for (int col = 0; col < result.grid.cols; ++col) {
            float* out = result.tiles.data() + tileFloats * size_t(row * result.grid.cols + col);
            writeTile(scaled, result.content, col * tile, row * tile, tile, norm, out);
        }
    }

    // The global view scales from the already reduced image when that is still larger than a tile.
    const QSize globalFit = fitInside(rgb.size(), QSize(tile, tile));
    const QImage& source
        = (scaled.width() >= globalFit.width() && scaled.height() >= globalFit.height()) ? scaled : rgb;
    const QImage thumb = source.scaled(globalFit, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    const QRect globalContent(QPoint((tile - globalFit.width()) / 2, (tile - globalFit.height()) / 2), globalFit);
    result.global.width = tile;
    result.global.height = tile;
    result.global.data.resize(tileFloats);
    writeTile(thumb, globalContent, 0, 0, tile, norm, result.global.data.data());
    return result;
}

} // namespace cairn::ingest
