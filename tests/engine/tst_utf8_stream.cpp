// SPDX-License-Identifier: MIT
// Utf8Stream: characters split across pushes are held back; invalid bytes become U+FFFD.

#include "engine/tokenizer/utf8_stream.h"

#include <QtTest>

using namespace cairn;

namespace {

QByteArray toQt(const std::string& text)
{
    return QByteArray(text.data(), static_cast<qsizetype>(text.size()));
}

} // namespace

class TestUtf8Stream : public QObject {
    Q_OBJECT

private slots:
    void pushes_data()
    {
        QTest::addColumn<QByteArrayList>("pushes");
        QTest::addColumn<QByteArrayList>("outputs");
        QTest::addColumn<QByteArray>("finish");
        const QByteArray fffd = "\xEF\xBF\xBD";
        QTest::newRow("ascii") << QByteArrayList{"ab", "c"} << QByteArrayList{"ab", "c"} << QByteArray();
        QTest::newRow("two-byte split") << QByteArrayList{"h\xC3", "\xA9t"} << QByteArrayList{"h", "\xC3\xA9t"}
                                        << QByteArray();
        QTest::newRow("emoji byte by byte") << QByteArrayList{"\xF0", "\x9F", "\x98", "\x80"}
                                            << QByteArrayList{"", "", "", "\xF0\x9F\x98\x80"} << QByteArray();
        QTest::newRow("cjk two then one")
            << QByteArrayList{"\xE4\xBD", "\xA0!"} << QByteArrayList{"", "\xE4\xBD\xA0!"} << QByteArray();
        QTest::newRow("stray continuation") << QByteArrayList{"a\x80"
                                                              "b"}
                                            << QByteArrayList{"a" + fffd + "b"} << QByteArray();
        QTest::newRow("invalid lead") << QByteArrayList{"\xFF\xC0"} << QByteArrayList{fffd + fffd} << QByteArray();
        QTest::newRow("cut short by ascii")
            << QByteArrayList{"\xC3", "A"} << QByteArrayList{"", fffd + "A"} << QByteArray();
        QTest::newRow("unfinished at end") << QByteArrayList{"ok\xE2\x82"} << QByteArrayList{"ok"} << fffd;
        QTest::newRow("surrogate") << QByteArrayList{"\xED\xA0\x80"} << QByteArrayList{fffd + fffd + fffd}
                                   << QByteArray();
        QTest::newRow("overlong") << QByteArrayList{"\xE0\x80\xAF"} << QByteArrayList{fffd + fffd + fffd}
                                  << QByteArray();
        QTest::newRow("above U+10FFFF") << QByteArrayList{"\xF4\x90\x80\x80"}
                                        << QByteArrayList{fffd + fffd + fffd + fffd} << QByteArray();
        QTest::newRow("valid prefix then bad byte")
            << QByteArrayList{"\xF0\x9F", "\x98x"} << QByteArrayList{"", fffd + "x"} << QByteArray();
    }
    void pushes()
    {
        QFETCH(QByteArrayList, pushes);
        QFETCH(QByteArrayList, outputs);
        QFETCH(QByteArray, finish);
        Utf8Stream stream;
        QByteArrayList actual;
        for (const QByteArray& bytes : pushes)
            actual.push_back(
                toQt(stream.push(std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())))));
        QCOMPARE(actual, outputs);
        QCOMPARE(toQt(stream.finish()), finish);
        QCOMPARE(stream.pending(), std::size_t{0});
        QCOMPARE(toQt(stream.push("again")), QByteArray("again"));
    }
};

QTEST_APPLESS_MAIN(TestUtf8Stream)
#include "tst_utf8_stream.moc"
