// SPDX-License-Identifier: MIT
// The worker pool: every index visited exactly once, every thread used, reuse across many loops,
// a stuck thread's share taken over, sleeping workers, ranges sized by the threads' speeds; slots
// run in parallel and added in order.

#include "engine/core/ordered_slots.h"
#include "engine/core/thread_pool.h"

#include <QtTest>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <thread>
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

    void slotsAreAddedInAscendingOrder_data()
    {
        QTest::addColumn<int>("threads");
        QTest::newRow("one thread") << 1;
        QTest::newRow("two threads") << 2;
        QTest::newRow("three threads") << 3;
    }
    void slotsAreAddedInAscendingOrder()
    {
        // Slots of uneven work finish out of order; each result must reach `add` intact, every
        // slot once, in ascending order, however the threads interleave (many rounds, reusing
        // the threads' buffers; some slots have empty results).
        QFETCH(int, threads);
        ThreadPool pool(threads);
        constexpr std::size_t kSlots = 97;
        auto size = [](std::size_t slot) { return slot % 5 == 0 ? std::size_t{0} : slot % 13 + 1; };
        for (int round = 0; round < 50; ++round) {
            std::vector<std::size_t> order;
            std::atomic<int> wrong{0};
            std::atomic<int> adding{0};
            runInSlotOrder(
                pool, kSlots,
                [&](std::size_t slot, float* result) {
                    volatile std::uint64_t spin = 0;
                    for (std::size_t i = 0; i < (slot * 7919 + static_cast<std::size_t>(round)) % 17 * 500; ++i)
                        spin = spin + i;
                    std::fill_n(result, size(slot), static_cast<float>(slot) + 0.5F);
                },
                [&](std::size_t slot, const float* result) {
                    if (adding.fetch_add(1) != 0)
                        wrong.fetch_add(1); // two adds at once
                    for (std::size_t i = 0; i < size(slot); ++i) {
                        if (result[i] != static_cast<float>(slot) + 0.5F)
                            wrong.fetch_add(1);
                    }
                    order.push_back(slot);
                    adding.fetch_sub(1);
                },
                size);
            QCOMPARE(wrong.load(), 0);
            QCOMPARE(order.size(), kSlots);
            for (std::size_t i = 0; i < kSlots; ++i)
                QCOMPARE(order[i], i);
        }
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

    void aStuckThreadsShareIsTakenOver()
    {
        // Chunk 0 is the caller's and blocks until chunks 1-3, the rest of the caller's share,
        // are done: only the worker can run them, from the back of that share, once its own
        // (4-7) is done. A timeout instead of a hang if it does not.
        ThreadPool pool(2);
        for (int round = 0; round < 20; ++round) {
            std::vector<std::atomic<int>> hits(8);
            std::atomic<int> othersDone{0};
            std::atomic<bool> timedOut{false};
            pool.parallelFor(8, 1, [&](std::int64_t begin, std::int64_t end) {
                for (std::int64_t i = begin; i < end; ++i) {
                    if (i == 0) {
                        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
                        while (othersDone.load() < 3 && std::chrono::steady_clock::now() < deadline)
                            std::this_thread::yield();
                        timedOut = othersDone.load() < 3;
                    } else if (i < 4) {
                        othersDone.fetch_add(1);
                    }
                    hits[static_cast<std::size_t>(i)].fetch_add(1);
                }
            });
            QVERIFY(!timedOut.load());
            for (const auto& hit : hits)
                QCOMPARE(hit.load(), 1);
        }
    }

    void runsBackToBackWithSleepingWorkers()
    {
        // Workers fall asleep between loops (no loop for longer than their spin); every loop
        // still runs every part once, whether a worker wakes in time or the caller runs its part.
        ThreadPool pool(3);
        for (int round = 0; round < 30; ++round) {
            std::vector<std::atomic<int>> seen(3);
            pool.run([&](int part, int) { seen[static_cast<std::size_t>(part)].fetch_add(1); });
            for (const auto& count : seen)
                QCOMPARE(count.load(), 1);
            std::this_thread::sleep_for(std::chrono::milliseconds(round % 3 == 0 ? 5 : 0));
        }
    }

    void balancedRangesCoverEverythingOnBoundaries()
    {
        for (const int threads : {1, 2, 3}) {
            ThreadPool pool(threads);
            for (const std::int64_t count : {0, 1, 7, 50, 1000}) {
                std::vector<std::atomic<int>> hits(static_cast<std::size_t>(count));
                std::atomic<int> ranges{0};
                pool.parallelForBalanced(count, 4, [&](std::int64_t begin, std::int64_t end) {
                    QVERIFY(begin < end);
                    QCOMPARE(begin % 4, std::int64_t{0}); // only the last range may end off a boundary
                    QVERIFY(end % 4 == 0 || end == count);
                    ranges.fetch_add(1);
                    for (std::int64_t i = begin; i < end; ++i)
                        hits[static_cast<std::size_t>(i)].fetch_add(1);
                });
                QVERIFY(ranges.load() <= threads);
                for (const auto& hit : hits)
                    QCOMPARE(hit.load(), 1);
            }
        }
    }

    void aSlowerThreadGetsLessOfABalancedLoop()
    {
        // Items take three times as long on the worker as on the caller (sleeps, so that other
        // tests running beside this one blur it little): after some loops the caller's range is
        // the larger one (equal would be 500 of 1000; even would be 750).
        ThreadPool pool(2);
        const std::thread::id caller = std::this_thread::get_id();
        std::int64_t callerItems = 0;
        for (int loop = 0; loop < 200; ++loop) {
            pool.parallelForBalanced(1000, 10, [&](std::int64_t begin, std::int64_t end) {
                const bool onCaller = std::this_thread::get_id() == caller;
                std::this_thread::sleep_for(std::chrono::microseconds((end - begin) * (onCaller ? 1 : 3)));
                if (onCaller && begin == 0)
                    callerItems = end;
            });
        }
        qInfo("the caller's range: %lld of 1000", static_cast<long long>(callerItems));
        QVERIFY2(callerItems >= 600, qPrintable(QString::number(callerItems)));
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
