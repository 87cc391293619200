// SPDX-License-Identifier: MIT
// ingest's library versions: every library reports a real run-time version.

#include "ingest/library_versions.h"

#include <QtTest>

class TestLibraryVersions : public QObject {
    Q_OBJECT
private slots:
    void everyLinkedLibraryReportsAVersion();
    void tesseractFindsEnglishData();
};

void TestLibraryVersions::everyLinkedLibraryReportsAVersion()
{
    const QList<cairn::ingest::LibraryVersion> libraries = cairn::ingest::libraryVersions();
    QStringList names;
    for (const auto& lib : libraries) {
        names << lib.name;
        QVERIFY2(lib.version.contains(QRegularExpression(QStringLiteral("[0-9]+\\.[0-9]+"))),
                 qPrintable(lib.name + QLatin1String(": ") + lib.version));
    }
    QCOMPARE(names, (QStringList{"FFmpeg", "poppler-qt6", "tesseract", "libgit2", "tree-sitter"}));
    QVERIFY(libraries[0].detail.contains(QLatin1String("libavcodec")));
}

void TestLibraryVersions::tesseractFindsEnglishData()
{
    for (const auto& lib : cairn::ingest::libraryVersions()) {
        if (lib.name == QLatin1String("tesseract")) {
            QCOMPARE(lib.detail, QStringLiteral("languages: eng"));
            return;
        }
    }
    QFAIL("tesseract missing from the library list");
}

QTEST_GUILESS_MAIN(TestLibraryVersions)
#include "tst_library_versions.moc"
