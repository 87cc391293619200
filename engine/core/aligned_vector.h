// SPDX-License-Identifier: MIT
// A std::vector whose storage starts on a cache line: SIMD kernels that load whole 64-byte
// vectors from it never split a load across two lines (which halved the speed of the decode
// attention scores when the queries sat 16 bytes off a line).
#pragma once

#include <cstddef>
#include <new>
#include <utility>
#include <vector>

namespace cairn {

template <class T> struct CacheLineAllocator {
    using value_type = T;
    static constexpr std::align_val_t kAlignment{64};

    CacheLineAllocator() = default;
    template <class U> explicit CacheLineAllocator(const CacheLineAllocator<U>&) noexcept { }

    T* allocate(std::size_t n) { return static_cast<T*>(::operator new(n * sizeof(T), kAlignment)); }
    void deallocate(T* p, std::size_t) noexcept { ::operator delete(p, kAlignment); }

    template <class U> bool operator==(const CacheLineAllocator<U>&) const noexcept { return true; }
};

template <class T> using AlignedVector = std::vector<T, CacheLineAllocator<T>>;

/// std::allocator whose resize() leaves new elements default-initialised (uninitialised for
/// floats): for work buffers that are written in full before they are read, where zeroing
/// megabytes per layer showed up in the prefill profile. Not cache-line aligned on purpose: large
/// aligned allocations bypass malloc's reuse of freed memory (fresh pages every layer, 5-7 %
/// slower prefill).
template <class T> struct UninitializedAllocator : std::allocator<T> {
    using value_type = T;
    template <class U> struct rebind {
        using other = UninitializedAllocator<U>;
    };

    UninitializedAllocator() = default;
    template <class U> explicit UninitializedAllocator(const UninitializedAllocator<U>&) noexcept { }

    template <class U, class... Args> void construct(U* p, Args&&... args)
    {
        if constexpr (sizeof...(Args) == 0)
            ::new (static_cast<void*>(p)) U;
        else
            ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
    }
};

/// A vector that does not zero what resize() adds.
template <class T> using ScratchVector = std::vector<T, UninitializedAllocator<T>>;

} // namespace cairn
