// SPDX-License-Identifier: MIT
// VL2 tiling: grids for several aspect ratios (worked out by hand from select_best_resolution),
// tensor layout and normalisation, padding, bad options.

#include "ingest/image/image_tiler.h"

#include <QtTest>

using namespace cairn::ingest;

class TestImageTiler : public QObject {
    Q_OBJECT

private slots:
    void selectsGrid_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::addColumn<int>("maxTiles");
        QTest::addColumn<int>("cols");
        QTest::addColumn<int>("rows");
        // Exactly one tile: nothing is gained by more.
        QTest::newRow("384 square") << QSize(384, 384) << 9 << 1 << 1;
        QTest::newRow("small square") << QSize(100, 100) << 9 << 1 << 1;
        // Exactly two tiles wide, one high.
        QTest::newRow("768x384") << QSize(768, 384) << 9 << 2 << 1;
        QTest::newRow("384x1536") << QSize(384, 1536) << 9 << 1 << 4;
        // 800x400 (320,000 px) fits no 2:1 canvas up to 768x384 whole; the smallest canvas that keeps all
        // pixels is 1152x768 (3x2): 1536x768 keeps as many but wastes more.
        QTest::newRow("800x400") << QSize(800, 400) << 9 << 3 << 2;
        // A large square takes the largest square grid.
        QTest::newRow("4096 square") << QSize(4096, 4096) << 9 << 3 << 3;
        QTest::newRow("4096 square, 4 tiles") << QSize(4096, 4096) << 4 << 2 << 2;
        // A wide panorama: 9x1 keeps 3456x384 of 4000x444.
        QTest::newRow("panorama") << QSize(4000, 444) << 9 << 9 << 1;
        // A tall page 1:1.41 with up to 6 tiles: 2x3 (768x1152) keeps 768x1086, the most.
        QTest::newRow("A4 portrait") << QSize(1240, 1754) << 6 << 2 << 3;
        QTest::newRow("one tile only") << QSize(3000, 1000) << 1 << 1 << 1;
    }

    void selectsGrid()
    {
        QFETCH(QSize, size);
        QFETCH(int, maxTiles);
        QFETCH(int, cols);
        QFETCH(int, rows);
        const TileGrid grid = selectTileGrid(size, 384, maxTiles);
        QCOMPARE(grid.cols, cols);
        QCOMPARE(grid.rows, rows);
    }

    void tensorsHaveTheRightLayout()
    {
        // 768x384: left half red, right half green -> 2x1 grid, no padding, tile 0 red, tile 1 green.
        QImage image(768, 384, QImage::Format_RGB32);
        image.fill(qRgb(255, 0, 0));
        for (int y = 0; y < 384; ++y) {
            for (int x = 384; x < 768; ++x)
                image.setPixel(x, y, qRgb(0, 255, 0));
        }
        Result<TiledImage> tiled = tileImage(image);
        QVERIFY(tiled.ok());
        const TiledImage& t = tiled.value();
        QCOMPARE(t.grid, (TileGrid{2, 1}));
        QCOMPARE(t.content, QRect(0, 0, 768, 384));
        const size_t plane = 384 * 384;
        QCOMPARE(t.tiles.size(), 2 * 3 * plane);
        // (v/255 - 0.5) / 0.5: 255 -> 1, 0 -> -1. Tile 0's R plane is 1, G plane -1; tile 1 the opposite.
        QCOMPARE(t.tiles[100], 1.0F);
        QCOMPARE(t.tiles[plane + 100], -1.0F);
        QCOMPARE(t.tiles[3 * plane + 100], -1.0F);
        QCOMPARE(t.tiles[4 * plane + 100], 1.0F);
        // Global view: 384x192 centred in 384x384, padded with the mean (0.5 -> byte 128 -> ~0).
        QCOMPARE(t.global.width, 384);
        QCOMPARE(t.global.data.size(), 3 * plane);
        QVERIFY(qAbs(t.global.data[0]) < 0.01F);               // top row: padding
        QCOMPARE(t.global.data[size_t(192) * 384 + 10], 1.0F); // middle row, left: red
    }

    void customNormalisationAndPadding()
    {
        QImage image(100, 50, QImage::Format_RGB32);
        image.fill(qRgb(51, 102, 204));
        TilingOptions options;
        options.tileSize = 64;
        options.maxTiles = 1;
        options.mean = {0.0F, 0.0F, 0.0F};
        options.std = {1.0F, 1.0F, 1.0F};
        Result<TiledImage> tiled = tileImage(image, options);
        QVERIFY(tiled.ok());
        const TiledImage& t = tiled.value();
        // 100x50 into 64x64: 64x32 centred at y 16.
        QCOMPARE(t.content, QRect(0, 16, 64, 32));
        const size_t plane = 64 * 64;
        QCOMPARE(t.tiles[0], 0.0F);                                 // padding is the mean, 0
        QVERIFY(qAbs(t.tiles[size_t(32) * 64 + 5] - 0.2F) < 1e-6F); // R 51/255
        QVERIFY(qAbs(t.tiles[plane + size_t(32) * 64 + 5] - 0.4F) < 1e-6F);
        QVERIFY(qAbs(t.tiles[2 * plane + size_t(32) * 64 + 5] - 0.8F) < 1e-6F);
    }

    void badInputIsAnError()
    {
        QVERIFY(!tileImage(QImage()).ok());
        QImage image(10, 10, QImage::Format_RGB32);
        image.fill(Qt::white);
        TilingOptions zeroTile;
        zeroTile.tileSize = 0;
        QVERIFY(!tileImage(image, zeroTile).ok());
        TilingOptions zeroStd;
        zeroStd.std = {0.5F, 0.0F, 0.5F};
        QVERIFY(!tileImage(image, zeroStd).ok());
    }
};

QTEST_MAIN(TestImageTiler)
#include "tst_image_tiler.moc"
