// SPDX-License-Identifier: MIT
// The conversation lives in one session: each turn feeds only the new tokens.

#include "app/cli/chat_command.h"

#include "app/cli/command_line.h"
#include "app/cli/interrupt.h"

#include "app/cli/model_options.h"
#include "app/cli/sampling_options.h"
#include "engine/api/chat_format.h"
#include "engine/api/generation.h"

namespace cairn::app {

int runChatCommand(const QStringList& args, QTextStream& in, QTextStream& out, QTextStream& err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Chat with a model in the terminal."));
    addModelOptions(parser, QStringLiteral("auto"));
    addSamplingOptions(parser);
    parser.addOption({QStringLiteral("system"), QStringLiteral("System prompt."), QStringLiteral("TEXT")});
    if (const std::optional<int> status = parseCommandLine(parser, args, out, err))
        return *status;
    ModelOptions options;
    SamplingParams sampling;
    QString problem = readModelOptions(parser, options);
    if (problem.isEmpty())
        problem = readSamplingOptions(parser, sampling);
    if (!problem.isEmpty()) {
        err << "cairn-cli chat: " << problem << '\n';
        return 2;
    }
    const std::shared_ptr<Model> model = loadModel(options.model, true, QStringLiteral("chat"), err);
    if (!model)
        return 1;
    const Tokenizer* tokenizer = model->tokenizer();
    const std::string system = parser.value(QStringLiteral("system")).toStdString();
    Session session(model, options.context);
    err << "Chatting with " << parser.value(QStringLiteral("model"))
        << ". Ctrl+C stops a reply, /reset starts over, /quit leaves.\n";
    CancelToken cancel;
    const InterruptToCancel interrupt(cancel);
    for (;;) {
        cancel.cancel(); // at the prompt Ctrl+C leaves
        out << "\nyou> ";
        out.flush();
        const QString line = in.readLine();
        if (line.isNull() || line == QLatin1String("/quit"))
            break;
        if (line == QLatin1String("/reset")) {
            session.truncate(0);
            err << "(conversation cleared)\n";
            continue;
        }
        std::string text;
        if (session.position() == 0) {
            std::vector<ChatMessage> messages;
            if (!system.empty())
                messages.push_back({ChatMessage::Role::System, system});
            messages.push_back({ChatMessage::Role::User, line.toStdString()});
            text = formatDeepSeekV3(messages, true);
        } else {
            text = formatDeepSeekV3NextTurn(line.toStdString());
        }
        const std::vector<std::int32_t> tokens = tokenizer->encode(text, false, true);
        out << "assistant> ";
        cancel.reset();
        Result<GenerationStats> stats = generate(session, tokens, sampling, printPieces(out), &cancel);
        out << '\n';
        if (!stats) {
            err << "cairn-cli chat: " << QString::fromStdString(stats.error().message()) << '\n';
            if (session.position() + static_cast<std::int64_t>(tokens.size()) > session.capacity())
                err << "(the context is full: /reset to start over)\n";
            continue;
        }
        if (stats.value().reason == StopReason::ContextFull)
            err << "(the context is full: /reset to start over)\n";
        if (stats.value().reason == StopReason::Cancelled)
            err << "(stopped)\n";
    }
    return 0;
}

} // namespace cairn::app
