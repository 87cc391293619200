// SPDX-License-Identifier: MIT
// tokenizer.json loading: the hand-written fixtures under tests/engine/data and malformed input.

#include "engine/api/tokenizer.h"
#include "engine/tokenizer/hf_tokenizer_json.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace cairn;

namespace {

QList<int> toQt(const std::vector<std::int32_t>& ids)
{
    return QList<int>(ids.begin(), ids.end());
}

// A minimal document around the given pre_tokenizer and normalizer values.
QByteArray document(const QByteArray& preTokenizer, const QByteArray& normalizer = "null")
{
    return R"({"model": {"type": "BPE", "vocab": {"a": 0}, "merges": []}, "normalizer": )" + normalizer
        + R"(, "pre_tokenizer": )" + preTokenizer + "}";
}

void writeFile(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QCOMPARE(file.write(bytes), bytes.size());
}

} // namespace

class TestHfTokenizerJson : public QObject {
    Q_OBJECT

private slots:
    void loadsDeepSeekStyleFile()
    {
        const QString path = QFINDTESTDATA("data/hf_deepseek_tiny/tokenizer.json");
        auto vocab = loadHfTokenizerJson(path.toStdString());
        QVERIFY2(vocab.ok(), vocab.ok() ? "" : vocab.error().message().c_str());
        const Vocabulary& v = vocab.value();
        QCOMPARE(v.tokens.size(), std::size_t{267});
        QCOMPARE(v.pre, std::string("deepseek-v3"));
        QCOMPARE(v.merges.size(), std::size_t{5});
        QCOMPARE(v.bos.value(), 0);
        QCOMPARE(v.eos.value(), 1);
        QCOMPARE(v.pad.value(), 2);
        QVERIFY(v.addBos); // tokenizer_config.json
        QCOMPARE(v.tokenTypes[0], TokenType::Control);
        QCOMPARE(v.tokenTypes[3], TokenType::Normal);
        QCOMPARE(v.tokenTypes[264], TokenType::Control); // "special": false, but spelled <｜…｜>
        QCOMPARE(v.tokenTypes[266], TokenType::UserDefined);

        const auto tok = Tokenizer::create(std::move(vocab).value());
        QVERIFY(tok.ok());
        QCOMPARE(toQt(tok.value().encode(" the", false, false)), QList<int>{261});
        QCOMPARE(toQt(tok.value().encode("<｜User｜>hi", true, true)), (QList<int>{0, 264, 3 + 'h', 3 + 'i'}));
        QCOMPARE(toQt(tok.value().encode("a<think>", false, false)), (QList<int>{3 + 'a', 266}));
        QCOMPARE(tok.value().decode(tok.value().encode("12345 in a 你好", false, false)),
                 std::string("12345 in a 你好"));
    }

    void loadsPairMergesAndByteLevelRegex()
    {
        const QString path = QFINDTESTDATA("data/hf_gpt2_pairs/tokenizer.json");
        auto vocab = loadHfTokenizerJson(path.toStdString());
        QVERIFY2(vocab.ok(), vocab.ok() ? "" : vocab.error().message().c_str());
        QCOMPARE(vocab.value().pre, std::string("gpt2"));
        QCOMPARE(vocab.value().merges, (std::vector<std::string>{"h e", "l l", "he ll"}));
        QVERIFY(!vocab.value().bos.has_value());
        QVERIFY(!vocab.value().addBos);
        const auto tok = Tokenizer::create(std::move(vocab).value());
        QVERIFY(tok.ok());
        QCOMPARE(toQt(tok.value().encode("hello", false, false)), (QList<int>{258, 'o'}));
    }

    void malformedInputIsAnError_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("message");
        const QByteArray bytelevel = R"({"type": "ByteLevel", "add_prefix_space": false, "use_regex": true})";
        QTest::newRow("not json") << QByteArray(R"({"model": )") << "mem.json: not valid JSON";
        QTest::newRow("array") << QByteArray("[]") << "mem.json: top level is not an object";
        QTest::newRow("no model") << QByteArray("{}") << "mem.json: no model object";
        QTest::newRow("wordpiece") << QByteArray(R"({"model": {"type": "WordPiece", "vocab": {}}})")
                                   << "model.type WordPiece (only BPE is supported)";
        QTest::newRow("no vocab") << QByteArray(R"({"model": {"type": "BPE", "merges": []}})") << "model.vocab missing";
        QTest::newRow("no merges") << QByteArray(R"({"model": {"type": "BPE", "vocab": {}}})")
                                   << "model.merges missing";
        QTest::newRow("bad merge") << QByteArray(
            R"({"model": {"type": "BPE", "vocab": {"a": 0}, "merges": ["a a", 7]}})")
                                   << "model.merges: entry 1 is neither";
        QTest::newRow("negative id") << QByteArray(R"({"model": {"type": "BPE", "vocab": {"a": -1}, "merges": []}})")
                                     << "token \"a\" has no non-negative integer id";
        QTest::newRow("string id") << QByteArray(R"({"model": {"type": "BPE", "vocab": {"a": "0"}, "merges": []}})")
                                   << "token \"a\" has no non-negative integer id";
        QTest::newRow("sparse ids") << QByteArray(
            R"({"model": {"type": "BPE", "vocab": {"a": 100000000}, "merges": []}})")
                                    << "token ids run to 100000000 with only 1 tokens";
        QTest::newRow("bad added token") << QByteArray(
            R"({"model": {"type": "BPE", "vocab": {"a": 0}, "merges": []}, "added_tokens": [{"content": "x"}]})")
                                         << "added_tokens: an entry lacks an id or content";
        QTest::newRow("no pre-tokenizer") << document("null") << "unsupported pre-tokenizer: none";
        QTest::newRow("other split regex")
            << document(R"({"type": "Split", "pattern": {"Regex": "\\p{N}"}, "behavior": "Isolated"})")
            << "unsupported pre-tokenizer: its 1 split pattern(s) match none";
        QTest::newRow("split string") << document(
            R"({"type": "Split", "pattern": {"String": " "}, "behavior": "Isolated"})")
                                      << "unsupported pre-tokenizer: Split without a Regex pattern";
        QTest::newRow("split removed") << document(
            R"({"type": "Split", "pattern": {"Regex": "\\p{N}{1,3}"}, "behavior": "Removed"})")
                                       << "Split behaviour other than Isolated";
        QTest::newRow("metaspace") << document(R"({"type": "Metaspace"})") << "unsupported pre-tokenizer: Metaspace";
        QTest::newRow("prefix space") << document(R"({"type": "ByteLevel", "add_prefix_space": true})")
                                      << "ByteLevel with add_prefix_space";
        QTest::newRow("normalizer") << document(bytelevel, R"({"type": "NFC"})") << "mem.json: unsupported normalizer";
        QTest::newRow("deep sequences") << document(
            QByteArray(R"({"type": "Sequence", "pretokenizers": [)").repeated(20) + QByteArray("]}").repeated(20))
                                        << "Sequences nested more than 8 deep";
        QTest::newRow("wrong field type") << document(R"({"type": "Sequence", "pretokenizers": [{"type": 3}]})")
                                          << "pre_tokenizer: an entry has no type";
    }
    void malformedInputIsAnError()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, message);
        const auto vocab = parseHfTokenizerJson(
            std::string_view(json.constData(), static_cast<std::size_t>(json.size())), "mem.json");
        QVERIFY(!vocab.ok());
        const std::string actual = vocab.error().message();
        QVERIFY2(actual.find(message.toStdString()) != std::string::npos, actual.c_str());
        QCOMPARE(vocab.error().subject, std::string("mem.json"));
    }

    void emptyNormalizerSequenceIsAccepted()
    {
        const QByteArray json
            = document(R"({"type": "ByteLevel", "use_regex": true})", R"({"type": "Sequence", "normalizers": []})");
        const auto vocab = parseHfTokenizerJson(
            std::string_view(json.constData(), static_cast<std::size_t>(json.size())), "mem.json");
        QVERIFY(vocab.ok());
        QCOMPARE(vocab.value().pre, std::string("gpt2"));
    }

    void fileErrorsNameTheFile()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const std::string missing = dir.filePath("absent.json").toStdString();
        const auto absent = loadHfTokenizerJson(missing);
        QVERIFY(!absent.ok());
        QCOMPARE(absent.error().code, ErrorCode::Io);
        QCOMPARE(absent.error().subject, missing);

        const QString truncated = dir.filePath("tokenizer.json");
        QFile source(QFINDTESTDATA("data/hf_deepseek_tiny/tokenizer.json"));
        QVERIFY(source.open(QIODevice::ReadOnly));
        const QByteArray whole = source.readAll();
        writeFile(truncated, whole.left(whole.size() / 2));
        const auto cut = loadHfTokenizerJson(truncated.toStdString());
        QVERIFY(!cut.ok());
        QCOMPARE(cut.error().subject, truncated.toStdString());
        QVERIFY(cut.error().detail.starts_with("not valid JSON"));

        // A broken tokenizer_config.json next to a good file is reported under its own name.
        writeFile(truncated, whole);
        const QString config = dir.filePath("tokenizer_config.json");
        writeFile(config, R"({"bos_token": "<nope>"})");
        const auto badConfig = loadHfTokenizerJson(truncated.toStdString());
        QVERIFY(!badConfig.ok());
        QCOMPARE(badConfig.error().subject, config.toStdString());
        QCOMPARE(badConfig.error().detail, std::string("bos_token \"<nope>\" is not a token"));
        writeFile(config, "{");
        QVERIFY(!loadHfTokenizerJson(truncated.toStdString()).ok());
    }
};

QTEST_APPLESS_MAIN(TestHfTokenizerJson)
#include "tst_hf_tokenizer_json.moc"
