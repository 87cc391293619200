// SPDX-License-Identifier: MIT
// InterleavedWeights: one buffer on huge-page boundaries, one 64-byte aligned slot per distinct
// interleavable matrix.

#include "engine/backends/cpu/interleaved_weights.h"

#include <algorithm>
#include <map>
#include <span>
#include <utility>

#include <sys/mman.h>

namespace cairn::cpu {

namespace {

/// Releases the bytes of `sources` as few ranges: matrices that follow each other in the file
/// (the experts of one tensor) go as one, so the pages they share at their edges go too.
void releaseSources(std::span<const WeightMatrix> sources, const InterleavedWeights::ReleaseFn& release)
{
    constexpr std::uintptr_t kGap = 4096; // tensors are padded to their alignment, far less
    std::vector<std::pair<std::uintptr_t, std::uintptr_t>> ranges;
    for (const WeightMatrix& w : sources) {
        const auto begin = reinterpret_cast<std::uintptr_t>(w.data);
        ranges.emplace_back(begin, begin + static_cast<std::uintptr_t>(w.rows) * w.rowStride);
    }
    std::sort(ranges.begin(), ranges.end());
    for (std::size_t i = 0; i < ranges.size();) {
        std::uintptr_t end = ranges[i].second;
        std::size_t j = i + 1;
        while (j < ranges.size() && ranges[j].first <= end + kGap)
            end = std::max(end, ranges[j++].second);
        release(reinterpret_cast<const void*>(ranges[i].first), end - ranges[i].first);
        i = j;
    }
}

} // namespace

std::optional<std::uint64_t> InterleavedWeights::build(const std::vector<WeightMatrix*>& matrices, ThreadPool& pool,
                                                       std::uint64_t budgetBytes, const ReleaseFn& release,
                                                       const ProgressFn& progress, const CancelToken* cancel)
{
    // Source pages stay mapped until their batch is done: small batches keep the peak resident
    // size near the copies' (64 MB batches added 12 % to a 0.5 GB model's peak).
    constexpr std::size_t kBatchBytes = std::size_t{16} << 20;
    constexpr std::size_t kAlign = 64;
    // Distinct sources (a tied output head may list the same tensor twice), each at a slot.
    std::map<const void*, std::size_t> slotOf;
    std::vector<WeightMatrix> sources;
    std::vector<std::size_t> offsets;
    std::size_t total = 0;
    for (const WeightMatrix* w : matrices) {
        if (w->data == nullptr || !interleavable(*w) || slotOf.count(w->data) != 0)
            continue;
        slotOf.emplace(w->data, sources.size());
        sources.push_back(*w);
        offsets.push_back(total);
        const std::size_t bytes
            = static_cast<std::size_t>(w->rows) * rowBytes(w->type, static_cast<std::uint64_t>(w->cols)).value_or(0);
        total += (bytes + kAlign - 1) / kAlign * kAlign;
    }
    if (sources.empty() || total > budgetBytes)
        return std::uint64_t{0};
    // Not zeroed: pages become resident as the copies are written. Huge pages where the system
    // allows them (transparent_hugepage "madvise"): 1 GB of copies took 250k page faults to write
    // and every 4 KB of a decode's weight stream a TLB miss.
    const std::size_t reserved = (total + kStorageAlign - 1) / kStorageAlign * kStorageAlign;
    std::unique_ptr<std::byte[], AlignedDelete> storage(new (std::align_val_t{kStorageAlign}) std::byte[reserved]);
    madvise(storage.get(), reserved, MADV_HUGEPAGE);
    std::vector<WeightMatrix> copies(sources.size());
    // Batches of about kBatchBytes, matrices in parallel within one, progress between them.
    for (std::size_t first = 0; first < sources.size();) {
        std::size_t last = first + 1;
        while (last < sources.size() && offsets[last] - offsets[first] < kBatchBytes)
            ++last;
        pool.parallelFor(static_cast<std::int64_t>(last - first), 1, [&](std::int64_t begin, std::int64_t end) {
            for (auto i = first + static_cast<std::size_t>(begin); i < first + static_cast<std::size_t>(end); ++i)
                copies[i] = interleave(sources[i], storage.get() + offsets[i]);
        });
        if (release)
            releaseSources(std::span(sources).subspan(first, last - first), release);
        first = last;
        if (progress)
            progress("interleave", first < sources.size() ? offsets[first] : total, total);
        if (cancel != nullptr && cancel->cancelled())
            return std::nullopt;
    }
    m_storage = std::move(storage);
    m_bytes = total;
    for (WeightMatrix* w : matrices) {
        const auto slot = slotOf.find(w->data);
        if (slot != slotOf.end() && w->layout == WeightLayout::Rows && w->rows == copies[slot->second].rows
            && w->cols == copies[slot->second].cols)
            *w = copies[slot->second];
    }
    return total;
}

} // namespace cairn::cpu
