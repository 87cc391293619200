// SPDX-License-Identifier: MIT
// BPE trainer: layout of the vocabulary, determinism, compression of its training text, speed.

#include "engine/api/tokenizer.h"
#include "engine/tokenizer/bpe_trainer.h"
#include "engine/tokenizer/byte_level.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QtTest>

#include <algorithm>

using namespace cairn;

namespace {

const std::vector<std::string> kSpecials
    = {"<｜begin▁of▁sentence｜>", "<｜end▁of▁sentence｜>", "<｜▁pad▁｜>", "<｜User｜>", "<｜Assistant｜>"};

// About `bytes` of deterministic English-like text: words made of syllables drawn with a skewed
// distribution from a lexicon of 3000, with numbers, punctuation, newlines and some CJK.
std::string makeCorpus(std::size_t bytes)
{
    static const char* const kSyllables[]
        = {"ka", "to", "ri", "en", "the", "ma", "lo", "qu", "st", "ion", "er", "an", "ex", "pe", "ra",
           "ti", "on", "re", "de", "co",  "in", "ut", "sh", "ve", "ly",  "al", "ch", "or", "un", "ing"};
    static const char* const kPunctuation[] = {" ", " ", " ", " ", ", ", ". ", "; ", "\n", "(", ") ", " = ", "\n\n"};
    static const char* const kCjk[] = {"你好", "世界", "模型", "数据", "カタカナ"};
    QRandomGenerator rng(2024);
    std::vector<std::string> lexicon;
    for (int i = 0; i < 3000; ++i) {
        std::string word;
        for (quint32 n = rng.bounded(1U, 5U); n > 0; --n)
            word += kSyllables[rng.bounded(static_cast<quint32>(std::size(kSyllables)))];
        lexicon.push_back(word);
    }
    std::string text;
    text.reserve(bytes + 64);
    while (text.size() < bytes) {
        const quint32 roll = rng.bounded(40U);
        if (roll == 0)
            text += std::to_string(rng.bounded(100000));
        else if (roll == 1)
            text += kCjk[rng.bounded(static_cast<quint32>(std::size(kCjk)))];
        else
            text += lexicon[rng.bounded(rng.bounded(1U, 3001U))];
        text += kPunctuation[rng.bounded(static_cast<quint32>(std::size(kPunctuation)))];
    }
    return text;
}

} // namespace

class TestBpeTrainer : public QObject {
    Q_OBJECT

private slots:
    void layoutIsSpecialsBytesMerges()
    {
        const auto vocab = trainBpe(makeCorpus(20000), 600, kSpecials);
        QVERIFY(vocab.ok());
        const Vocabulary& v = vocab.value();
        QCOMPARE(v.tokens.size(), std::size_t{600});
        QCOMPARE(v.tokenTypes.size(), v.tokens.size());
        QCOMPARE(v.pre, std::string("deepseek-v3"));
        for (std::size_t i = 0; i < kSpecials.size(); ++i) {
            QCOMPARE(v.tokens[i], kSpecials[i]);
            QCOMPARE(v.tokenTypes[i], TokenType::Control);
        }
        for (int byte = 0; byte < 256; ++byte)
            QCOMPARE(v.tokens[kSpecials.size() + static_cast<std::size_t>(byte)],
                     bytesToTokenText(std::string(1, static_cast<char>(byte))));
        QVERIFY(v.merges.size() >= 600 - 256 - kSpecials.size());
        QVERIFY(Tokenizer::create(v).ok());
    }

    void trainingIsDeterministicAndCompresses()
    {
        const std::string corpus = makeCorpus(200 * 1024);
        QElapsedTimer timer;
        timer.start();
        const auto first = trainBpe(corpus, 2048, kSpecials);
        const qint64 elapsed = timer.elapsed();
        QVERIFY(first.ok());
        qInfo("trainBpe: %zu bytes, vocabulary 2048 in %lld ms", corpus.size(), static_cast<long long>(elapsed));
        const auto second = trainBpe(corpus, 2048, kSpecials);
        QVERIFY(second.ok());
        QCOMPARE(first.value().tokens, second.value().tokens);
        QCOMPARE(first.value().merges, second.value().merges);
        QCOMPARE(first.value().tokens.size(), std::size_t{2048});

        const auto tok = Tokenizer::create(first.value());
        QVERIFY(tok.ok());
        const auto ids = tok.value().encode(corpus, false, false);
        qInfo("training text: %zu bytes -> %zu tokens", corpus.size(), ids.size());
        QVERIFY(ids.size() * 3 < corpus.size());
        QCOMPARE(tok.value().decode(ids), corpus);
    }

    void stopsWhenNothingIsLeftToMerge()
    {
        const auto vocab = trainBpe("abab", 1000, {}, "gpt2");
        QVERIFY(vocab.ok());
        QCOMPARE(vocab.value().merges, (std::vector<std::string>{"a b", "ab ab"}));
        QCOMPARE(vocab.value().tokens.size(), std::size_t{258});
    }

    void neverLearnsASpecialTokensSpelling()
    {
        const std::vector<std::string> specials = {"ab"};
        const auto vocab = trainBpe("ab ab ab", 300, specials, "gpt2");
        QVERIFY(vocab.ok());
        const auto& merges = vocab.value().merges;
        QVERIFY(std::find(merges.begin(), merges.end(), "a b") == merges.end());
        QCOMPARE(merges, (std::vector<std::string>{"Ġ a", "Ġa b"}));
        const auto tok = Tokenizer::create(vocab.value());
        QVERIFY(tok.ok());
        QCOMPARE(tok.value().encode("ab", false, false), (std::vector<std::int32_t>{1 + 'a', 1 + 'b'}));
        QCOMPARE(tok.value().encode("ab", false, true), (std::vector<std::int32_t>{0}));
    }

    void badArgumentsAreErrors_data()
    {
        QTest::addColumn<int>("vocabSize");
        QTest::addColumn<QStringList>("specials");
        QTest::addColumn<QString>("pre");
        QTest::addColumn<QString>("message");
        QTest::newRow("too small") << 257 << QStringList{"<s>", "</s>"} << "gpt2"
                                   << "leaves no room for 2 special";
        QTest::newRow("duplicate special") << 300 << QStringList{"<s>", "<s>"} << "gpt2"
                                           << "\"<s>\" given twice";
        QTest::newRow("empty special") << 300 << QStringList{""} << "gpt2"
                                       << "empty special token";
        QTest::newRow("unknown pre") << 300 << QStringList{} << "qwen2"
                                     << "unknown pre-tokenizer \"qwen2\"";
    }
    void badArgumentsAreErrors()
    {
        QFETCH(int, vocabSize);
        QFETCH(QStringList, specials);
        QFETCH(QString, pre);
        QFETCH(QString, message);
        std::vector<std::string> list;
        for (const QString& special : specials)
            list.push_back(special.toStdString());
        const auto vocab = trainBpe("some text", vocabSize, list, pre.toStdString());
        QVERIFY(!vocab.ok());
        QVERIFY2(vocab.error().message().find(message.toStdString()) != std::string::npos,
                 vocab.error().message().c_str());
    }
};

QTEST_APPLESS_MAIN(TestBpeTrainer)
#include "tst_bpe_trainer.moc"
