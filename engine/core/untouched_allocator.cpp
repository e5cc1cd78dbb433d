#include "engine/core/untouched_allocator.hpp"

#include <sys/mman.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>

namespace offersim {

namespace {

std::size_t whole_huge_pages(std::size_t bytes) {
    return (bytes + kHugePageBytes - 1) / kHugePageBytes * kHugePageBytes;
}

// Fresh anonymous pages (zeros) of `bytes`, a multiple of kHugePageBytes, starting on a
// multiple of it: mapped with a huge page to spare, then the ends around the aligned block
// unmapped.
void* map_aligned(std::size_t bytes) {
    const std::size_t reserved = bytes + kHugePageBytes;
    void* raw = mmap(nullptr, reserved, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED) throw std::bad_alloc();
    const auto start = reinterpret_cast<std::uintptr_t>(raw);
    const std::uintptr_t aligned = (start + kHugePageBytes - 1) / kHugePageBytes * kHugePageBytes;
    const std::size_t head = aligned - start;
    if (head > 0) munmap(raw, head);
    munmap(reinterpret_cast<void*>(aligned + bytes), reserved - head - bytes);
    return reinterpret_cast<void*>(aligned);
}

}  // namespace

void* allocate_zeroed(std::size_t bytes) {
    if (bytes < kHugePageBytes) {
        void* block = std::calloc(std::max<std::size_t>(bytes, 1), 1);
        if (!block) throw std::bad_alloc();
        return block;
    }
    const std::size_t mapped = whole_huge_pages(bytes);
    void* block = map_aligned(mapped);
    // Only advice: where the kernel declines, the block is 4 KB pages of zeros all the same.
    madvise(block, mapped, MADV_HUGEPAGE);
    return block;
}

void free_zeroed(void* block, std::size_t bytes) noexcept {
    if (bytes < kHugePageBytes)
        std::free(block);
    else
        munmap(block, whole_huge_pages(bytes));
}

}  // namespace offersim
