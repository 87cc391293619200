// SPDX-License-Identifier: MIT
// `db list`, `db export` and `db import`: thin wrappers over app/services/conversation_transfer.

#include "app/cli/db_conversation_actions.h"

#include "app/services/conversation_transfer.h"
#include "storage/conversation_store.h"
#include "storage/database.h"

#include <QDateTime>
#include <QFile>
#include <QTimeZone>

namespace cairn::app {

int runDbList(storage::Database& db, QTextStream& out, QTextStream& err)
{
    const storage::ConversationStore store(db);
    storage::Result<std::vector<storage::Conversation>> conversations
        = store.listConversations(storage::ConversationFilter::All);
    if (!conversations) {
        err << "cairn-cli db list: " << QString::fromStdString(conversations.error().message()) << '\n';
        return 1;
    }
    if (conversations.value().empty())
        err << "cairn-cli db list: " << QString::fromStdString(db.path().string()) << ": no conversations\n";
    for (const storage::Conversation& conversation : conversations.value()) {
        out << conversation.id << '\t'
            << QDateTime::fromMSecsSinceEpoch(conversation.updatedMs, QTimeZone::utc())
                   .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
            << '\t' << QString::fromStdString(conversation.title).simplified();
        if (conversation.pinned)
            out << " (pinned)";
        if (conversation.archived)
            out << " (archived)";
        out << '\n';
    }
    return 0;
}

int runDbExport(storage::Database& db, const DbExportRequest& request, QTextStream& out, QTextStream& err)
{
    storage::Result<QByteArray> exported = exportConversation(
        db, request.conversationId, request.json ? ConversationFormat::Json : ConversationFormat::Markdown,
        MarkdownOptions{.allBranches = request.allBranches});
    if (!exported) {
        err << "cairn-cli db export: " << QString::fromStdString(exported.error().message()) << '\n';
        return 1;
    }
    if (request.target == QLatin1String("-")) {
        out << QString::fromUtf8(exported.value());
        return 0;
    }
    QFile file(request.target);
    if (file.exists()) {
        err << "cairn-cli db export: " << request.target << ": exists already; not replaced\n";
        return 1;
    }
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly)) {
        err << "cairn-cli db export: " << request.target << ": " << file.errorString() << '\n';
        return 1;
    }
    if (file.write(exported.value()) != exported.value().size() || !file.flush()) {
        err << "cairn-cli db export: " << request.target << ": " << file.errorString() << '\n';
        file.close();
        file.remove(); // the file is ours (NewOnly): never leave half of it behind
        return 1;
    }
    err << "exported conversation " << request.conversationId << " to " << request.target << '\n';
    return 0;
}

int runDbImport(storage::Database& db, const QString& file, QTextStream& out, QTextStream& err)
{
    storage::Result<storage::Conversation> imported = importConversationFile(db, file);
    if (!imported) {
        err << "cairn-cli db import: " << QString::fromStdString(imported.error().message())
            << "\nNothing was imported.\n";
        return 1;
    }
    out << imported.value().id << '\n';
    err << "imported " << file << " as conversation " << imported.value().id << '\n';
    return 0;
}

} // namespace cairn::app
