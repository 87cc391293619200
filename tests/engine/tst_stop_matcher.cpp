// SPDX-License-Identifier: MIT
// StopMatcher: what each streamed piece releases, where it stops, and that any way of cutting a
// text into pieces gives the same output as the whole text.

#include "engine/sampling/stop_matcher.h"
#include "engine/sampling/xoshiro256.h"

#include <QtTest>

#include <string>
#include <vector>

using namespace cairn;

namespace {

std::vector<std::string> toStrings(const QByteArrayList& list)
{
    std::vector<std::string> strings;
    for (const QByteArray& item : list)
        strings.push_back(item.toStdString());
    return strings;
}

/// The whole text cut before the stop string that ends first (the longer one on a tie).
std::string referenceOutput(const std::string& text, const std::vector<std::string>& stops)
{
    for (std::size_t end = 1; end <= text.size(); ++end) {
        for (std::size_t begin = 0; begin < end; ++begin) {
            for (const std::string& stop : stops) {
                if (!stop.empty() && text.compare(begin, end - begin, stop) == 0)
                    return text.substr(0, begin);
            }
        }
    }
    return text;
}

} // namespace

class TestStopMatcher : public QObject {
    Q_OBJECT

private slots:
    void streams_data()
    {
        QTest::addColumn<QByteArrayList>("stops");
        QTest::addColumn<QByteArrayList>("pieces");
        QTest::addColumn<QByteArrayList>("texts"); // one per piece
        QTest::addColumn<int>("stoppedAt");        // index of the piece that completed a stop, or -1
        QTest::addColumn<QByteArray>("flushed");

        QTest::newRow("no stops") << QByteArrayList{} << QByteArrayList{"ab", "cd"} << QByteArrayList{"ab", "cd"} << -1
                                  << QByteArray();
        QTest::newRow("no match") << QByteArrayList{"xyz"} << QByteArrayList{"hello ", "world"}
                                  << QByteArrayList{"hello ", "world"} << -1 << QByteArray();
        QTest::newRow("prefix held, then released")
            << QByteArrayList{"</s>"} << QByteArrayList{"a<", "/x"} << QByteArrayList{"a", "</x"} << -1 << QByteArray();
        QTest::newRow("stop inside one piece")
            << QByteArrayList{"END"} << QByteArrayList{"abcENDxyz"} << QByteArrayList{"abc"} << 0 << QByteArray();
        QTest::newRow("stop split across pieces")
            << QByteArrayList{"<|end|>"} << QByteArrayList{"hi <", "|", "en", "d|", ">tail"}
            << QByteArrayList{"hi ", "", "", "", ""} << 4 << QByteArray();
        QTest::newRow("overlapping prefixes")
            << QByteArrayList{"abcabd"} << QByteArrayList{"a", "b", "c", "a", "b", "c", "a", "b", "d"}
            << QByteArrayList{"", "", "", "", "", "abc", "", "", ""} << 8 << QByteArray();
        QTest::newRow("self-overlapping stop") << QByteArrayList{"aab"} << QByteArrayList{"a", "a", "a", "a", "b"}
                                               << QByteArrayList{"", "", "a", "a", ""} << 4 << QByteArray();
        QTest::newRow("held tail flushed at the end")
            << QByteArrayList{"STOP"} << QByteArrayList{"go ST"} << QByteArrayList{"go "} << -1 << QByteArray("ST");
        QTest::newRow("first to complete wins")
            << QByteArrayList{"abcd", "bc"} << QByteArrayList{"abcd"} << QByteArrayList{"a"} << 0 << QByteArray();
        QTest::newRow("same end, longer wins")
            << QByteArrayList{"c", "abc"} << QByteArrayList{"xabc"} << QByteArrayList{"x"} << 0 << QByteArray();
        QTest::newRow("each stop's partial counts") << QByteArrayList{"xy", "abcd"} << QByteArrayList{"qabcx", "yz"}
                                                    << QByteArrayList{"qabc", ""} << 1 << QByteArray();
        QTest::newRow("pieces after a stop are dropped") << QByteArrayList{"!"} << QByteArrayList{"hi!", "more", "!"}
                                                         << QByteArrayList{"hi", "", ""} << 0 << QByteArray();
        QTest::newRow("UTF-8 split inside a character")
            << QByteArrayList{"\xc3\xa9"} << QByteArrayList{"caf\xc3", "\xa9!"} << QByteArrayList{"caf", ""} << 1
            << QByteArray();
        QTest::newRow("empty stop ignored")
            << QByteArrayList{""} << QByteArrayList{"ab"} << QByteArrayList{"ab"} << -1 << QByteArray();
        QTest::newRow("stop at the very start")
            << QByteArrayList{"<"} << QByteArrayList{"<tag>"} << QByteArrayList{""} << 0 << QByteArray();
    }
    void streams()
    {
        QFETCH(QByteArrayList, stops);
        QFETCH(QByteArrayList, pieces);
        QFETCH(QByteArrayList, texts);
        QFETCH(int, stoppedAt);
        QFETCH(QByteArray, flushed);
        QCOMPARE(texts.size(), pieces.size());
        StopMatcher matcher(toStrings(stops));
        for (qsizetype i = 0; i < pieces.size(); ++i) {
            const StopMatcher::Step step = matcher.push(pieces[i].toStdString());
            QCOMPARE(QByteArray::fromStdString(step.text), texts[i]);
            QCOMPARE(step.stopped, stoppedAt >= 0 && i >= stoppedAt);
        }
        QCOMPARE(QByteArray::fromStdString(matcher.flush()), flushed);
    }

    void anyCutGivesTheWholeTextResult_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QByteArrayList>("stops");
        QTest::newRow("overlaps") << QByteArray("xxabcabcabdyy") << QByteArrayList{"abcabd"};
        QTest::newRow("chat template") << QByteArray("Sure.<|end\xe2\x96\x81of\xe2\x96\x81sentence|>User:")
                                       << QByteArrayList{"<|end\xe2\x96\x81of\xe2\x96\x81sentence|>", "User:"};
        QTest::newRow("competing stops") << QByteArray("one two three four") << QByteArrayList{"two three f", "three"};
        QTest::newRow("no stop present") << QByteArray("aaaaabaaaab") << QByteArrayList{"aaaaaa", "ba b"};
        QTest::newRow("repeated letters") << QByteArray("aaaaaaab") << QByteArrayList{"aaab"};
    }
    void anyCutGivesTheWholeTextResult()
    {
        QFETCH(QByteArray, text);
        QFETCH(QByteArrayList, stops);
        const std::string whole = text.toStdString();
        const std::vector<std::string> stopList = toStrings(stops);
        const std::string expected = referenceOutput(whole, stopList);
        Xoshiro256 rng(17);
        for (int trial = 0; trial < 200; ++trial) {
            StopMatcher matcher(stopList);
            std::string output;
            bool stopped = false;
            for (std::size_t at = 0; at < whole.size();) {
                const std::size_t length = 1 + rng.next() % 4U;
                const StopMatcher::Step step = matcher.push(std::string_view(whole).substr(at, length));
                output += step.text;
                stopped = step.stopped;
                at += length;
            }
            output += matcher.flush();
            QCOMPARE(QByteArray::fromStdString(output), QByteArray::fromStdString(expected));
            QCOMPARE(stopped, expected.size() != whole.size());
        }
    }
};

QTEST_APPLESS_MAIN(TestStopMatcher)
#include "tst_stop_matcher.moc"
