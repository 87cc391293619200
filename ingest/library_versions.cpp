// SPDX-License-Identifier: MIT
// Asks each linked library for its own version at run time (not the headers we compiled with).

#include "ingest/library_versions.h"

#include "ingest/repo/language.h"

#include <git2.h>
#include <poppler-version.h>
#include <tesseract/baseapi.h>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/avutil.h>
#include <libswresample/swresample.h>
}

namespace cairn::ingest {

namespace {

QString avVersion(unsigned packed)
{
    return QStringLiteral("%1.%2.%3").arg(packed >> 16).arg((packed >> 8) & 0xFF).arg(packed & 0xFF);
}

LibraryVersion ffmpeg()
{
    return {QStringLiteral("FFmpeg"), QString::fromUtf8(av_version_info()),
            QStringLiteral("libavformat %1, libavcodec %2, libavutil %3, libswresample %4")
                .arg(avVersion(avformat_version()), avVersion(avcodec_version()), avVersion(avutil_version()),
                     avVersion(swresample_version()))};
}

LibraryVersion tesseract()
{
    tesseract::TessBaseAPI api;
    QStringList languages;
    // Init with no data path looks in the packaged tessdata folder; English is what we install.
    if (api.Init(nullptr, "eng") == 0) {
        std::vector<std::string> loaded;
        api.GetLoadedLanguagesAsVector(&loaded);
        for (const std::string& language : loaded)
            languages << QString::fromStdString(language);
    }
    api.End();
    return {QStringLiteral("tesseract"), QString::fromLatin1(tesseract::TessBaseAPI::Version()),
            languages.isEmpty() ? QStringLiteral("no OCR language data found (install tesseract-ocr-eng)")
                                : QStringLiteral("languages: %1").arg(languages.join(u' '))};
}

LibraryVersion libgit2()
{
    int major = 0, minor = 0, revision = 0;
    git_libgit2_version(&major, &minor, &revision);
    return {QStringLiteral("libgit2"), QStringLiteral("%1.%2.%3").arg(major).arg(minor).arg(revision), {}};
}

LibraryVersion treeSitter()
{
    const AbiRange abi = treeSitterAbiRange();
    return {
        QStringLiteral("tree-sitter"), QStringLiteral(CAIRN_TREE_SITTER_VERSION),
        QStringLiteral("runtime ABI %1-%2, %3 grammars compiled in").arg(abi.min).arg(abi.max).arg(languages().size())};
}

} // namespace

QList<LibraryVersion> libraryVersions()
{
    return {ffmpeg(),
            {QStringLiteral("poppler-qt6"), Poppler::Version::string(), {}},
            tesseract(),
            libgit2(),
            treeSitter()};
}

} // namespace cairn::ingest
