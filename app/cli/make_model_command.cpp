// SPDX-License-Identifier: MIT
// Writes a synthetic deepseek2 model; progress goes to stderr.

#include "app/cli/make_model_command.h"

#include "app/cli/command_line.h"

#include "engine/api/synthetic_model.h"

#include <QCommandLineParser>
#include <QFileInfo>

namespace cairn::app {

namespace {

/// "Model shape: tiny, small or bench."
std::string presetList()
{
    const std::vector<std::string> presets = syntheticPresets();
    std::string text = "Model shape:";
    for (std::size_t i = 0; i < presets.size(); ++i)
        text += (i == 0 ? " " : i + 1 == presets.size() ? " or " : ", ") + presets[i];
    return text + ".";
}

} // namespace

int runMakeModelCommand(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Write a deepseek2 GGUF with deterministic random weights (for tests and benchmarks)."));
    parser.addOption({QStringLiteral("preset"), QString::fromStdString(presetList()), QStringLiteral("NAME"),
                      QStringLiteral("tiny")});
    parser.addOption(
        {QStringLiteral("type"),
         QStringLiteral("Weight type: f32, f16, bf16, q8_0, q4_0, q4_1, q5_0, q5_1, iq4_nl, q4_K (or q4_k), "
                        "q5_K, q6_K."),
         QStringLiteral("TYPE"), QStringLiteral("f32")});
    parser.addOption(
        {QStringLiteral("seed"), QStringLiteral("Random seed."), QStringLiteral("N"), QStringLiteral("1")});
    parser.addOption({QStringLiteral("out"), QStringLiteral("Output file."), QStringLiteral("FILE")});
    if (const std::optional<int> status = parseCommandLine(parser, args, out, err))
        return *status;
    SyntheticModelOptions options;
    options.preset = parser.value(QStringLiteral("preset")).toStdString();
    // GGML spells K-quants with a capital K; accept the lower-case form users type.
    QString type = parser.value(QStringLiteral("type"));
    if (type.endsWith(QLatin1String("_k")))
        type = type.left(type.size() - 1) + QLatin1Char('K');
    options.type = type.toStdString();
    bool ok = false;
    options.seed = parser.value(QStringLiteral("seed")).toULongLong(&ok);
    options.out = parser.value(QStringLiteral("out")).toStdString();
    if (!ok || options.out.empty()) {
        err << "cairn-cli make-model: needs --out FILE and a numeric --seed\n";
        return 2;
    }
    Status written = writeSyntheticModel(options, [&err](std::string_view, std::uint64_t done, std::uint64_t total) {
        if (done == total || done % 16 == 0) {
            err << "\rwriting tensors " << done << "/" << total;
            if (done == total)
                err << '\n';
            err.flush();
        }
    });
    if (!written) {
        err << "cairn-cli make-model: " << QString::fromStdString(written.error().message()) << '\n';
        return 1;
    }
    out << "wrote " << parser.value(QStringLiteral("out")) << " ("
        << QFileInfo(parser.value(QStringLiteral("out"))).size() << " bytes)\n";
    return 0;
}

} // namespace cairn::app
