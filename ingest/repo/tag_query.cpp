// SPDX-License-Identifier: MIT
// Compiling the tag queries: load the .scm resource, ts_query_new, decode "@definition.<kind>",
// "@reference.<kind>", "@name", "@parent" (names starting with "_" only feed predicates).

#include "ingest/repo/tag_query.h"
#include "ingest/repo/query_error.h"

#include <QFile>
#include <map>
#include <memory>

#include <mutex>

namespace cairn::ingest {

namespace {

QString resourceFor(const Language& language)
{
    // The TSX grammar is TypeScript plus JSX: the same definitions, the same query.
    const QString id = language.id == QLatin1String("tsx") ? QStringLiteral("typescript") : language.id;
    return QStringLiteral(":/tags/%1.scm").arg(id);
}

bool symbolKindFromName(QByteArrayView name, SymbolKind& kind)
{
    for (SymbolKind k : {SymbolKind::Function, SymbolKind::Method, SymbolKind::Class, SymbolKind::Struct,
                         SymbolKind::Enum, SymbolKind::Interface, SymbolKind::Module, SymbolKind::Constant,
                         SymbolKind::Type, SymbolKind::Impl, SymbolKind::Macro}) {
        if (symbolKindName(k).toLatin1() == name) {
            kind = k;
            return true;
        }
    }
    return false;
}

bool referenceKindFromName(QByteArrayView name, ReferenceKind& kind)
{
    for (ReferenceKind k : {ReferenceKind::Call, ReferenceKind::Type, ReferenceKind::Import}) {
        if (referenceKindName(k).toLatin1() == name) {
            kind = k;
            return true;
        }
    }
    return false;
}

QByteArrayView nodeText(TSNode node, QByteArrayView source)
{
    const uint32_t start = ts_node_start_byte(node);
    const uint32_t end = ts_node_end_byte(node);
    if (end > source.size() || start > end)
        return {};
    return source.sliced(start, end - start);
}

} // namespace

TagQuery::~TagQuery()
{
    ts_query_delete(m_query);
}

Result<const TagQuery*> TagQuery::forLanguage(const Language& language)
{
    static std::mutex mutex;
    static std::map<QString, std::unique_ptr<TagQuery>> compiled; // kept for the life of the process
    const std::lock_guard lock(mutex);
    const auto known = compiled.find(language.id);
    if (known != compiled.end())
        return static_cast<const TagQuery*>(known->second.get());
    Result<TagQuery*> made = compile(language);
    if (!made.ok())
        return made.error();
    compiled.emplace(language.id, std::unique_ptr<TagQuery>(made.value()));
    return static_cast<const TagQuery*>(made.value());
}

Result<TagQuery*> TagQuery::compile(const Language& language)
{
    const QString resource = resourceFor(language);
    QFile file(resource);
    if (!file.open(QIODevice::ReadOnly))
        return Error{ErrorCode::Unsupported, resource, QStringLiteral("no tags query for %1").arg(language.id)};
    const QByteArray text = file.readAll();
    uint32_t errorOffset = 0;
    TSQueryError errorType = TSQueryErrorNone;
    TSQuery* query = ts_query_new(language.grammar(), text.constData(), static_cast<uint32_t>(text.size()),
                                  &errorOffset, &errorType);
    if (query == nullptr) {
        const qsizetype line = text.first(qMin<qsizetype>(errorOffset, text.size())).count('\n') + 1;
        return Error{
            ErrorCode::Unsupported, resource,
            QStringLiteral("%1 at line %2 (offset %3)").arg(queryErrorName(errorType)).arg(line).arg(errorOffset)};
    }
    std::unique_ptr<TagQuery> tagQuery(new TagQuery);
    tagQuery->m_query = query;

    const uint32_t captureCount = ts_query_capture_count(query);
    tagQuery->m_captures.resize(captureCount);
    for (uint32_t id = 0; id < captureCount; ++id) {
        uint32_t length = 0;
        const char* raw = ts_query_capture_name_for_id(query, id, &length);
        const QByteArrayView name(raw, length);
        Capture& capture = tagQuery->m_captures[id];
        if (name == "name") {
            capture.role = Role::Name;
        } else if (name == "parent") {
            capture.role = Role::Parent;
        } else if (name.startsWith("definition.")) {
            capture.role = Role::Definition;
            if (!symbolKindFromName(name.sliced(11), capture.symbolKind))
                return Error{ErrorCode::Unsupported, resource,
                             QStringLiteral("unknown capture @%1").arg(QString::fromUtf8(name))};
        } else if (name.startsWith("reference.")) {
            capture.role = Role::Reference;
            if (!referenceKindFromName(name.sliced(10), capture.referenceKind))
                return Error{ErrorCode::Unsupported, resource,
                             QStringLiteral("unknown capture @%1").arg(QString::fromUtf8(name))};
        } else if (!name.startsWith('_')) {
            return Error{ErrorCode::Unsupported, resource,
                         QStringLiteral("unknown capture @%1").arg(QString::fromUtf8(name))};
        }
    }

    const uint32_t patternCount = ts_query_pattern_count(query);
    tagQuery->m_predicates.resize(patternCount);
    for (uint32_t pattern = 0; pattern < patternCount; ++pattern) {
        uint32_t stepCount = 0;
        const TSQueryPredicateStep* steps = ts_query_predicates_for_pattern(query, pattern, &stepCount);
        // Each predicate: String(operator) Capture String|Capture Done.
        uint32_t i = 0;
        while (i < stepCount) {
            uint32_t end = i;
            while (end < stepCount && steps[end].type != TSQueryPredicateStepTypeDone)
                ++end;
            uint32_t length = 0;
            QByteArrayView op;
            if (end - i == 3 && steps[i].type == TSQueryPredicateStepTypeString) {
                const char* name = ts_query_string_value_for_id(query, steps[i].value_id, &length);
                op = QByteArrayView(name, length);
            }
            const bool shapeOk = end - i == 3 && steps[i + 1].type == TSQueryPredicateStepTypeCapture
                && steps[i + 2].type == TSQueryPredicateStepTypeString;
            Predicate predicate;
            if (shapeOk && (op == "match?" || op == "not-match?" || op == "eq?" || op == "not-eq?")) {
                predicate.capture = steps[i + 1].value_id;
                predicate.negate = op.startsWith("not-");
                predicate.regex = op.endsWith("match?");
                const char* value = ts_query_string_value_for_id(query, steps[i + 2].value_id, &length);
                predicate.text = QByteArray(value, length);
                if (predicate.regex) {
                    predicate.pattern = QRegularExpression(QString::fromUtf8(predicate.text));
                    predicate.pattern.optimize(); // compile now, not on first match from some worker thread
                    if (!predicate.pattern.isValid())
                        return Error{
                            ErrorCode::Unsupported, resource,
                            QStringLiteral("bad regular expression %1").arg(QString::fromUtf8(predicate.text))};
                }
                tagQuery->m_predicates[pattern].push_back(std::move(predicate));
            } else {
                return Error{ErrorCode::Unsupported, resource,
                             QStringLiteral("unsupported predicate in pattern %1 (only #match?, #eq? and their "
                                            "#not- forms with a capture and a string)")
                                 .arg(pattern)};
            }
            i = end + 1;
        }
    }
    return tagQuery.release();
}

bool TagQuery::accepts(const TSQueryMatch& match, QByteArrayView source) const
{
    for (const Predicate& predicate : m_predicates[match.pattern_index]) {
        for (uint16_t c = 0; c < match.capture_count; ++c) {
            if (match.captures[c].index != predicate.capture)
                continue;
            const QByteArrayView text = nodeText(match.captures[c].node, source);
            const bool hit = predicate.regex ? predicate.pattern.match(QString::fromUtf8(text)).hasMatch()
                                             : text == predicate.text;
            if (hit == predicate.negate)
                return false;
        }
    }
    return true;
}

} // namespace cairn::ingest
