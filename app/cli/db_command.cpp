// SPDX-License-Identifier: MIT
// The db command: `check` opens without migrating and runs integrity_check; `backup` copies online;
// `move-aside` renames an unusable file.

#include "app/cli/db_command.h"

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
      "\n"
      "  check       open the database without changing it, run SQLite's integrity check and\n"
      "              compare its schema version with this Cairn's; exit 1 when it is unusable\n"
      "  backup      copy the database into the new file OUT while it may be in use\n"
      "  move-aside  rename a damaged or foreign database file (with its -wal and -shm) to\n"
      "              NAME.unusable-TIME, so that Cairn starts a new one; sound files are refused\n"
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
    if (action != QLatin1String("check") && action != QLatin1String("backup")
        && action != QLatin1String("move-aside")) {
        err << "cairn-cli db: "
            << (action.isEmpty() ? QStringLiteral("missing action") : "unknown action '" + action + "'") << "\n\n"
            << kDbUsage;
        return 2;
    }
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("db"), QStringLiteral("The database file."), QStringLiteral("DB")});
    if (!parser.parse(args.mid(1))) { // the parser takes the first element for the program name
        err << "cairn-cli db " << action << ": " << parser.errorText() << "\n\n" << kDbUsage;
        return 2;
    }
    const QStringList positional = parser.positionalArguments();
    const qsizetype expectedPositional = action == QLatin1String("backup") ? 1 : 0;
    if (positional.size() != expectedPositional) {
        err << "cairn-cli db " << action << ": "
            << (expectedPositional == 1 ? "needs one output file" : "takes no arguments besides --db") << "\n\n"
            << kDbUsage;
        return 2;
    }

    storage::Result<std::filesystem::path> path = databasePath(parser.value(QStringLiteral("db")));
    if (!path) {
        err << "cairn-cli db " << action << ": " << QString::fromStdString(path.error().message()) << '\n';
        return 1;
    }
    if (action == QLatin1String("move-aside"))
        return runMoveAside(path.value(), out, err);
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
