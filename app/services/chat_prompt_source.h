// SPDX-License-Identifier: MIT
// Gathers what one reply's prompt needs from the profile database (the branch up to the message
// answered, its attachments' text, merged generation settings, repositories' context) and builds
// it. Runs off the GUI thread on a connection of its own.
#pragma once

#include "engine/api/params.h"

#include <QList>
#include <QString>

#include <cstdint>
#include <filesystem>
#include <string>

namespace cairn::storage {
class Database;
}

namespace cairn::app {

/// The key in a conversation's settings JSON that lists its repositories (storage ids).
inline constexpr const char* kConversationRepositoriesKey = "repositories";

struct PromptJob {
    std::int64_t conversationId = 0;
    std::int64_t answeredMessageId = 0; ///< the user message the reply answers
    std::int64_t contextLength = 4096;  ///< of the loaded session: bounds the repositories' share
};

struct PreparedPrompt {
    std::string prompt;      ///< formatted, ending with the assistant marker
    SamplingParams sampling; ///< from the merged generation settings
    std::int64_t repositoryTokens = 0;
    QString problem; ///< non-empty: no prompt could be built
};

/// The repository ids a conversation's settings JSON lists (none for other or malformed JSON).
QList<std::int64_t> repositoriesFromSettingsJson(const std::string& settingsJson);
/// `settingsJson` with its repository list replaced by `repositories` (other keys kept).
std::string settingsJsonWithRepositories(const std::string& settingsJson, const QList<std::int64_t>& repositories);

/// Reads the conversation from `db` and builds the prompt for `job`.
PreparedPrompt preparePrompt(storage::Database& db, const PromptJob& job);
/// The same on a connection of its own to the database at `path` (for a worker thread).
PreparedPrompt preparePrompt(const std::filesystem::path& path, const PromptJob& job);

} // namespace cairn::app
