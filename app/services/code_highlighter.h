// SPDX-License-Identifier: MIT
// Code highlighting for the chat view: ingest's tree-sitter highlighter with its byte spans turned
// into QString (UTF-16) positions. Names the capture of each span; choosing colours is the ui's job.
#pragma once

#include <QList>
#include <QString>

namespace cairn::app {

struct CodeSpan {
    int start = 0;   ///< QString position in the code
    int length = 0;  ///< in QChars
    QString capture; ///< "keyword", "string", "comment", "function.method", "variable.builtin", ...
};

/// The name of the language a fence info string stands for ("c++" -> "cpp", "py" -> "python"), or
/// an empty string when Cairn has no grammar for it.
QString codeLanguageId(const QString& fenceInfo);

/// Spans of `code` for the language a fence info string names, sorted by start with enclosing spans
/// before the spans inside them (apply in order: the innermost wins). Empty for an unknown language.
/// Thread-safe; a block of a few hundred lines takes a millisecond or two.
QList<CodeSpan> highlightCode(const QString& fenceInfo, const QString& code);

} // namespace cairn::app
