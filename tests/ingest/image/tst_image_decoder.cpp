// SPDX-License-Identifier: MIT
// decodeImage: every format we promise, written by Qt in the test; EXIF orientation; and bad input:
// a PNG declaring a huge size (decompression bomb), a truncated file, a file that is not an image.

#include "ingest/image/image_decoder.h"

#include <QBuffer>
#include <QFile>
#include <QImageWriter>
#include <QTemporaryDir>
#include <QtEndian>
#include <QtTest>

#include <zlib.h>

using namespace cairn::ingest;

namespace {

QImage testPattern(int width, int height)
{
    QImage image(width, height, QImage::Format_RGB32);
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x)
            image.setPixel(x, y, x < width / 2 ? qRgb(255, 0, 0) : qRgb(0, 0, 255));
    }
    return image;
}

QByteArray pngChunk(const char* type, const QByteArray& data)
{
    QByteArray chunk;
    QByteArray length(4, '\0');
    qToBigEndian<quint32>(quint32(data.size()), length.data());
    const QByteArray typed = QByteArray(type) + data;
    QByteArray crc(4, '\0');
    qToBigEndian<quint32>(quint32(crc32(0, reinterpret_cast<const Bytef*>(typed.constData()), uInt(typed.size()))),
                          crc.data());
    return length + typed + crc;
}

/// A GIF with a red/blue palette whose frames hold palette indices (0 red, 1 blue). The LZW stream
/// sends a clear code after every two pixels, so codes stay 3 bits wide and nothing is compressed.
QByteArray gif(int width, int height, const QList<QByteArray>& frames)
{
    auto le16 = [](int v) { return QByteArray(1, char(v & 0xFF)) + QByteArray(1, char(v >> 8)); };
    QByteArray out = "GIF89a" + le16(width) + le16(height);
    out += char(0x80); // global colour table of 2 entries
    out += '\0';
    out += '\0';
    out += QByteArray::fromHex("ff00000000ff");
    for (const QByteArray& pixels : frames) {
        out += QByteArray::fromHex("21f904000a0000") + '\0'; // graphic control: 0.1 s delay
        out += ',' + le16(0) + le16(0) + le16(width) + le16(height) + '\0';
        out += char(2); // LZW minimum code size
        QByteArray data;
        quint32 bits = 0;
        int count = 0;
        auto put = [&](int code) {
            bits |= quint32(code) << count;
            count += 3;
            while (count >= 8) {
                data += char(bits & 0xFF);
                bits >>= 8;
                count -= 8;
            }
        };
        for (qsizetype i = 0; i < pixels.size(); ++i) {
            if (i % 2 == 0)
                put(4); // clear
            put(pixels[i]);
        }
        put(5); // end of information
        if (count > 0)
            data += char(bits & 0xFF);
        for (qsizetype at = 0; at < data.size(); at += 255) {
            const QByteArray block = data.mid(at, 255);
            out += char(block.size());
            out += block;
        }
        out += '\0';
    }
    out += ';';
    return out;
}

} // namespace

class TestImageDecoder : public QObject {
    Q_OBJECT

private slots:
    void decodesFormat_data()
    {
        QTest::addColumn<QByteArray>("format");
        for (const char* format : {"png", "jpeg", "webp", "bmp", "tiff"})
            QTest::newRow(format) << QByteArray(format);
    }

    void decodesFormat()
    {
        QFETCH(QByteArray, format);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("picture.") + QString::fromLatin1(format));
        QImageWriter writer(path, format);
        QVERIFY2(writer.write(testPattern(64, 32)), qPrintable(writer.errorString()));
        Result<DecodedImage> decoded = decodeImage(path);
        QVERIFY2(decoded.ok(), decoded.ok() ? "" : qPrintable(decoded.error().message()));
        QCOMPARE(decoded.value().image.size(), QSize(64, 32));
        QCOMPARE(decoded.value().format.toLatin1(), format);
        // Left half red, right half blue survive even the lossy formats.
        const QColor left = decoded.value().image.pixelColor(8, 16);
        const QColor right = decoded.value().image.pixelColor(56, 16);
        QVERIFY(left.red() > 200 && left.blue() < 60);
        QVERIFY(right.blue() > 200 && right.red() < 60);
    }

    void decodesFirstGifFrame()
    {
        // Qt has no GIF writer: two 8x4 frames, the first red|blue, the second all blue.
        QByteArray first;
        for (int y = 0; y < 4; ++y)
            first += QByteArray(4, '\0') + QByteArray(4, '\1');
        QTemporaryDir dir;
        QFile file(dir.filePath(QStringLiteral("anim.gif")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(gif(8, 4, {first, QByteArray(32, '\1')}));
        file.close();
        Result<DecodedImage> decoded = decodeImage(file.fileName());
        QVERIFY2(decoded.ok(), decoded.ok() ? "" : qPrintable(decoded.error().message()));
        QCOMPARE(decoded.value().format, QStringLiteral("gif"));
        QCOMPARE(decoded.value().frameCount, 2);
        QCOMPARE(decoded.value().image.size(), QSize(8, 4));
        QCOMPARE(decoded.value().image.pixel(1, 1), qRgb(255, 0, 0));
        QCOMPARE(decoded.value().image.pixel(6, 2), qRgb(0, 0, 255));
    }

    void appliesExifOrientation()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("rotated.jpg"));
        QImageWriter writer(path, "jpeg");
        writer.setTransformation(QImageIOHandler::TransformationRotate90);
        QVERIFY(writer.write(testPattern(40, 20)));
        Result<DecodedImage> decoded = decodeImage(path);
        QVERIFY(decoded.ok());
        QCOMPARE(decoded.value().image.size(), QSize(20, 40));
        // Rotated clockwise: the red left half is now the top.
        QVERIFY(decoded.value().image.pixelColor(10, 4).red() > 200);
        QVERIFY(decoded.value().image.pixelColor(10, 36).blue() > 200);
    }

    void refusesHugeDeclaredSize()
    {
        // A valid PNG signature and IHDR declaring 100000 x 100000 pixels, a tiny IDAT, IEND.
        QByteArray ihdr(13, '\0');
        qToBigEndian<quint32>(100000, ihdr.data());
        qToBigEndian<quint32>(100000, ihdr.data() + 4);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 2; // truecolour
        const QByteArray png = QByteArray("\x89PNG\r\n\x1a\n", 8) + pngChunk("IHDR", ihdr)
            + pngChunk("IDAT", QByteArray::fromHex("789c030000000001")) + pngChunk("IEND", {});
        QTemporaryDir dir;
        QFile file(dir.filePath(QStringLiteral("bomb.png")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(png);
        file.close();
        Result<DecodedImage> decoded = decodeImage(file.fileName());
        QVERIFY(!decoded.ok());
        QVERIFY2(decoded.error().detail.contains(QStringLiteral("100000x100000")),
                 qPrintable(decoded.error().message()));
        QVERIFY(decoded.error().message().startsWith(file.fileName()));
    }

    void lowerLimitIsHonoured()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("big.png"));
        QVERIFY(testPattern(200, 100).save(path));
        QVERIFY(!decodeImage(path, ImageLimits{10'000}).ok());
        QVERIFY(decodeImage(path, ImageLimits{20'000}).ok());
    }

    void truncatedFileIsAnError()
    {
        QTemporaryDir dir;
        QByteArray png;
        QBuffer buffer(&png);
        buffer.open(QIODevice::WriteOnly);
        QVERIFY(testPattern(256, 256).save(&buffer, "png"));
        QFile file(dir.filePath(QStringLiteral("cut.png")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(png.left(png.size() / 3));
        file.close();
        Result<DecodedImage> decoded = decodeImage(file.fileName());
        QVERIFY(!decoded.ok());
        QVERIFY(decoded.error().message().contains(QStringLiteral("cut.png")));
    }

    void notAnImageIsAnError()
    {
        QTemporaryDir dir;
        QFile file(dir.filePath(QStringLiteral("words.png")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("just some words, no pixels\n");
        file.close();
        Result<DecodedImage> decoded = decodeImage(file.fileName());
        QVERIFY(!decoded.ok());
        QCOMPARE(decoded.error().code, ErrorCode::InvalidInput);
    }
};

QTEST_MAIN(TestImageDecoder)
#include "tst_image_decoder.moc"
