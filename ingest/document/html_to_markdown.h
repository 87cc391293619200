// SPDX-License-Identifier: MIT
// HTML to Markdown-ish text through libxml2's forgiving HTML parser: headings, paragraphs, lists,
// links, emphasis, code and tables survive; scripts, styles and markup do not. Not a renderer.
#pragma once

#include <QByteArray>
#include <QString>

namespace cairn::ingest {

struct HtmlText {
    QString markdown;
    QString title; ///< the <title>, when there is one
};

/// Converts an HTML document; `encoding` ("UTF-8", "WINDOWS-1252"...) is a hint the document's own
/// <meta charset> overrides.
HtmlText htmlToMarkdown(const QByteArray& html, const QString& encoding = QStringLiteral("UTF-8"));

} // namespace cairn::ingest
