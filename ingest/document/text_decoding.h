// SPDX-License-Identifier: MIT
// Turns the bytes of a text file into Unicode: a byte-order mark decides first, then uchardet's
// guess, converted with iconv. Not a file reader: callers bring the bytes.
#pragma once

#include "ingest/ingest_result.h"

#include <QByteArray>
#include <QString>

namespace cairn::ingest {

struct DecodedText {
    QString text;
    QString encoding; ///< as detected: "UTF-8", "WINDOWS-1252", "GB18030", "UTF-16LE"...
};

/// The bytes of the file at `path`, refused when larger than `maxBytes`.
Result<QByteArray> readFileCapped(const QString& path, qint64 maxBytes);

/// Decodes `bytes`; `subject` names the file in errors (an encoding iconv cannot convert).
Result<DecodedText> decodeText(const QByteArray& bytes, const QString& subject);

} // namespace cairn::ingest
