// SPDX-License-Identifier: MIT
// Raw-prompt generation. Ctrl+C is not trapped: the process ends, nothing is stored.

#include "app/cli/generate_command.h"

#include "app/cli/command_line.h"
#include "app/cli/interrupt.h"

#include "app/cli/model_options.h"
#include "app/cli/sampling_options.h"
#include "engine/api/generation.h"

namespace cairn::app {

int runGenerateCommand(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Continue a prompt with a model (no chat format)."));
    addModelOptions(parser, QStringLiteral("auto"));
    addSamplingOptions(parser);
    parser.addOption(
        {{QStringLiteral("p"), QStringLiteral("prompt")}, QStringLiteral("The prompt text."), QStringLiteral("TEXT")});
    if (const std::optional<int> status = parseCommandLine(parser, args, out, err))
        return *status;
    ModelOptions options;
    SamplingParams sampling;
    QString problem = readModelOptions(parser, options);
    if (problem.isEmpty())
        problem = readSamplingOptions(parser, sampling);
    if (problem.isEmpty() && !parser.isSet(QStringLiteral("prompt")))
        problem = QStringLiteral("no prompt given (use -p TEXT)");
    if (!problem.isEmpty()) {
        err << "cairn-cli generate: " << problem << '\n';
        return 2;
    }

    const std::shared_ptr<Model> model = loadModel(options.model, true, QStringLiteral("generate"), err);
    if (!model)
        return 1;
    const Tokenizer* tokenizer = model->tokenizer();
    const std::vector<std::int32_t> prompt
        = tokenizer->encode(parser.value(QStringLiteral("prompt")).toStdString(), tokenizer->addBosByDefault(), false);
    Session session(model, options.context);
    out << parser.value(QStringLiteral("prompt"));
    CancelToken cancel; // Ctrl+C stops generating; the text so far and the speed are still printed
    const InterruptToCancel interrupt(cancel);
    Result<GenerationStats> stats = generate(session, prompt, sampling, printPieces(out), &cancel);
    out << '\n';
    if (!stats) {
        err << "cairn-cli generate: " << QString::fromStdString(stats.error().message()) << '\n';
        return 1;
    }
    const GenerationStats& s = stats.value();
    const std::string_view reason = stopReasonName(s.reason);
    err << "prompt " << s.promptTokens << " tokens, "
        << QString::number(s.prefillSeconds > 0 ? static_cast<double>(s.promptTokens) / s.prefillSeconds : 0.0, 'f', 1)
        << " tokens/s; generated " << s.generatedTokens << " tokens, "
        << QString::number(s.decodeSeconds > 0 ? static_cast<double>(s.generatedTokens) / s.decodeSeconds : 0.0, 'f', 1)
        << " tokens/s; stopped: " << QString::fromUtf8(reason.data(), static_cast<qsizetype>(reason.size()))
        << "; seed " << s.seed << '\n';
    return 0;
}

} // namespace cairn::app
