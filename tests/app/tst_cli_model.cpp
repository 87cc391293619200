// SPDX-License-Identifier: MIT
// The model commands of cairn-cli as a user runs them: make-model writes a model that logits,
// generate and bench load; logits reproduces the shared llama.cpp fixture; bad files fail with
// a message naming them.

#include "cli_runner.h"
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <QtTest>

#include <algorithm>
#include <csignal>

namespace {

using cairn::test::runCli;
using Run = cairn::test::CliRun;

const QString kFixture = QStringLiteral(CAIRN_SHARED_DIR "/fixtures/deepseek2-tiny/");

} // namespace

class TestCliModel : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_model = m_dir.filePath(QStringLiteral("tiny-q8_0.gguf"));
        const Run run = runCli({QStringLiteral("make-model"), QStringLiteral("--preset"), QStringLiteral("tiny"),
                                QStringLiteral("--type"), QStringLiteral("q8_0"), QStringLiteral("--seed"),
                                QStringLiteral("5"), QStringLiteral("--out"), m_model});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QVERIFY(QFileInfo(m_model).size() > 1'000'000);
    }

    void makeModelIsDeterministic()
    {
        const QString again = m_dir.filePath(QStringLiteral("again.gguf"));
        const Run run = runCli({QStringLiteral("make-model"), QStringLiteral("--type"), QStringLiteral("q8_0"),
                                QStringLiteral("--seed"), QStringLiteral("5"), QStringLiteral("--out"), again});
        QCOMPARE(run.exitCode, 0);
        QFile a(m_model);
        QFile b(again);
        QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
        QVERIFY(a.readAll() == b.readAll());
    }

    void logitsReproduceTheFixture()
    {
        QFile tokens(kFixture + QStringLiteral("tokens.txt"));
        QFile expected(kFixture + QStringLiteral("logits.txt"));
        QVERIFY(tokens.open(QIODevice::ReadOnly) && expected.open(QIODevice::ReadOnly));
        const Run run = runCli({QStringLiteral("logits"), QStringLiteral("-m"), kFixture + QStringLiteral("model.gguf"),
                                QStringLiteral("--tokens"), QString::fromLatin1(tokens.readAll()).trimmed()});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        const QStringList ours = run.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        const QStringList theirs = QString::fromLatin1(expected.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(ours.size(), theirs.size());
        double worst = 0.0;
        for (qsizetype line = 0; line < ours.size(); ++line) {
            const QStringList a = ours[line].split(QLatin1Char(' '));
            const QStringList b = theirs[line].split(QLatin1Char(' '));
            QCOMPARE(a.size(), 2 + 512);
            QCOMPARE(a[0], b[0]); // position
            QCOMPARE(a[1], b[1]); // argmax
            for (qsizetype i = 2; i < a.size(); ++i)
                worst = std::max(worst, std::abs(a[i].toDouble() - b[i].toDouble()));
        }
        qInfo("max |logit - llama.cpp| = %.3g", worst);
        QVERIFY(worst < 1e-4);
    }

    void logitsTopK()
    {
        const Run run = runCli({QStringLiteral("logits"), QStringLiteral("-m"), m_model, QStringLiteral("--tokens"),
                                QStringLiteral("0,10,20"), QStringLiteral("--top"), QStringLiteral("2")});
        QCOMPARE(run.exitCode, 0);
        const QStringList lines = run.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 3);
        const QStringList fields = lines[2].split(QLatin1Char(' '));
        QCOMPARE(fields.size(), 4);
        QCOMPARE(fields[2].section(QLatin1Char(':'), 0, 0), fields[1]); // the best is the argmax
        QVERIFY(fields[2].section(QLatin1Char(':'), 1).toDouble() >= fields[3].section(QLatin1Char(':'), 1).toDouble());
    }

    void greedyGenerationIsReproducible()
    {
        const QStringList args{QStringLiteral("generate"),
                               QStringLiteral("-m"),
                               m_model,
                               QStringLiteral("-p"),
                               QStringLiteral("Once upon a time"),
                               QStringLiteral("-n"),
                               QStringLiteral("12"),
                               QStringLiteral("--temp"),
                               QStringLiteral("0")};
        const Run first = runCli(args);
        const Run second = runCli(args);
        QVERIFY2(first.exitCode == 0, qPrintable(first.err));
        QVERIFY(first.out.startsWith(QLatin1String("Once upon a time")));
        QVERIFY(first.out.size() > QStringLiteral("Once upon a time").size());
        QCOMPARE(first.out, second.out);
        QVERIFY(first.err.contains(QLatin1String("generated 12 tokens"))
                || first.err.contains(QLatin1String("end of text")));
    }

    void ignoreEosGeneratesToTheLimit()
    {
        // Greedy, this model ends "Tell me" with its end-of-text token within a few dozen tokens;
        // with --ignore-eos it never picks that token and runs to the limit.
        const QStringList args{QStringLiteral("generate"), QStringLiteral("-m"),      m_model,
                               QStringLiteral("-p"),       QStringLiteral("Tell me"), QStringLiteral("-n"),
                               QStringLiteral("300"),      QStringLiteral("--temp"),  QStringLiteral("0")};
        const Run plain = runCli(args);
        QVERIFY2(plain.exitCode == 0, qPrintable(plain.err));
        const Run ignoring = runCli(args + QStringList{QStringLiteral("--ignore-eos")});
        QVERIFY2(ignoring.exitCode == 0, qPrintable(ignoring.err));
        QVERIFY2(ignoring.err.contains(QLatin1String("generated 300 tokens")), qPrintable(ignoring.err));
        QVERIFY2(ignoring.err.contains(QLatin1String("stopped: token limit")), qPrintable(ignoring.err));
        // The same greedy tokens up to where the plain run ended.
        QVERIFY(ignoring.out.startsWith(plain.out.trimmed()));
    }

    void interruptStopsGenerationNotTheProgram()
    {
        // --ignore-eos: the model's end of text must not end the run before the signal comes.
        QProcess process;
        process.start(QStringLiteral(CAIRN_CLI_PATH),
                      {QStringLiteral("generate"), QStringLiteral("-m"), m_model, QStringLiteral("-p"),
                       QStringLiteral("Tell me"), QStringLiteral("-n"), QStringLiteral("-1"), QStringLiteral("-c"),
                       QStringLiteral("100000"), QStringLiteral("--temp"), QStringLiteral("0"),
                       QStringLiteral("--ignore-eos")});
        QVERIFY(process.waitForStarted());
        // Wait for text beyond the echoed prompt, so generation is under way.
        QByteArray seen;
        while (seen.size() <= 8 && process.waitForReadyRead(60'000))
            seen += process.readAllStandardOutput();
        QVERIFY(seen.size() > 8);
        ::kill(static_cast<pid_t>(process.processId()), SIGINT);
        QVERIFY(process.waitForFinished(60'000));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 0);
        const QString err = QString::fromUtf8(process.readAllStandardError());
        QVERIFY2(err.contains(QLatin1String("stopped: cancelled")), qPrintable(err));
    }

    void benchPrintsJson()
    {
        const Run run
            = runCli({QStringLiteral("bench"), QStringLiteral("-m"), m_model, QStringLiteral("-p"),
                      QStringLiteral("16"), QStringLiteral("-n"), QStringLiteral("4"), QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        const QJsonObject json = QJsonDocument::fromJson(run.out.toUtf8()).object();
        for (const char* key : {"prefill_tps", "decode_tps", "decode_gbps", "memory_gbps", "kv_bytes_per_token",
                                "peak_rss_bytes", "threads", "prefill_tokens", "decode_tokens", "model"})
            QVERIFY2(json.contains(QLatin1String(key)), key);
        QVERIFY(json[QStringLiteral("prefill_tps")].toDouble() > 0.0);
        QVERIFY(json[QStringLiteral("memory_gbps")].toDouble() > 0.0);
        // Bandwidth probes between the 4 decode steps: one before the first, one after each.
        QCOMPARE(json[QStringLiteral("memory_probes")].toInt(), 5);
        QVERIFY(json[QStringLiteral("memory_gbps_min")].toDouble() <= json[QStringLiteral("memory_gbps")].toDouble());
        QVERIFY(json[QStringLiteral("memory_gbps")].toDouble() <= json[QStringLiteral("memory_gbps_max")].toDouble());
        QVERIFY(json[QStringLiteral("memory_best_gbps")].toDouble() > 0.0);
        QVERIFY(json[QStringLiteral("probe_bytes")].toInteger() >= 64LL << 20);
        // The peak: the mean of its measurements just before and just after the prefill.
        const double before = json[QStringLiteral("peak_before_gmacs")].toDouble();
        const double after = json[QStringLiteral("peak_after_gmacs")].toDouble();
        QVERIFY(before > 0.0 && after > 0.0);
        QVERIFY(qAbs(json[QStringLiteral("peak_gmacs")].toDouble() - (before + after) / 2.0)
                <= 1e-9 * (before + after));
        // tiny: 4 layers x (64 latent + 16 rope) x 2 bytes (f16 cache)
        QCOMPARE(json[QStringLiteral("kv_bytes_per_token")].toInt(), 4 * 80 * 2);
        QCOMPARE(json[QStringLiteral("decode_tokens")].toInt(), 4);
        // Three repetitions by default: the reported shares are the medians of theirs.
        QCOMPARE(json[QStringLiteral("repetitions")].toInt(), 3);
        auto median = [](const QJsonArray& shares) {
            std::vector<double> values;
            for (const QJsonValue& share : shares)
                values.push_back(share.toDouble());
            std::sort(values.begin(), values.end());
            return values.size() == 3 ? values[1] : -1.0;
        };
        const double prefillShare = json[QStringLiteral("prefill_peak_fraction")].toDouble();
        const double decodeShare = json[QStringLiteral("decode_bandwidth_fraction")].toDouble();
        QVERIFY(prefillShare > 0.0 && decodeShare > 0.0);
        QVERIFY(qAbs(median(json[QStringLiteral("prefill_peak_fractions")].toArray()) - prefillShare)
                <= 1e-9 * prefillShare);
        QVERIFY(qAbs(median(json[QStringLiteral("decode_bandwidth_fractions")].toArray()) - decodeShare)
                <= 1e-9 * decodeShare);
    }

    void benchRepetitionsOption()
    {
        const Run one = runCli({QStringLiteral("bench"), QStringLiteral("-m"), m_model, QStringLiteral("-p"),
                                QStringLiteral("8"), QStringLiteral("-n"), QStringLiteral("2"), QStringLiteral("-r"),
                                QStringLiteral("1"), QStringLiteral("--json")});
        QVERIFY2(one.exitCode == 0, qPrintable(one.err));
        const QJsonObject json = QJsonDocument::fromJson(one.out.toUtf8()).object();
        QCOMPARE(json[QStringLiteral("repetitions")].toInt(), 1);
        QCOMPARE(json[QStringLiteral("prefill_peak_fractions")].toArray().size(), 1);
        QCOMPARE(json[QStringLiteral("decode_bandwidth_fractions")].toArray().size(), 1);
        const Run none = runCli(
            {QStringLiteral("bench"), QStringLiteral("-m"), m_model, QStringLiteral("-r"), QStringLiteral("0")});
        QCOMPARE(none.exitCode, 2);
        QVERIFY2(none.err.contains(QStringLiteral("-r")), qPrintable(none.err));
    }

    void benchProfileTimesEveryStage()
    {
        const Run run = runCli({QStringLiteral("bench"), QStringLiteral("-m"), m_model, QStringLiteral("-p"),
                                QStringLiteral("8"), QStringLiteral("-n"), QStringLiteral("2"),
                                QStringLiteral("--profile"), QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        const QJsonObject json = QJsonDocument::fromJson(run.out.toUtf8()).object();
        for (const char* phase : {"prefill_stages", "decode_stages"}) {
            const QJsonArray stages = json[QLatin1String(phase)].toArray();
            QStringList names;
            double seconds = 0.0;
            for (const QJsonValue& stage : stages) {
                names << stage[QStringLiteral("name")].toString();
                QVERIFY(stage[QStringLiteral("seconds")].toDouble() >= 0.0);
                seconds += stage[QStringLiteral("seconds")].toDouble();
            }
            // The stages are the forward pass's trace points, each named once, first seen first.
            QCOMPARE(names.first(), QStringLiteral("token_embd"));
            QCOMPARE(names.last(), QStringLiteral("result_output"));
            QCOMPARE(names.removeDuplicates(), 0);
            for (const char* name : {"attn_norm", "kqv_latent", "attn_out", "ffn_moe_route", "ffn_moe_experts"})
                QVERIFY2(names.contains(QLatin1String(name)), name);
            QVERIFY(seconds > 0.0);
        }
        const double traced = [&json] {
            double sum = 0.0;
            for (const QJsonValue& stage : json[QStringLiteral("prefill_stages")].toArray())
                sum += stage[QStringLiteral("seconds")].toDouble();
            return sum;
        }();
        const double prefill = 8.0 / json[QStringLiteral("prefill_tps")].toDouble();
        QVERIFY2(traced <= prefill * 1.01, qPrintable(QStringLiteral("%1 > %2").arg(traced).arg(prefill)));
    }

    void badModelFilesAreNamed_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("expected");
        QTest::newRow("not gguf") << QByteArray("hello, this is text") << "not a GGUF file";
        QTest::newRow("empty") << QByteArray() << "not a GGUF file";
    }
    void badModelFilesAreNamed()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, expected);
        const QString path = m_dir.filePath(QStringLiteral("bad model ü.gguf"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(content);
        file.close();
        const Run run = runCli(
            {QStringLiteral("logits"), QStringLiteral("-m"), path, QStringLiteral("--tokens"), QStringLiteral("1")});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(path) && run.err.contains(expected), qPrintable(run.err));
    }

    void truncatedModelIsNamed()
    {
        QFile full(m_model);
        QVERIFY(full.open(QIODevice::ReadOnly));
        const QString path = m_dir.filePath(QStringLiteral("truncated.gguf"));
        QFile cut(path);
        QVERIFY(cut.open(QIODevice::WriteOnly));
        cut.write(full.read(full.size() / 2));
        cut.close();
        const Run run = runCli(
            {QStringLiteral("generate"), QStringLiteral("-m"), path, QStringLiteral("-p"), QStringLiteral("hi")});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(path) && run.err.contains(QLatin1String("out of bounds")), qPrintable(run.err));
    }

    void unknownArchitectureIsNamed()
    {
        // Rewrite the architecture string in place: "deepseek2" -> "deepseek9".
        QFile full(m_model);
        QVERIFY(full.open(QIODevice::ReadOnly));
        QByteArray bytes = full.readAll();
        const QByteArray key("general.architecture");
        const qsizetype at = bytes.indexOf(key);
        QVERIFY(at > 0);
        const qsizetype value = bytes.indexOf("deepseek2", at);
        bytes[value + 8] = '9';
        const QString path = m_dir.filePath(QStringLiteral("other-arch.gguf"));
        QFile out(path);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(bytes);
        out.close();
        const Run run = runCli(
            {QStringLiteral("logits"), QStringLiteral("-m"), path, QStringLiteral("--tokens"), QStringLiteral("1")});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(QLatin1String("unknown architecture 'deepseek9'")), qPrintable(run.err));
    }

    void missingOptionsAreUsageErrors()
    {
        QCOMPARE(runCli({QStringLiteral("logits"), QStringLiteral("-m"), m_model}).exitCode, 2);
        QCOMPARE(runCli({QStringLiteral("generate"), QStringLiteral("-p"), QStringLiteral("x")}).exitCode, 2);
        QCOMPARE(runCli({QStringLiteral("make-model"), QStringLiteral("--preset"), QStringLiteral("huge"),
                         QStringLiteral("--out"), m_dir.filePath(QStringLiteral("x.gguf"))})
                     .exitCode,
                 1);
    }

private:
    QTemporaryDir m_dir;
    QString m_model;
};

QTEST_GUILESS_MAIN(TestCliModel)
#include "tst_cli_model.moc"
