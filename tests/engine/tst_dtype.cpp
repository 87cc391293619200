// SPDX-License-Identifier: MIT
// The GGML type table: ids, block layouts and row sizes as GGUF files store them.

#include "engine/core/dtype.h"

#include <QtTest>

using namespace cairn;

class TestDType : public QObject {
    Q_OBJECT

private slots:
    void layoutsMatchGgml_data()
    {
        QTest::addColumn<quint32>("id");
        QTest::addColumn<QString>("name");
        QTest::addColumn<quint32>("blockSize");
        QTest::addColumn<quint32>("typeSize");
        QTest::newRow("f32") << 0U << "f32" << 1U << 4U;
        QTest::newRow("f16") << 1U << "f16" << 1U << 2U;
        QTest::newRow("q4_0") << 2U << "q4_0" << 32U << 18U;
        QTest::newRow("q8_0") << 8U << "q8_0" << 32U << 34U;
        QTest::newRow("q4_K") << 12U << "q4_K" << 256U << 144U;
        QTest::newRow("q5_K") << 13U << "q5_K" << 256U << 176U;
        QTest::newRow("q6_K") << 14U << "q6_K" << 256U << 210U;
        QTest::newRow("q8_K") << 15U << "q8_K" << 256U << 292U;
        QTest::newRow("bf16") << 30U << "bf16" << 1U << 2U;
        QTest::newRow("mxfp4") << 39U << "mxfp4" << 32U << 17U;
    }
    void layoutsMatchGgml()
    {
        QFETCH(quint32, id);
        QFETCH(QString, name);
        QFETCH(quint32, blockSize);
        QFETCH(quint32, typeSize);
        const auto info = dtypeInfo(id);
        QVERIFY(info.has_value());
        QCOMPARE(QString::fromLatin1(info->name.data(), static_cast<qsizetype>(info->name.size())), name);
        QCOMPARE(info->blockSize, blockSize);
        QCOMPARE(info->typeSize, typeSize);
        QCOMPARE(static_cast<quint32>(info->type), id);
        QCOMPARE(dtypeInfo(info->type).typeSize, typeSize);
    }

    void retiredAndUnknownIdsAreRejected()
    {
        for (const quint32 id : {4U, 5U, 31U, 32U, 33U, 36U, 37U, 38U, 40U, 1000U})
            QVERIFY2(!dtypeInfo(id).has_value(), qPrintable(QString::number(id)));
    }

    void rowBytesNeedsWholeBlocks()
    {
        QCOMPARE(rowBytes(DType::F32, 7).value(), 28U);
        QCOMPARE(rowBytes(DType::Q4_K, 512).value(), 288U);
        QCOMPARE(rowBytes(DType::Q8_0, 64).value(), 68U);
        QVERIFY(!rowBytes(DType::Q4_K, 300).has_value());
        QVERIFY(!rowBytes(DType::Q8_0, 33).has_value());
        QVERIFY(!rowBytes(DType::F32, std::uint64_t{1} << 62).has_value()); // would overflow
    }
};

QTEST_APPLESS_MAIN(TestDType)
#include "tst_dtype.moc"
