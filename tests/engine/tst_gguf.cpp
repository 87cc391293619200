// SPDX-License-Identifier: MIT
// GGUF reader and writer: round trips of every value type, the shared fixture, and hostile files
// (truncation at every byte, bad magic, out-of-bounds data, overflowing counts) that must fail
// with a message naming the file, never crash.

#include "engine/format/gguf_file.h"
#include "engine/format/gguf_writer.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cstring>
#include <fstream>

using namespace cairn;

namespace {

std::vector<std::byte> readAll(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::vector<char> chars((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<std::byte> bytes(chars.size());
    std::memcpy(bytes.data(), chars.data(), chars.size());
    return bytes;
}

void writeAll(const std::string& path, const std::vector<std::byte>& bytes)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

std::vector<std::byte> floatBytes(const std::vector<float>& values)
{
    std::vector<std::byte> bytes(values.size() * sizeof(float));
    std::memcpy(bytes.data(), values.data(), bytes.size());
    return bytes;
}

/// A small file with one value of every type and two tensors.
GgufWriter sampleWriter()
{
    GgufWriter writer;
    writer.set("general.architecture", std::string("deepseek2"));
    writer.set("t.u8", std::uint8_t{200});
    writer.set("t.i8", std::int8_t{-100});
    writer.set("t.u16", std::uint16_t{60000});
    writer.set("t.i16", std::int16_t{-30000});
    writer.set("t.u32", std::uint32_t{4000000000U});
    writer.set("t.i32", std::int32_t{-2000000000});
    writer.set("t.f32", 1.5F);
    writer.set("t.bool", true);
    writer.set("t.u64", std::uint64_t{1} << 60);
    writer.set("t.i64", std::int64_t{-(std::int64_t{1} << 60)});
    writer.set("t.f64", 2.25);
    writer.setStringArray("t.strings", {"a", "", "ünïcödé"});
    writer.setInt32Array("t.ints", {1, -2, 3});
    auto nested = std::make_shared<GgufArray>();
    nested->elementType = GgufType::Array;
    auto inner = std::make_shared<GgufArray>();
    inner->elementType = GgufType::F32;
    inner->values = {0.5F, 0.25F};
    nested->values.emplace_back(std::shared_ptr<const GgufArray>(inner));
    writer.set("t.nested", std::shared_ptr<const GgufArray>(nested));
    [[maybe_unused]] Status a = writer.addTensor("weights", DType::F32, {3, 2}, floatBytes({1, 2, 3, 4, 5, 6}));
    [[maybe_unused]] Status b = writer.addTensor("bias", DType::F32, {5}, floatBytes({7, 8, 9, 10, 11}));
    return writer;
}

} // namespace

class TestGguf : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void writerRoundTripsEveryValueType()
    {
        const std::string path = file("sample.gguf");
        QVERIFY(sampleWriter().write(path).ok());
        Result<GgufFile> opened = GgufFile::open(path);
        QVERIFY2(opened.ok(), opened.ok() ? "" : opened.error().message().c_str());
        const GgufFile& gguf = opened.value();
        QCOMPARE(gguf.version(), 3U);
        QCOMPARE(gguf.getString("general.architecture").value(), std::string("deepseek2"));
        QCOMPARE(gguf.getUInt("t.u8").value(), 200U);
        QCOMPARE(gguf.getInt("t.i8").value(), -100);
        QCOMPARE(gguf.getUInt("t.u16").value(), 60000U);
        QCOMPARE(gguf.getInt("t.i16").value(), -30000);
        QCOMPARE(gguf.getUInt("t.u32").value(), 4000000000U);
        QCOMPARE(gguf.getInt("t.i32").value(), -2000000000);
        QCOMPARE(gguf.getFloat("t.f32").value(), 1.5);
        QCOMPARE(gguf.getBool("t.bool").value(), true);
        QCOMPARE(gguf.getUInt("t.u64").value(), std::uint64_t{1} << 60);
        QCOMPARE(gguf.getInt("t.i64").value(), -(std::int64_t{1} << 60));
        QCOMPARE(gguf.getFloat("t.f64").value(), 2.25);
        QVERIFY(!gguf.getUInt("t.i8").has_value()); // negative: no unsigned view
        QVERIFY(!gguf.getString("t.u8").has_value());
        QVERIFY(!gguf.getInt("missing").has_value());

        const GgufArray* strings = gguf.getArray("t.strings");
        QVERIFY(strings != nullptr);
        QCOMPARE(strings->elementType, GgufType::String);
        QCOMPARE(strings->values.size(), 3U);
        QCOMPARE(std::get<std::string>(strings->values[2]), std::string("ünïcödé"));
        const GgufArray* nested = gguf.getArray("t.nested");
        QVERIFY(nested != nullptr);
        const auto& inner = std::get<std::shared_ptr<const GgufArray>>(nested->values.at(0));
        QCOMPARE(std::get<float>(inner->values.at(1)), 0.25F);

        const GgufTensor* weights = gguf.tensor("weights");
        QVERIFY(weights != nullptr);
        QCOMPARE(weights->dims, (std::vector<std::uint64_t>{3, 2}));
        QCOMPARE(weights->rows(), 2U);
        QCOMPARE(weights->bytes, 24U);
        QCOMPARE(reinterpret_cast<std::uintptr_t>(weights->data) % 32, 0U);
        float values[6];
        std::memcpy(values, weights->data, sizeof(values));
        QCOMPARE(values[5], 6.0F);
        const GgufTensor* bias = gguf.tensor("bias");
        QVERIFY(bias != nullptr);
        QCOMPARE(bias->offset % gguf.alignment(), 0U);
        std::memcpy(values, bias->data, 5 * sizeof(float));
        QCOMPARE(values[4], 11.0F);
        QVERIFY(gguf.tensor("absent") == nullptr);
    }

    void readsTheSharedFixture()
    {
        const std::string path = CAIRN_SHARED_DIR "/fixtures/deepseek2-tiny/model.gguf";
        Result<GgufFile> opened = GgufFile::open(path);
        QVERIFY2(opened.ok(), opened.ok() ? "" : opened.error().message().c_str());
        const GgufFile& gguf = opened.value();
        QCOMPARE(gguf.getString("general.architecture").value(), std::string("deepseek2"));
        QCOMPARE(gguf.getUInt("deepseek2.block_count").value(), 4U);
        QCOMPARE(gguf.getUInt("deepseek2.embedding_length").value(), 256U);
        QCOMPARE(gguf.getUInt("deepseek2.attention.kv_lora_rank").value(), 64U);
        QCOMPARE(gguf.getArray("tokenizer.ggml.tokens")->values.size(), 512U);
        const GgufTensor* embd = gguf.tensor("token_embd.weight");
        QVERIFY(embd != nullptr);
        QCOMPARE(embd->dims, (std::vector<std::uint64_t>{256, 512}));
        QCOMPARE(embd->type, DType::F32);
        QVERIFY(gguf.tensor("blk.0.attn_k_b.weight") != nullptr);
        QVERIFY(gguf.tensor("blk.3.ffn_gate_exps.weight") != nullptr);
    }

    void everyTruncationFailsCleanly()
    {
        const std::string whole = file("whole.gguf");
        QVERIFY(sampleWriter().write(whole).ok());
        const std::vector<std::byte> bytes = readAll(whole);
        const std::string cut = file("cut.gguf");
        // The last tensor ends 20 bytes before the final padding; every shorter prefix must fail.
        const std::size_t lastDataEnd = bytes.size() - 32 + 20;
        for (std::size_t size = 0; size < lastDataEnd; ++size) {
            writeAll(cut, std::vector<std::byte>(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(size)));
            Result<GgufFile> opened = GgufFile::open(cut);
            QVERIFY2(!opened.ok(), qPrintable(QStringLiteral("prefix of %1 bytes opened").arg(size)));
            QVERIFY(opened.error().message().starts_with(cut));
        }
    }

    void hostileHeadersAreRejected_data()
    {
        QTest::addColumn<int>("offset");
        QTest::addColumn<QByteArray>("patch");
        QTest::addColumn<QString>("expected");
        QTest::newRow("wrong magic") << 0 << QByteArray("GGUX") << "wrong magic";
        QTest::newRow("big endian") << 0 << QByteArray("FUGG") << "big-endian";
        QTest::newRow("version 1") << 4 << QByteArray("\x01\0\0\0", 4) << "version 1";
        QTest::newRow("version 9") << 4 << QByteArray("\x09\0\0\0", 4) << "unknown GGUF version 9";
        QTest::newRow("huge tensor count") << 8 << QByteArray("\xff\xff\xff\xff\xff\xff\xff\x7f", 8) << "tensor count";
        QTest::newRow("huge metadata count") << 16 << QByteArray("\0\0\0\0\0\0\0\x10", 8) << "metadata count";
        QTest::newRow("huge key length") << 24 << QByteArray("\xff\xff\xff\xff\xff\xff\xff\xff", 8)
                                         << "metadata key 0 truncated";
    }
    void hostileHeadersAreRejected()
    {
        QFETCH(int, offset);
        QFETCH(QByteArray, patch);
        QFETCH(QString, expected);
        const std::string path = file("hostile.gguf");
        QVERIFY(sampleWriter().write(path).ok());
        std::vector<std::byte> bytes = readAll(path);
        std::memcpy(bytes.data() + offset, patch.constData(), static_cast<std::size_t>(patch.size()));
        writeAll(path, bytes);
        Result<GgufFile> opened = GgufFile::open(path);
        QVERIFY(!opened.ok());
        const QString message = QString::fromStdString(opened.error().message());
        QVERIFY2(message.contains(expected), qPrintable(message));
        QVERIFY2(message.startsWith(QString::fromStdString(path)), qPrintable(message));
    }

    void tensorProblemsAreNamed_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<quint64>("value");
        QTest::addColumn<QString>("expected");
        QTest::newRow("data out of bounds") << "offset" << quint64(1024) << "tensor bias: data out of bounds";
        QTest::newRow("misaligned offset") << "offset" << quint64(36) << "not aligned";
        QTest::newRow("offset overflow") << "offset" << quint64(0xffffffffffffffe0ULL) << "data out of bounds";
        QTest::newRow("unknown type") << "type" << quint64(31) << "unknown tensor type 31";
        QTest::newRow("quantized partial block") << "type" << quint64(8) << "block size";
        QTest::newRow("overflowing shape") << "dim" << quint64(0x4000000000000000ULL) << "overflowing shape";
        QTest::newRow("zero dimension") << "dim" << quint64(0) << "invalid or overflowing shape";
    }
    void tensorProblemsAreNamed()
    {
        QFETCH(QString, field);
        QFETCH(quint64, value);
        QFETCH(QString, expected);
        const std::string path = file("tensor.gguf");
        QVERIFY(sampleWriter().write(path).ok());
        std::vector<std::byte> bytes = readAll(path);
        // Locate the "bias" tensor info: name, n_dims (4), dims (8 each), type (4), offset (8).
        const char name[] = "\x04\0\0\0\0\0\0\0bias";
        auto it = std::search(bytes.begin(), bytes.end(), reinterpret_cast<const std::byte*>(name),
                              reinterpret_cast<const std::byte*>(name) + 12);
        QVERIFY(it != bytes.end());
        const auto info = static_cast<std::size_t>(it - bytes.begin()) + 12;
        if (field == "dim") {
            std::memcpy(bytes.data() + info + 4, &value, 8);
        } else if (field == "type") {
            const auto type = static_cast<std::uint32_t>(value);
            std::memcpy(bytes.data() + info + 12, &type, 4);
        } else {
            std::memcpy(bytes.data() + info + 16, &value, 8);
        }
        writeAll(path, bytes);
        Result<GgufFile> opened = GgufFile::open(path);
        QVERIFY(!opened.ok());
        const QString message = QString::fromStdString(opened.error().message());
        QVERIFY2(message.contains(expected), qPrintable(message));
    }

    void missingAndNonRegularFilesFail()
    {
        Result<GgufFile> missing = GgufFile::open(file("nope.gguf"));
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().code, ErrorCode::Io);
        QVERIFY(QString::fromStdString(missing.error().message()).contains("cannot open"));
        Result<GgufFile> directory = GgufFile::open(m_dir.path().toStdString());
        QVERIFY(!directory.ok());
        QVERIFY(QString::fromStdString(directory.error().message()).contains("not a regular file"));
    }

    void writerRejectsBadShapes()
    {
        GgufWriter writer;
        QVERIFY(!writer.addTensor("q", DType::Q8_0, {33}, [](std::span<std::byte>) {}).ok());
        QVERIFY(
            writer.addTensor("ok", DType::Q8_0, {64, 2}, [](std::span<std::byte> out) { QCOMPARE(out.size(), 136U); })
                .ok());
        QVERIFY(!writer.addTensor("ok", DType::F32, {1}, floatBytes({1})).ok());
        QVERIFY(!writer.addTensor("short", DType::F32, {4}, floatBytes({1})).ok());
        QVERIFY(writer.write(file("shapes.gguf")).ok());
        QVERIFY(!writer.write(file("no/such/dir/x.gguf")).ok());
    }

private:
    std::string file(const char* name) const { return m_dir.filePath(QString::fromLatin1(name)).toStdString(); }

    QTemporaryDir m_dir;
};

QTEST_APPLESS_MAIN(TestGguf)
#include "tst_gguf.moc"
