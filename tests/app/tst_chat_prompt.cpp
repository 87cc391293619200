// SPDX-License-Identifier: MIT
// The reply prompt as a pure function: DeepSeek's format, reasoning stripped from earlier replies,
// attachments before the text they came with (cut to their budget), repositories before the
// latest question only.

#include "app/services/chat_prompt.h"

#include <QtTest>

using namespace cairn::app;
using Role = cairn::ChatMessage::Role;

namespace {

QString q(const std::string& text)
{
    return QString::fromStdString(text);
}

} // namespace

class TestChatPrompt : public QObject {
    Q_OBJECT
private slots:
    void stripThinking_data();
    void stripThinking();
    void truncateKeepsShortTextAndCutsLongText();
    void truncateNeverSplitsACharacter();
    void promptHasTheChatFormat();
    void earlierRepliesLoseTheirReasoning();
    void attachmentsGoBeforeTheirMessage();
    void repositoriesGoBeforeTheLatestQuestionOnly();
};

void TestChatPrompt::stripThinking_data()
{
    QTest::addColumn<QString>("reply");
    QTest::addColumn<QString>("expected");
    QTest::newRow("none") << "Plain answer."
                          << "Plain answer.";
    QTest::newRow("leading") << "<think>hmm, let me see</think>\n\nThe answer is 4."
                             << "The answer is 4.";
    QTest::newRow("two") << "<think>a</think>One. <think>b</think> Two."
                         << "One. Two.";
    QTest::newRow("unclosed") << "Start <think>still thinking when cut"
                              << "Start ";
    QTest::newRow("only thinking") << "<think>x</think>"
                                   << "";
}

void TestChatPrompt::stripThinking()
{
    QFETCH(QString, reply);
    QFETCH(QString, expected);
    QCOMPARE(q(cairn::app::stripThinking(reply.toStdString())), expected);
}

void TestChatPrompt::truncateKeepsShortTextAndCutsLongText()
{
    QCOMPARE(truncateToTokens("short text", 100, {}), std::string("short text"));

    std::string lines;
    for (int i = 0; i < 400; ++i)
        lines += "line number " + std::to_string(i) + " of the attachment\n";
    const std::string cut = truncateToTokens(lines, 200, {});
    QVERIFY(cut.size() < lines.size());
    QVERIFY(q(cut).contains(QLatin1String("truncated")));
    QVERIFY(cut.starts_with("line number 0 of"));
    // Cut at a line end: the last kept line is whole.
    const std::string kept = cut.substr(0, cut.find("[..."));
    QVERIFY(kept.ends_with(" of the attachment\n"));
    QVERIFY(cairn::ingest::estimateTokens(kept) <= 200);
}

void TestChatPrompt::truncateNeverSplitsACharacter()
{
    std::string text;
    for (int i = 0; i < 300; ++i)
        text += "中文字符";
    // Counting characters, not bytes: the bisection must still land on character boundaries.
    const cairn::ingest::TokenCounter byCharacter = [](std::string_view s) {
        return static_cast<int>(QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size())).size());
    };
    const std::string cut = truncateToTokens(text, 101, byCharacter);
    const std::string kept = cut.substr(0, cut.find("\n[..."));
    QCOMPARE(q(kept).size(), 101);
    QVERIFY(!q(kept).contains(QChar::ReplacementCharacter));
}

void TestChatPrompt::promptHasTheChatFormat()
{
    PromptInput input;
    input.systemPrompt = "Be brief.";
    input.turns = {{Role::User, "Hi", {}}};
    const std::string prompt = buildChatPrompt(input);
    QCOMPARE(q(prompt),
             q(std::string(cairn::kDeepSeekBos) + "Be brief." + std::string(cairn::kDeepSeekUser) + "Hi"
               + std::string(cairn::kDeepSeekAssistant)));
}

void TestChatPrompt::earlierRepliesLoseTheirReasoning()
{
    PromptInput input;
    input.turns = {
        {Role::User, "2+2?", {}}, {Role::Assistant, "<think>two and two</think>\n4", {}}, {Role::User, "and 3+3?", {}}};
    const QString prompt = q(buildChatPrompt(input));
    QVERIFY(!prompt.contains(QLatin1String("two and two")));
    QVERIFY(prompt.contains(q(std::string(cairn::kDeepSeekAssistant) + "4" + std::string(cairn::kDeepSeekEos))));
    QVERIFY(
        prompt.endsWith(q(std::string(cairn::kDeepSeekUser) + "and 3+3?" + std::string(cairn::kDeepSeekAssistant))));
}

void TestChatPrompt::attachmentsGoBeforeTheirMessage()
{
    std::string longText;
    for (int i = 0; i < 2000; ++i)
        longText += "filler line " + std::to_string(i) + "\n";
    PromptInput input;
    input.attachmentTokenBudget = 100;
    input.turns = {{Role::User, "Summarise the notes.", {{"notes.txt", "The secret word is PAPAYA."}}},
                   {Role::Assistant, "It is about a fruit.", {}},
                   {Role::User, "And the log?", {{"build.log", longText}}}};
    const QString prompt = q(buildChatPrompt(input));
    const qsizetype notes
        = prompt.indexOf(QLatin1String("<attachment name=\"notes.txt\">\nThe secret word is PAPAYA."));
    QVERIFY(notes > 0);
    QVERIFY(notes < prompt.indexOf(QLatin1String("Summarise the notes.")));
    const qsizetype log = prompt.indexOf(QLatin1String("<attachment name=\"build.log\">"));
    QVERIFY(log > prompt.indexOf(QLatin1String("It is about a fruit.")));
    QVERIFY(log < prompt.indexOf(QLatin1String("And the log?")));
    QVERIFY(prompt.contains(QLatin1String("truncated")));
    QVERIFY(!prompt.contains(QLatin1String("filler line 1999")));
}

void TestChatPrompt::repositoriesGoBeforeTheLatestQuestionOnly()
{
    PromptInput input;
    input.turns = {{Role::User, "What does it do?", {}},
                   {Role::Assistant, "It parses.", {}},
                   {Role::User, "Where is parse()?", {{"trace.txt", "stack trace"}}}};
    input.repositories = {{"cairn", "// src/parse.cpp:1-3\nint parse();\n"}};
    const QString prompt = q(buildChatPrompt(input));
    QCOMPARE(prompt.count(QLatin1String("<repository name=\"cairn\">")), 1);
    const qsizetype repository = prompt.indexOf(QLatin1String("<repository name=\"cairn\">"));
    QVERIFY(repository > prompt.indexOf(QLatin1String("It parses.")));
    QVERIFY(repository < prompt.indexOf(QLatin1String("<attachment name=\"trace.txt\">")));
    QVERIFY(prompt.indexOf(QLatin1String("<attachment name=\"trace.txt\">"))
            < prompt.indexOf(QLatin1String("Where is parse()?")));
    QVERIFY(prompt.contains(QLatin1String("int parse();\n</repository>")));
}

QTEST_GUILESS_MAIN(TestChatPrompt)
#include "tst_chat_prompt.moc"
