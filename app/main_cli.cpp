// SPDX-License-Identifier: MIT
// cairn-cli: the headless entry point. Dispatches the first argument to a command.

#include "app/cli/bench_command.h"
#include "app/cli/chat_command.h"
#include "app/cli/db_command.h"
#include "app/cli/doctor_command.h"
#include "app/cli/generate_command.h"
#include "app/cli/index_command.h"
#include "app/cli/ingest_command.h"
#include "app/cli/logits_command.h"
#include "app/cli/make_model_command.h"
#include "app/cli/repo_context_commands.h"
#include "app/cli/search_command.h"
#include "app/cli/symbol_commands.h"
#include "app/services/system_report.h"

#include <QCoreApplication>
#include <QTextStream>

namespace {

constexpr const char* kUsage
    = "Usage: cairn-cli <command> [options]\n"
      "\n"
      "Commands:\n"
      "  bench        measure prefill and decode speed of a model on this machine\n"
      "  chat         talk to a model in the terminal (DeepSeek chat format)\n"
      "  db           check, back up, move aside the profile database; list, export, import conversations\n"
      "  doctor       list linked libraries, tree-sitter grammars and usable compute backends\n"
      "  find         find symbol definitions in indexed code by name prefix (or --fuzzy)\n"
      "  generate     continue a prompt with a model\n"
      "  index        index a folder's source code (symbols, references, chunks) into the database\n"
      "  ingest       extract text and facts from files (images, PDF, office, text); store them with --db\n"
      "  logits       print every position's logits for a token sequence (conformance checks)\n"
      "  make-model   write a synthetic deepseek2 GGUF (deterministic random weights)\n"
      "  pack         an indexed repository's map and most relevant code within a token budget\n"
      "  refs         where a symbol is defined and every reference to it\n"
      "  repomap      the ranked outline of an indexed repository within a token budget\n"
      "  search       full-text search over indexed code\n"
      "\n"
      "Options:\n"
      "  --version    print the versions of Cairn and every linked library\n"
      "  -h, --help   print this help\n";

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("cairn-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CAIRN_VERSION));
    QTextStream out(stdout);
    QTextStream err(stderr);

    const QStringList args = QCoreApplication::arguments().mid(1);
    const QString command = args.value(0);
    if (command == QLatin1String("--version") || command == QLatin1String("-v")) {
        out << cairn::app::formatVersions(cairn::app::collectLibraries());
        return 0;
    }
    if (command == QLatin1String("db"))
        return cairn::app::runDbCommand(args, out, err);
    if (command == QLatin1String("doctor"))
        return cairn::app::runDoctorCommand(out);
    if (command == QLatin1String("bench"))
        return cairn::app::runBenchCommand(args, out, err);
    if (command == QLatin1String("make-model"))
        return cairn::app::runMakeModelCommand(args, out, err);
    if (command == QLatin1String("generate"))
        return cairn::app::runGenerateCommand(args, out, err);
    if (command == QLatin1String("chat")) {
        QTextStream in(stdin);
        return cairn::app::runChatCommand(args, in, out, err);
    }
    if (command == QLatin1String("ingest"))
        return cairn::app::runIngestCommand(args, out, err);
    if (command == QLatin1String("logits"))
        return cairn::app::runLogitsCommand(args, out, err);
    if (command == QLatin1String("index"))
        return cairn::app::runIndexCommand(args, out, err);
    if (command == QLatin1String("find"))
        return cairn::app::runFindCommand(args, out, err);
    if (command == QLatin1String("refs"))
        return cairn::app::runRefsCommand(args, out, err);
    if (command == QLatin1String("search"))
        return cairn::app::runSearchCommand(args, out, err);
    if (command == QLatin1String("repomap"))
        return cairn::app::runRepoMapCommand(args, out, err);
    if (command == QLatin1String("pack"))
        return cairn::app::runPackCommand(args, out, err);
    if (command.isEmpty() || command == QLatin1String("-h") || command == QLatin1String("--help")) {
        (command.isEmpty() ? err : out) << kUsage;
        return command.isEmpty() ? 2 : 0;
    }
    err << "cairn-cli: unknown command '" << command << "'\n\n" << kUsage;
    return 2;
}
