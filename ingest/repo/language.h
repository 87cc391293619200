// SPDX-License-Identifier: MIT
// The programming languages Cairn parses: which tree-sitter grammar, which file extensions.
#pragma once

#include <QByteArrayView>
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

/// The language with this id ("cpp", "python", ...), or nullptr.
const Language* languageById(const QString& id);

/// The language for a file: by its extension first, then by its first bytes `head` (a shebang line
/// such as `#!/usr/bin/env python3`, or an Emacs `-*- mode: c++ -*-` / Vim `vim: set ft=python:`
/// modeline in the first five lines). Modelines at the end of a file are not looked at. nullptr when
/// nothing matches.
const Language* detectLanguage(const QString& fileName, QByteArrayView head);

/// The language an interpreter name in a shebang stands for ("python3.11" -> python), or nullptr.
const Language* languageForInterpreter(QByteArrayView interpreter);

/// The language an editor mode or filetype name stands for ("c++", "js", "typescriptreact"), or nullptr.
const Language* languageForModeName(QByteArrayView mode);

/// ABI range the linked tree-sitter runtime accepts, e.g. {13, 14}.
struct AbiRange {
    unsigned min = 0;
    unsigned max = 0;
};
AbiRange treeSitterAbiRange();

} // namespace cairn::ingest
