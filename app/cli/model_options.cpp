// SPDX-License-Identifier: MIT
// Shared model options of cairn-cli commands.

#include "app/cli/model_options.h"

namespace cairn::app {

bool parseKvType(const QString& name, std::optional<KvType>& type)
{
    if (name == QLatin1String("auto"))
        type = std::nullopt;
    else if (name == QLatin1String("f32"))
        type = KvType::F32;
    else if (name == QLatin1String("f16"))
        type = KvType::F16;
    else if (name == QLatin1String("bf16"))
        type = KvType::BF16;
    else
        return false;
    return true;
}

QString kvOptionHelp()
{
    return QStringLiteral("KV-cache precision: auto, f32, f16 or bf16 (auto: bf16 where the key and value "
                          "up-projections are quantised, whose products run in bfloat16; else f16).");
}

void addModelOptions(QCommandLineParser& parser, const QString& kvDefault)
{
    parser.addOption(
        {{QStringLiteral("m"), QStringLiteral("model")}, QStringLiteral("GGUF model file."), QStringLiteral("FILE")});
    parser.addOption({{QStringLiteral("t"), QStringLiteral("threads")},
                      QStringLiteral("Threads including the main one (default: one per core)."),
                      QStringLiteral("N"),
                      QStringLiteral("0")});
    parser.addOption({{QStringLiteral("c"), QStringLiteral("ctx")},
                      QStringLiteral("Context length in tokens (0: the model's trained context)."),
                      QStringLiteral("N"),
                      QStringLiteral("4096")});
    parser.addOption({QStringLiteral("kv"), kvOptionHelp(), QStringLiteral("TYPE"), kvDefault});
    parser.addOption({QStringLiteral("batch"), QStringLiteral("Prefill batch size in tokens."), QStringLiteral("N"),
                      QStringLiteral("512")});
}

QString readModelOptions(const QCommandLineParser& parser, ModelOptions& options)
{
    options.model.path = parser.value(QStringLiteral("model")).toStdString();
    if (options.model.path.empty())
        return QStringLiteral("no model given (use -m FILE)");
    bool ok = false;
    options.model.threads = parser.value(QStringLiteral("threads")).toInt(&ok);
    if (!ok || options.model.threads < 0)
        return QStringLiteral("--threads needs a number >= 0");
    options.context.contextLength = parser.value(QStringLiteral("ctx")).toLongLong(&ok);
    if (!ok || options.context.contextLength < 0)
        return QStringLiteral("--ctx needs a number >= 0");
    options.context.batchSize = parser.value(QStringLiteral("batch")).toLongLong(&ok);
    if (!ok || options.context.batchSize < 1)
        return QStringLiteral("--batch needs a number >= 1");
    const QString kv = parser.value(QStringLiteral("kv"));
    if (!parseKvType(kv, options.context.kvType))
        return QStringLiteral("--kv must be auto, f32, f16 or bf16, not '%1'").arg(kv);
    return {};
}

} // namespace cairn::app
