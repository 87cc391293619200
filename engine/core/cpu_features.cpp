// SPDX-License-Identifier: MIT
// CPU feature detection with CPUID + XGETBV: a feature counts only if the OS saves its register
// state (and, for AMX, grants this process the tile data state on Linux).

#include "engine/api/backends.h"

#include <algorithm>
#include <thread>
#include <utility>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#include <cstring>
#if defined(__linux__)
#include <sys/syscall.h>
#include <unistd.h>
#endif
#endif

namespace cairn {

namespace {

#if defined(__x86_64__) || defined(__i386__)

struct CpuidRegs {
    unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
};

CpuidRegs cpuid(unsigned leaf, unsigned subleaf)
{
    CpuidRegs r;
    __cpuid_count(leaf, subleaf, r.eax, r.ebx, r.ecx, r.edx);
    return r;
}

bool bit(unsigned reg, unsigned index)
{
    return ((reg >> index) & 1U) != 0;
}

std::uint64_t xgetbv0()
{
    unsigned lo = 0, hi = 0;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return (static_cast<std::uint64_t>(hi) << 32) | lo;
}

std::string brandString()
{
    if (cpuid(0x80000000U, 0).eax < 0x80000004U)
        return "x86 CPU";
    char text[49] = {};
    for (unsigned leaf = 0; leaf < 3; ++leaf) {
        const CpuidRegs r = cpuid(0x80000002U + leaf, 0);
        std::memcpy(text + std::size_t{16} * leaf, &r, 16);
    }
    std::string brand(text);
    const auto first = brand.find_first_not_of(' ');
    return first == std::string::npos ? "x86 CPU" : brand.substr(first);
}

// Linux keeps AMX tile data off until a process asks (arch_prctl ARCH_REQ_XCOMP_PERM).
bool requestAmxPermission()
{
#if defined(__linux__) && defined(__x86_64__)
    constexpr int kArchReqXcompPerm = 0x1023;
    constexpr unsigned long kXfeatureXtileData = 18;
    return syscall(SYS_arch_prctl, kArchReqXcompPerm, kXfeatureXtileData) == 0;
#else
    return false;
#endif
}

void detectX86(CpuInfo& info)
{
    info.brand = brandString();
    const unsigned maxLeaf = cpuid(0, 0).eax;
    const CpuidRegs l1 = cpuid(1, 0);
    const bool osxsave = bit(l1.ecx, 27);
    const std::uint64_t xcr0 = osxsave ? xgetbv0() : 0;
    const bool osAvx = (xcr0 & 0x6) == 0x6;               // SSE + AVX state
    const bool osAvx512 = osAvx && (xcr0 & 0xE0) == 0xE0; // opmask + ZMM state
    const bool osAmx = (xcr0 & 0x60000) == 0x60000;       // XTILECFG + XTILEDATA

    info.fma = osAvx && bit(l1.ecx, 12);
    info.f16c = osAvx && bit(l1.ecx, 29);
    if (maxLeaf < 7)
        return;
    const CpuidRegs l7 = cpuid(7, 0);
    const CpuidRegs l7s1 = cpuid(7, 1);
    info.avx2 = osAvx && bit(l7.ebx, 5);
    info.avx512f = osAvx512 && bit(l7.ebx, 16);
    info.avx512bw = info.avx512f && bit(l7.ebx, 30);
    info.avx512vnni = info.avx512f && bit(l7.ecx, 11);
    info.avx512fp16 = info.avx512f && bit(l7.edx, 23);
    info.avx512bf16 = info.avx512f && bit(l7s1.eax, 5);
    const bool amxTile = osAmx && bit(l7.edx, 24);
    info.amxTile = amxTile && requestAmxPermission();
    info.amxInt8 = info.amxTile && bit(l7.edx, 25);
    info.amxBf16 = info.amxTile && bit(l7.edx, 22);
}

#endif

} // namespace

std::string CpuInfo::featureList() const
{
    const std::pair<bool, const char*> named[] = {
        {avx2, "avx2"},
        {fma, "fma"},
        {f16c, "f16c"},
        {avx512f, "avx512f"},
        {avx512bw, "avx512bw"},
        {avx512vnni, "avx512vnni"},
        {avx512bf16, "avx512bf16"},
        {avx512fp16, "avx512fp16"},
        {amxTile, "amx-tile"},
        {amxInt8, "amx-int8"},
        {amxBf16, "amx-bf16"},
    };
    std::string out;
    for (const auto& [present, name] : named) {
        if (!present)
            continue;
        if (!out.empty())
            out += ' ';
        out += name;
    }
    return out.empty() ? "baseline" : out;
}

CpuInfo probeCpu()
{
    CpuInfo info;
    info.brand = "CPU";
#if defined(__x86_64__) || defined(__i386__)
    detectX86(info);
#endif
    info.logicalCores = std::max(1U, std::thread::hardware_concurrency());
    return info;
}

} // namespace cairn
