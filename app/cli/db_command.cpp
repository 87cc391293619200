// SPDX-License-Identifier: MIT
// The db command: `check` opens without migrating and runs integrity_check; `backup` copies online;
// `move-aside` renames an unusable file; `list`, `export` and `import` (db_conversation_actions.h)
// open it as Cairn does, migrating an older schema.

#include "app/cli/db_command.h"

#include "app/cli/db_conversation_actions.h"
#include "storage/backup.h"
#include "storage/database.h"
#include "storage/migration.h"

#include <QCommandLineParser>
#include <QFileInfo>

namespace cairn::app {

namespace {

constexpr const char* kDbUsage
    = "Usage: cairn-cli db check [--db DB]\n"
      "       cairn-cli db backup [--db DB] OUT\n"
      "       cairn-cli db move-aside [--db DB]\n"
      "       cairn-cli db list [--db DB]\n"
      "       cairn-cli db export [--db DB] --conversation ID [--format md|json] [--all-branches] OUT\n"
      "       cairn-cli db import [--db DB] FILE\n"
      "\n"
      "  check       open the database without changing it, run SQLite's integrity check and\n"
      "              compare its schema version with this Cairn's; exit 1 when it is unusable\n"
      "  backup      copy the database into the new file OUT while it may be in use\n"
      "  move-aside  rename a damaged or foreign database file (with its -wal and -shm) to\n"
      "              NAME.unusable-TIME, so that Cairn starts a new one; sound files are refused\n"
      "  list        print every conversation: ID, last update (UTC) and title\n"
      "  export      write conversation ID to the new file OUT (- for standard output) as Markdown\n"
      "              (default: the selected branch; --all-branches: every branch) or as JSON\n"
      "              (--format json: the whole tree with token counts, statistics, attachment data)\n"
      "  import      add the conversation in FILE (an export, JSON or Markdown, told apart by its\n"
      "              content) as a new conversation and print its id; nothing is written on error\n"
      "  --db DB     the database file (default: the profile's, $XDG_DATA_HOME/cairn/cairn.db)\n";
constexpr int kMaxProblemsShown = 20;

/// The database the user named, or the profile's.
storage::Result<std::filesystem::path> databasePath(const QString& dbOption)
{
    if (dbOption.isEmpty())
        return storage::Database::defaultPath();
    return std::filesystem::path(dbOption.toStdString());
}

/// Renames the file when it cannot be used: not SQLite, another program's, or failing its
/// integrity check. A sound file, a newer Cairn's or one that cannot be read is left alone.
int runMoveAside(const std::filesystem::path& path, QTextStream& out, QTextStream& err)
{
    {
        storage::Result<storage::Database> db = storage::Database::open(path, {.create = false, .migrate = false});
        if (!db && db.error().code != storage::ErrorCode::NotADatabase) {
            err << "cairn-cli db move-aside: " << QString::fromStdString(db.error().message())
                << "\nNot moved: only a damaged or foreign file is moved aside.\n";
            return 1;
        }
        if (db) {
            storage::Result<std::vector<std::string>> problems = db.value().integrityProblems();
            if (!problems) {
                err << "cairn-cli db move-aside: " << QString::fromStdString(problems.error().message()) << '\n';
                return 1;
            }
            if (problems.value().empty()) {
                err << "cairn-cli db move-aside: " << QString::fromStdString(path.string())
                    << ": a sound Cairn database; not moved\n";
                return 1;
            }
        } // closed before the rename, so that closing cannot write into the moved file
    }
    storage::Result<std::filesystem::path> moved = storage::Database::moveAside(path);
    if (!moved) {
        err << "cairn-cli db move-aside: " << QString::fromStdString(moved.error().message()) << '\n';
        return 1;
    }
    out << "moved " << QString::fromStdString(path.string()) << " to " << QString::fromStdString(moved.value().string())
        << "; Cairn starts a new database in its place\n";
    return 0;
}

int runCheck(const storage::Database& db, QTextStream& out, QTextStream& err)
{
    const QString path = QString::fromStdString(db.path().string());
    const int latest = storage::latestSchemaVersion();
    out << "database: " << path << '\n';
    out << "schema version: " << db.schemaVersion() << " (this Cairn: " << latest << ")";
    if (db.schemaVersion() < latest)
        out << ", migrated when Cairn next opens it";
    out << '\n';
    storage::Result<std::vector<std::string>> problems = db.integrityProblems();
    if (!problems) {
        err << "cairn-cli db check: " << QString::fromStdString(problems.error().message()) << '\n';
        return 1;
    }
    if (!problems.value().empty()) {
        out << "integrity: " << problems.value().size() << " problems\n";
        int shown = 0;
        for (const std::string& problem : problems.value()) {
            if (shown++ == kMaxProblemsShown)
                break;
            out << "  " << QString::fromStdString(problem) << '\n';
        }
        err << "cairn-cli db check: " << path
            << ": damaged (integrity check failed); `cairn-cli db move-aside` renames it so that Cairn starts a new "
               "database\n";
        return 1;
    }
    out << "integrity: ok\n";
    out << "status: ok\n";
    return 0;
}

} // namespace

int runDbCommand(const QStringList& args, QTextStream& out, QTextStream& err)
{
    const QString action = args.value(1);
    if (action == QLatin1String("-h") || action == QLatin1String("--help")) {
        out << kDbUsage;
        return 0;
    }
    const QStringList actions{QStringLiteral("check"), QStringLiteral("backup"), QStringLiteral("move-aside"),
                              QStringLiteral("list"),  QStringLiteral("export"), QStringLiteral("import")};
    if (!actions.contains(action)) {
        err << "cairn-cli db: "
            << (action.isEmpty() ? QStringLiteral("missing action") : "unknown action '" + action + "'") << "\n\n"
            << kDbUsage;
        return 2;
    }
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("db"), QStringLiteral("The database file."), QStringLiteral("DB")});
    const bool exporting = action == QLatin1String("export");
    if (exporting) {
        parser.addOption(
            {QStringLiteral("conversation"), QStringLiteral("The conversation to export."), QStringLiteral("ID")});
        parser.addOption(
            {QStringLiteral("format"), QStringLiteral("md or json."), QStringLiteral("FORMAT"), QStringLiteral("md")});
        parser.addOption({QStringLiteral("all-branches"), QStringLiteral("Markdown with every branch.")});
    }
    if (!parser.parse(args.mid(1))) { // the parser takes the first element for the program name
        err << "cairn-cli db " << action << ": " << parser.errorText() << "\n\n" << kDbUsage;
        return 2;
    }
    const QStringList positional = parser.positionalArguments();
    const bool takesFile = action == QLatin1String("backup") || exporting || action == QLatin1String("import");
    if (positional.size() != (takesFile ? 1 : 0)) {
        err << "cairn-cli db " << action << ": "
            << (!takesFile                              ? "takes no arguments besides --db"
                    : action == QLatin1String("import") ? "needs one file to import"
                                                        : "needs one output file")
            << "\n\n"
            << kDbUsage;
        return 2;
    }
    DbExportRequest exportRequest;
    if (exporting) {
        bool numeric = false;
        exportRequest.conversationId = parser.value(QStringLiteral("conversation")).toLongLong(&numeric);
        const QString format = parser.value(QStringLiteral("format"));
        QString problem;
        if (!parser.isSet(QStringLiteral("conversation")))
            problem = QStringLiteral("needs --conversation ID (`cairn-cli db list` shows the ids)");
        else if (!numeric)
            problem = "conversation id '" + parser.value(QStringLiteral("conversation")) + "' is not a number";
        else if (format != QLatin1String("md") && format != QLatin1String("json"))
            problem = "format '" + format + "' is neither md nor json";
        else if (format == QLatin1String("json") && parser.isSet(QStringLiteral("all-branches")))
            problem = QStringLiteral("--all-branches is for Markdown; JSON always holds every branch");
        if (!problem.isEmpty()) {
            err << "cairn-cli db export: " << problem << "\n\n" << kDbUsage;
            return 2;
        }
        exportRequest.json = format == QLatin1String("json");
        exportRequest.allBranches = parser.isSet(QStringLiteral("all-branches"));
        exportRequest.target = positional.first();
    }

    storage::Result<std::filesystem::path> path = databasePath(parser.value(QStringLiteral("db")));
    if (!path) {
        err << "cairn-cli db " << action << ": " << QString::fromStdString(path.error().message()) << '\n';
        return 1;
    }
    if (action == QLatin1String("move-aside"))
        return runMoveAside(path.value(), out, err);
    if (action == QLatin1String("list") || exporting || action == QLatin1String("import")) {
        // Opened as Cairn opens it (an older schema is migrated); only an import may create it.
        storage::Result<storage::Database> db
            = storage::Database::open(path.value(), {.create = action == QLatin1String("import"), .migrate = true});
        if (!db) {
            err << "cairn-cli db " << action << ": " << QString::fromStdString(db.error().message()) << '\n';
            return 1;
        }
        if (exporting)
            return runDbExport(db.value(), exportRequest, out, err);
        if (action == QLatin1String("import"))
            return runDbImport(db.value(), positional.first(), out, err);
        return runDbList(db.value(), out, err);
    }
    // Opened exactly as it is: no creation, no migration.
    storage::Result<storage::Database> db = storage::Database::open(path.value(), {.create = false, .migrate = false});
    if (!db) {
        err << "cairn-cli db " << action << ": " << QString::fromStdString(db.error().message()) << '\n';
        if (db.error().code == storage::ErrorCode::NotADatabase)
            err << "The file was left as it is; `cairn-cli db move-aside` renames it so that Cairn starts a new "
                   "database.\n";
        return 1;
    }
    if (action == QLatin1String("check"))
        return runCheck(db.value(), out, err);

    const QString& target = positional.first();
    storage::Status copied = storage::backupDatabase(db.value(), target.toStdString());
    if (!copied) {
        err << "cairn-cli db backup: " << QString::fromStdString(copied.error().message()) << '\n';
        return 1;
    }
    out << "backed up " << QString::fromStdString(db.value().path().string()) << " to " << target << " ("
        << QFileInfo(target).size() << " bytes)\n";
    return 0;
}

} // namespace cairn::app
