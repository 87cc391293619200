// SPDX-License-Identifier: MIT
// The extractor interface and what every extractor returns: one file's kind, real type, text split
// into pages or sections, and metadata. The registry (registry.h) picks the extractor per file; this
// header holds no file-format code.
#pragma once

#include "ingest/cancel_flag.h"
#include "ingest/ingest_result.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace cairn::ingest {

enum class ContentKind { Text, Document, Image, Audio, Video, Source };

/// "text", "document", "image", "audio", "video", "source".
QString contentKindName(ContentKind kind);

/// A unit answers can cite: a PDF page, a slide, a heading's section, a whole text file.
struct Section {
    int page = 0;  ///< 1-based page or slide number; 0 when the format has no pages
    QString title; ///< heading or slide title when there is one
    QString text;
};

/// The real type of a file, from its content (libmagic), with what its name claims beside it.
struct FileType {
    QString mime;          ///< from the content, refined for containers (zip -> docx) and text (csv)
    QString extensionMime; ///< what the file name suggests; empty when it suggests nothing
    /// The name claims another kind of file than the content is (a PNG named .pdf).
    [[nodiscard]] bool extensionLies() const;
};

struct ExtractedContent {
    QString path;
    ContentKind kind = ContentKind::Text;
    FileType type;
    qint64 sizeBytes = 0;
    int pageCount = 0; ///< pages or slides; 0 when the format has none
    QList<Section> sections;
    QJsonObject metadata; ///< format facts: image size, PDF title, encoding, OCR confidence...
    QStringList notes;    ///< what the user should know: a lying extension, pages read by OCR

    /// Every section's text, separated by blank lines.
    [[nodiscard]] QString text() const;
};

/// How far an extraction is, 0..1, and what it is doing ("page 3 of 40").
using ProgressFn = std::function<void(double fraction, const QString& stage)>;

/// Limits and switches every extractor honours; the defaults suit interactive use.
struct ExtractOptions {
    qint64 maxImagePixels = 64LL * 1000 * 1000;    ///< decompression-bomb guard, by declared size
    qint64 maxTextBytes = 64LL * 1024 * 1024;      ///< plain text files larger than this are refused
    qint64 maxZipTotalBytes = 256LL * 1024 * 1024; ///< zip-bomb guard: all entries read, uncompressed
    int maxZipRatio = 200;                         ///< zip-bomb guard: uncompressed/compressed per entry
    bool ocr = true;                               ///< OCR images and PDF pages without a text layer
    QString ocrLanguages = QStringLiteral("eng");  ///< tesseract's form: "eng", "eng+chi_sim"
    int ocrDpi = 200;                              ///< resolution PDF pages are rendered at for OCR
};

/// What an extractor is given besides the path.
struct ExtractRequest {
    QString path;
    FileType type;
    qint64 sizeBytes = 0;
    const ExtractOptions* options = nullptr; ///< never null when the registry calls
    const CancelFlag* cancel = nullptr;      ///< may be null
    ProgressFn progress;                     ///< may be empty

    [[nodiscard]] bool cancelled() const { return cancel != nullptr && cancel->cancelled(); }
    void report(double fraction, const QString& stage) const
    {
        if (progress)
            progress(fraction, stage);
    }
    /// The error an extractor returns when `cancelled()`.
    [[nodiscard]] Error cancelledError() const;
};

/// One file format family (Okular's generator). Stateless: one instance serves every thread.
class Extractor {
public:
    virtual ~Extractor() = default;
    /// Short name for logs and `cairn-cli ingest`: "pdf", "image", "office".
    [[nodiscard]] virtual QString name() const = 0;
    /// Whether this extractor handles content of type `mime`.
    [[nodiscard]] virtual bool accepts(const QString& mime) const = 0;
    /// Reads the file. Errors name the file; the result's path, type and size are filled in by
    /// the registry, the rest by the extractor.
    [[nodiscard]] virtual Result<ExtractedContent> extract(const ExtractRequest& request) const = 0;
};

} // namespace cairn::ingest
