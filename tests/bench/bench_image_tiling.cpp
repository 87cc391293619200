// SPDX-License-Identifier: MIT
// Benchmark of VL2 tiling (ingest/image/image_tiler.h) on a generated 4096x4096 image: scaling,
// the 3x3 grid of 384 px tiles and the global view, normalised to float. Prints one line per run
// size, then `result ok|FAIL` after checking the grid, the tensor sizes and the goal (< 200 ms).

#include "ingest/image/image_tiler.h"

#include <QElapsedTimer>
#include <QImage>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <vector>

int main(int argc, char* argv[])
{
    const int side = argc > 1 ? std::atoi(argv[1]) : 4096;
    const int runs = argc > 2 ? std::atoi(argv[2]) : 10;
    if (side < 1 || runs < 1) {
        std::fprintf(stderr, "usage: bench_image_tiling [SIDE] [RUNS]\n");
        return 2;
    }
    QImage image(side, side, QImage::Format_RGB32);
    for (int y = 0; y < side; ++y) {
        auto* line = reinterpret_cast<QRgb*>(image.scanLine(y));
        for (int x = 0; x < side; ++x)
            line[x] = qRgb(x * 255 / side, y * 255 / side, (x ^ y) & 0xFF);
    }
    cairn::ingest::TilingOptions options; // 384 px tiles, up to 9
    std::vector<double> millis;
    bool ok = true;
    for (int run = 0; run < runs; ++run) {
        QElapsedTimer timer;
        timer.start();
        cairn::ingest::Result<cairn::ingest::TiledImage> tiled = cairn::ingest::tileImage(image, options);
        millis.push_back(double(timer.nsecsElapsed()) / 1e6);
        if (!tiled) {
            std::printf("error %s\n", qPrintable(tiled.error().message()));
            return 1;
        }
        const cairn::ingest::TiledImage& t = tiled.value();
        ok = ok && t.grid.tiles() <= options.maxTiles && t.tiles.size() == size_t(t.grid.tiles()) * 3 * 384 * 384
            && t.global.data.size() == size_t(3) * 384 * 384;
        if (side == 4096)
            ok = ok && t.grid.cols == 3 && t.grid.rows == 3;
    }
    std::sort(millis.begin(), millis.end());
    const double median = millis[millis.size() / 2];
    std::printf("tiling %dx%d tile 384 max 9: median %.1f ms, min %.1f ms, max %.1f ms over %d runs\n", side, side,
                median, millis.front(), millis.back(), runs);
    ok = ok && median < 200.0;
    std::printf("result %s\n", ok ? "ok" : "FAIL");
    return ok ? 0 : 1;
}
