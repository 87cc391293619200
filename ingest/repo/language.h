// SPDX-License-Identifier: MIT
// The programming languages Cairn parses: which tree-sitter grammar, which file extensions.
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

struct TSLanguage;

namespace cairn::ingest {

struct Language {
    QString id;                     ///< "cpp", "python", "tsx", ...
    QString grammarPackage;         ///< npm package it came from, e.g. "tree-sitter-cpp"
    QString grammarVersion;         ///< pinned version, e.g. "0.23.4"
    QStringList extensions;         ///< lower-case, without the dot
    const TSLanguage* (*grammar)(); ///< the compiled-in grammar

    /// ABI version of the compiled grammar as the runtime reads it.
    [[nodiscard]] unsigned abiVersion() const;
    /// True when the linked tree-sitter runtime accepts this grammar (ts_parser_set_language).
    [[nodiscard]] bool loads() const;
};

/// Every compiled-in language, sorted by id.
const QList<Language>& languages();

/// The language for a file name by its extension, or nullptr.
const Language* languageForFile(const QString& fileName);

/// ABI range the linked tree-sitter runtime accepts, e.g. {13, 14}.
struct AbiRange {
    unsigned min = 0;
    unsigned max = 0;
};
AbiRange treeSitterAbiRange();

} // namespace cairn::ingest
