// SPDX-License-Identifier: MIT
// The extractor registry (Okular's generator idea): the content decides the extractor, the name
// only adds a note when it disagrees.

#include "ingest/registry.h"

#include "ingest/audio/audio_extractor.h"
#include "ingest/document/office_extractor.h"
#include "ingest/document/pdf_extractor.h"
#include "ingest/document/source_extractor.h"
#include "ingest/document/text_extractor.h"
#include "ingest/file_type.h"
#include "ingest/image/image_extractor.h"
#include "ingest/video/video_extractor.h"

#include <QFileInfo>

namespace cairn::ingest {

ExtractorRegistry ExtractorRegistry::withBuiltins()
{
    ExtractorRegistry registry;
    registry.add(std::make_unique<ImageExtractor>());
    registry.add(std::make_unique<PdfExtractor>());
    registry.add(std::make_unique<AudioExtractor>());
    registry.add(std::make_unique<VideoExtractor>());
    registry.add(std::make_unique<OfficeExtractor>());
    registry.add(std::make_unique<SourceExtractor>());
    registry.add(std::make_unique<TextExtractor>());
    return registry;
}

void ExtractorRegistry::add(std::unique_ptr<Extractor> extractor)
{
    m_extractors.push_back(std::move(extractor));
}

const Extractor* ExtractorRegistry::find(const QString& mime) const
{
    for (const std::unique_ptr<Extractor>& extractor : m_extractors) {
        if (extractor->accepts(mime))
            return extractor.get();
    }
    return nullptr;
}

QStringList ExtractorRegistry::names() const
{
    QStringList names;
    for (const std::unique_ptr<Extractor>& extractor : m_extractors)
        names << extractor->name();
    return names;
}

Result<ExtractedContent> ExtractorRegistry::open(const QString& path, const ExtractOptions& options,
                                                 const CancelFlag* cancel, const ProgressFn& progress) const
{
    Result<FileType> type = sniffFileType(path);
    if (!type)
        return type.error();
    const qint64 size = QFileInfo(path).size();
    if (size == 0)
        return Error{ErrorCode::InvalidInput, path, QStringLiteral("empty file (0 bytes)")};
    const Extractor* extractor = find(type.value().mime);
    if (extractor == nullptr) {
        return Error{ErrorCode::Unsupported, path,
                     QStringLiteral("no extractor for %1 content%2")
                         .arg(type.value().mime,
                              type.value().extensionLies()
                                  ? QStringLiteral(" (the name suggests %1)").arg(type.value().extensionMime)
                                  : QString())};
    }
    if (cancel != nullptr && cancel->cancelled())
        return Error{ErrorCode::Cancelled, path, QStringLiteral("cancelled")};

    const ExtractRequest request{path, type.value(), size, &options, cancel, progress};
    Result<ExtractedContent> content = extractor->extract(request);
    if (!content)
        return content;
    ExtractedContent& result = content.value();
    result.path = path;
    result.type = type.value();
    result.sizeBytes = size;
    if (result.type.extensionLies()) {
        result.notes.prepend(QStringLiteral("the name suggests %1 but the content is %2; read as %2")
                                 .arg(result.type.extensionMime, result.type.mime));
    }
    return content;
}

Result<ExtractedContent> open(const QString& path, const ExtractOptions& options, const CancelFlag* cancel,
                              const ProgressFn& progress)
{
    return ExtractorRegistry::withBuiltins().open(path, options, cancel, progress);
}

} // namespace cairn::ingest
