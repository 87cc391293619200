// SPDX-License-Identifier: MIT
// inspectModel and estimateMemory on synthetic models: what the file says, what an unsupported
// architecture looks like, errors for broken files, and the estimate against a real session.

#include "engine/api/model.h"
#include "engine/api/model_info.h"
#include "engine/api/session.h"
#include "engine/api/synthetic_model.h"
#include "engine/format/gguf_writer.h"
#include "engine/kv/kv_cache.h"

#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace cairn;

class TestModelInfo : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::string m_tiny;

    ModelParams params() const
    {
        ModelParams p;
        p.path = m_tiny;
        p.threads = 1;
        return p;
    }
    std::string path(const char* name) const
    {
        return (m_dir.path() + QLatin1Char('/') + QLatin1String(name)).toStdString();
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_tiny = path("tiny.gguf");
        SyntheticModelOptions options;
        options.preset = "tiny";
        options.type = "q8_0";
        options.out = m_tiny;
        const Status written = writeSyntheticModel(options);
        QVERIFY2(written.ok(), written.ok() ? "" : written.error().message().c_str());
    }

    void describesSyntheticModel()
    {
        const Result<ModelInfo> info = inspectModel(m_tiny);
        QVERIFY2(info.ok(), info.ok() ? "" : info.error().message().c_str());
        const ModelInfo& m = info.value();
        QCOMPARE(m.architecture, std::string("deepseek2"));
        QCOMPARE(m.name, std::string("cairn-synthetic"));
        QVERIFY(m.supported);
        QVERIFY(m.unsupportedReason.empty());
        // The tiny preset: 4 layers, 16 experts (4 used, 2 shared), kv_lora_rank 64, rope 16.
        QCOMPARE(m.layerCount, 4U);
        QCOMPARE(m.expertCount, 16U);
        QCOMPARE(m.expertUsedCount, 4U);
        QCOMPARE(m.expertSharedCount, 2U);
        QCOMPARE(m.kvLoraRank, 64U);
        QCOMPARE(m.ropeDim, 16U);
        QCOMPARE(m.embedding, 256U);
        QCOMPARE(m.trainedContext, std::uint64_t{163840});
        QCOMPARE(m.quantization, std::string("q8_0")); // no general.file_type: most weight bytes
        QCOMPARE(m.fileBytes, static_cast<std::uint64_t>(QFileInfo(QString::fromStdString(m_tiny)).size()));

        // The parameter count is what loading reports, element for element.
        const Result<std::shared_ptr<Model>> model = Model::load(params());
        QVERIFY(model.ok());
        QCOMPARE(m.weightBytes, model.value()->weightBytes());
        QCOMPARE(m.vocab, model.value()->vocabSize());
    }

    void parameterCountIsElementCount()
    {
        // In an f32 model every parameter is four bytes.
        SyntheticModelOptions options;
        options.type = "f32";
        options.out = path("tiny-f32.gguf");
        QVERIFY(writeSyntheticModel(options).ok());
        const Result<ModelInfo> info = inspectModel(options.out);
        QVERIFY(info.ok());
        QCOMPARE(info.value().parameterCount * 4, info.value().weightBytes);
        QCOMPARE(info.value().quantization, std::string("f32"));
        QCOMPARE(info.value().parameterCount, inspectModel(m_tiny).value().parameterCount);
    }

    void fileTypeNamesQuantisation()
    {
        GgufWriter writer;
        writer.set("general.architecture", std::string("deepseek2"));
        writer.set("general.file_type", std::uint32_t{15});
        QVERIFY(writer.addTensor("blk.0.attn_q.weight", DType::F32, {4, 2}, std::vector<std::byte>(32)).ok());
        QVERIFY(writer.write(path("ftype.gguf")).ok());
        const Result<ModelInfo> info = inspectModel(path("ftype.gguf"));
        QVERIFY(info.ok());
        QCOMPARE(info.value().quantization, std::string("Q4_K_M"));
        QCOMPARE(info.value().parameterCount, std::uint64_t{8});
    }

    void unsupportedArchitectureIsDescribed()
    {
        GgufWriter writer;
        writer.set("general.architecture", std::string("deepseek4"));
        writer.set("general.name", std::string("Future"));
        writer.set("deepseek4.block_count", std::uint32_t{61});
        writer.set("deepseek4.context_length", std::uint32_t{1048576});
        writer.set("deepseek4.expert_count", std::uint32_t{256});
        writer.set("deepseek4.expert_used_count", std::uint32_t{8});
        QVERIFY(writer.addTensor("token_embd.weight", DType::F16, {8, 4}, std::vector<std::byte>(64)).ok());
        QVERIFY(writer.write(path("v4.gguf")).ok());
        const Result<ModelInfo> info = inspectModel(path("v4.gguf"));
        QVERIFY(info.ok());
        const ModelInfo& m = info.value();
        QVERIFY(!m.supported);
        QCOMPARE(m.unsupportedReason,
                 std::string("architecture 'deepseek4' is not supported yet (this build runs: deepseek2)"));
        QCOMPARE(m.name, std::string("Future"));
        QCOMPARE(m.layerCount, 61U);
        QCOMPARE(m.expertCount, 256U);
        QCOMPARE(m.expertUsedCount, 8U);
        QCOMPARE(m.trainedContext, std::uint64_t{1048576});
        QCOMPARE(m.quantization, std::string("f16"));
        QCOMPARE(m.vocab, 4U);
    }

    void splitModelIsNotSupported()
    {
        GgufWriter writer;
        writer.set("general.architecture", std::string("deepseek2"));
        writer.set("split.no", std::uint16_t{0});
        writer.set("split.count", std::uint16_t{3});
        QVERIFY(writer.addTensor("token_embd.weight", DType::F32, {4, 2}, std::vector<std::byte>(32)).ok());
        QVERIFY(writer.write(path("big-00001-of-00003.gguf")).ok());
        const Result<ModelInfo> info = inspectModel(path("big-00001-of-00003.gguf"));
        QVERIFY(info.ok());
        QCOMPARE(info.value().splitCount, 3U);
        QVERIFY(!info.value().supported);
        QVERIFY(info.value().unsupportedReason.find("split into 3 files") == 0);
        QCOMPARE(inspectModel(m_tiny).value().splitCount, 1U);
    }

    void truncatedFileNamesTheFile()
    {
        QFile source(QString::fromStdString(m_tiny));
        QVERIFY(source.open(QIODevice::ReadOnly));
        const QByteArray half = source.read(source.size() / 2);
        const std::string cut = path("cut.gguf");
        QFile out(QString::fromStdString(cut));
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(half);
        out.close();
        const Result<ModelInfo> info = inspectModel(cut);
        QVERIFY(!info.ok());
        const std::string message = info.error().message();
        QVERIFY2(message.rfind(cut + ": ", 0) == 0, message.c_str());
        QVERIFY2(message.find("truncated") != std::string::npos || message.find("out of bounds") != std::string::npos
                     || message.find("ends") != std::string::npos,
                 message.c_str());
    }

    void nonGgufNamesTheFile()
    {
        const std::string fake = path("notes.gguf");
        std::ofstream(fake) << "These are not the weights you are looking for.\n";
        const Result<ModelInfo> info = inspectModel(fake);
        QVERIFY(!info.ok());
        QCOMPARE(info.error().message(), fake + ": not a GGUF file (wrong magic)");
        const Result<ModelInfo> missing = inspectModel(path("missing.gguf"));
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().code, ErrorCode::Io);
    }

    void estimateGrowsWithContext()
    {
        const ModelInfo m = inspectModel(m_tiny).value();
        const MemoryEstimate small = estimateMemory(m, 1024, KvType::F16);
        const MemoryEstimate large = estimateMemory(m, 8192, KvType::F16);
        QCOMPARE(small.weightBytes, m.fileBytes);
        // Per token and layer: kv_lora_rank + rope values of two bytes each.
        QCOMPARE(small.kvCacheBytes, std::uint64_t{1024} * 4 * (64 + 16) * 2);
        QCOMPARE(large.kvCacheBytes, small.kvCacheBytes * 8);
        QCOMPARE(estimateMemory(m, 1024, KvType::F32).kvCacheBytes, small.kvCacheBytes * 2);
        QVERIFY(large.totalBytes() > small.totalBytes());
        QVERIFY(small.workspaceBytes > 0);
        // 0 means the trained context.
        QCOMPARE(estimateMemory(m, 0).kvCacheBytes, estimateMemory(m, 163840).kvCacheBytes);
    }

    void sessionCacheMatchesTheEstimate()
    {
        const Result<std::shared_ptr<Model>> model = Model::load(params());
        QVERIFY(model.ok());
        const ModelInfo m = inspectModel(m_tiny).value();
        for (const KvType type : {KvType::F16, KvType::F32}) {
            ContextParams params;
            params.contextLength = 2048;
            params.kvType = type;
            Session session(model.value(), params);
            const std::uint64_t actual
                = session.cache().bytesPerToken() * static_cast<std::uint64_t>(session.capacity());
            QCOMPARE(estimateMemory(m, 2048, type).kvCacheBytes, actual);
        }
    }
};

QTEST_GUILESS_MAIN(TestModelInfo)
#include "tst_model_info.moc"
