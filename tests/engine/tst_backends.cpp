// SPDX-License-Identifier: MIT
// Backend probes: CPU features agree with the compiler's own detection, the Vulkan probe really
// dispatches (lavapipe in CI), and CUDA without a device reports instead of crashing.

#include "engine/api/backends.h"
#include "engine/backends/backend.h"

#include <QtTest>

class TestBackends : public QObject {
    Q_OBJECT
private slots:
    void cpuBackendAnswersCapabilityQueries()
    {
        const cairn::Backend& cpu = cairn::cpuBackend();
        QCOMPARE(cpu.name(), std::string_view("cpu"));
        for (const cairn::DType type :
             {cairn::DType::F32, cairn::DType::F16, cairn::DType::BF16, cairn::DType::Q8_0, cairn::DType::Q4_0,
              cairn::DType::Q4_1, cairn::DType::Q5_0, cairn::DType::Q5_1, cairn::DType::IQ4_NL, cairn::DType::Q4_K,
              cairn::DType::Q5_K, cairn::DType::Q6_K})
            QVERIFY2(cpu.supports(cairn::Op::MatMul, type), cairn::dtypeInfo(type).name.data());
        QVERIFY(!cpu.supports(cairn::Op::MatMul, cairn::DType::Q2_K));
        QVERIFY(!cpu.supports(cairn::Op::MatMul, cairn::DType::MXFP4));
        QVERIFY(cpu.supports(cairn::Op::LatentAttention, cairn::DType::F32));
    }

    void cpuFeaturesMatchCompilerBuiltins();
    void cpuFeatureListNamesWhatIsPresent();
    void vulkanProbeDispatchesOnEveryDevice();
    void cudaProbeReportsWithoutCrashing();
    void probeBackendsCoversEveryBackend();
};

void TestBackends::cpuFeaturesMatchCompilerBuiltins()
{
    const cairn::CpuInfo cpu = cairn::probeCpu();
    QVERIFY(cpu.logicalCores >= 1);
    QVERIFY(!cpu.brand.empty());
#if defined(__x86_64__)
    __builtin_cpu_init();
    QCOMPARE(cpu.avx2, __builtin_cpu_supports("avx2") != 0);
    QCOMPARE(cpu.fma, __builtin_cpu_supports("fma") != 0);
    QCOMPARE(cpu.avx512f, __builtin_cpu_supports("avx512f") != 0);
    QCOMPARE(cpu.avx512vnni, __builtin_cpu_supports("avx512vnni") != 0);
#endif
    // Extensions imply their base.
    QVERIFY(!cpu.avx512bw || cpu.avx512f);
    QVERIFY(!cpu.avx512vnni || cpu.avx512f);
    QVERIFY(!cpu.amxInt8 || cpu.amxTile);
    QVERIFY(!cpu.amxBf16 || cpu.amxTile);
}

void TestBackends::cpuFeatureListNamesWhatIsPresent()
{
    cairn::CpuInfo cpu;
    QCOMPARE(cpu.featureList(), std::string("baseline"));
    cpu.avx2 = true;
    cpu.amxTile = true;
    QCOMPARE(cpu.featureList(), std::string("avx2 amx-tile"));
}

void TestBackends::vulkanProbeDispatchesOnEveryDevice()
{
    const cairn::VulkanInfo vulkan = cairn::probeVulkan();
    if (!vulkan.compiled)
        QSKIP("built with CAIRN_VULKAN=OFF");
    if (vulkan.devices.empty()) {
        // scripts/install-deps installs lavapipe, so CI always has a device.
        if (qEnvironmentVariableIsSet("CI"))
            QFAIL(qPrintable(QStringLiteral("no Vulkan device in CI: %1").arg(QString::fromStdString(vulkan.status))));
        QSKIP("no Vulkan device (install mesa-vulkan-drivers for lavapipe)");
    }
    for (const cairn::VulkanDevice& device : vulkan.devices) {
        QVERIFY2(device.computeOk, (device.name + ": " + device.problem).c_str());
        QVERIFY(!device.name.empty());
        QVERIFY(!device.apiVersion.empty());
    }
}

void TestBackends::cudaProbeReportsWithoutCrashing()
{
    const cairn::CudaInfo cuda = cairn::probeCuda();
    QVERIFY(!cuda.status.empty());
    if (!cuda.compiled) {
        QVERIFY(cuda.devices.empty());
        QSKIP("built without CUDA");
    }
    QVERIFY(!cuda.runtimeVersion.empty());
    if (cuda.devices.empty()) {
        QVERIFY(!cuda.kernelOk);
        QVERIFY2(cuda.status.find("no CUDA device") == 0, cuda.status.c_str());
        QSKIP("no CUDA device here; the probe reported it cleanly");
    }
    QVERIFY2(cuda.kernelOk, cuda.status.c_str());
}

void TestBackends::probeBackendsCoversEveryBackend()
{
    const cairn::BackendReport report = cairn::probeBackends();
    QCOMPARE(report.cpu.featureList(), cairn::probeCpu().featureList());
    QVERIFY(!report.cuda.status.empty());
    QVERIFY(!report.vulkan.status.empty());
}

QTEST_GUILESS_MAIN(TestBackends)
#include "tst_backends.moc"
