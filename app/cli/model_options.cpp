// SPDX-License-Identifier: MIT
// Shared model options of cairn-cli commands.

#include "app/cli/model_options.h"

namespace cairn::app {

std::optional<KvType> parseKvType(const QString& name)
{
    if (name == QLatin1String("f32"))
        return KvType::F32;
    if (name == QLatin1String("f16"))
        return KvType::F16;
    if (name == QLatin1String("bf16"))
        return KvType::BF16;
    return std::nullopt;
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
    parser.addOption({QStringLiteral("kv"), QStringLiteral("KV-cache precision: f32, f16 or bf16."),
                      QStringLiteral("TYPE"), kvDefault});
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
    const std::optional<KvType> kvType = parseKvType(kv);
    if (!kvType)
        return QStringLiteral("--kv must be f32, f16 or bf16, not '%1'").arg(kv);
    options.context.kvType = *kvType;
    return {};
}

} // namespace cairn::app
