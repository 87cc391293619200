// SPDX-License-Identifier: MIT
// The worker pool: every index visited exactly once, every thread used, reuse across many loops.

#include "engine/core/thread_pool.h"

#include <QtTest>

#include <atomic>
#include <vector>

using namespace cairn;

class TestThreadPool : public QObject {
    Q_OBJECT

private slots:
    void parallelForVisitsEachIndexOnce_data()
    {
        QTest::addColumn<int>("threads");
        QTest::addColumn<qint64>("count");
        QTest::addColumn<qint64>("grain");
        QTest::newRow("single thread") << 1 << qint64(1000) << qint64(1);
        QTest::newRow("two threads") << 2 << qint64(1000) << qint64(1);
        QTest::newRow("more threads than items") << 4 << qint64(3) << qint64(1);
        QTest::newRow("grain larger than count") << 3 << qint64(10) << qint64(64);
        QTest::newRow("empty") << 2 << qint64(0) << qint64(1);
    }
    void parallelForVisitsEachIndexOnce()
    {
        QFETCH(int, threads);
        QFETCH(qint64, count);
        QFETCH(qint64, grain);
        ThreadPool pool(threads);
        QCOMPARE(pool.size(), threads);
        std::vector<std::atomic<int>> hits(static_cast<std::size_t>(count));
        pool.parallelFor(count, grain, [&](std::int64_t begin, std::int64_t end) {
            QVERIFY(begin < end);
            for (std::int64_t i = begin; i < end; ++i)
                hits[static_cast<std::size_t>(i)].fetch_add(1);
        });
        for (const auto& hit : hits)
            QCOMPARE(hit.load(), 1);
    }

    void runUsesEveryThread()
    {
        ThreadPool pool(3);
        std::vector<std::atomic<int>> seen(3);
        pool.run([&](int thread, int threads) {
            QCOMPARE(threads, 3);
            seen[static_cast<std::size_t>(thread)].fetch_add(1);
        });
        for (const auto& count : seen)
            QCOMPARE(count.load(), 1);
    }

    void manySmallLoopsSumCorrectly()
    {
        ThreadPool pool(2);
        std::atomic<std::int64_t> total{0};
        for (int round = 0; round < 5000; ++round) {
            pool.parallelFor(16, 1, [&](std::int64_t begin, std::int64_t end) {
                std::int64_t local = 0;
                for (std::int64_t i = begin; i < end; ++i)
                    local += i;
                total.fetch_add(local);
            });
        }
        QCOMPARE(total.load(), std::int64_t(5000) * (15 * 16 / 2));
    }

    void defaultSizeIsHardwareThreads()
    {
        ThreadPool pool;
        QCOMPARE(pool.size(), ThreadPool::hardwareThreads());
        QVERIFY(pool.size() >= 1);
    }
};

QTEST_APPLESS_MAIN(TestThreadPool)
#include "tst_thread_pool.moc"
