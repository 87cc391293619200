// SPDX-License-Identifier: MIT
// Versions of the libraries ingest links (FFmpeg, poppler, tesseract, libgit2, tree-sitter), for
// `cairn-cli doctor` and the About box.
#pragma once

#include <QList>
#include <QString>

namespace cairn::ingest {

struct LibraryVersion {
    QString name;    ///< "FFmpeg", "poppler-qt6", ...
    QString version; ///< as the library reports it at run time
    QString detail;  ///< extra facts, e.g. component versions or available OCR languages
};

QList<LibraryVersion> libraryVersions();

} // namespace cairn::ingest
