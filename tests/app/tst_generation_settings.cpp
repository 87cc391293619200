// SPDX-License-Identifier: MIT
// GenerationSettings: built-in defaults follow the engine's, overrides win field by field, JSON
// round-trips and rejects wrong types and out-of-range values by name, SamplingParams follow.

#include "app/services/generation_settings.h"

#include <QtTest>

using namespace cairn::app;

class TestGenerationSettings : public QObject {
    Q_OBJECT
private slots:
    void builtInsMatchTheEngine();
    void overridesWinFieldByField();
    void jsonRoundTrips();
    void emptyStructIsEmptyObject();
    void unknownKeysAreIgnored();
    void badValuesAreRejectedByName_data();
    void badValuesAreRejectedByName();
    void samplingParamsFollowTheSettings();
};

void TestGenerationSettings::builtInsMatchTheEngine()
{
    const GenerationSettings settings = builtInGenerationSettings();
    const cairn::SamplingParams engine;
    QCOMPARE(settings.systemPrompt, std::optional<QString>(QString()));
    QCOMPARE(settings.temperature, std::optional<double>(static_cast<double>(engine.temperature)));
    QCOMPARE(settings.topP, std::optional<double>(static_cast<double>(engine.topP)));
    QCOMPARE(settings.topK, std::optional<int>(engine.topK));
    QCOMPARE(settings.minP, std::optional<double>(static_cast<double>(engine.minP)));
    QCOMPARE(settings.repeatPenalty, std::optional<double>(static_cast<double>(engine.repeatPenalty)));
    QCOMPARE(settings.maxTokens, std::optional<int>(-1));
    QCOMPARE(settings.contextLength, std::optional<std::int64_t>(4096));
    QCOMPARE(settings.threads, std::optional<int>(0));
}

void TestGenerationSettings::overridesWinFieldByField()
{
    GenerationSettings overrides;
    overrides.temperature = 0.2;
    overrides.systemPrompt = QStringLiteral("Answer in German.");
    const GenerationSettings merged = mergedGenerationSettings(builtInGenerationSettings(), overrides);
    QCOMPARE(merged.temperature, std::optional<double>(0.2));
    QCOMPARE(merged.systemPrompt, std::optional<QString>(QStringLiteral("Answer in German.")));
    QCOMPARE(merged.topK, builtInGenerationSettings().topK);
    QCOMPARE(merged.contextLength, builtInGenerationSettings().contextLength);
    // An empty override changes nothing.
    QCOMPARE(mergedGenerationSettings(merged, GenerationSettings{}), merged);
}

void TestGenerationSettings::jsonRoundTrips()
{
    GenerationSettings settings = builtInGenerationSettings();
    settings.systemPrompt = QStringLiteral("Du bist hilfreich. 你好");
    settings.temperature = 0.35;
    settings.contextLength = 32768;
    settings.maxTokens = 512;
    QString problem;
    const std::optional<GenerationSettings> back
        = generationSettingsFromJson(generationSettingsToJson(settings), &problem);
    QVERIFY2(back.has_value(), qPrintable(problem));
    QCOMPARE(*back, settings);

    GenerationSettings partial;
    partial.topP = 0.5;
    const std::optional<GenerationSettings> partialBack = generationSettingsFromJson(generationSettingsToJson(partial));
    QVERIFY(partialBack.has_value());
    QCOMPARE(*partialBack, partial);
    QVERIFY(!partialBack->temperature.has_value());
}

void TestGenerationSettings::emptyStructIsEmptyObject()
{
    QCOMPARE(generationSettingsToJson(GenerationSettings{}), QByteArray("{}"));
    const std::optional<GenerationSettings> fromEmpty = generationSettingsFromJson(QByteArray());
    QVERIFY(fromEmpty.has_value());
    QCOMPARE(*fromEmpty, GenerationSettings{});
}

void TestGenerationSettings::unknownKeysAreIgnored()
{
    const std::optional<GenerationSettings> settings
        = generationSettingsFromJson(R"({"repositories":[3,4],"temperature":0.5,"title":"x"})");
    QVERIFY(settings.has_value());
    QCOMPARE(settings->temperature, std::optional<double>(0.5));
    QVERIFY(!settings->topK.has_value());
}

void TestGenerationSettings::badValuesAreRejectedByName_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("named");
    QTest::newRow("not json") << QByteArray("{temperature") << QStringLiteral("JSON");
    QTest::newRow("array") << QByteArray("[1]") << QStringLiteral("object");
    QTest::newRow("temperature text") << QByteArray(R"({"temperature":"hot"})") << QStringLiteral("temperature");
    QTest::newRow("temperature negative") << QByteArray(R"({"temperature":-1})") << QStringLiteral("temperature");
    QTest::newRow("topP above one") << QByteArray(R"({"topP":1.5})") << QStringLiteral("topP");
    QTest::newRow("topK fraction") << QByteArray(R"({"topK":2.5})") << QStringLiteral("topK");
    QTest::newRow("minP negative") << QByteArray(R"({"minP":-0.1})") << QStringLiteral("minP");
    QTest::newRow("repeatPenalty zero") << QByteArray(R"({"repeatPenalty":0})") << QStringLiteral("repeatPenalty");
    QTest::newRow("maxTokens below -1") << QByteArray(R"({"maxTokens":-2})") << QStringLiteral("maxTokens");
    QTest::newRow("contextLength negative") << QByteArray(R"({"contextLength":-5})") << QStringLiteral("contextLength");
    QTest::newRow("threads huge") << QByteArray(R"({"threads":100000})") << QStringLiteral("threads");
    QTest::newRow("systemPrompt number") << QByteArray(R"({"systemPrompt":3})") << QStringLiteral("systemPrompt");
}

void TestGenerationSettings::badValuesAreRejectedByName()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, named);
    QString problem;
    QVERIFY(!generationSettingsFromJson(json, &problem).has_value());
    QVERIFY2(problem.contains(named), qPrintable(problem));
}

void TestGenerationSettings::samplingParamsFollowTheSettings()
{
    const cairn::SamplingParams defaults = samplingParamsFor(builtInGenerationSettings());
    const cairn::SamplingParams engine;
    QCOMPARE(defaults.temperature, engine.temperature);
    QCOMPARE(defaults.topK, engine.topK);
    QCOMPARE(defaults.maxTokens, engine.maxTokens);

    GenerationSettings settings;
    settings.temperature = 0.0;
    settings.topK = 7;
    settings.topP = 0.5;
    settings.minP = 0.1;
    settings.repeatPenalty = 1.1;
    settings.maxTokens = 33;
    const cairn::SamplingParams params = samplingParamsFor(settings);
    QCOMPARE(params.temperature, 0.0F);
    QCOMPARE(params.topK, 7);
    QCOMPARE(params.topP, 0.5F);
    QCOMPARE(params.minP, 0.1F);
    QCOMPARE(params.repeatPenalty, 1.1F);
    QCOMPARE(params.maxTokens, 33);
    QCOMPARE(params.seed, engine.seed); // left to the engine
}

QTEST_GUILESS_MAIN(TestGenerationSettings)
#include "tst_generation_settings.moc"
