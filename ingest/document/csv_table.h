// SPDX-License-Identifier: MIT
// CSV and TSV (RFC 4180 quoting: quoted fields may hold the delimiter, quotes and line breaks)
// parsed into rows and rendered as a Markdown table. Not a type guesser: cells stay text.
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace cairn::ingest {

/// The rows of `text` split at `delimiter` (',' or '\t'); an unterminated quote runs to the end.
QList<QStringList> parseDelimited(const QString& text, QChar delimiter);

/// A Markdown table with the first row as header; short rows are padded, '|' and line breaks in
/// cells are escaped. At most `maxRows` data rows; a last line says how many were left out.
QString markdownTable(const QList<QStringList>& rows, qsizetype maxRows = 10'000);

} // namespace cairn::ingest
