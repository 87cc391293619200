// SPDX-License-Identifier: MIT
// FindingsStore: review findings about a repository (what a code review reported, and whether the
// user accepted or dismissed it) as value types. Owns every query on review_findings.
#pragma once

#include "storage/storage_result.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cairn::storage {

class Database;

enum class FindingSeverity { Info, Warning, Error };
enum class FindingStatus { Open, Accepted, Dismissed };

/// "info", "warning", "error": the names the schema stores and the app shows or reads back.
const char* severityName(FindingSeverity severity);
/// "open", "accepted", "dismissed".
const char* findingStatusName(FindingStatus status);
/// The severity named `name` (exactly as severityName writes it); anything else is InvalidInput.
Result<FindingSeverity> parseSeverity(std::string_view name);
/// The status named `name` (exactly as findingStatusName writes it); anything else is InvalidInput.
Result<FindingStatus> parseFindingStatus(std::string_view name);

struct NewFinding {
    std::optional<std::string> path;       ///< relative to the repository root; empty: the whole repository
    std::optional<std::int64_t> startLine; ///< 1-based; needs a path
    std::optional<std::int64_t> endLine;   ///< inclusive; needs a start line, defaults to it
    FindingSeverity severity = FindingSeverity::Warning;
    std::string category; ///< free text: correctness, security, style, ...
    std::string message;
    std::optional<std::int64_t> conversationId; ///< the conversation the review ran in
};

struct Finding {
    std::int64_t id = 0;
    std::int64_t repositoryId = 0;
    std::optional<std::string> path;
    std::optional<std::int64_t> startLine;
    std::optional<std::int64_t> endLine;
    FindingSeverity severity = FindingSeverity::Warning;
    std::string category;
    std::string message;
    FindingStatus status = FindingStatus::Open;
    std::optional<std::int64_t> conversationId; ///< cleared when that conversation is deleted
    std::int64_t createdMs = 0;
    std::int64_t updatedMs = 0;
};

/// Which findings to list; an empty field does not filter.
struct FindingFilter {
    std::optional<std::string> path;
    std::optional<FindingStatus> status;
    std::optional<FindingSeverity> severity;
};

struct FindingCounts {
    std::int64_t open = 0;
    std::int64_t accepted = 0;
    std::int64_t dismissed = 0;
};

class FindingsStore {
public:
    using WallClock = std::function<std::int64_t()>; ///< Unix milliseconds, system clock if empty

    explicit FindingsStore(Database& db, WallClock now = {});

    /// Adds the findings, all or none, as open; returns their ids in the order given. An unknown
    /// repository or conversation is NotFound, a finding without a message or with a bad line
    /// range InvalidInput.
    Result<std::vector<std::int64_t>> addFindings(std::int64_t repositoryId, const std::vector<NewFinding>& findings);
    Result<Finding> finding(std::int64_t id) const;
    /// The repository's findings that pass `filter`, by path (repository-wide ones first), line, id.
    Result<std::vector<Finding>> findings(std::int64_t repositoryId, const FindingFilter& filter = {}) const;
    Status setStatus(std::int64_t id, FindingStatus status);
    /// Deletes every finding about the repository; returns how many.
    Result<std::int64_t> deleteFindings(std::int64_t repositoryId);
    /// How many of the repository's findings are in each status.
    Result<FindingCounts> statusCounts(std::int64_t repositoryId) const;

private:
    Database& m_db;
    WallClock m_now;
};

} // namespace cairn::storage
