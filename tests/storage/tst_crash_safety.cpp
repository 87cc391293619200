// SPDX-License-Identifier: MIT
// Crash safety: crash_writer streams a reply into one database and is killed with SIGKILL at random
// moments, many times. After every kill the database opens, passes integrity_check, holds every user
// message the child reported, and holds at least every reply byte the child reported committed.

#include "storage/conversation_store.h"
#include "storage/database.h"
#include "tests/storage/crash_protocol.h"

#include <QtTest>

#include <chrono>

using namespace cairn::storage;

namespace {

constexpr int kShortKills = 60;
constexpr int kShortIntervalMs = 100; // so that even runs killed within a second have committed
constexpr int kAppKills = 4;
constexpr int kAppIntervalMs = 2000; // ReplyWriter's default, as the app streams
constexpr int kPieceIntervalUs = 250;

long long steadyNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

/// What the child reported before it died (complete lines only).
struct Report {
    std::optional<std::int64_t> conversationId;
    std::optional<std::int64_t> userMessageId;
    std::optional<std::int64_t> replyId;
    long long replyBeganNs = 0;
    std::size_t committedBytes = 0;
    long long lastCommitNs = 0;
    int commits = 0;
};

class LineReader {
public:
    /// Adds newly read bytes and parses each complete line into `report`.
    void feed(const QByteArray& bytes, Report& report)
    {
        m_pending += bytes;
        for (qsizetype end = m_pending.indexOf('\n'); end >= 0; end = m_pending.indexOf('\n')) {
            const QList<QByteArray> words = m_pending.left(end).split(' ');
            m_pending.remove(0, end + 1);
            if (words.value(0) == "conversation")
                report.conversationId = words.value(1).toLongLong();
            else if (words.value(0) == "user")
                report.userMessageId = words.value(1).toLongLong();
            else if (words.value(0) == "reply") {
                report.replyId = words.value(1).toLongLong();
                report.replyBeganNs = words.value(2).toLongLong();
            } else if (words.value(0) == "commit") {
                report.committedBytes = static_cast<std::size_t>(words.value(1).toULongLong());
                report.lastCommitNs = words.value(2).toLongLong();
                ++report.commits;
            }
        }
    }

private:
    QByteArray m_pending;
};

std::string expectedReply(std::size_t atLeast)
{
    std::string text;
    for (std::int64_t i = 0; text.size() < atLeast; ++i)
        text += cairn::crashtest::replyPiece(i);
    return text;
}

} // namespace

class TestCrashSafety : public QObject {
    Q_OBJECT
private slots:
    void killedWriterLosesNothingCommitted();
};

void TestCrashSafety::killedWriterLosesNothingCommitted()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cairn.db"));
    const quint32 seed = qEnvironmentVariableIsSet("CAIRN_CRASH_SEED")
        ? static_cast<quint32>(qEnvironmentVariableIntValue("CAIRN_CRASH_SEED"))
        : 20261124u;
    QRandomGenerator random(seed);
    std::map<std::int64_t, std::int64_t> userMessages; // message id -> conversation id, all runs
    int runsWithCommits = 0;
    int runsKilledBeforeUser = 0;
    int runsKilledBeforeReply = 0;
    double maxLostMs[2] = {0, 0}; // short interval, app interval
    std::size_t maxUnreportedBytes = 0;

    for (int run = 0; run < kShortKills + kAppKills; ++run) {
        // With the short interval a third of the runs die early (startup, migration, user message), a
        // third at a random time, a third aimed at the moment of the next commit after a few happened.
        // The last runs use the app's interval and die a few seconds in.
        const bool appInterval = run >= kShortKills;
        const int intervalMs = appInterval ? kAppIntervalMs : kShortIntervalMs;
        const bool aimed = !appInterval && run % 3 == 2;
        const int delayMs = static_cast<int>(appInterval        ? random.bounded(2200, 4500)
                                                 : run % 3 == 0 ? random.bounded(0, 25)
                                                                : random.bounded(5, 700));
        const int commitsBeforeAim = static_cast<int>(random.bounded(1, 4));
        const int aimJitterUs = static_cast<int>(random.bounded(0, 3000));

        QProcess child;
        child.start(QStringLiteral(CAIRN_CRASH_WRITER_PATH),
                    {path, QString::number(intervalMs), QString::number(kPieceIntervalUs)});
        QVERIFY(child.waitForStarted());
        Report report;
        LineReader reader;
        if (!aimed) {
            QTest::qSleep(delayMs);
        } else {
            QElapsedTimer waited;
            waited.start();
            while (report.commits < commitsBeforeAim && waited.elapsed() < 10'000
                   && child.state() == QProcess::Running) {
                child.waitForReadyRead(50);
                reader.feed(child.readAllStandardOutput(), report);
            }
            QVERIFY2(report.commits >= commitsBeforeAim, child.readAllStandardError().constData());
            const long long target
                = report.lastCommitNs + intervalMs * 1'000'000LL - 1'500'000LL + aimJitterUs * 1000LL;
            const long long wait = target - steadyNs();
            if (wait > 0)
                QThread::usleep(static_cast<unsigned long>(wait / 1000));
        }
        QVERIFY2(child.state() == QProcess::Running, child.readAllStandardError().constData());
        const long long killedNs = steadyNs();
        child.kill();
        QVERIFY(child.waitForFinished(10'000));
        QCOMPARE(child.exitStatus(), QProcess::CrashExit);
        reader.feed(child.readAllStandardOutput(), report);

        auto db = Database::open(path.toStdString());
        QVERIFY2(db.ok(), db.ok() ? "" : db.error().message().c_str());
        auto problems = db.value().integrityProblems();
        QVERIFY(problems.ok());
        QVERIFY2(problems.value().empty(), problems.value().empty() ? "" : problems.value().front().c_str());
        ConversationStore store(db.value());

        if (report.userMessageId)
            userMessages[*report.userMessageId] = report.conversationId.value_or(-1);
        for (const auto& [messageId, conversationId] : userMessages) {
            auto message = store.message(messageId);
            QVERIFY2(message.ok(), qPrintable(QStringLiteral("run %1: user message %2 lost").arg(run).arg(messageId)));
            QCOMPARE(message.value().content, cairn::crashtest::userText(conversationId));
        }
        runsKilledBeforeUser += report.userMessageId ? 0 : 1;
        if (!report.replyId) {
            ++runsKilledBeforeReply;
            continue;
        }
        auto reply = store.message(*report.replyId);
        QVERIFY2(reply.ok(), qPrintable(QStringLiteral("run %1: reply %2 lost").arg(run).arg(*report.replyId)));
        const std::string& stored = reply.value().content;
        QVERIFY2(stored.size() >= report.committedBytes,
                 qPrintable(QStringLiteral("run %1: %2 bytes stored, %3 reported committed")
                                .arg(run)
                                .arg(stored.size())
                                .arg(report.committedBytes)));
        QVERIFY2(expectedReply(stored.size()).starts_with(stored), qPrintable(QStringLiteral("run %1").arg(run)));
        QVERIFY(!reply.value().complete);

        runsWithCommits += report.commits > 0 ? 1 : 0;
        maxUnreportedBytes = std::max(maxUnreportedBytes, stored.size() - report.committedBytes);
        // Nothing older than the last reported commit can be missing: that is the most lost.
        const long long lastDurableNs = report.commits > 0 ? report.lastCommitNs : report.replyBeganNs;
        double& maxLost = maxLostMs[appInterval ? 1 : 0];
        maxLost = std::max(maxLost, static_cast<double>(killedNs - lastDurableNs) / 1e6);
    }
    qInfo("seed %u: %d kills, %d before the user message was reported, %d before the reply began, %d after at "
          "least one commit; longest stretch of uncommitted reply at a kill: %.1f ms (interval %d ms), %.1f ms "
          "(interval %d ms); largest commit not yet reported %zu bytes",
          seed, kShortKills + kAppKills, runsKilledBeforeUser, runsKilledBeforeReply, runsWithCommits, maxLostMs[0],
          kShortIntervalMs, maxLostMs[1], kAppIntervalMs, maxUnreportedBytes);
    QVERIFY(runsWithCommits >= kShortKills / 3);
}

QTEST_GUILESS_MAIN(TestCrashSafety)
#include "tst_crash_safety.moc"
