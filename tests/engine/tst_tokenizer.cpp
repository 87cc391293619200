// SPDX-License-Identifier: MIT
// Tokenizer: pre-tokenizer splits, BPE by merge rank, special tokens, vocabulary validation,
// byte-exact round trips, and the deepseek2-tiny fixture's vocabulary (tests/engine/data).

#include "engine/api/tokenizer.h"
#include "engine/tokenizer/byte_level.h"
#include "engine/tokenizer/pretokenizer.h"
#include "engine/tokenizer/utf8_stream.h"

#include <QFile>
#include <QRandomGenerator>
#include <QtTest>

#include <string>
#include <vector>

using namespace cairn;

namespace {

std::string toStd(const QByteArray& bytes)
{
    return std::string(bytes.constData(), static_cast<std::size_t>(bytes.size()));
}

QByteArray toQt(std::string_view text)
{
    return QByteArray(text.data(), static_cast<qsizetype>(text.size()));
}

QList<int> toQt(const std::vector<std::int32_t>& ids)
{
    return QList<int>(ids.begin(), ids.end());
}

/// Specials (Control) first, then the 256 byte tokens in byte order, then one token per merge.
Vocabulary byteVocabulary(const std::vector<std::string>& specials, const std::vector<std::string>& merges,
                          const std::string& pre)
{
    Vocabulary vocab;
    vocab.pre = pre;
    for (const std::string& special : specials) {
        vocab.tokens.push_back(special);
        vocab.tokenTypes.push_back(TokenType::Control);
    }
    for (int byte = 0; byte < 256; ++byte) {
        vocab.tokens.push_back(bytesToTokenText(std::string(1, static_cast<char>(byte))));
        vocab.tokenTypes.push_back(TokenType::Normal);
    }
    for (const std::string& merge : merges) {
        std::string joined = merge;
        joined.erase(joined.find(' '), 1);
        vocab.tokens.push_back(joined);
        vocab.tokenTypes.push_back(TokenType::Normal);
    }
    vocab.merges = merges;
    return vocab;
}

// Bytes 0..255 are ids 0..255 here: "h e" -> 256, "l l" -> 257, "he ll" -> 258, "hell o" -> 259,
// "Ġ w" -> 260, "e l" -> 261 (ranked after "h e", so "hel" is he+l, not h+el).
Tokenizer tinyTokenizer(std::vector<std::string> specials = {})
{
    auto vocab = byteVocabulary({}, {"h e", "l l", "he ll", "hell o", "Ġ w", "e l"}, "gpt2");
    for (const std::string& special : specials) {
        vocab.tokens.push_back(special);
        vocab.tokenTypes.push_back(TokenType::Control);
    }
    auto tok = Tokenizer::create(std::move(vocab));
    if (!tok)
        qFatal("tiny vocabulary rejected: %s", tok.error().message().c_str());
    return std::move(tok).value();
}

// The vocabulary of /work/shared/fixtures/deepseek2-tiny/model.gguf: BOS/EOS/PAD, bytes, then
// one token per merge in merge order (its 253 merges are committed as data).
Tokenizer fixtureTokenizer()
{
    QFile file(QFINDTESTDATA("data/deepseek2_tiny_merges.txt"));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("deepseek2_tiny_merges.txt missing");
    std::vector<std::string> merges;
    for (const QByteArray& line : file.readAll().split('\n')) {
        if (!line.isEmpty())
            merges.push_back(toStd(line));
    }
    auto vocab
        = byteVocabulary({"<｜begin▁of▁sentence｜>", "<｜end▁of▁sentence｜>", "<｜▁pad▁｜>"}, merges, "deepseek-v3");
    vocab.bos = 0;
    vocab.eos = 1;
    vocab.pad = 2;
    vocab.addBos = true;
    auto tok = Tokenizer::create(std::move(vocab));
    if (!tok)
        qFatal("fixture vocabulary rejected: %s", tok.error().message().c_str());
    return std::move(tok).value();
}

QByteArray randomUnicode(QRandomGenerator& rng, int chars)
{
    // Ranges that exercise every branch of the patterns: ASCII, Latin-1, combining marks,
    // Cyrillic, CJK, kana, Hangul, full-width forms, emoji, whitespace of several kinds.
    static const std::pair<char32_t, char32_t> kRanges[]
        = {{0x20, 0x7E},     {0x09, 0x0D},     {0xA0, 0xFF},     {0x300, 0x36F},    {0x400, 0x4FF},
           {0x4E00, 0x4F00}, {0x3040, 0x30FF}, {0xAC00, 0xAD00}, {0xFF01, 0xFF5E},  {0x1F300, 0x1F64F},
           {0x2000, 0x200B}, {0x30, 0x39},     {0x660, 0x669},   {0x10400, 0x1044F}};
    std::string text;
    for (int i = 0; i < chars; ++i) {
        const auto& range = kRanges[rng.bounded(static_cast<quint32>(std::size(kRanges)))];
        const auto span = static_cast<quint32>(range.second - range.first + 1);
        const char32_t cp = range.first + rng.bounded(span);
        // Encoded through QString, not the code under test.
        const char32_t ucs4[] = {cp};
        text += QString::fromUcs4(ucs4, 1).toStdString();
    }
    return toQt(text);
}

} // namespace

class TestTokenizer : public QObject {
    Q_OBJECT

private slots:
    void byteTableMatchesGpt2()
    {
        QCOMPARE(byteToCodePoint('A'), U'A');
        QCOMPARE(byteToCodePoint(' '), U'\u0120');  // Ġ
        QCOMPARE(byteToCodePoint('\n'), U'\u010A'); // Ċ
        QCOMPARE(byteToCodePoint(0x00), U'\u0100');
        QCOMPARE(byteToCodePoint(0x7F), U'\u0121');
        QCOMPARE(byteToCodePoint(0xAD), U'\u0143');
        QCOMPARE(byteToCodePoint(0xFF), U'\u00FF');
        for (int byte = 0; byte < 256; ++byte)
            QCOMPARE(codePointToByte(byteToCodePoint(static_cast<std::uint8_t>(byte))).value(), byte);
        QVERIFY(!codePointToByte(U' ').has_value());
        QVERIFY(!tokenTextToBytes("a b").has_value());
        QCOMPARE(tokenTextToBytes("ĠtheĊ").value(), std::string(" the\n"));
    }

    void deepSeekV3Splits_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QByteArrayList>("pieces");
        QTest::newRow("digits in threes") << QByteArray("12345") << QByteArrayList{"123", "45"};
        QTest::newRow("decimal") << QByteArray("3.14") << QByteArrayList{"3", ".", "14"};
        QTest::newRow("digits between letters") << QByteArray("abc1234def") << QByteArrayList{"abc", "123", "4", "def"};
        QTest::newRow("words") << QByteArray("Hello world") << QByteArrayList{"Hello", " world"};
        QTest::newRow("punctuation") << QByteArray("Hello, world!") << QByteArrayList{"Hello", ",", " world", "!"};
        QTest::newRow("contraction") << QByteArray("I'm here") << QByteArrayList{"I", "'m", " here"};
        QTest::newRow("contraction t") << QByteArray("don't") << QByteArrayList{"don", "'t"};
        QTest::newRow("dotted word") << QByteArray(".Net") << QByteArrayList{".Net"};
        QTest::newRow("two spaces") << QByteArray("a  b") << QByteArrayList{"a", " ", " b"};
        QTest::newRow("leading spaces") << QByteArray("  x") << QByteArrayList{" ", " x"};
        QTest::newRow("trailing spaces") << QByteArray("end   ") << QByteArrayList{"end", "   "};
        QTest::newRow("tab joins word") << QByteArray("a\tb") << QByteArrayList{"a", "\tb"};
        QTest::newRow("newlines") << QByteArray("x\n\ny") << QByteArrayList{"x", "\n\n", "y"};
        QTest::newRow("spaces before newline") << QByteArray("x  \n y") << QByteArrayList{"x", "  \n", " y"};
        QTest::newRow("crlf") << QByteArray("a\r\nb") << QByteArrayList{"a", "\r\n", "b"};
        QTest::newRow("punctuation keeps newline") << QByteArray("ok!!\n") << QByteArrayList{"ok", "!!\n"};
        QTest::newRow("cjk run") << QByteArray("你好世界abc") << QByteArrayList{"你好世界", "abc"};
        QTest::newRow("cjk after space") << QByteArray("hi 你好") << QByteArrayList{"hi", " ", "你好"};
        QTest::newRow("kana") << QByteArray("カタカナとひらがな") << QByteArrayList{"カタカナとひらがな"};
        QTest::newRow("cjk punctuation") << QByteArray("你好，世界") << QByteArrayList{"你好", "，", "世界"};
        QTest::newRow("hangul is letters") << QByteArray("한국어 text") << QByteArrayList{"한국어", " text"};
        QTest::newRow("combining mark") << QByteArray("e\xCC\x81t\xC3\xA9") << QByteArrayList{"e\xCC\x81t\xC3\xA9"};
        QTest::newRow("emoji") << QByteArray("hi 🎉🎉") << QByteArrayList{"hi", " 🎉🎉"};
        QTest::newRow("symbols") << QByteArray("a+=b") << QByteArrayList{"a", "+=", "b"};
        QTest::newRow("code") << QByteArray("x = f(y);\n") << QByteArrayList{"x", " =", " f", "(y", ");\n"};
        QTest::newRow("invalid utf-8") << QByteArray("ab\xFF"
                                                     "cd")
                                       << QByteArrayList{"ab", "\xFF", "cd"};
        QTest::newRow("empty") << QByteArray() << QByteArrayList{};
    }
    void deepSeekV3Splits()
    {
        QFETCH(QByteArray, text);
        QFETCH(QByteArrayList, pieces);
        const auto pre = PreTokenizer::create("deepseek-v3");
        QVERIFY(pre.ok());
        const std::string input = toStd(text); // the pieces are views into it
        QByteArrayList actual;
        for (const std::string_view piece : pre.value().split(input))
            actual.push_back(toQt(piece));
        QCOMPARE(actual, pieces);
    }

    void otherPreTokenizers_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QByteArrayList>("pieces");
        QTest::newRow("gpt2") << "gpt2" << QByteArray("Hello world's 12345")
                              << QByteArrayList{"Hello", " world", "'s", " 12345"};
        QTest::newRow("gpt2 spaces") << "gpt2" << QByteArray("a  b ") << QByteArrayList{"a", " ", " b", " "};
        QTest::newRow("default") << "default" << QByteArray("Hi, 12345!")
                                 << QByteArrayList{"Hi", ",", " ", "123", "45", "!"};
        QTest::newRow("deepseek-llm") << "deepseek-llm" << QByteArray("Hello 123\n你好")
                                      << QByteArrayList{"Hello", " ", "123", "\n", "你好"};
    }
    void otherPreTokenizers()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, text);
        QFETCH(QByteArrayList, pieces);
        const auto pre = PreTokenizer::create(name.toStdString());
        QVERIFY(pre.ok());
        const std::string input = toStd(text); // the pieces are views into it
        QByteArrayList actual;
        for (const std::string_view piece : pre.value().split(input))
            actual.push_back(toQt(piece));
        QCOMPARE(actual, pieces);
    }

    void patternListsNameTheirPreTokenizer()
    {
        for (const std::string_view name : {"deepseek-v3", "deepseek-llm", "gpt2", "default"}) {
            const auto patterns = PreTokenizer::patterns(name);
            const std::vector<std::string> copy(patterns.begin(), patterns.end());
            QCOMPARE(PreTokenizer::nameForPatterns(copy).value(), name);
        }
        QVERIFY(!PreTokenizer::nameForPatterns(std::vector<std::string>{"\\p{N}"}).has_value());
        const auto unknown = PreTokenizer::create("llama3");
        QVERIFY(!unknown.ok());
        QVERIFY(unknown.error().message().find("llama3") != std::string::npos);
    }

    void mergesApplyByRank_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QList<int>>("ids");
        QTest::newRow("full merge chain") << QByteArray("hello") << QList<int>{259};
        QTest::newRow("space word") << QByteArray(" world") << QList<int>{260, 'o', 'r', 'l', 'd'};
        QTest::newRow("two words") << QByteArray("hello world") << QList<int>{259, 260, 'o', 'r', 'l', 'd'};
        QTest::newRow("lower rank first") << QByteArray("hel") << QList<int>{256, 'l'};
        QTest::newRow("leftmost first") << QByteArray("lll") << QList<int>{257, 'l'};
        QTest::newRow("no rule") << QByteArray("xyz") << QList<int>{'x', 'y', 'z'};
        QTest::newRow("el when no he") << QByteArray("el") << QList<int>{261};
        QTest::newRow("bytes") << QByteArray("\x00\xFF", 2) << QList<int>{0, 255};
    }
    void mergesApplyByRank()
    {
        QFETCH(QByteArray, text);
        QFETCH(QList<int>, ids);
        const Tokenizer tok = tinyTokenizer();
        const auto encoded = tok.encode(toStd(text), false, false);
        QCOMPARE(toQt(encoded), ids);
        QCOMPARE(toQt(tok.decode(encoded)), text);
    }

    void specialTokensOnlyWhenAsked()
    {
        const Tokenizer tok = tinyTokenizer({"<s>", "<s>x"});
        QVERIFY(tok.isControl(262));
        QVERIFY(!tok.isControl(259));
        QCOMPARE(toQt(tok.encode("<s>hello", false, true)), (QList<int>{262, 259}));
        QCOMPARE(toQt(tok.encode("<s>hello", false, false)), (QList<int>{'<', 's', '>', 259}));
        // Longest match wins; the text around a special token is encoded on its own.
        QCOMPARE(toQt(tok.encode("he<s>xllo", false, true)), (QList<int>{256, 263, 257, 'o'}));
        QCOMPARE(tok.decode(tok.encode("a<s>b<s", false, true)), std::string("a<s>b<s"));
        QCOMPARE(tok.tokenBytes(262), std::string("<s>"));
        QCOMPARE(tok.tokenId("<s>").value(), 262);
        QCOMPARE(tok.tokenId("Ġw").value(), 260);
        QVERIFY(!tok.tokenId("nope").has_value());
        QCOMPARE(tok.tokenBytes(260), std::string(" w"));
        QCOMPARE(tok.tokenBytes(-1), std::string());
        QCOMPARE(tok.tokenBytes(tok.vocabSize()), std::string());
    }

    void userDefinedTokensAlwaysMatch()
    {
        auto vocab = byteVocabulary({}, {}, "gpt2");
        vocab.tokens.push_back("<think>");
        vocab.tokenTypes.push_back(TokenType::UserDefined);
        const auto tok = Tokenizer::create(std::move(vocab));
        QVERIFY(tok.ok());
        QCOMPARE(toQt(tok.value().encode("a<think>", false, false)), (QList<int>{'a', 256}));
        QCOMPARE(tok.value().tokenBytes(256), std::string("<think>"));
    }

    void byteLevelSpellingWinsOverPlainDuplicate()
    {
        Vocabulary vocab = byteVocabulary({"Ġ"}, {"Ġ a"}, "gpt2");
        vocab.tokenTypes[0] = TokenType::UserDefined;
        vocab.tokens.push_back("Ġa");
        vocab.tokenTypes.push_back(TokenType::Control);
        const auto tok = Tokenizer::create(std::move(vocab));
        QVERIFY(tok.ok());
        QCOMPARE(tok.value().tokenId("Ġ").value(), 1 + ' ');
        QCOMPARE(toQt(tok.value().encode(" a", false, false)), QList<int>{257});
        QCOMPARE(tok.value().decode(tok.value().encode(" a Ġ", false, true)), std::string(" a Ġ"));
    }

    void bosIsAddedOnRequest()
    {
        const Tokenizer tok = fixtureTokenizer();
        QCOMPARE(tok.bos().value(), 0);
        QCOMPARE(tok.eos().value(), 1);
        QCOMPARE(tok.pad().value(), 2);
        QVERIFY(tok.addBosByDefault());
        QCOMPARE(tok.encode("x", true, false).front(), 0);
        QCOMPARE(tok.encode("x", false, false).front(), 3 + 'x');
        QCOMPARE(tok.vocabSize(), 512);
        QCOMPARE(tok.preTokenizerName(), std::string("deepseek-v3"));
    }

    // tokens.txt of the fixture starts with BOS and "The quick brown fox jumps" as llama.cpp
    // tokenized it (the ids after that are random).
    void fixtureVocabularyMatchesLlamaCpp()
    {
        const Tokenizer tok = fixtureTokenizer();
        const QList<int> expected{0, 303, 35, 116, 120, 378, 311, 344, 113, 420, 123, 35, 109, 120, 341, 118};
        QCOMPARE(toQt(tok.encode("The quick brown fox jumps", true, false)), expected);
        QCOMPARE(tok.tokenText(303), std::string_view("The"));
        QCOMPARE(tok.tokenBytes(420), std::string(" fo"));
    }

    void randomUnicodeRoundTrips()
    {
        const Tokenizer tok = fixtureTokenizer();
        QRandomGenerator rng(7);
        for (int round = 0; round < 300; ++round) {
            const std::string text = toStd(randomUnicode(rng, static_cast<int>(rng.bounded(1, 80))));
            const auto ids = tok.encode(text, false, false);
            QCOMPARE(tok.decode(ids), text);
            for (const std::int32_t id : ids)
                QVERIFY(id >= 3 && id < tok.vocabSize());
        }
    }

    void randomBytesRoundTrip()
    {
        const Tokenizer tok = fixtureTokenizer();
        QRandomGenerator rng(11);
        for (int round = 0; round < 300; ++round) {
            std::string bytes(static_cast<std::size_t>(rng.bounded(1, 64)), '\0');
            for (char& c : bytes)
                c = static_cast<char>(rng.bounded(256));
            QCOMPARE(tok.decode(tok.encode(bytes, false, false)), bytes);
            QCOMPARE(tok.decode(tok.encode(bytes, false, true)), bytes);
        }
    }

    void streamingDetokenisationNeverSplitsCharacters()
    {
        const Tokenizer tok = fixtureTokenizer();
        const std::string text = "naïve café — 你好 🎉 done";
        const auto ids = tok.encode(text, false, false);
        QVERIFY(ids.size() > 10); // multi-byte characters span several byte tokens
        Utf8Stream stream;
        std::string streamed;
        for (const std::int32_t id : ids) {
            const std::string piece = stream.push(tok.tokenBytes(id));
            QVERIFY(QString::fromUtf8(toQt(piece)).toUtf8() == toQt(piece)); // whole characters only
            streamed += piece;
        }
        streamed += stream.finish();
        QCOMPARE(streamed, text);
    }

    void invalidVocabulariesAreRejected_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("message");
        QTest::newRow("no tokens") << 0 << "no tokens";
        QTest::newRow("missing byte") << 1 << "no token for byte 0x0A (expected \"Ċ\")";
        QTest::newRow("unknown merge token") << 2 << "merge 0 \"h zz\": token \"zz\" is not in the vocabulary";
        QTest::newRow("merge without space") << 3 << "merge 0 \"he\": not two tokens separated by a space";
        QTest::newRow("merge result missing") << 4 << "the merged token \"ab\" is not in the vocabulary";
        QTest::newRow("bos out of range") << 5 << "BOS id 999 is out of range (vocabulary of 256)";
        QTest::newRow("type count") << 6 << "3 token types for 256 tokens";
        QTest::newRow("bad type") << 7 << "token 5 has unknown type 9";
        QTest::newRow("add bos without bos") << 8 << "add_bos is set but there is no BOS token";
        QTest::newRow("unknown pre-tokenizer") << 9 << "unknown pre-tokenizer \"llama-bpe\"";
    }
    void invalidVocabulariesAreRejected()
    {
        QFETCH(int, kind);
        QFETCH(QString, message);
        Vocabulary vocab = byteVocabulary({}, {}, "gpt2");
        switch (kind) {
        case 0:
            vocab = Vocabulary{};
            break;
        case 1:
            vocab.tokens[static_cast<std::size_t>('\n')] = "newline";
            break;
        case 2:
            vocab.merges = {"h zz"};
            break;
        case 3:
            vocab.merges = {"he"};
            break;
        case 4:
            vocab.merges = {"a b"};
            break;
        case 5:
            vocab.bos = 999;
            break;
        case 6:
            vocab.tokenTypes.resize(3);
            break;
        case 7:
            vocab.tokenTypes[5] = static_cast<TokenType>(9);
            break;
        case 8:
            vocab.addBos = true;
            break;
        default:
            vocab.pre = "llama-bpe";
            break;
        }
        const auto tok = Tokenizer::create(std::move(vocab));
        QVERIFY(!tok.ok());
        const std::string actual = tok.error().message();
        QVERIFY2(actual.find(message.toStdString()) != std::string::npos, actual.c_str());
    }
};

QTEST_APPLESS_MAIN(TestTokenizer)
#include "tst_tokenizer.moc"
