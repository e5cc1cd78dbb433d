// Listing a shard's marks (engine/sim/marked_places.hpp): the places of the marked customers,
// in order, for any count (a partial last block of 64, a partial last word) and any density
// (none, a few, all), each mark the direct loop's.
#include "engine/sim/marked_places.hpp"

#include <gtest/gtest.h>
#include <cstdint>
#include <random>
#include <vector>

namespace offersim::sim {

namespace {

// `n` marks (0 or 1), each 1 with probability `density`, and 0s up to the next word.
std::vector<std::uint8_t> random_marks(std::mt19937_64& rng, std::int64_t n, double density) {
    std::bernoulli_distribution marked(density);
    std::vector<std::uint8_t> marks(static_cast<std::size_t>(marks_rounded_up(n)), 0);
    for (std::int64_t j = 0; j < n; ++j) marks[static_cast<std::size_t>(j)] = marked(rng) ? 1 : 0;
    return marks;
}

// What list_marked must give: the marked places below n, in order.
template <typename Place>
std::vector<Place> marked_directly(const std::vector<std::uint8_t>& marks, std::int64_t n, Place first) {
    std::vector<Place> places;
    for (std::int64_t j = 0; j < n; ++j)
        if (marks[static_cast<std::size_t>(j)] != 0) places.push_back(first + static_cast<Place>(j));
    return places;
}

template <typename Place>
std::vector<Place> listed(const std::vector<std::uint8_t>& marks, std::int64_t n, Place first) {
    std::vector<Place> list(marks.size() + 1, Place{-1});
    list.resize(list_marked(marks.data(), n, first, list.data()));
    return list;
}

}  // namespace

TEST(MarkedPlaces, ListsEveryMarkedPlaceInOrderForAnyCountAndDensity) {
    std::mt19937_64 rng(20261205);
    const std::int64_t counts[] = {0, 1, 7, 8, 9, 63, 64, 65, 127, 128, 200, 8191, 8192};
    const double densities[] = {0.0, 0.01, 0.07, 0.5, 0.93, 1.0};
    for (const std::int64_t n : counts)
        for (const double density : densities)
            for (int round = 0; round < 4; ++round) {
                const std::vector<std::uint8_t> marks = random_marks(rng, n, density);
                const std::int64_t first = static_cast<std::int64_t>(rng() % 1000000);
                EXPECT_EQ(listed(marks, n, first), marked_directly(marks, n, first))
                    << n << " marks at density " << density;
                EXPECT_EQ(listed(marks, n, std::int32_t{0}), marked_directly(marks, n, std::int32_t{0}));
            }
}

TEST(MarkedPlaces, GathersEachWordsMarksIntoItsBitsInOrder) {
    std::mt19937_64 rng(7);
    for (int round = 0; round < 1000; ++round) {
        const std::vector<std::uint8_t> marks = random_marks(rng, 64, 0.3);
        const auto words = static_cast<std::int64_t>(1 + rng() % 8);
        std::uint64_t expected = 0;
        for (std::int64_t k = 0; k < words * kMarksPerWord; ++k)
            expected |= std::uint64_t{marks[static_cast<std::size_t>(k)]} << k;
        EXPECT_EQ(marks_as_bits(marks.data(), words), expected);
    }
}

}  // namespace offersim::sim
