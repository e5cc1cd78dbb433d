#include "engine/core/untouched_allocator.hpp"

#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <vector>

namespace offersim {
namespace {

using ZeroedByteColumn = std::vector<std::uint8_t, UntouchedAllocator<std::uint8_t>>;

// How many of the 4 KB pages of [block, block + bytes) are resident; -1 where part of the
// range is not mapped at all.
long resident_small_pages(const void* block, std::size_t bytes) {
    const auto page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
    std::vector<unsigned char> in_core((bytes + page - 1) / page);
    if (mincore(const_cast<void*>(block), bytes, in_core.data()) != 0) return errno == ENOMEM ? -1 : -2;
    return static_cast<long>(
        std::count_if(in_core.begin(), in_core.end(), [](unsigned char c) { return c & 1; }));
}

TEST(UntouchedAllocator, HandsOutAHugePageBlockAlignedToTwoMegabytesAndReadingAsZeros) {
    const std::size_t bytes = 3 * kHugePageBytes + 12345;
    void* block = allocate_zeroed(bytes);
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(block) % kHugePageBytes, 0u);
    const auto* first = static_cast<const std::uint8_t*>(block);
    EXPECT_TRUE(std::all_of(first, first + bytes, [](std::uint8_t b) { return b == 0; }));
    free_zeroed(block, bytes);
}

TEST(UntouchedAllocator, UnmapsALargeBlockWhenFreed) {
    const std::size_t bytes = 2 * kHugePageBytes;
    auto* block = static_cast<std::uint8_t*>(allocate_zeroed(bytes));
    block[0] = 1;
    block[bytes - 1] = 1;
    ASSERT_GE(resident_small_pages(block, bytes), 2);
    free_zeroed(block, bytes);
    EXPECT_EQ(resident_small_pages(block, bytes), -1) << "the block's pages are still mapped";
}

TEST(UntouchedAllocator, HandsOutASmallBlockReadingAsZeros) {
    for (const std::size_t bytes : {std::size_t{0}, std::size_t{1}, std::size_t{4096}, kHugePageBytes - 1}) {
        void* block = allocate_zeroed(bytes);
        ASSERT_NE(block, nullptr) << bytes << " bytes";
        const auto* first = static_cast<const std::uint8_t*>(block);
        EXPECT_TRUE(std::all_of(first, first + bytes, [](std::uint8_t b) { return b == 0; }))
            << bytes << " bytes";
        free_zeroed(block, bytes);
    }
}

TEST(UntouchedAllocator, GrowsAColumnOfZerosWithoutWritingAPage) {
    ZeroedByteColumn column;
    column.resize(8 * kHugePageBytes);
    EXPECT_EQ(resident_small_pages(column.data(), column.size()), 0) << "resize wrote the column";
    EXPECT_EQ(column[column.size() / 2], 0);
    column[column.size() / 2] = 7;  // one write makes at most its huge page resident
    EXPECT_GE(resident_small_pages(column.data(), column.size()), 1);
    EXPECT_LE(resident_small_pages(column.data(), column.size()), static_cast<long>(kHugePageBytes / 4096));
}

TEST(UntouchedAllocator, WritesEveryElementWhenGrownWithAValue) {
    ZeroedByteColumn column;
    column.assign(kHugePageBytes + 3, 9);
    EXPECT_TRUE(std::all_of(column.begin(), column.end(), [](std::uint8_t b) { return b == 9; }));
}

}  // namespace
}  // namespace offersim
