// SPDX-License-Identifier: MIT
// Sniffs a file's real type from its content with libmagic, then refines what libmagic leaves
// generic: a zip that is a DOCX, ODT or PPTX; text that is CSV, Markdown, HTML or a known source
// language. The file name only ever refines, it never overrides the content.
#pragma once

#include "ingest/extractor.h"

namespace cairn::ingest {

/// MIME types this module names itself (libmagic and QMimeDatabase use the same strings).
namespace mime {
inline constexpr const char* kDocx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
inline constexpr const char* kPptx = "application/vnd.openxmlformats-officedocument.presentationml.presentation";
inline constexpr const char* kOdt = "application/vnd.oasis.opendocument.text";
inline constexpr const char* kPdf = "application/pdf";
} // namespace mime

/// The type of the file at `path`. Fails when the file cannot be read; an empty file is
/// "inode/x-empty", which no extractor accepts.
Result<FileType> sniffFileType(const QString& path);

/// The broad family a MIME type belongs to, for telling whether a name lies: "image", "audio",
/// "video", "text" (any text/*, JSON, XML) or the MIME type itself (PDF, DOCX, zip...).
QString mimeFamily(const QString& mime);

} // namespace cairn::ingest
