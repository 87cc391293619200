// SPDX-License-Identifier: MIT
// The conformance command. Logits are printed with 9 significant digits (float round trip).

#include "app/cli/logits_command.h"

#include "app/cli/command_line.h"

#include "app/cli/model_options.h"

#include <algorithm>
#include <cstdio>
#include <numeric>
#include <vector>

namespace cairn::app {

namespace {

void printRow(QTextStream& out, std::size_t pos, const float* row, std::uint32_t vocab, int top)
{
    const auto argmax = static_cast<std::size_t>(std::max_element(row, row + vocab) - row);
    out << pos << ' ' << argmax;
    char number[32];
    if (top <= 0) {
        for (std::uint32_t i = 0; i < vocab; ++i) {
            std::snprintf(number, sizeof(number), " %.9g", static_cast<double>(row[i]));
            out << number;
        }
    } else {
        std::vector<std::uint32_t> order(vocab);
        std::iota(order.begin(), order.end(), 0U);
        const auto k = std::min<std::size_t>(static_cast<std::size_t>(top), vocab);
        std::partial_sort(
            order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k), order.end(),
            [row](std::uint32_t a, std::uint32_t b) { return row[a] > row[b] || (row[a] == row[b] && a < b); });
        for (std::size_t i = 0; i < k; ++i) {
            std::snprintf(number, sizeof(number), " %u:%.9g", order[i], static_cast<double>(row[order[i]]));
            out << number;
        }
    }
    out << '\n';
}

} // namespace

int runLogitsCommand(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Print the logits after every position of a token sequence."));
    addModelOptions(parser, QStringLiteral("f32"));
    parser.addOption({QStringLiteral("tokens"), QStringLiteral("Comma-separated token ids."), QStringLiteral("IDS")});
    parser.addOption({QStringLiteral("top"), QStringLiteral("Print only the K largest logits as id:value."),
                      QStringLiteral("K"), QStringLiteral("0")});
    if (const std::optional<int> status = parseCommandLine(parser, args, out, err))
        return *status;
    ModelOptions options;
    if (const QString problem = readModelOptions(parser, options); !problem.isEmpty()) {
        err << "cairn-cli logits: " << problem << '\n';
        return 2;
    }
    std::vector<std::int32_t> tokens;
    for (const QString& part : parser.value(QStringLiteral("tokens")).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        bool ok = false;
        const int id = part.trimmed().toInt(&ok);
        if (!ok) {
            err << "cairn-cli logits: '" << part << "' is not a token id\n";
            return 2;
        }
        tokens.push_back(id);
    }
    if (tokens.empty()) {
        err << "cairn-cli logits: no tokens given (use --tokens 1,2,3)\n";
        return 2;
    }
    bool ok = false;
    const int top = parser.value(QStringLiteral("top")).toInt(&ok);
    if (!ok || top < 0) {
        err << "cairn-cli logits: --top needs a number >= 0\n";
        return 2;
    }
    if (options.context.contextLength < static_cast<std::int64_t>(tokens.size()))
        options.context.contextLength = static_cast<std::int64_t>(tokens.size());

    const std::shared_ptr<Model> model = loadModel(options.model, false, QStringLiteral("logits"), err);
    if (!model)
        return 1;
    Session session(model, options.context);
    if (Status fed = session.feed(tokens, nullptr, {}, true); !fed) {
        err << "cairn-cli logits: " << QString::fromStdString(fed.error().message()) << '\n';
        return 1;
    }
    const std::uint32_t vocab = model->vocabSize();
    for (std::size_t pos = 0; pos < tokens.size(); ++pos)
        printRow(out, pos, session.allLogits().data() + pos * vocab, vocab, top);
    return 0;
}

} // namespace cairn::app
