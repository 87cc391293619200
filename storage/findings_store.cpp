// SPDX-License-Identifier: MIT
// Review findings: batched adds, filtered lists, status changes and counts, bound by name.

#include "storage/findings_store.h"

#include "storage/database.h"
#include "storage/statement.h"
#include "storage/transaction.h"

#include <sqlite3.h>

#include <chrono>
#include <utility>

namespace cairn::storage {

namespace {

constexpr const char* kInsertFinding
    = "INSERT INTO review_findings(repository_id, path, start_line, end_line, severity, category, message,"
      " conversation_id, created_ms, updated_ms) VALUES (:repository_id, :path, :start_line, :end_line, :severity,"
      " :category, :message, :conversation_id, :now, :now) RETURNING id";
constexpr const char* kRepositoryExists = "SELECT 1 FROM repositories WHERE id = :id";
constexpr const char* kConversationExists = "SELECT 1 FROM conversations WHERE id = :id";
constexpr const char* kSelectFinding
    = "SELECT id, repository_id, path, start_line, end_line, severity, category, message, status, conversation_id,"
      " created_ms, updated_ms FROM review_findings WHERE id = :id";
// NULL sorts first: findings about the whole repository lead.
constexpr const char* kSelectFindings
    = "SELECT id, repository_id, path, start_line, end_line, severity, category, message, status, conversation_id,"
      " created_ms, updated_ms FROM review_findings WHERE repository_id = :repository_id"
      " AND (:path IS NULL OR path = :path) AND (:status IS NULL OR status = :status)"
      " AND (:severity IS NULL OR severity = :severity) ORDER BY path, start_line, id";
constexpr const char* kSetStatus = "UPDATE review_findings SET status = :status, updated_ms = :now WHERE id = :id";
constexpr const char* kDeleteFindings = "DELETE FROM review_findings WHERE repository_id = :repository_id";
constexpr const char* kCountByStatus
    = "SELECT status, count(*) FROM review_findings WHERE repository_id = :repository_id GROUP BY status";

std::int64_t systemNowMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

Finding readFinding(const Statement& row)
{
    Finding finding;
    finding.id = row.columnInt(0);
    finding.repositoryId = row.columnInt(1);
    if (!row.columnIsNull(2))
        finding.path = row.columnText(2);
    finding.startLine = row.columnOptionalInt(3);
    finding.endLine = row.columnOptionalInt(4);
    // The CHECK constraints admit only the names parse* accepts.
    finding.severity = parseSeverity(row.columnText(5)).value();
    finding.category = row.columnText(6);
    finding.message = row.columnText(7);
    finding.status = parseFindingStatus(row.columnText(8)).value();
    finding.conversationId = row.columnOptionalInt(9);
    finding.createdMs = row.columnInt(10);
    finding.updatedMs = row.columnInt(11);
    return finding;
}

/// What is wrong with `finding` (number `index` in its batch), or empty.
std::string findingProblem(const NewFinding& finding, std::size_t index)
{
    const std::string name = "finding " + std::to_string(index);
    if (finding.message.empty())
        return name + " has no message";
    if (finding.path && finding.path->empty())
        return name + " has an empty path (leave it unset for the whole repository)";
    if (finding.startLine && !finding.path)
        return name + " has a line but no file";
    if (finding.startLine && *finding.startLine < 1)
        return name + " starts on line " + std::to_string(*finding.startLine) + " (lines start at 1)";
    if (finding.endLine && !finding.startLine)
        return name + " has an end line but no start line";
    if (finding.endLine && *finding.endLine < *finding.startLine)
        return name + " ends on line " + std::to_string(*finding.endLine) + ", before its start line "
            + std::to_string(*finding.startLine);
    return {};
}

/// 'text' in single quotes, appended piecewise: `"'" + std::string(...)` trips GCC 12's -Wrestrict at -O3.
std::string quoted(std::string_view text)
{
    std::string quoted = "'";
    quoted += text;
    quoted += '\'';
    return quoted;
}

Result<bool> rowExists(Statement& select, std::int64_t id)
{
    select.bind(":id", id);
    Result<bool> row = select.step();
    select.reset();
    return row;
}

} // namespace

const char* severityName(FindingSeverity severity)
{
    switch (severity) {
    case FindingSeverity::Info:
        return "info";
    case FindingSeverity::Warning:
        return "warning";
    case FindingSeverity::Error:
        return "error";
    }
    return "warning";
}

const char* findingStatusName(FindingStatus status)
{
    switch (status) {
    case FindingStatus::Open:
        return "open";
    case FindingStatus::Accepted:
        return "accepted";
    case FindingStatus::Dismissed:
        return "dismissed";
    }
    return "open";
}

Result<FindingSeverity> parseSeverity(std::string_view name)
{
    for (const FindingSeverity severity : {FindingSeverity::Info, FindingSeverity::Warning, FindingSeverity::Error})
        if (name == severityName(severity))
            return severity;
    return Error{ErrorCode::InvalidInput, "severity", quoted(name) + " is not one of info, warning, error"};
}

Result<FindingStatus> parseFindingStatus(std::string_view name)
{
    for (const FindingStatus status : {FindingStatus::Open, FindingStatus::Accepted, FindingStatus::Dismissed})
        if (name == findingStatusName(status))
            return status;
    return Error{ErrorCode::InvalidInput, "finding status", quoted(name) + " is not one of open, accepted, dismissed"};
}

FindingsStore::FindingsStore(Database& db, WallClock now) : m_db(db), m_now(std::move(now))
{
    if (!m_now)
        m_now = systemNowMs;
}

Result<std::vector<std::int64_t>> FindingsStore::addFindings(std::int64_t repositoryId,
                                                             const std::vector<NewFinding>& findings)
{
    const std::string subject = m_db.path().string();
    for (std::size_t i = 0; i < findings.size(); ++i) {
        const std::string problem = findingProblem(findings[i], i);
        if (!problem.empty())
            return Error{ErrorCode::InvalidInput, subject, problem};
    }
    Result<Transaction> transaction = Transaction::begin(m_db.handle());
    if (!transaction)
        return transaction.error();
    Result<Statement> repositoryExists = Statement::prepare(m_db.handle(), kRepositoryExists);
    Result<Statement> conversationExists = Statement::prepare(m_db.handle(), kConversationExists);
    Result<Statement> insert = Statement::prepare(m_db.handle(), kInsertFinding);
    for (const auto* prepared : {&repositoryExists, &conversationExists, &insert})
        if (!*prepared)
            return prepared->error();
    Result<bool> repositoryFound = rowExists(repositoryExists.value(), repositoryId);
    if (!repositoryFound)
        return repositoryFound.error();
    if (!repositoryFound.value())
        return Error{ErrorCode::NotFound, subject, "no repository " + std::to_string(repositoryId)};

    const std::int64_t now = m_now();
    std::vector<std::int64_t> ids;
    ids.reserve(findings.size());
    Statement& statement = insert.value();
    for (const NewFinding& finding : findings) {
        if (finding.conversationId) {
            Result<bool> found = rowExists(conversationExists.value(), *finding.conversationId);
            if (!found)
                return found.error();
            if (!found.value())
                return Error{ErrorCode::NotFound, subject,
                             "no conversation " + std::to_string(*finding.conversationId)};
        }
        statement.bind(":repository_id", repositoryId);
        if (finding.path)
            statement.bind(":path", std::string_view(*finding.path));
        else
            statement.bindNull(":path");
        statement.bind(":start_line", finding.startLine);
        statement.bind(":end_line", finding.endLine ? finding.endLine : finding.startLine);
        statement.bind(":severity", std::string_view(severityName(finding.severity)));
        statement.bind(":category", std::string_view(finding.category));
        statement.bind(":message", std::string_view(finding.message));
        statement.bind(":conversation_id", finding.conversationId);
        statement.bind(":now", now);
        Result<bool> row = statement.step();
        if (!row)
            return row.error();
        ids.push_back(statement.columnInt(0));
        statement.reset();
    }
    Status committed = transaction.value().commit();
    if (!committed)
        return committed.error();
    return ids;
}

Result<Finding> FindingsStore::finding(std::int64_t id) const
{
    Result<Statement> select = Statement::prepare(m_db.handle(), kSelectFinding);
    if (!select)
        return select.error();
    select.value().bind(":id", id);
    Result<bool> row = select.value().step();
    if (!row)
        return row.error();
    if (!row.value())
        return Error{ErrorCode::NotFound, m_db.path().string(), "no finding " + std::to_string(id)};
    return readFinding(select.value());
}

Result<std::vector<Finding>> FindingsStore::findings(std::int64_t repositoryId, const FindingFilter& filter) const
{
    Result<Statement> select = Statement::prepare(m_db.handle(), kSelectFindings);
    if (!select)
        return select.error();
    Statement& statement = select.value();
    statement.bind(":repository_id", repositoryId);
    if (filter.path)
        statement.bind(":path", std::string_view(*filter.path));
    else
        statement.bindNull(":path");
    if (filter.status)
        statement.bind(":status", std::string_view(findingStatusName(*filter.status)));
    else
        statement.bindNull(":status");
    if (filter.severity)
        statement.bind(":severity", std::string_view(severityName(*filter.severity)));
    else
        statement.bindNull(":severity");
    std::vector<Finding> found;
    for (;;) {
        Result<bool> row = statement.step();
        if (!row)
            return row.error();
        if (!row.value())
            return found;
        found.push_back(readFinding(statement));
    }
}

Status FindingsStore::setStatus(std::int64_t id, FindingStatus status)
{
    Result<Statement> update = Statement::prepare(m_db.handle(), kSetStatus);
    if (!update)
        return update.error();
    update.value().bind(":status", std::string_view(findingStatusName(status)));
    update.value().bind(":now", m_now());
    update.value().bind(":id", id);
    Status done = update.value().run();
    if (done && sqlite3_changes(m_db.handle()) == 0)
        return Error{ErrorCode::NotFound, m_db.path().string(), "no finding " + std::to_string(id)};
    return done;
}

Result<std::int64_t> FindingsStore::deleteFindings(std::int64_t repositoryId)
{
    Result<Statement> remove = Statement::prepare(m_db.handle(), kDeleteFindings);
    if (!remove)
        return remove.error();
    remove.value().bind(":repository_id", repositoryId);
    Status removed = remove.value().run();
    if (!removed)
        return removed.error();
    return static_cast<std::int64_t>(sqlite3_changes64(m_db.handle()));
}

Result<FindingCounts> FindingsStore::statusCounts(std::int64_t repositoryId) const
{
    Result<Statement> select = Statement::prepare(m_db.handle(), kCountByStatus);
    if (!select)
        return select.error();
    select.value().bind(":repository_id", repositoryId);
    FindingCounts counts;
    for (;;) {
        Result<bool> row = select.value().step();
        if (!row)
            return row.error();
        if (!row.value())
            return counts;
        const std::int64_t count = select.value().columnInt(1);
        switch (parseFindingStatus(select.value().columnText(0)).value()) {
        case FindingStatus::Open:
            counts.open = count;
            break;
        case FindingStatus::Accepted:
            counts.accepted = count;
            break;
        case FindingStatus::Dismissed:
            counts.dismissed = count;
            break;
        }
    }
}

} // namespace cairn::storage
