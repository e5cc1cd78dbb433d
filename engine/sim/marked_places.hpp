#pragma once
// The places of a shard's marked customers as a list, for the scalar passes that visit a few
// customers of every shard each month (the leave odds to recompute, the offer holders to
// account). Marks are set first by a pass with no branch, which vectorises; this lists them.
#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>

namespace offersim::sim {

// Marks are read eight at a time: a mark array holds n rounded up to a multiple of 8 bytes,
// those past n 0, and a list has room for as many places.
inline constexpr std::int64_t kMarksPerWord = 8;

inline std::int64_t marks_rounded_up(std::int64_t n) {
    return (n + kMarksPerWord - 1) / kMarksPerWord * kMarksPerWord;
}

// The marks (each 0 or 1) of `words` words from `marks`, at most 8, as the bits of one word:
// bit k is mark k. The multiply gathers bit 0 of each of a word's eight bytes into its top
// byte, byte k to bit 56 + k, with no two products on one bit (so no carries).
inline std::uint64_t marks_as_bits(const std::uint8_t* marks, std::int64_t words) {
    constexpr std::uint64_t kGather = 0x0102040810204080;
    std::uint64_t bits = 0;
    for (std::int64_t w = 0; w < words; ++w) {
        std::uint64_t word = 0;
        std::memcpy(&word, marks + w * kMarksPerWord, sizeof word);
        bits |= (word * kGather >> 56) << (w * kMarksPerWord);
    }
    return bits;
}

// Writes `first + j` for every j below n whose mark (0 or 1) is 1 into `list`, in order, and
// returns how many. In a settled shard a few customers in a hundred are marked: 64 marks are
// gathered into the bits of a word and only its set bits visited, where a branch a customer,
// or one per word of eight marks (about half of them 0 at 7% marked), mispredicted.
template <typename Place>
std::size_t list_marked(const std::uint8_t* marks, std::int64_t n, Place first, Place* list) {
    constexpr std::int64_t kMarksPerBlock = 64;
    std::size_t count = 0;
    for (std::int64_t b = 0; b < n; b += kMarksPerBlock) {
        const std::int64_t words = std::min(kMarksPerBlock, marks_rounded_up(n) - b) / kMarksPerWord;
        for (std::uint64_t bits = marks_as_bits(marks + b, words); bits != 0; bits &= bits - 1)
            list[count++] = first + static_cast<Place>(b + std::countr_zero(bits));
    }
    return count;
}

}  // namespace offersim::sim
