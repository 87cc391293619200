// SPDX-License-Identifier: MIT
// The sampling loop on the tiny synthetic model: the generated tokens it reports are the ones it
// streamed as text and, but for the last one at a token limit, the ones the session holds.

#include "engine/api/chat_format.h"
#include "engine/api/generation.h"
#include "engine/api/model.h"
#include "engine/api/session.h"
#include "engine/api/synthetic_model.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace cairn;

class TestGeneration : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        SyntheticModelOptions options;
        options.out = m_dir.filePath(QStringLiteral("tiny.gguf")).toStdString();
        QVERIFY(writeSyntheticModel(options).ok());
        ModelParams params;
        params.path = options.out;
        params.threads = 1;
        Result<std::shared_ptr<Model>> model = Model::load(params);
        QVERIFY(model.ok());
        m_model = model.value();
    }

    void reportsTheGeneratedTokens()
    {
        const Tokenizer& tokenizer = *m_model->tokenizer();
        const std::vector<ChatMessage> messages{{ChatMessage::Role::User, "Tell me a story."}};
        const std::vector<std::int32_t> prompt = tokenizer.encode(formatDeepSeekV3(messages, true), false, true);
        ContextParams context;
        context.contextLength = 256;
        Session session(m_model, context);
        SamplingParams sampling;
        sampling.temperature = 0.0F;
        sampling.maxTokens = 16;
        std::string streamed;
        Result<GenerationStats> stats = generate(session, prompt, sampling, [&](std::string_view text) {
            streamed += text;
            return true;
        });
        QVERIFY(stats.ok());
        const GenerationStats& s = stats.value();
        QCOMPARE(static_cast<std::int64_t>(s.tokens.size()), s.generatedTokens);
        QVERIFY(s.generatedTokens > 0);
        std::string decoded;
        for (const std::int32_t token : s.tokens)
            decoded += tokenizer.isControl(token) ? std::string() : tokenizer.tokenBytes(token);
        QCOMPARE(QString::fromStdString(decoded), QString::fromStdString(streamed));
        // The session holds the prompt and every generated token but a last one it stopped at.
        const auto fed = session.position() - static_cast<std::int64_t>(prompt.size());
        if (s.reason == StopReason::MaxTokens)
            QCOMPARE(fed, s.generatedTokens - 1);
        else
            QCOMPARE(fed, s.generatedTokens);
    }

private:
    QTemporaryDir m_dir;
    std::shared_ptr<Model> m_model;
};

QTEST_APPLESS_MAIN(TestGeneration)
#include "tst_generation.moc"
