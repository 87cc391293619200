// SPDX-License-Identifier: MIT
// TagQuery: a language's tags query (resources/tags/<id>.scm, compiled in as a Qt resource) compiled
// once for the process, with its capture names decoded and its #match?/#eq? predicates ready to test.
#pragma once

#include "ingest/ingest_result.h"
#include "ingest/repo/language.h"
#include "ingest/repo/tags.h"

#include <QByteArrayView>
#include <QRegularExpression>

#include <tree_sitter/api.h>

#include <vector>

namespace cairn::ingest {

class TagQuery {
public:
    enum class Role { Ignore, Name, Parent, Definition, Reference };
    struct Capture {
        Role role = Role::Ignore;
        SymbolKind symbolKind = SymbolKind::Function;
        ReferenceKind referenceKind = ReferenceKind::Call;
    };

    /// The query for `language`, compiled on first use; thread-safe, lives until exit.
    static Result<const TagQuery*> forLanguage(const Language& language);

    ~TagQuery();
    TagQuery(const TagQuery&) = delete;
    TagQuery& operator=(const TagQuery&) = delete;

    [[nodiscard]] const TSQuery* query() const { return m_query; }
    [[nodiscard]] const Capture& capture(uint32_t id) const { return m_captures[id]; }
    /// True when the match passes its pattern's predicates against `source`.
    [[nodiscard]] bool accepts(const TSQueryMatch& match, QByteArrayView source) const;

private:
    struct Predicate {
        uint32_t capture = 0;
        bool negate = false;
        bool regex = false; ///< #match? (else #eq? with a string)
        QByteArray text;
        QRegularExpression pattern;
    };

    TagQuery() = default;
    static Result<TagQuery*> compile(const Language& language);

    TSQuery* m_query = nullptr;
    std::vector<Capture> m_captures;
    std::vector<std::vector<Predicate>> m_predicates; ///< per pattern
};

} // namespace cairn::ingest
