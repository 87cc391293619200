// SPDX-License-Identifier: MIT
// EngineHost with the real engine on the tiny synthetic model: loading with progress, clear load
// errors, streamed replies with counts, KV prefix reuse, stop, refusal without a model, and a
// clean shutdown in the middle of a reply.

#include "app/services/engine_host.h"

#include "engine/api/chat_format.h"
#include "engine/api/synthetic_model.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace cairn::app;

namespace {

constexpr int kWaitMs = 60000;

std::string chatPrompt(const std::vector<cairn::ChatMessage>& messages)
{
    return cairn::formatDeepSeekV3(messages, true);
}

cairn::SamplingParams sampling(int maxTokens)
{
    cairn::SamplingParams params;
    params.maxTokens = maxTokens;
    return params;
}

} // namespace

class TestEngineHost : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void loadReportsProgressAndInfo();
    void badFilesFailWithTheirName_data();
    void badFilesFailWithTheirName();
    void generateStreamsAndCounts();
    void streamedTextIsCoalesced();
    void extendedPromptReusesTheCache();
    void stopEndsTheReplyAsCancelled();
    void generateWithoutModelFails();
    void promptLongerThanTheContextFails();
    void cancelledLoadSaysSo();
    void destroyingWhileGeneratingIsClean();

private:
    /// Loads the tiny model into `host`; false when it did not load.
    bool load(EngineHost& host, std::int64_t contextLength = 512);

    QTemporaryDir m_dir;
    QString m_modelPath;
};

void TestEngineHost::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_modelPath = m_dir.filePath(QStringLiteral("tiny.gguf"));
    cairn::SyntheticModelOptions options;
    options.out = m_modelPath.toStdString();
    QVERIFY(cairn::writeSyntheticModel(options).ok());
}

bool TestEngineHost::load(EngineHost& host, std::int64_t contextLength)
{
    QSignalSpy loaded(&host, &EngineHost::modelLoaded);
    ModelLoadOptions options;
    options.path = m_modelPath;
    options.threads = 1;
    options.contextLength = contextLength;
    host.loadModel(options);
    return loaded.wait(kWaitMs) && host.model().has_value();
}

void TestEngineHost::loadReportsProgressAndInfo()
{
    EngineHost host;
    QSignalSpy progress(&host, &EngineHost::loadProgress);
    QSignalSpy loaded(&host, &EngineHost::modelLoaded);
    ModelLoadOptions options;
    options.path = m_modelPath;
    options.threads = 2;
    options.contextLength = 256;
    host.loadModel(options);
    QVERIFY(host.isLoading());
    QVERIFY(loaded.wait(kWaitMs));
    QVERIFY(!host.isLoading());
    QVERIFY(progress.count() >= 2);
    QCOMPARE(progress.first().at(0).toDouble(), 0.0);
    QCOMPARE(progress.last().at(0).toDouble(), 1.0);
    // Reading the weights in and interleaving them share one bar that only moves forward.
    for (qsizetype i = 1; i < progress.count(); ++i)
        QVERIFY(progress.at(i).at(0).toDouble() > progress.at(i - 1).at(0).toDouble());

    const auto info = loaded.first().at(0).value<LoadedModelInfo>();
    QCOMPARE(info.path, m_modelPath);
    QCOMPARE(info.name, QStringLiteral("cairn-synthetic"));
    QCOMPARE(info.architecture, QStringLiteral("deepseek2"));
    QCOMPARE(info.backend, QStringLiteral("CPU"));
    QCOMPARE(info.threads, 2);
    QCOMPARE(info.contextLength, 256);
    QVERIFY(info.trainedContext > 0);
    QVERIFY(info.weightBytes > 0);
    QVERIFY(host.model().has_value());
    QCOMPARE(host.model()->path, m_modelPath);

    QSignalSpy unloaded(&host, &EngineHost::modelUnloaded);
    host.unloadModel();
    QVERIFY(unloaded.wait(kWaitMs));
    QVERIFY(!host.model().has_value());
}

void TestEngineHost::badFilesFailWithTheirName_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("expected");
    QTest::newRow("missing") << QStringLiteral("missing") << QString();
    QTest::newRow("not gguf") << QStringLiteral("text") << QString();
    QTest::newRow("truncated") << QStringLiteral("truncated") << QString();
    QTest::newRow("architecture") << QStringLiteral("architecture") << QStringLiteral("llamallam");
    QTest::newRow("no tokenizer") << QStringLiteral("tokenizer") << QStringLiteral("tokenizer");
}

void TestEngineHost::badFilesFailWithTheirName()
{
    QFETCH(QString, kind);
    QFETCH(QString, expected);
    const QString path = m_dir.filePath(kind + QStringLiteral(".gguf"));
    QFile::remove(path);
    if (kind == QLatin1String("text")) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("these are notes, not a model\n");
    } else if (kind == QLatin1String("truncated")) {
        QFile source(m_modelPath);
        QVERIFY(source.open(QIODevice::ReadOnly));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(source.read(source.size() / 2));
    } else if (kind == QLatin1String("tokenizer")) {
        QFile source(m_modelPath);
        QVERIFY(source.open(QIODevice::ReadOnly));
        QByteArray bytes = source.readAll();
        // The vocabulary's token list under another key (same length keeps the layout).
        const qsizetype key = bytes.indexOf("tokenizer.ggml.tokens");
        QVERIFY(key > 0);
        bytes.replace(key, 21, "tokenizer.ggml.tokenX");
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(bytes);
    } else if (kind == QLatin1String("architecture")) {
        QFile source(m_modelPath);
        QVERIFY(source.open(QIODevice::ReadOnly));
        QByteArray bytes = source.readAll();
        // An architecture the engine lacks, renamed in place (same length keeps the layout).
        const qsizetype key = bytes.indexOf("general.architecture");
        QVERIFY(key > 0);
        const qsizetype value = bytes.indexOf("deepseek2", key);
        QVERIFY(value > key);
        bytes.replace(value, 9, "llamallam");
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(bytes);
    }

    EngineHost host;
    QSignalSpy failed(&host, &EngineHost::modelLoadFailed);
    ModelLoadOptions options;
    options.path = path;
    host.loadModel(options);
    QVERIFY(failed.wait(kWaitMs));
    QCOMPARE(failed.first().at(0).toString(), path);
    const QString message = failed.first().at(1).toString();
    QVERIFY2(message.startsWith(path + QLatin1String(": ")), qPrintable(message));
    if (!expected.isEmpty())
        QVERIFY2(message.contains(expected), qPrintable(message));
    QVERIFY(!host.model().has_value());
    QVERIFY(!host.isLoading());
}

void TestEngineHost::generateStreamsAndCounts()
{
    EngineHost host;
    QVERIFY(load(host));
    QSignalSpy text(&host, &EngineHost::textGenerated);
    QSignalSpy prefill(&host, &EngineHost::prefillProgress);
    QSignalSpy finished(&host, &EngineHost::generationFinished);
    GenerationRequest request;
    request.prompt = chatPrompt({{cairn::ChatMessage::Role::User, "Hello there, how are you?"}});
    request.sampling = sampling(24);
    const std::uint64_t id = host.generate(request);
    QVERIFY(id > 0);
    QVERIFY(host.isGenerating());
    QVERIFY(finished.wait(kWaitMs));
    QVERIFY(!host.isGenerating());
    QCOMPARE(finished.first().at(0).value<std::uint64_t>(), id);
    const auto summary = finished.first().at(1).value<GenerationSummary>();
    QVERIFY(summary.promptTokens > 5);
    QCOMPARE(summary.reusedTokens, 0);
    QVERIFY(summary.generatedTokens > 0);
    QVERIFY(summary.generatedTokens <= 24);
    QVERIFY(summary.stopReason == QLatin1String("token-limit") || summary.stopReason == QLatin1String("end-of-text"));
    QVERIFY(summary.contextUsed >= summary.promptTokens);
    QCOMPARE(summary.contextTotal, 512);
    QVERIFY(!prefill.isEmpty());
    QCOMPARE(prefill.last().at(2).value<std::int64_t>(), summary.promptTokens);
    QString streamed;
    for (const QList<QVariant>& signal : text) {
        QCOMPARE(signal.at(0).value<std::uint64_t>(), id);
        streamed += signal.at(1).toString();
    }
    QVERIFY(!streamed.isEmpty());
}

void TestEngineHost::streamedTextIsCoalesced()
{
    EngineHost host;
    QVERIFY(load(host, 2048));
    QSignalSpy text(&host, &EngineHost::textGenerated);
    QSignalSpy finished(&host, &EngineHost::generationFinished);
    GenerationRequest request;
    request.prompt = chatPrompt({{cairn::ChatMessage::Role::User, "Count to a thousand."}});
    request.sampling = sampling(200);
    request.sampling.temperature = 0.0F;
    QVERIFY(host.generate(request) > 0);
    QVERIFY(finished.wait(kWaitMs));
    const auto summary = finished.first().at(1).value<GenerationSummary>();
    const double decodeMs = summary.decodeSeconds * 1000.0;
    // One signal per 30 ms at most, plus the final flush.
    QVERIFY2(static_cast<double>(text.count()) <= decodeMs / 30.0 + 2.0,
             qPrintable(QStringLiteral("%1 signals in %2 ms").arg(text.count()).arg(decodeMs)));
    qInfo("%lld tokens in %.0f ms (%.0f tok/s) arrived in %lld textGenerated signals",
          static_cast<long long>(summary.generatedTokens), decodeMs,
          static_cast<double>(summary.generatedTokens) / summary.decodeSeconds, static_cast<long long>(text.count()));
}

void TestEngineHost::extendedPromptReusesTheCache()
{
    EngineHost host;
    QVERIFY(load(host));
    QSignalSpy text(&host, &EngineHost::textGenerated);
    QSignalSpy finished(&host, &EngineHost::generationFinished);
    std::vector<cairn::ChatMessage> messages{{cairn::ChatMessage::Role::User, "Tell me about rivers."}};
    GenerationRequest request;
    request.prompt = chatPrompt(messages);
    request.sampling = sampling(8);
    request.sampling.temperature = 0.0F;
    QVERIFY(host.generate(request) > 0);
    QVERIFY(finished.wait(kWaitMs));
    const auto first = finished.first().at(1).value<GenerationSummary>();
    QString reply;
    for (const QList<QVariant>& signal : text)
        reply += signal.at(1).toString();

    // The next turn: the reply as generated, then a new question.
    messages.push_back({cairn::ChatMessage::Role::Assistant, reply.toStdString()});
    messages.push_back({cairn::ChatMessage::Role::User, "And lakes?"});
    request.prompt = chatPrompt(messages);
    QVERIFY(host.generate(request) > 0);
    QVERIFY(finished.wait(kWaitMs));
    const auto second = finished.at(1).at(1).value<GenerationSummary>();
    QVERIFY(second.promptTokens > first.promptTokens);
    // At least the whole first prompt is still cached, and the fed part of the reply where it
    // encodes to the tokens that were sampled.
    QVERIFY(second.reusedTokens >= first.promptTokens);
    QVERIFY(second.reusedTokens < second.promptTokens);
    qInfo("second prompt: %lld tokens, %lld reused (first prompt %lld + reply %lld)",
          static_cast<long long>(second.promptTokens), static_cast<long long>(second.reusedTokens),
          static_cast<long long>(first.promptTokens), static_cast<long long>(first.generatedTokens));

    // The same prompt again reuses all but the last token (fed again for fresh logits).
    QVERIFY(host.generate(request) > 0);
    QVERIFY(finished.wait(kWaitMs));
    const auto third = finished.at(2).at(1).value<GenerationSummary>();
    QCOMPARE(third.reusedTokens, third.promptTokens - 1);

    // A prompt that differs early keeps only the common start.
    messages.front().content = "Tell me about mountains.";
    request.prompt = chatPrompt(messages);
    QVERIFY(host.generate(request) > 0);
    QVERIFY(finished.wait(kWaitMs));
    const auto fourth = finished.at(3).at(1).value<GenerationSummary>();
    QVERIFY(fourth.reusedTokens > 0);
    QVERIFY(fourth.reusedTokens < first.promptTokens);
}

void TestEngineHost::stopEndsTheReplyAsCancelled()
{
    EngineHost host;
    QVERIFY(load(host, 2048));
    QSignalSpy text(&host, &EngineHost::textGenerated);
    QSignalSpy finished(&host, &EngineHost::generationFinished);
    GenerationRequest request;
    request.prompt = chatPrompt({{cairn::ChatMessage::Role::User, "Write a very long story."}});
    request.sampling = sampling(-1);
    request.sampling.temperature = 0.0F;
    QVERIFY(host.generate(request) > 0);
    QVERIFY(text.wait(kWaitMs));
    host.stop();
    QVERIFY(finished.wait(kWaitMs));
    const auto summary = finished.first().at(1).value<GenerationSummary>();
    QCOMPARE(summary.stopReason, QStringLiteral("cancelled"));
    QVERIFY(summary.generatedTokens > 0);
    QVERIFY(!host.isGenerating());
}

void TestEngineHost::generateWithoutModelFails()
{
    EngineHost host;
    QSignalSpy failed(&host, &EngineHost::generationFailed);
    GenerationRequest request;
    request.prompt = chatPrompt({{cairn::ChatMessage::Role::User, "Hi"}});
    QCOMPARE(host.generate(request), std::uint64_t{0});
    QVERIFY(failed.wait(kWaitMs));
    QCOMPARE(failed.first().at(0).value<std::uint64_t>(), std::uint64_t{0});
    QVERIFY(failed.first().at(1).toString().contains(QLatin1String("No model")));
    QVERIFY(!host.isGenerating());
}

void TestEngineHost::promptLongerThanTheContextFails()
{
    EngineHost host;
    QVERIFY(load(host, 32));
    QSignalSpy failed(&host, &EngineHost::generationFailed);
    GenerationRequest request;
    request.prompt = chatPrompt({{cairn::ChatMessage::Role::User, std::string(400, 'x') + " and more words to read"}});
    const std::uint64_t id = host.generate(request);
    QVERIFY(id > 0);
    QVERIFY(failed.wait(kWaitMs));
    QCOMPARE(failed.first().at(0).value<std::uint64_t>(), id);
    const QString message = failed.first().at(1).toString();
    QVERIFY2(message.contains(QLatin1String("context holds 32")), qPrintable(message));
    QVERIFY(!host.isGenerating());
}

void TestEngineHost::cancelledLoadSaysSo()
{
    EngineHost host;
    QSignalSpy failed(&host, &EngineHost::modelLoadFailed);
    QSignalSpy loaded(&host, &EngineHost::modelLoaded);
    ModelLoadOptions options;
    options.path = m_modelPath;
    host.loadModel(options);
    host.cancelLoad();
    QVERIFY(failed.wait(kWaitMs));
    QVERIFY(failed.first().at(1).toString().contains(QLatin1String("cancelled")));
    QVERIFY(loaded.isEmpty());
    QVERIFY(!host.isLoading());
    QVERIFY(!host.model().has_value());
}

void TestEngineHost::destroyingWhileGeneratingIsClean()
{
    auto host = std::make_unique<EngineHost>();
    QVERIFY(load(*host, 2048));
    QSignalSpy text(host.get(), &EngineHost::textGenerated);
    GenerationRequest request;
    request.prompt = chatPrompt({{cairn::ChatMessage::Role::User, "Keep talking."}});
    request.sampling = sampling(-1);
    request.sampling.temperature = 0.0F;
    QVERIFY(host->generate(request) > 0);
    QVERIFY(text.wait(kWaitMs));
    QElapsedTimer timer;
    timer.start();
    host.reset();
    QVERIFY2(timer.elapsed() < 5000, "the destructor waited for the whole reply");
}

QTEST_GUILESS_MAIN(TestEngineHost)
#include "tst_engine_host.moc"
