// SPDX-License-Identifier: MIT
// Turns what ingest extracted from a file into the attachment row storage keeps: kind, SHA-256 of
// the bytes, text and a metadata JSON with pages, sections and notes. The glue between ingest and
// storage, used by `cairn-cli ingest --db` and the attachment drop in the GUI.
#pragma once

#include "ingest/extractor.h"
#include "storage/attachment_store.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace cairn::app {

/// SHA-256 of the file's bytes as 64 lower-case hex digits, read in blocks; empty when unreadable.
QByteArray fileSha256Hex(const QString& path);

/// The attachment for `content`; nothing when the file cannot be read for hashing.
std::optional<storage::NewAttachment> attachmentFor(const ingest::ExtractedContent& content);

} // namespace cairn::app
