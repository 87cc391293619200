// SPDX-License-Identifier: MIT
// DeepSeek-V3 chat prompt format, and that encoding it yields the special token ids.

#include "engine/api/chat_format.h"
#include "engine/api/tokenizer.h"
#include "engine/tokenizer/bpe_trainer.h"

#include <QtTest>

#include <algorithm>
#include <vector>

using namespace cairn;

using Role = ChatMessage::Role;

class TestChatFormat : public QObject {
    Q_OBJECT

private slots:
    void formats_data()
    {
        QTest::addColumn<int>("conversation");
        QTest::addColumn<bool>("generationPrompt");
        QTest::addColumn<QString>("expected");
        QTest::newRow("user only") << 0 << true
                                   << QString::fromUtf8("<｜begin▁of▁sentence｜><｜User｜>Hi<｜Assistant｜>");
        QTest::newRow("no generation prompt") << 0 << false << QString::fromUtf8("<｜begin▁of▁sentence｜><｜User｜>Hi");
        QTest::newRow("system and turns")
            << 1 << true
            << QString::fromUtf8(
                   "<｜begin▁of▁sentence｜>Be brief.<｜User｜>Hi<｜Assistant｜>Hello!<｜end▁of▁sentence｜>"
                   "<｜User｜>2+2?<｜Assistant｜>");
        QTest::newRow("systems joined, moved first")
            << 2 << false
            << QString::fromUtf8(
                   "<｜begin▁of▁sentence｜>One.\n\nTwo.<｜User｜>Hi<｜Assistant｜>Yo<｜end▁of▁sentence｜>");
    }
    void formats()
    {
        QFETCH(int, conversation);
        QFETCH(bool, generationPrompt);
        QFETCH(QString, expected);
        const std::vector<std::vector<ChatMessage>> conversations = {
            {{Role::User, "Hi"}},
            {{Role::System, "Be brief."}, {Role::User, "Hi"}, {Role::Assistant, "Hello!"}, {Role::User, "2+2?"}},
            {{Role::System, "One."}, {Role::User, "Hi"}, {Role::System, "Two."}, {Role::Assistant, "Yo"}},
        };
        const std::string prompt
            = formatDeepSeekV3(conversations[static_cast<std::size_t>(conversation)], generationPrompt);
        QCOMPARE(QString::fromStdString(prompt), expected);
    }

    void encodingYieldsSpecialIds()
    {
        const std::vector<std::string> specials = {std::string(kDeepSeekBos), std::string(kDeepSeekEos),
                                                   std::string(kDeepSeekUser), std::string(kDeepSeekAssistant)};
        auto vocab = trainBpe("Hello there, how are you? I am fine. Hello again.", 300, specials);
        QVERIFY(vocab.ok());
        vocab.value().bos = 0;
        vocab.value().eos = 1;
        const auto tok = Tokenizer::create(std::move(vocab).value());
        QVERIFY(tok.ok());

        const std::vector<ChatMessage> chat = {{Role::User, "Hello"}, {Role::Assistant, "Hi"}, {Role::User, "Bye"}};
        const std::string prompt = formatDeepSeekV3(chat, true);
        const auto ids = tok.value().encode(prompt, false, true);
        QCOMPARE(ids.front(), 0);
        QCOMPARE(ids.back(), 3);
        QCOMPARE(std::count(ids.begin(), ids.end(), 2), 2);
        QCOMPARE(std::count(ids.begin(), ids.end(), 3), 2);
        QCOMPARE(std::count(ids.begin(), ids.end(), 1), 1);
        QCOMPARE(tok.value().decode(ids), prompt);

        // Unparsed, the markers are just text: no special id appears.
        const auto plain = tok.value().encode(prompt, false, false);
        QVERIFY(std::none_of(plain.begin(), plain.end(), [](std::int32_t id) { return id < 4; }));
        QCOMPARE(tok.value().decode(plain), prompt);
    }
};

QTEST_APPLESS_MAIN(TestChatFormat)
#include "tst_chat_format.moc"
