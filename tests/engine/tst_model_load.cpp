// SPDX-License-Identifier: MIT
// Loading models that are wrong in one way each: the error names the file and the problem, and
// nothing crashes. Also: several sessions share one loaded model without disturbing each other.

#include "engine/api/model.h"
#include "engine/api/session.h"
#include "engine/format/gguf_file.h"
#include "engine/format/gguf_writer.h"
#include "engine/tools/synthetic_model.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cstring>
#include <functional>

using namespace cairn;

namespace {

/// Copies `source` to `path`, letting `edit` drop a tensor (return false), change its type
/// (re-typing the bytes is not needed for load-time checks) or change metadata.
struct Edit {
    std::function<bool(GgufTensor&)> tensor = [](GgufTensor&) { return true; };
    std::function<void(GgufWriter&)> metadata = [](GgufWriter&) {};
    std::vector<std::string> dropKeys;
};

bool rewrite(const GgufFile& source, const std::string& path, const Edit& edit)
{
    GgufWriter writer;
    for (const auto& [key, value] : source.metadata()) {
        if (key != "general.alignment"
            && std::find(edit.dropKeys.begin(), edit.dropKeys.end(), key) == edit.dropKeys.end())
            writer.set(key, value);
    }
    edit.metadata(writer);
    for (GgufTensor tensor : source.tensors()) {
        const std::byte* data = tensor.data;
        const std::uint64_t bytes = tensor.bytes;
        if (!edit.tensor(tensor))
            continue;
        const std::uint64_t size = rowBytes(tensor.type, tensor.dims[0]).value_or(0) * tensor.rows();
        if (!writer
                 .addTensor(tensor.name, tensor.type, tensor.dims,
                            [data, bytes](std::span<std::byte> out) {
                                std::memcpy(out.data(), data, std::min<std::uint64_t>(bytes, out.size()));
                            })
                 .ok()
            || size == 0)
            return false;
    }
    return writer.write(path).ok();
}

} // namespace

class TestModelLoad : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_path = m_dir.filePath(QStringLiteral("tiny.gguf")).toStdString();
        QVERIFY(writeSyntheticModel(*syntheticPreset("tiny"), m_path).ok());
    }

    void brokenModelsAreNamed_data()
    {
        QTest::addColumn<QString>("what");
        QTest::addColumn<QString>("expected");
        QTest::newRow("missing tensor") << "drop blk.2.ffn_up_exps.weight"
                                        << "missing tensor blk.2.ffn_up_exps.weight";
        QTest::newRow("wrong shape") << "shape blk.0.attn_q_a.weight"
                                     << "tensor blk.0.attn_q_a.weight has shape";
        QTest::newRow("unsupported type") << "type blk.1.attn_output.weight"
                                          << "q2_K, which this build has no kernels";
        QTest::newRow("norm not f32") << "type16 blk.1.attn_norm.weight"
                                      << "norms and biases must be f32";
        QTest::newRow("missing key") << "key deepseek2.expert_used_count"
                                     << "missing key deepseek2.expert_used_count";
        QTest::newRow("missing architecture") << "key general.architecture"
                                              << "missing key general.architecture";
        QTest::newRow("bad gating") << "gating"
                                    << "expert_gating_func 7";
        QTest::newRow("bad groups") << "groups"
                                    << "expert_count is not a multiple of expert_group_count";
    }
    void brokenModelsAreNamed()
    {
        QFETCH(QString, what);
        QFETCH(QString, expected);
        Result<GgufFile> source = GgufFile::open(m_path);
        QVERIFY(source.ok());
        const std::string target = what.section(QLatin1Char(' '), 1).toStdString();
        Edit edit;
        if (what.startsWith(QLatin1String("drop"))) {
            edit.tensor = [target](GgufTensor& t) { return t.name != target; };
        } else if (what.startsWith(QLatin1String("shape"))) {
            edit.tensor = [target](GgufTensor& t) {
                if (t.name == target)
                    t.dims = {t.dims[1], t.dims[0]};
                return true;
            };
        } else if (what.startsWith(QLatin1String("type16"))) {
            edit.tensor = [target](GgufTensor& t) {
                if (t.name == target)
                    t.type = DType::F16;
                return true;
            };
        } else if (what.startsWith(QLatin1String("type"))) {
            edit.tensor = [target](GgufTensor& t) {
                if (t.name == target)
                    t.type = DType::Q2_K;
                return true;
            };
        } else if (what.startsWith(QLatin1String("key"))) {
            edit.dropKeys = {target};
        } else if (what == QLatin1String("gating")) {
            edit.metadata = [](GgufWriter& w) { w.set("deepseek2.expert_gating_func", std::uint32_t{7}); };
        } else {
            edit.metadata = [](GgufWriter& w) { w.set("deepseek2.expert_group_count", std::uint32_t{3}); };
        }
        const std::string path = m_dir.filePath(QStringLiteral("broken.gguf")).toStdString();
        QVERIFY(rewrite(source.value(), path, edit));
        ModelParams params;
        params.path = path;
        Result<std::shared_ptr<Model>> model = Model::load(params);
        QVERIFY(!model.ok());
        const QString message = QString::fromStdString(model.error().message());
        QVERIFY2(message.startsWith(QString::fromStdString(path)) && message.contains(expected), qPrintable(message));
    }

    void sessionsShareOneModel()
    {
        ModelParams params;
        params.path = m_path;
        params.threads = 2;
        Result<std::shared_ptr<Model>> model = Model::load(params);
        QVERIFY(model.ok());
        QVERIFY(model.value()->tokenizer() != nullptr);
        const std::vector<std::int32_t> a{0, 10, 20, 30, 40, 50};
        const std::vector<std::int32_t> b{0, 99, 98, 97};
        ContextParams context;
        context.kvType = KvType::F32;
        Session alone(model.value(), context);
        QVERIFY(alone.feed(a).ok());
        const std::vector<float> expected(alone.logits().begin(), alone.logits().end());

        // Interleave two conversations token by token on the same model.
        Session first(model.value(), context);
        Session second(model.value(), context);
        for (std::size_t i = 0; i < a.size(); ++i) {
            QVERIFY(first.feed(std::span(&a[i], 1)).ok());
            if (i < b.size())
                QVERIFY(second.feed(std::span(&b[i], 1)).ok());
        }
        QCOMPARE(second.position(), 4);
        for (std::size_t i = 0; i < expected.size(); ++i)
            QVERIFY(std::abs(first.logits()[i] - expected[i]) < 1e-5F);
    }

    void progressFollowsTheWeights()
    {
        ModelParams params;
        params.path = m_path;
        std::vector<std::uint64_t> done;
        std::uint64_t total = 0;
        params.progress = [&](std::string_view what, std::uint64_t bytes, std::uint64_t of) {
            QCOMPARE(what, std::string_view("weights"));
            done.push_back(bytes);
            total = of;
        };
        Result<std::shared_ptr<Model>> model = Model::load(params);
        QVERIFY(model.ok());
        QVERIFY(done.size() >= 2);
        QCOMPARE(done.front(), std::uint64_t{0});
        QVERIFY(std::is_sorted(done.begin(), done.end()));
        QCOMPARE(total, model.value()->weightBytes());
        QCOMPARE(done.back(), total);
    }

    void cancelledLoadSaysSo()
    {
        CancelToken cancel;
        ModelParams params;
        params.path = m_path;
        params.cancel = &cancel;
        params.progress = [&](std::string_view, std::uint64_t, std::uint64_t) { cancel.cancel(); };
        Result<std::shared_ptr<Model>> model = Model::load(params);
        QVERIFY(!model.ok());
        QCOMPARE(model.error().code, ErrorCode::Cancelled);
        const QString message = QString::fromStdString(model.error().message());
        QVERIFY2(message.startsWith(QString::fromStdString(m_path)) && message.contains(QLatin1String("cancelled")),
                 qPrintable(message));

        // A token set before the load starts stops it without progress too.
        ModelParams early;
        early.path = m_path;
        early.cancel = &cancel;
        QVERIFY(!Model::load(early).ok());
    }

private:
    QTemporaryDir m_dir;
    std::string m_path;
};

QTEST_APPLESS_MAIN(TestModelLoad)
#include "tst_model_load.moc"
