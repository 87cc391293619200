// SPDX-License-Identifier: MIT
// Shared start of cairn-cli commands.

#include "app/cli/command_line.h"

namespace cairn::app {

std::optional<int> parseCommandLine(QCommandLineParser& parser, const QStringList& args, QTextStream& out,
                                    QTextStream& err)
{
    parser.addHelpOption();
    if (!parser.parse(args)) {
        err << "cairn-cli " << args.value(0) << ": " << parser.errorText() << '\n';
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out << parser.helpText();
        return 0;
    }
    return std::nullopt;
}

std::shared_ptr<Model> loadModel(const ModelParams& params, bool needTokenizer, const QString& command,
                                 QTextStream& err)
{
    Result<std::shared_ptr<Model>> model = Model::load(params);
    if (!model) {
        err << "cairn-cli " << command << ": " << QString::fromStdString(model.error().message()) << '\n';
        return nullptr;
    }
    if (needTokenizer && model.value()->tokenizer() == nullptr) {
        err << "cairn-cli " << command << ": " << QString::fromStdString(model.value()->tokenizerProblem()) << '\n';
        return nullptr;
    }
    return model.value();
}

TextFn printPieces(QTextStream& out)
{
    return [&out](std::string_view piece) {
        out << QString::fromUtf8(piece.data(), static_cast<qsizetype>(piece.size()));
        out.flush();
        return true;
    };
}

} // namespace cairn::app
