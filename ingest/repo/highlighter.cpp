// SPDX-License-Identifier: MIT
// The highlighter: each language's highlight query compiled once (mutex-guarded cache), a parse of
// the source, and the query's captures filtered by their #match?/#eq?/#any-of? predicates.

#include "ingest/repo/highlighter.h"
#include "ingest/repo/query_error.h"

#include <QFile>
#include <QLoggingCategory>
#include <QRegularExpression>

#include <tree_sitter/api.h>

#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

namespace cairn::ingest {

namespace {

Q_LOGGING_CATEGORY(lcHighlighter, "cairn.ingest.highlighter")

/// A predicate of one pattern. Predicates other than these (#is-not? local, #set!, ...) do not filter.
struct Predicate {
    enum class Kind { Match, Eq, EqCapture, AnyOf };
    Kind kind = Kind::Eq;
    bool negate = false;
    std::uint32_t capture = 0;
    std::uint32_t otherCapture = 0; ///< for EqCapture
    QList<QByteArray> texts;        ///< the string for Eq, the alternatives for AnyOf
    QRegularExpression pattern;     ///< for Match
};

class HighlightQuery {
public:
    HighlightQuery(TSQuery* query, std::vector<QByteArray> captureNames, std::vector<std::vector<Predicate>> predicates)
        : m_query(query), m_captureNames(std::move(captureNames)), m_predicates(std::move(predicates))
    {
    }
    ~HighlightQuery() { ts_query_delete(m_query); }
    HighlightQuery(const HighlightQuery&) = delete;
    HighlightQuery& operator=(const HighlightQuery&) = delete;

    [[nodiscard]] const TSQuery* query() const { return m_query; }
    /// The capture's name, or an empty array for captures that only feed predicates ("_name").
    [[nodiscard]] const QByteArray& captureName(std::uint32_t id) const { return m_captureNames[id]; }
    [[nodiscard]] bool accepts(const TSQueryMatch& match, QByteArrayView source) const;

private:
    TSQuery* m_query;
    std::vector<QByteArray> m_captureNames;
    std::vector<std::vector<Predicate>> m_predicates; ///< per pattern
};

QByteArrayView nodeText(TSNode node, QByteArrayView source)
{
    const std::uint32_t start = ts_node_start_byte(node);
    const std::uint32_t end = ts_node_end_byte(node);
    if (end > source.size() || start > end)
        return {};
    return source.sliced(start, end - start);
}

/// The text of the first capture `id` in `match`; false when the match does not hold it.
bool captureText(const TSQueryMatch& match, std::uint32_t id, QByteArrayView source, QByteArrayView& text)
{
    for (std::uint16_t c = 0; c < match.capture_count; ++c) {
        if (match.captures[c].index == id) {
            text = nodeText(match.captures[c].node, source);
            return true;
        }
    }
    return false;
}

bool HighlightQuery::accepts(const TSQueryMatch& match, QByteArrayView source) const
{
    for (const Predicate& predicate : m_predicates[match.pattern_index]) {
        QByteArrayView text;
        if (!captureText(match, predicate.capture, source, text))
            continue;
        bool hit = false;
        switch (predicate.kind) {
        case Predicate::Kind::Match:
            hit = predicate.pattern.match(QString::fromUtf8(text)).hasMatch();
            break;
        case Predicate::Kind::Eq:
            hit = text == predicate.texts.front();
            break;
        case Predicate::Kind::EqCapture: {
            QByteArrayView other;
            hit = captureText(match, predicate.otherCapture, source, other) && text == other;
            break;
        }
        case Predicate::Kind::AnyOf:
            for (const QByteArray& alternative : predicate.texts)
                hit = hit || text == alternative;
            break;
        }
        if (hit == predicate.negate)
            return false;
    }
    return true;
}

QByteArrayView stringValue(const TSQuery* query, std::uint32_t id)
{
    std::uint32_t length = 0;
    const char* value = ts_query_string_value_for_id(query, id, &length);
    return {value, length};
}

/// Reads one predicate from `steps` (without its Done step); false for an operator we do not filter on.
bool readPredicate(const TSQuery* query, const TSQueryPredicateStep* steps, std::uint32_t count, Predicate& out)
{
    if (count < 3 || steps[0].type != TSQueryPredicateStepTypeString
        || steps[1].type != TSQueryPredicateStepTypeCapture)
        return false;
    const QByteArrayView op = stringValue(query, steps[0].value_id);
    out.capture = steps[1].value_id;
    out.negate = op.startsWith("not-");
    const QByteArrayView name = out.negate ? op.sliced(4) : op;
    if (name == "any-of?") {
        out.kind = Predicate::Kind::AnyOf;
        for (std::uint32_t i = 2; i < count; ++i) {
            if (steps[i].type != TSQueryPredicateStepTypeString)
                return false;
            out.texts.append(stringValue(query, steps[i].value_id).toByteArray());
        }
        return true;
    }
    if (count != 3)
        return false;
    if (name == "eq?" && steps[2].type == TSQueryPredicateStepTypeCapture) {
        out.kind = Predicate::Kind::EqCapture;
        out.otherCapture = steps[2].value_id;
        return true;
    }
    if (steps[2].type != TSQueryPredicateStepTypeString)
        return false;
    const QByteArrayView value = stringValue(query, steps[2].value_id);
    if (name == "eq?") {
        out.kind = Predicate::Kind::Eq;
        out.texts.append(value.toByteArray());
        return true;
    }
    if (name == "match?") {
        out.kind = Predicate::Kind::Match;
        out.pattern = QRegularExpression(QString::fromUtf8(value));
        out.pattern.optimize(); // compile now, under the cache's lock, not on first use from a worker
        return out.pattern.isValid();
    }
    return false;
}

std::unique_ptr<HighlightQuery> compile(const Language& language)
{
    const QString resource = QStringLiteral(":/highlights/%1.scm").arg(language.id);
    QFile file(resource);
    if (!file.open(QIODevice::ReadOnly)) {
        qCWarning(lcHighlighter, "%s: no highlight query for %s", qPrintable(resource), qPrintable(language.id));
        return nullptr;
    }
    const QByteArray text = file.readAll();
    std::uint32_t errorOffset = 0;
    TSQueryError errorType = TSQueryErrorNone;
    TSQuery* query = ts_query_new(language.grammar(), text.constData(), static_cast<std::uint32_t>(text.size()),
                                  &errorOffset, &errorType);
    if (query == nullptr) {
        const qsizetype line = text.first(qMin<qsizetype>(errorOffset, text.size())).count('\n') + 1;
        qCWarning(lcHighlighter, "%s: %s at line %lld (offset %u); %s code is shown without highlighting",
                  qPrintable(resource), qPrintable(queryErrorName(errorType)), static_cast<long long>(line),
                  errorOffset, qPrintable(language.id));
        return nullptr;
    }

    std::vector<QByteArray> names(ts_query_capture_count(query));
    for (std::uint32_t id = 0; id < names.size(); ++id) {
        std::uint32_t length = 0;
        const char* raw = ts_query_capture_name_for_id(query, id, &length);
        if (length > 0 && raw[0] != '_')
            names[id] = QByteArray(raw, length);
    }
    std::vector<std::vector<Predicate>> predicates(ts_query_pattern_count(query));
    for (std::uint32_t pattern = 0; pattern < predicates.size(); ++pattern) {
        std::uint32_t stepCount = 0;
        const TSQueryPredicateStep* steps = ts_query_predicates_for_pattern(query, pattern, &stepCount);
        std::uint32_t begin = 0;
        while (begin < stepCount) {
            std::uint32_t end = begin;
            while (end < stepCount && steps[end].type != TSQueryPredicateStepTypeDone)
                ++end;
            Predicate predicate;
            if (readPredicate(query, steps + begin, end - begin, predicate))
                predicates[pattern].push_back(std::move(predicate));
            begin = end + 1;
        }
    }
    return std::make_unique<HighlightQuery>(query, std::move(names), std::move(predicates));
}

/// The compiled query for `language`, or nullptr when it has none or it failed (remembered, so the
/// warning is given once).
const HighlightQuery* queryFor(const Language& language)
{
    static std::mutex mutex;
    static std::map<QString, std::unique_ptr<HighlightQuery>> compiled; // lives until exit
    const std::lock_guard lock(mutex);
    auto known = compiled.find(language.id);
    if (known == compiled.end())
        known = compiled.emplace(language.id, compile(language)).first;
    return known->second.get();
}

using ParserPtr = std::unique_ptr<TSParser, decltype(&ts_parser_delete)>;
using TreePtr = std::unique_ptr<TSTree, decltype(&ts_tree_delete)>;
using CursorPtr = std::unique_ptr<TSQueryCursor, decltype(&ts_query_cursor_delete)>;

/// Longest a parse of one code block may take; past it the block is shown plain.
constexpr std::uint64_t kParseTimeoutMicros = 500'000;

} // namespace

const Language* languageForFenceInfo(QStringView info)
{
    QStringView word = info.trimmed();
    // The language is the first word; attributes may follow after a blank, a brace or a comma.
    for (qsizetype i = 0; i < word.size(); ++i) {
        if (word[i].isSpace() || word[i] == u'{' || word[i] == u',') {
            word = word.first(i);
            break;
        }
    }
    while (word.startsWith(u'.'))
        word = word.sliced(1);
    if (word.isEmpty())
        return nullptr;
    const QString name = word.toString().toLower();
    if (const Language* byId = languageById(name))
        return byId;
    const QByteArray latin = name.toLatin1();
    if (const Language* byMode = languageForModeName(latin))
        return byMode;
    if (const Language* byExtension = languageForFile(QStringLiteral("code.") + name))
        return byExtension;
    if (name == QLatin1String("golang"))
        return languageById(QStringLiteral("go"));
    return languageForInterpreter(latin);
}

QList<HighlightSpan> highlight(const Language& language, QByteArrayView source)
{
    if (source.isEmpty() || source.size() > std::numeric_limits<std::uint32_t>::max())
        return {};
    const HighlightQuery* query = queryFor(language);
    if (query == nullptr)
        return {};
    const ParserPtr parser(ts_parser_new(), ts_parser_delete);
    if (!ts_parser_set_language(parser.get(), language.grammar()))
        return {};
    ts_parser_set_timeout_micros(parser.get(), kParseTimeoutMicros);
    const TreePtr tree(
        ts_parser_parse_string(parser.get(), nullptr, source.data(), static_cast<std::uint32_t>(source.size())),
        ts_tree_delete);
    if (!tree)
        return {};

    // Keyed by (start, ~end): sorted by start, enclosing spans first. The value is the winning
    // capture for that node range: the one from the latest pattern.
    struct Winner {
        std::uint32_t pattern = 0;
        std::uint32_t capture = 0;
    };
    std::map<std::pair<std::uint32_t, std::uint32_t>, Winner> spans;
    const CursorPtr cursor(ts_query_cursor_new(), ts_query_cursor_delete);
    ts_query_cursor_exec(cursor.get(), query->query(), ts_tree_root_node(tree.get()));
    TSQueryMatch match;
    while (ts_query_cursor_next_match(cursor.get(), &match)) {
        if (!query->accepts(match, source))
            continue;
        for (std::uint16_t c = 0; c < match.capture_count; ++c) {
            const TSQueryCapture& capture = match.captures[c];
            if (query->captureName(capture.index).isEmpty())
                continue;
            const std::uint32_t start = ts_node_start_byte(capture.node);
            const std::uint32_t end = ts_node_end_byte(capture.node);
            if (end <= start || end > source.size())
                continue;
            const auto key = std::make_pair(start, ~end);
            const auto known = spans.find(key);
            if (known == spans.end() || known->second.pattern <= match.pattern_index)
                spans[key] = {match.pattern_index, capture.index};
        }
    }

    QList<HighlightSpan> out;
    out.reserve(static_cast<qsizetype>(spans.size()));
    for (const auto& [range, winner] : spans)
        out.append({range.first, ~range.second - range.first, query->captureName(winner.capture)});
    return out;
}

QList<HighlightSpan> highlight(QStringView fenceInfo, QByteArrayView source)
{
    const Language* language = languageForFenceInfo(fenceInfo);
    return language != nullptr ? highlight(*language, source) : QList<HighlightSpan>{};
}

} // namespace cairn::ingest
