// SPDX-License-Identifier: MIT
// The conversation actions of `cairn-cli db`: list, export to JSON or Markdown, import a file as a
// new conversation. db_command.cpp parses the command line and opens the database.
#pragma once

#include <QString>
#include <QTextStream>

#include <cstdint>

namespace cairn::storage {
class Database;
}

namespace cairn::app {

struct DbExportRequest {
    std::int64_t conversationId = 0;
    bool json = false;        ///< false: Markdown
    bool allBranches = false; ///< Markdown only; JSON always holds every branch
    QString target;           ///< a new file, or "-" for standard output
};

/// One line per conversation, archived ones included: `ID<TAB>UPDATED (UTC)<TAB>TITLE[ (pinned)][ (archived)]`.
int runDbList(storage::Database& db, QTextStream& out, QTextStream& err);
/// Writes the conversation; never replaces an existing file. Exit 0 or 1.
int runDbExport(storage::Database& db, const DbExportRequest& request, QTextStream& out, QTextStream& err);
/// Imports `file`, printing the new conversation's id alone on standard output. Exit 0 or 1.
int runDbImport(storage::Database& db, const QString& file, QTextStream& out, QTextStream& err);

} // namespace cairn::app
