// SPDX-License-Identifier: MIT
// The language table: grammar entry points, extensions, and the pinned versions the build read
// from each grammar's package.json (grammar_manifest.inc); detection by name, shebang and modeline.

#include "ingest/repo/language.h"

#include <QFileInfo>

#include <tree_sitter/api.h>

#include <cctype>
#include <memory>

// The grammars' C entry points keep tree-sitter's names.
// NOLINTBEGIN(readability-identifier-naming)
extern "C" {
const TSLanguage* tree_sitter_c();
const TSLanguage* tree_sitter_cpp();
const TSLanguage* tree_sitter_go();
const TSLanguage* tree_sitter_java();
const TSLanguage* tree_sitter_javascript();
const TSLanguage* tree_sitter_python();
const TSLanguage* tree_sitter_rust();
const TSLanguage* tree_sitter_typescript();
const TSLanguage* tree_sitter_tsx();
}
// NOLINTEND(readability-identifier-naming)

namespace cairn::ingest {

namespace {

struct ManifestEntry {
    const char* id;
    const char* package;
    const char* version;
};

constexpr ManifestEntry kManifest[] = {
#include "grammar_manifest.inc"
};

struct Grammar {
    const char* id;
    const TSLanguage* (*grammar)();
    QStringList extensions;
};

QList<Language> buildTable()
{
    const Grammar grammars[] = {
        {"c", tree_sitter_c, {"c", "h"}},
        {"cpp", tree_sitter_cpp, {"cc", "cpp", "cxx", "c++", "hh", "hpp", "hxx", "h++", "ipp", "inl", "cu", "cuh"}},
        {"go", tree_sitter_go, {"go"}},
        {"java", tree_sitter_java, {"java"}},
        {"javascript", tree_sitter_javascript, {"js", "mjs", "cjs", "jsx"}},
        {"python", tree_sitter_python, {"py", "pyi", "pyw"}},
        {"rust", tree_sitter_rust, {"rs"}},
        {"tsx", tree_sitter_tsx, {"tsx"}},
        {"typescript", tree_sitter_typescript, {"ts", "mts", "cts"}},
    };
    QList<Language> table;
    for (const Grammar& g : grammars) {
        for (const ManifestEntry& m : kManifest) {
            if (qstrcmp(m.id, g.id) == 0)
                table.append({QString::fromLatin1(g.id), QString::fromLatin1(m.package), QString::fromLatin1(m.version),
                              g.extensions, g.grammar});
        }
    }
    return table;
}

} // namespace

unsigned Language::abiVersion() const
{
    return ts_language_version(grammar());
}

bool Language::loads() const
{
    const std::unique_ptr<TSParser, decltype(&ts_parser_delete)> parser(ts_parser_new(), ts_parser_delete);
    return ts_parser_set_language(parser.get(), grammar());
}

const QList<Language>& languages()
{
    static const QList<Language> table = buildTable();
    return table;
}

const Language* languageForFile(const QString& fileName)
{
    const QString suffix = QFileInfo(fileName).suffix().toLower();
    if (suffix.isEmpty())
        return nullptr;
    for (const Language& language : languages()) {
        if (language.extensions.contains(suffix))
            return &language;
    }
    return nullptr;
}

const Language* languageById(const QString& id)
{
    for (const Language& language : languages()) {
        if (language.id == id)
            return &language;
    }
    return nullptr;
}

namespace {

QByteArrayView trimmed(QByteArrayView text)
{
    while (!text.isEmpty() && std::isspace(static_cast<unsigned char>(text.front())) != 0)
        text = text.sliced(1);
    while (!text.isEmpty() && std::isspace(static_cast<unsigned char>(text.back())) != 0)
        text.chop(1);
    return text;
}

/// The words of a line split on blanks.
QList<QByteArrayView> words(QByteArrayView line)
{
    QList<QByteArrayView> out;
    qsizetype start = -1;
    for (qsizetype i = 0; i <= line.size(); ++i) {
        const bool blank = i == line.size() || line[i] == ' ' || line[i] == '\t';
        if (blank && start >= 0) {
            out.append(line.sliced(start, i - start));
            start = -1;
        } else if (!blank && start < 0) {
            start = i;
        }
    }
    return out;
}

QList<QByteArrayView> firstLines(QByteArrayView head, int count)
{
    QList<QByteArrayView> lines;
    while (!head.isEmpty() && lines.size() < count) {
        const qsizetype end = head.indexOf('\n');
        lines.append(end < 0 ? head : head.first(end));
        head = end < 0 ? QByteArrayView() : head.sliced(end + 1);
    }
    return lines;
}

const Language* languageForShebang(QByteArrayView line)
{
    if (!line.startsWith("#!"))
        return nullptr;
    const QList<QByteArrayView> parts = words(line.sliced(2));
    if (parts.isEmpty())
        return nullptr;
    QByteArrayView program = parts.front();
    program = program.sliced(program.lastIndexOf('/') + 1);
    if (program != "env")
        return languageForInterpreter(program);
    // env [-S] [-i] [NAME=value ...] program: the first word that is neither an option nor a setting.
    for (qsizetype i = 1; i < parts.size(); ++i) {
        if (parts[i].startsWith('-') || parts[i].contains('='))
            continue;
        return languageForInterpreter(parts[i]);
    }
    return nullptr;
}

/// Emacs: `-*- mode: c++ -*-`, `-*- C++ -*-` or `-*- mode: python; coding: utf-8 -*-`.
const Language* languageForEmacsModeline(QByteArrayView line)
{
    const qsizetype open = line.indexOf("-*-");
    if (open < 0)
        return nullptr;
    const qsizetype close = line.indexOf("-*-", open + 3);
    if (close < 0)
        return nullptr;
    const QByteArrayView body = trimmed(line.sliced(open + 3, close - open - 3));
    if (!body.contains(':'))
        return languageForModeName(body);
    for (QByteArrayView setting : QByteArray(body.toByteArray()).split(';')) {
        const qsizetype colon = setting.indexOf(':');
        if (colon >= 0 && trimmed(setting.first(colon)).compare("mode", Qt::CaseInsensitive) == 0)
            return languageForModeName(trimmed(setting.sliced(colon + 1)));
    }
    return nullptr;
}

/// Vim: `vim: set ft=python:`, `vi: filetype=cpp`, `ex: ft=rust`, with blanks or colons between settings.
const Language* languageForVimModeline(QByteArrayView line)
{
    for (const char* marker : {"vim:", "vi:", "ex:"}) {
        const qsizetype at = line.indexOf(marker);
        if (at < 0 || (at > 0 && line[at - 1] != ' ' && line[at - 1] != '\t'))
            continue;
        QByteArray settings = line.sliced(at + static_cast<qsizetype>(qstrlen(marker))).toByteArray();
        settings.replace(':', ' ');
        for (QByteArrayView word : words(settings)) {
            for (const char* key : {"ft=", "filetype=", "syntax=", "syn="}) {
                if (word.startsWith(key))
                    return languageForModeName(word.sliced(static_cast<qsizetype>(qstrlen(key))));
            }
        }
    }
    return nullptr;
}

} // namespace

const Language* languageForInterpreter(QByteArrayView interpreter)
{
    // Drop a version suffix: python3.11 -> python, node20 -> node.
    while (!interpreter.isEmpty()
           && (std::isdigit(static_cast<unsigned char>(interpreter.back())) != 0 || interpreter.back() == '.'))
        interpreter.chop(1);
    struct Entry {
        const char* name;
        const char* id;
    };
    constexpr Entry kInterpreters[] = {
        {"python", "python"},  {"pypy", "python"},        {"node", "javascript"}, {"nodejs", "javascript"},
        {"bun", "javascript"}, {"ts-node", "typescript"}, {"deno", "typescript"}, {"rust-script", "rust"},
    };
    for (const Entry& entry : kInterpreters) {
        if (interpreter == entry.name)
            return languageById(QString::fromLatin1(entry.id));
    }
    return nullptr;
}

const Language* languageForModeName(QByteArrayView mode)
{
    const QByteArray name = mode.toByteArray().toLower();
    struct Entry {
        const char* name;
        const char* id;
    };
    constexpr Entry kModes[] = {
        {"c", "c"},
        {"c++", "cpp"},
        {"cpp", "cpp"},
        {"cuda", "cpp"},
        {"python", "python"},
        {"js", "javascript"},
        {"js2", "javascript"},
        {"javascript", "javascript"},
        {"javascriptreact", "javascript"},
        {"jsx", "javascript"},
        {"typescript", "typescript"},
        {"ts", "typescript"},
        {"typescriptreact", "tsx"},
        {"tsx", "tsx"},
        {"rust", "rust"},
        {"go", "go"},
        {"java", "java"},
    };
    for (const Entry& entry : kModes) {
        if (name == entry.name)
            return languageById(QString::fromLatin1(entry.id));
    }
    return nullptr;
}

const Language* detectLanguage(const QString& fileName, QByteArrayView head)
{
    if (const Language* byName = languageForFile(fileName))
        return byName;
    const QList<QByteArrayView> lines = firstLines(head, 5);
    if (lines.isEmpty())
        return nullptr;
    if (const Language* byShebang = languageForShebang(lines.front()))
        return byShebang;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        // Emacs reads its modeline from the first line, or the second after a shebang.
        if (i < 2) {
            if (const Language* byEmacs = languageForEmacsModeline(lines[i]))
                return byEmacs;
        }
        if (const Language* byVim = languageForVimModeline(lines[i]))
            return byVim;
    }
    return nullptr;
}

AbiRange treeSitterAbiRange()
{
    return {TREE_SITTER_MIN_COMPATIBLE_LANGUAGE_VERSION, TREE_SITTER_LANGUAGE_VERSION};
}

} // namespace cairn::ingest
