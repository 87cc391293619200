// SPDX-License-Identifier: MIT
// Tags of one source file: the definitions it makes (with kind, signature, parent, ranges and doc
// comment) and the names it refers to (calls, type uses, imports), read with our own tree-sitter
// queries (resources/tags/<language>.scm). No storage, no ranking: values only.
#pragma once

#include "ingest/cancel_flag.h"
#include "ingest/ingest_result.h"
#include "ingest/repo/language.h"

#include <QByteArrayView>
#include <QList>
#include <QString>

#include <cstdint>
#include <memory>

namespace cairn::ingest {

enum class SymbolKind { Function, Method, Class, Struct, Enum, Interface, Module, Constant, Type, Impl, Macro };
enum class ReferenceKind { Call, Type, Import };

/// "function", "class", ...; the capture suffix the .scm files use (@definition.function).
QString symbolKindName(SymbolKind kind);
QString referenceKindName(ReferenceKind kind);

struct Symbol {
    QString name; ///< as written: "parse", "~Walker", "operator=="
    SymbolKind kind = SymbolKind::Function;
    QString path;           ///< enclosing definitions and the name, e.g. "ns::Walker::run", "Walker.run"
    QString signature;      ///< the declaration up to its body, at most a few lines, trailing "{" or ":" dropped
    QString doc;            ///< the comment lines right above it (markers stripped), or a Python docstring
    int parent = -1;        ///< index of the enclosing definition in FileTags::symbols, or -1
    uint32_t startByte = 0; ///< range of the whole definition, decorators and templates included
    uint32_t endByte = 0;
    int startLine = 0; ///< 1-based, inclusive
    int endLine = 0;
    int docStartLine = 0; ///< first line of the doc comment above it, or 0 when there is none
};

struct Reference {
    QString name; ///< the referred name; an import's module or path without quotes
    ReferenceKind kind = ReferenceKind::Call;
    int line = 0; ///< 1-based
    uint32_t startByte = 0;
    int enclosing = -1; ///< index of the innermost definition holding it, or -1 at file level
};

struct FileTags {
    QList<Symbol> symbols;       ///< ordered by start byte; parents come before their children
    QList<Reference> references; ///< ordered by position
    bool syntaxErrors = false;   ///< the tree has ERROR or MISSING nodes: tags are best effort
};

struct TagOptions {
    /// A parse running longer than this is abandoned (tree-sitter's timeout); 0 means no limit.
    uint64_t timeoutMicros = 10'000'000;
    const CancelFlag* cancel = nullptr;
};

/// Parses source and reads its tags. One per thread: it keeps a parser per language between files.
class TagExtractor {
public:
    TagExtractor();
    ~TagExtractor();
    TagExtractor(const TagExtractor&) = delete;
    TagExtractor& operator=(const TagExtractor&) = delete;

    /// Fails with Timeout or Cancelled when the parse was stopped, Unsupported when the grammar
    /// does not load or its query does not compile; syntax errors are not failures.
    Result<FileTags> extract(const Language& language, QByteArrayView source, const TagOptions& options = {});

private:
    struct Parsers;
    std::unique_ptr<Parsers> m_parsers;
};

} // namespace cairn::ingest
