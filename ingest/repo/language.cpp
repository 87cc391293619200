// SPDX-License-Identifier: MIT
// The language table: grammar entry points, extensions, and the pinned versions the build read
// from each grammar's package.json (grammar_manifest.inc).

#include "ingest/repo/language.h"

#include <QFileInfo>

#include <tree_sitter/api.h>

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

AbiRange treeSitterAbiRange()
{
    return {TREE_SITTER_MIN_COMPATIBLE_LANGUAGE_VERSION, TREE_SITTER_LANGUAGE_VERSION};
}

} // namespace cairn::ingest
