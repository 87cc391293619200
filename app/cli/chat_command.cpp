// SPDX-License-Identifier: MIT
// The conversation lives in one session: each turn feeds only the new tokens.

#include "app/cli/chat_command.h"

#include "app/cli/model_options.h"
#include "app/cli/sampling_options.h"
#include "engine/api/chat_format.h"
#include "engine/api/generation.h"

namespace cairn::app {

int runChatCommand(const QStringList& args, QTextStream& in, QTextStream& out, QTextStream& err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Chat with a model in the terminal."));
    parser.addHelpOption();
    addModelOptions(parser, QStringLiteral("f16"));
    addSamplingOptions(parser);
    parser.addOption({QStringLiteral("system"), QStringLiteral("System prompt."), QStringLiteral("TEXT")});
    if (!parser.parse(args)) {
        err << "cairn-cli chat: " << parser.errorText() << '\n';
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out << parser.helpText();
        return 0;
    }
    ModelOptions options;
    SamplingParams sampling;
    QString problem = readModelOptions(parser, options);
    if (problem.isEmpty())
        problem = readSamplingOptions(parser, sampling);
    if (!problem.isEmpty()) {
        err << "cairn-cli chat: " << problem << '\n';
        return 2;
    }
    Result<std::shared_ptr<Model>> model = Model::load(options.model);
    if (!model) {
        err << "cairn-cli chat: " << QString::fromStdString(model.error().message()) << '\n';
        return 1;
    }
    const Tokenizer* tokenizer = model.value()->tokenizer();
    if (tokenizer == nullptr) {
        err << "cairn-cli chat: " << QString::fromStdString(model.value()->tokenizerProblem()) << '\n';
        return 1;
    }
    const std::string system = parser.value(QStringLiteral("system")).toStdString();
    Session session(model.value(), options.context);
    err << "Chatting with " << parser.value(QStringLiteral("model")) << ". /reset starts over, /quit leaves.\n";
    for (;;) {
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
        Result<GenerationStats> stats = generate(session, tokens, sampling, [&out](std::string_view piece) {
            out << QString::fromUtf8(piece.data(), static_cast<qsizetype>(piece.size()));
            out.flush();
            return true;
        });
        out << '\n';
        if (!stats) {
            err << "cairn-cli chat: " << QString::fromStdString(stats.error().message()) << '\n';
            if (session.position() + static_cast<std::int64_t>(tokens.size()) > session.capacity())
                err << "(the context is full: /reset to start over)\n";
            continue;
        }
        if (stats.value().reason == StopReason::ContextFull)
            err << "(the context is full: /reset to start over)\n";
    }
    return 0;
}

} // namespace cairn::app
