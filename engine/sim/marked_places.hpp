#pragma once
// The places of a shard's marked customers as a list, for the scalar passes that visit a few
// customers of every shard each month (the leave odds to recompute, the offer holders to
// account). Marks are set first by a pass with no branch, which vectorises; this lists them.
#include <cstdint>
#include <cstring>

namespace offersim::sim {

// Marks are read eight at a time: a mark array holds n rounded up to a multiple of 8 bytes,
// those past n 0, and a list has room for as many places.
inline constexpr std::int64_t kMarksPerWord = 8;

inline std::int64_t marks_rounded_up(std::int64_t n) {
    return (n + kMarksPerWord - 1) / kMarksPerWord * kMarksPerWord;
}

// Writes `first + j` for every j below n whose mark (0 or 1) is 1 into `list`, in order, and
// returns how many. In a settled shard most customers are unmarked: a word of eight marks that
// is 0 is skipped whole; within a word every place is written and the count advances by its
// mark, as a branch per customer mispredicted.
template <typename Place>
std::size_t list_marked(const std::uint8_t* marks, std::int64_t n, Place first, Place* list) {
    std::size_t count = 0;
    for (std::int64_t w = 0; w < n; w += kMarksPerWord) {
        std::uint64_t word = 0;
        std::memcpy(&word, marks + w, sizeof word);
        if (word == 0) continue;
        for (std::int64_t k = w; k < w + kMarksPerWord; ++k) {
            list[count] = first + static_cast<Place>(k);
            count += marks[k];
        }
    }
    return count;
}

}  // namespace offersim::sim
