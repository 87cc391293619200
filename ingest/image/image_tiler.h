// SPDX-License-Identifier: MIT
// Dynamic-resolution tiling for the vision encoder as DeepSeek-VL2 does it
// (https://arxiv.org/abs/2412.10302, section 3.1; `select_best_resolution` in its processor): a
// global thumbnail of the whole image plus a grid of fixed-size local tiles, the grid chosen among
// all (cols, rows) with cols*rows <= maxTiles to keep the most resolution with the least padding.
// Pixels become normalised float tensors, channels first. Decoding is image_decoder.h's job.
#pragma once

#include "ingest/ingest_result.h"

#include <QImage>
#include <QRect>

#include <array>
#include <vector>

namespace cairn::ingest {

struct TilingOptions {
    int tileSize = 384;
    int maxTiles = 9;                            ///< local tiles at most (VL2 uses 9 for one or two images)
    std::array<float, 3> mean{0.5F, 0.5F, 0.5F}; ///< per RGB channel, on 0..1 pixel values
    std::array<float, 3> std{0.5F, 0.5F, 0.5F};
};

struct TileGrid {
    int cols = 1;
    int rows = 1;
    [[nodiscard]] int tiles() const { return cols * rows; }
    bool operator==(const TileGrid&) const = default;
};

/// The grid VL2 picks for an image of `size`: the candidate whose image, scaled to fit, keeps the
/// most pixels (up to the original count), ties broken by the least padded area.
TileGrid selectTileGrid(QSize size, int tileSize, int maxTiles);

/// A [3, height, width] float tensor, channels first (R, G, B planes).
struct ImageTensor {
    int width = 0;
    int height = 0;
    std::vector<float> data;
};

struct TiledImage {
    int tileSize = 0;
    TileGrid grid;
    QRect content;            ///< where the scaled image lies in the padded grid canvas (cols*T x rows*T)
    ImageTensor global;       ///< the whole image fitted into one tile, padded
    std::vector<float> tiles; ///< [rows*cols, 3, T, T], tiles in row-major order
};

/// Tiles `image`. Padding uses the mean colour, so it normalises to (about) zero.
Result<TiledImage> tileImage(const QImage& image, const TilingOptions& options = {});

} // namespace cairn::ingest
