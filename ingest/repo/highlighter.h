// SPDX-License-Identifier: MIT
// Syntax highlighting with the compiled-in tree-sitter grammars and their highlight queries
// (":/highlights/<id>.scm"): source text -> byte spans named by capture ("keyword", "string", ...).
// Not a renderer: colours are the caller's business.
#pragma once

#include "ingest/repo/language.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QStringView>

#include <cstdint>

namespace cairn::ingest {

struct HighlightSpan {
    std::uint32_t start = 0;  ///< byte offset into the UTF-8 source
    std::uint32_t length = 0; ///< in bytes
    QByteArray capture;       ///< the query's capture name: "keyword", "string.special", "function.method", ...
};

/// The language a Markdown fence info string names ("cpp", "c++", "py", "python3", "rust", "ts",
/// "hpp", ...; only its first word counts), or nullptr.
const Language* languageForFenceInfo(QStringView info);

/// Highlight spans of `source` in `language`, sorted by start, enclosing spans before the spans they
/// contain (apply them in order and the innermost wins). Where several patterns capture the same
/// node the last one in the query wins, as the grammars' queries expect. Empty when the language's
/// query is missing or does not compile (reported once with qWarning). Thread-safe: each query is
/// compiled once per process and shared.
QList<HighlightSpan> highlight(const Language& language, QByteArrayView source);

/// highlight() for a fence info string; empty for an unknown language.
QList<HighlightSpan> highlight(QStringView fenceInfo, QByteArrayView source);

} // namespace cairn::ingest
