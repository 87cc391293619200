// SPDX-License-Identifier: MIT
// Tag extraction: parse with a time limit and the caller's cancel flag, run the language's TagQuery,
// then derive what queries cannot say: parents by range nesting, paths, methods, signatures, docs.

#include "ingest/repo/tags.h"

#include "ingest/repo/tag_query.h"

#include <QHash>

#include <algorithm>
#include <cstring>
#include <unordered_map>
#include <vector>

namespace cairn::ingest {

namespace {

constexpr int kMaxSignatureLines = 4;
constexpr qsizetype kMaxSignatureChars = 400;
constexpr int kMaxDocLines = 30;

using TreePtr = std::unique_ptr<TSTree, decltype(&ts_tree_delete)>;
using CursorPtr = std::unique_ptr<TSQueryCursor, decltype(&ts_query_cursor_delete)>;

QByteArrayView textOf(TSNode node, QByteArrayView source)
{
    const uint32_t start = ts_node_start_byte(node);
    const uint32_t end = std::min<uint32_t>(ts_node_end_byte(node), static_cast<uint32_t>(source.size()));
    return start < end ? source.sliced(start, end - start) : QByteArrayView();
}

QString scopeSeparator(const Language& language)
{
    const QString& id = language.id;
    return id == QLatin1String("c") || id == QLatin1String("cpp") || id == QLatin1String("rust") ? QStringLiteral("::")
                                                                                                 : QStringLiteral(".");
}

bool isCommentType(const char* type)
{
    return std::strstr(type, "comment") != nullptr;
}

/// Nodes that wrap a definition and belong to its range: templates, decorators, `export`, a Go
/// declaration holding a single spec.
bool wrapsDefinition(TSNode parent)
{
    const char* type = ts_node_type(parent);
    if (std::strcmp(type, "template_declaration") == 0 || std::strcmp(type, "decorated_definition") == 0
        || std::strcmp(type, "export_statement") == 0)
        return true;
    if (std::strcmp(type, "type_declaration") == 0 || std::strcmp(type, "const_declaration") == 0)
        return ts_node_named_child_count(parent) == 1;
    return false;
}

/// Strips comment markers from each line: //, ///, //!, #, /*, /**, */, leading *.
QString stripCommentMarkers(QByteArrayView comment)
{
    QStringList out;
    for (QByteArrayView line : QByteArray(comment.toByteArray()).split('\n')) {
        QByteArrayView rest = line.trimmed();
        for (const char* prefix : {"///", "//!", "//", "/**", "/*!", "/*", "#"}) {
            if (rest.startsWith(prefix)) {
                rest = rest.sliced(static_cast<qsizetype>(std::strlen(prefix)));
                break;
            }
        }
        if (rest.endsWith("*/"))
            rest.chop(2);
        rest = rest.trimmed();
        if (rest.startsWith('*'))
            rest = rest.sliced(1).trimmed();
        out << QString::fromUtf8(rest);
    }
    while (!out.isEmpty() && out.front().isEmpty())
        out.removeFirst();
    while (!out.isEmpty() && out.back().isEmpty())
        out.removeLast();
    return out.join(QLatin1Char('\n'));
}

/// The definition's header: from its start up to its body (or its first lines without one).
QString signatureOf(TSNode definition, TSNode outer, QByteArrayView source)
{
    const uint32_t start = ts_node_start_byte(outer);
    uint32_t end = ts_node_end_byte(definition);
    const TSNode body = ts_node_child_by_field_name(definition, "body", 4);
    const bool hasBody = !ts_node_is_null(body) && ts_node_start_byte(body) > start;
    if (hasBody)
        end = ts_node_start_byte(body);
    QByteArrayView text = source.sliced(start, std::min<uint32_t>(end, static_cast<uint32_t>(source.size())) - start);
    if (!hasBody && text.contains('{'))
        text = text.first(text.indexOf('{')); // Go's `type T struct {...}` has no body field
    // At most a few lines: long parameter lists stay readable, a body without a field stays out.
    qsizetype cut = 0;
    for (int line = 0; line < kMaxSignatureLines && cut >= 0; ++line)
        cut = text.indexOf('\n', cut == 0 && line == 0 ? 0 : cut + 1);
    if (cut > 0)
        text = text.first(cut);
    text = text.trimmed();
    while (text.endsWith('{') || text.endsWith(':') || text.endsWith('='))
        text = text.chopped(1).trimmed();
    QString signature = QString::fromUtf8(text);
    if (signature.size() > kMaxSignatureChars)
        signature = signature.left(kMaxSignatureChars) + QStringLiteral("…");
    return signature;
}

/// A Python docstring: the body's first statement when it is a string.
QString pythonDocstring(TSNode definition, QByteArrayView source)
{
    const TSNode body = ts_node_child_by_field_name(definition, "body", 4);
    if (ts_node_is_null(body) || ts_node_named_child_count(body) == 0)
        return {};
    const TSNode first = ts_node_named_child(body, 0);
    if (std::strcmp(ts_node_type(first), "expression_statement") != 0 || ts_node_named_child_count(first) != 1)
        return {};
    const TSNode string = ts_node_named_child(first, 0);
    if (std::strcmp(ts_node_type(string), "string") != 0)
        return {};
    QByteArrayView text = textOf(string, source);
    for (const char* quote : {"\"\"\"", "'''", "\"", "'"}) {
        const auto length = static_cast<qsizetype>(std::strlen(quote));
        if (text.size() >= 2 * length && text.startsWith(quote) && text.endsWith(quote)) {
            text = text.sliced(length, text.size() - 2 * length);
            break;
        }
    }
    return QString::fromUtf8(text.trimmed());
}

/// Comment lines right above `outer` (skipping attributes such as Rust's #[derive]); sets docStartLine.
QString precedingComments(TSNode outer, QByteArrayView source, int& docStartLine)
{
    std::vector<TSNode> comments;
    uint32_t nextRow = ts_node_start_point(outer).row;
    for (TSNode sibling = ts_node_prev_sibling(outer); !ts_node_is_null(sibling);
         sibling = ts_node_prev_sibling(sibling)) {
        const char* type = ts_node_type(sibling);
        const bool attribute = std::strcmp(type, "attribute_item") == 0;
        if (!isCommentType(type) && !attribute)
            break;
        if (ts_node_end_point(sibling).row + 1 < nextRow)
            break; // a blank line separates it
        if (static_cast<int>(comments.size()) >= kMaxDocLines)
            break;
        nextRow = ts_node_start_point(sibling).row;
        if (!attribute)
            comments.push_back(sibling);
    }
    if (comments.empty())
        return {};
    std::reverse(comments.begin(), comments.end());
    docStartLine = static_cast<int>(ts_node_start_point(comments.front()).row) + 1;
    QStringList parts;
    for (TSNode comment : comments)
        parts << stripCommentMarkers(textOf(comment, source));
    return parts.join(QLatin1Char('\n'));
}

QString referenceName(ReferenceKind kind, QByteArrayView text)
{
    if (kind == ReferenceKind::Import) {
        text = text.trimmed();
        if (text.size() >= 2
            && ((text.front() == '"' && text.back() == '"') || (text.front() == '<' && text.back() == '>')
                || (text.front() == '\'' && text.back() == '\'') || (text.front() == '`' && text.back() == '`')))
            text = text.sliced(1, text.size() - 2);
    }
    return QString::fromUtf8(text);
}

struct RawDefinition {
    TSNode node;
    TSNode outer;
    TSNode name;
    QByteArrayView scope; ///< from @parent
    SymbolKind kind;
    uint32_t pattern;
};

bool containerKind(SymbolKind kind)
{
    return kind == SymbolKind::Class || kind == SymbolKind::Struct || kind == SymbolKind::Interface
        || kind == SymbolKind::Impl || kind == SymbolKind::Enum;
}

} // namespace

QString symbolKindName(SymbolKind kind)
{
    switch (kind) {
    case SymbolKind::Function:
        return QStringLiteral("function");
    case SymbolKind::Method:
        return QStringLiteral("method");
    case SymbolKind::Class:
        return QStringLiteral("class");
    case SymbolKind::Struct:
        return QStringLiteral("struct");
    case SymbolKind::Enum:
        return QStringLiteral("enum");
    case SymbolKind::Interface:
        return QStringLiteral("interface");
    case SymbolKind::Module:
        return QStringLiteral("module");
    case SymbolKind::Constant:
        return QStringLiteral("constant");
    case SymbolKind::Type:
        return QStringLiteral("type");
    case SymbolKind::Impl:
        return QStringLiteral("impl");
    case SymbolKind::Macro:
        return QStringLiteral("macro");
    }
    return QStringLiteral("unknown");
}

QString referenceKindName(ReferenceKind kind)
{
    switch (kind) {
    case ReferenceKind::Call:
        return QStringLiteral("call");
    case ReferenceKind::Type:
        return QStringLiteral("type");
    case ReferenceKind::Import:
        return QStringLiteral("import");
    }
    return QStringLiteral("unknown");
}

struct TagExtractor::Parsers {
    std::unordered_map<const TSLanguage*, TSParser*> byGrammar;
    ~Parsers()
    {
        for (auto& entry : byGrammar)
            ts_parser_delete(entry.second);
    }
};

TagExtractor::TagExtractor() : m_parsers(std::make_unique<Parsers>())
{
}

TagExtractor::~TagExtractor() = default;

Result<FileTags> TagExtractor::extract(const Language& language, QByteArrayView source, const TagOptions& options)
{
    Result<const TagQuery*> queryResult = TagQuery::forLanguage(language);
    if (!queryResult.ok())
        return queryResult.error();
    const TagQuery& tagQuery = *queryResult.value();

    const TSLanguage* grammar = language.grammar();
    TSParser*& parser = m_parsers->byGrammar[grammar];
    if (parser == nullptr) {
        parser = ts_parser_new();
        if (!ts_parser_set_language(parser, grammar))
            return Error{ErrorCode::Unsupported, language.id,
                         QStringLiteral("grammar ABI %1 does not load on this tree-sitter").arg(language.abiVersion())};
    }
    ts_parser_reset(parser);
    ts_parser_set_timeout_micros(parser, options.timeoutMicros);
    ts_parser_set_cancellation_flag(parser, options.cancel != nullptr ? options.cancel->treeSitterFlag() : nullptr);
    const TreePtr tree(ts_parser_parse_string(parser, nullptr, source.data(), static_cast<uint32_t>(source.size())),
                       ts_tree_delete);
    ts_parser_set_cancellation_flag(parser, nullptr);
    if (!tree) {
        ts_parser_reset(parser);
        if (options.cancel != nullptr && options.cancel->cancelled())
            return Error{ErrorCode::Cancelled, {}, QStringLiteral("parse cancelled")};
        return Error{
            ErrorCode::Timeout, {}, QStringLiteral("parse stopped after %1 ms").arg(options.timeoutMicros / 1000)};
    }
    const TSNode root = ts_tree_root_node(tree.get());

    FileTags tags;
    tags.syntaxErrors = ts_node_has_error(root);
    std::vector<RawDefinition> definitions;
    struct RawReference {
        TSNode node;
        ReferenceKind kind;
    };
    std::vector<RawReference> references;

    const CursorPtr cursor(ts_query_cursor_new(), ts_query_cursor_delete);
    ts_query_cursor_set_match_limit(cursor.get(), 1024);
    ts_query_cursor_exec(cursor.get(), tagQuery.query(), root);
    TSQueryMatch match;
    while (ts_query_cursor_next_match(cursor.get(), &match)) {
        if (!tagQuery.accepts(match, source))
            continue;
        RawDefinition definition{};
        bool haveDefinition = false;
        bool haveName = false;
        for (uint16_t i = 0; i < match.capture_count; ++i) {
            const TSQueryCapture& capture = match.captures[i];
            const TagQuery::Capture& info = tagQuery.capture(capture.index);
            switch (info.role) {
            case TagQuery::Role::Definition:
                definition.node = capture.node;
                definition.kind = info.symbolKind;
                haveDefinition = true;
                break;
            case TagQuery::Role::Name:
                definition.name = capture.node;
                haveName = true;
                break;
            case TagQuery::Role::Parent:
                definition.scope = textOf(capture.node, source);
                break;
            case TagQuery::Role::Reference:
                references.push_back({capture.node, info.referenceKind});
                break;
            case TagQuery::Role::Ignore:
                break;
            }
        }
        if (haveDefinition && haveName) {
            definition.pattern = match.pattern_index;
            definitions.push_back(definition);
        }
    }

    // One definition per node: the earliest pattern in the file wins (functions before constants).
    std::sort(definitions.begin(), definitions.end(), [](const RawDefinition& a, const RawDefinition& b) {
        const uint32_t sa = ts_node_start_byte(a.node);
        const uint32_t sb = ts_node_start_byte(b.node);
        if (sa != sb)
            return sa < sb;
        const uint32_t ea = ts_node_end_byte(a.node);
        const uint32_t eb = ts_node_end_byte(b.node);
        if (ea != eb)
            return ea > eb;
        return a.pattern < b.pattern;
    });
    definitions.erase(std::unique(definitions.begin(), definitions.end(),
                                  [](const RawDefinition& a, const RawDefinition& b) {
                                      return ts_node_eq(a.node, b.node)
                                          && ts_node_start_byte(a.name) == ts_node_start_byte(b.name);
                                  }),
                      definitions.end());

    QHash<uint32_t, bool> nameStarts; // a definition's name is not also a reference to itself
    const bool python = language.id == QLatin1String("python");
    const QString separator = scopeSeparator(language);
    for (RawDefinition& raw : definitions) {
        raw.outer = raw.node;
        for (TSNode up = ts_node_parent(raw.outer); !ts_node_is_null(up) && wrapsDefinition(up);
             up = ts_node_parent(up))
            raw.outer = up;
    }
    // Outer ranges can reorder nodes (a template starts before its function): sort by them.
    std::stable_sort(definitions.begin(), definitions.end(), [](const RawDefinition& a, const RawDefinition& b) {
        const uint32_t sa = ts_node_start_byte(a.outer);
        const uint32_t sb = ts_node_start_byte(b.outer);
        if (sa != sb)
            return sa < sb;
        return ts_node_end_byte(a.outer) > ts_node_end_byte(b.outer);
    });

    std::vector<int> open; // indices of definitions enclosing the current one
    for (const RawDefinition& raw : definitions) {
        Symbol symbol;
        symbol.name = QString::fromUtf8(textOf(raw.name, source));
        symbol.kind = raw.kind;
        symbol.startByte = ts_node_start_byte(raw.outer);
        symbol.endByte = ts_node_end_byte(raw.outer);
        symbol.startLine = static_cast<int>(ts_node_start_point(raw.outer).row) + 1;
        symbol.endLine = static_cast<int>(ts_node_end_point(raw.outer).row) + 1;
        if (ts_node_end_point(raw.outer).column == 0 && symbol.endLine > symbol.startLine)
            --symbol.endLine; // a node ending with its newline ends on the line before
        while (!open.empty() && tags.symbols[open.back()].endByte < symbol.endByte)
            open.pop_back();
        while (!open.empty() && tags.symbols[open.back()].startByte == symbol.startByte
               && tags.symbols[open.back()].endByte == symbol.endByte)
            open.pop_back(); // same range twice (two names in one declaration): siblings, not nested
        symbol.parent = open.empty() ? -1 : open.back();
        const Symbol* parent = symbol.parent >= 0 ? &tags.symbols[symbol.parent] : nullptr;
        if (symbol.kind == SymbolKind::Function
            && ((parent != nullptr && containerKind(parent->kind)) || !raw.scope.isEmpty()))
            symbol.kind = SymbolKind::Method;
        QString scope = parent != nullptr ? parent->path + separator : QString();
        if (!raw.scope.isEmpty())
            scope += QString::fromUtf8(raw.scope) + separator;
        symbol.path = scope + symbol.name;
        symbol.signature = signatureOf(raw.node, raw.outer, source);
        symbol.doc = precedingComments(raw.outer, source, symbol.docStartLine);
        if (symbol.doc.isEmpty() && python)
            symbol.doc = pythonDocstring(raw.node, source);
        nameStarts.insert(ts_node_start_byte(raw.name), true);
        tags.symbols.append(symbol);
        open.push_back(static_cast<int>(tags.symbols.size() - 1));
    }

    std::sort(references.begin(), references.end(), [](const RawReference& a, const RawReference& b) {
        return ts_node_start_byte(a.node) < ts_node_start_byte(b.node);
    });
    std::vector<int> enclosing;
    qsizetype nextSymbol = 0;
    uint32_t lastStart = UINT32_MAX;
    ReferenceKind lastKind = ReferenceKind::Call;
    for (const RawReference& raw : references) {
        const uint32_t start = ts_node_start_byte(raw.node);
        if (nameStarts.contains(start) && raw.kind != ReferenceKind::Import)
            continue;
        if (start == lastStart && raw.kind == lastKind)
            continue;
        lastStart = start;
        lastKind = raw.kind;
        while (nextSymbol < tags.symbols.size() && tags.symbols[nextSymbol].startByte <= start) {
            while (!enclosing.empty() && tags.symbols[enclosing.back()].endByte <= tags.symbols[nextSymbol].startByte)
                enclosing.pop_back();
            enclosing.push_back(static_cast<int>(nextSymbol++));
        }
        while (!enclosing.empty() && tags.symbols[enclosing.back()].endByte <= start)
            enclosing.pop_back();
        Reference reference;
        reference.name = referenceName(raw.kind, textOf(raw.node, source));
        reference.kind = raw.kind;
        reference.line = static_cast<int>(ts_node_start_point(raw.node).row) + 1;
        reference.startByte = start;
        reference.enclosing = enclosing.empty() ? -1 : enclosing.back();
        if (!reference.name.isEmpty())
            tags.references.append(reference);
    }
    return tags;
}

} // namespace cairn::ingest
