// SPDX-License-Identifier: MIT
// ingest::open: the content picks the extractor, not the name; a lying name is reported; empty,
// missing and unknown files are clear errors naming the file; other kinds can register later.

#include "ingest/file_type.h"
#include "ingest/registry.h"

#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

using namespace cairn::ingest;

namespace {

QString writeFile(const QTemporaryDir& dir, const QString& name, const QByteArray& bytes)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write(bytes);
    return path;
}

/// Stands in for an extractor another module registers (audio, video).
class WavProbe final : public Extractor {
public:
    [[nodiscard]] QString name() const override { return QStringLiteral("wav-probe"); }
    [[nodiscard]] bool accepts(const QString& mime) const override { return mime == QLatin1String("audio/x-wav"); }
    [[nodiscard]] Result<ExtractedContent> extract(const ExtractRequest& request) const override
    {
        ExtractedContent content;
        content.kind = ContentKind::Audio;
        content.metadata.insert(QStringLiteral("bytes"), request.sizeBytes);
        return content;
    }
};

} // namespace

class TestRegistry : public QObject {
    Q_OBJECT

private slots:
    void lyingExtensionIsReadByContent()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("report.pdf"));
        QImage image(32, 16, QImage::Format_RGB32);
        image.fill(Qt::white);
        QVERIFY(image.save(path, "PNG"));
        ExtractOptions options;
        options.ocr = false;
        Result<ExtractedContent> content = open(path, options);
        QVERIFY2(content.ok(), content.ok() ? "" : qPrintable(content.error().message()));
        QCOMPARE(content.value().kind, ContentKind::Image);
        QCOMPARE(content.value().type.mime, QStringLiteral("image/png"));
        QCOMPARE(content.value().type.extensionMime, QStringLiteral("application/pdf"));
        QVERIFY(content.value().type.extensionLies());
        QVERIFY(content.value().notes.value(0).contains(QStringLiteral("content is image/png")));
        QCOMPARE(content.value().path, path);
        QVERIFY(content.value().sizeBytes > 0);
    }

    void honestNameIsNotReported()
    {
        QTemporaryDir dir;
        const QString path = writeFile(dir, QStringLiteral("notes.txt"), "plain words\n");
        Result<ExtractedContent> content = open(path);
        QVERIFY(content.ok());
        QVERIFY(!content.value().type.extensionLies());
        QVERIFY(content.value().notes.isEmpty());
        QCOMPARE(content.value().text(), QStringLiteral("plain words"));
    }

    void zeroLengthFileIsAnError()
    {
        QTemporaryDir dir;
        const QString path = writeFile(dir, QStringLiteral("empty.docx"), {});
        Result<ExtractedContent> content = open(path);
        QVERIFY(!content.ok());
        QCOMPARE(content.error().message(), path + QStringLiteral(": empty file (0 bytes)"));
    }

    void missingFileIsAnError()
    {
        Result<ExtractedContent> content = open(QStringLiteral("/nonexistent/cairn/file.png"));
        QVERIFY(!content.ok());
        QCOMPARE(content.error().code, ErrorCode::Io);
        QVERIFY(content.error().message().startsWith(QStringLiteral("/nonexistent/cairn/file.png")));
    }

    void unknownBinaryIsUnsupported()
    {
        QTemporaryDir dir;
        QByteArray noise(4096, '\0');
        for (qsizetype i = 0; i < noise.size(); ++i)
            noise[i] = char((i * 7919 + 13) % 251);
        const QString path = writeFile(dir, QStringLiteral("photo.jpg"), noise);
        Result<ExtractedContent> content = open(path);
        QVERIFY(!content.ok());
        QCOMPARE(content.error().code, ErrorCode::Unsupported);
        QVERIFY2(content.error().detail.contains(QStringLiteral("the name suggests image/jpeg")),
                 qPrintable(content.error().message()));
    }

    void otherKindsRegisterLater()
    {
        QTemporaryDir dir;
        // A RIFF/WAVE header is enough for libmagic.
        QByteArray wav = QByteArray("RIFF") + QByteArray("\x24\x00\x00\x00", 4) + "WAVEfmt "
            + QByteArray::fromHex("10000000010001401f0000803e000002001000") + "data" + QByteArray(4, '\0');
        const QString path = writeFile(dir, QStringLiteral("memo.wav"), wav);
        QCOMPARE(sniffFileType(path).value().mime, QStringLiteral("audio/x-wav"));
        // The built-in audio extractor takes WAV; a registry without it has nothing for it ...
        const ExtractorRegistry builtins = ExtractorRegistry::withBuiltins();
        QVERIFY(builtins.find(QStringLiteral("audio/x-wav")) != nullptr);
        QCOMPARE(builtins.find(QStringLiteral("audio/x-wav"))->name(), QStringLiteral("audio"));
        ExtractorRegistry registry;
        QCOMPARE(registry.open(path).error().code, ErrorCode::Unsupported);
        // ... until one is added.
        registry.add(std::make_unique<WavProbe>());
        QVERIFY(registry.names().contains(QStringLiteral("wav-probe")));
        Result<ExtractedContent> content = registry.open(path);
        QVERIFY(content.ok());
        QCOMPARE(content.value().kind, ContentKind::Audio);
        QCOMPARE(content.value().metadata.value(QStringLiteral("bytes")).toInteger(), wav.size());
    }

    void sourceFilesGoToTheSourceExtractor()
    {
        QTemporaryDir dir;
        const QString path = writeFile(dir, QStringLiteral("main.rs"), "fn main() {\n    println!(\"hi\");\n}\n");
        Result<ExtractedContent> content = open(path);
        QVERIFY(content.ok());
        QCOMPARE(content.value().kind, ContentKind::Source);
        QCOMPARE(content.value().metadata.value(QStringLiteral("language")).toString(), QStringLiteral("rust"));
        QCOMPARE(content.value().metadata.value(QStringLiteral("lines")).toInt(), 4);
    }

    void sourceFilesAreTaggedAndChunkedByDefinition()
    {
        QTemporaryDir dir;
        const QByteArray code = "import os\n\nclass Greeter:\n    def hello(self, name):\n        return name\n\n"
                                "def main():\n    print(Greeter().hello(os.name))\n";
        const QString path = writeFile(dir, QStringLiteral("greet.py"), code);
        Result<ExtractedContent> content = open(path);
        QVERIFY(content.ok());
        QCOMPARE(content.value().kind, ContentKind::Source);
        QCOMPARE(content.value().metadata.value(QStringLiteral("symbolCount")).toInt(), 3);
        QStringList symbols;
        for (const QJsonValue& symbol : content.value().metadata.value(QStringLiteral("symbols")).toArray())
            symbols << QStringLiteral("%1 %2 %3")
                           .arg(symbol[QStringLiteral("kind")].toString(), symbol[QStringLiteral("name")].toString())
                           .arg(symbol[QStringLiteral("line")].toInt());
        QCOMPARE(symbols,
                 QStringList({QStringLiteral("class Greeter 3"), QStringLiteral("method Greeter.hello 4"),
                              QStringLiteral("function main 7")}));
        // The sections are the repository chunker's: they cover the file, each titled by its definition.
        QString joined;
        QStringList titles;
        for (const Section& section : content.value().sections) {
            joined += section.text;
            if (!section.title.isEmpty())
                titles << section.title;
        }
        QCOMPARE(joined, QString::fromUtf8(code));
        QVERIFY2(titles.contains(QStringLiteral("Greeter")) && titles.contains(QStringLiteral("main")),
                 qPrintable(titles.join(QLatin1Char(','))));
    }

    void cancelledBeforeStart()
    {
        QTemporaryDir dir;
        const QString path = writeFile(dir, QStringLiteral("notes.txt"), "plain words\n");
        CancelFlag cancel;
        cancel.cancel();
        QCOMPARE(open(path, {}, &cancel).error().code, ErrorCode::Cancelled);
    }
};

QTEST_MAIN(TestRegistry)
#include "tst_registry.moc"
