// The index of a segment's atoms (engine/sim/atom_index.hpp): every value finds the row that
// holds its bits, found through the bucket of its bits, and any other float (its neighbours,
// -0 for 0, any bits at all) finds none.
#include "engine/sim/atom_index.hpp"

#include "tests/engine/sim/random_atoms.hpp"

#include <gtest/gtest.h>
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

namespace offersim::sim {

namespace {

std::vector<std::uint32_t> sorted_distinct_bits(const std::vector<float>& values) {
    std::vector<std::uint32_t> bits;
    for (const float v : values) bits.push_back(std::bit_cast<std::uint32_t>(v));
    std::sort(bits.begin(), bits.end());
    bits.erase(std::unique(bits.begin(), bits.end()), bits.end());
    return bits;
}

}  // namespace

TEST(AtomIndex, EachValueFindsTheRowOfItsBitsAndNoOtherFloatFindsOne) {
    std::mt19937_64 rng(20261205);
    std::uniform_int_distribution<std::uint32_t> any_bits;
    for (int round = 0; round < 40; ++round) {
        const std::vector<float> values = test::random_atoms(rng, round % 4, true);
        const AtomIndex index(values);
        const std::vector<std::uint32_t> members = sorted_distinct_bits(values);
        ASSERT_EQ(index.size(), members.size()) << "round " << round;
        std::vector<float> probes;
        for (const float v : values) {
            const std::uint32_t bits = std::bit_cast<std::uint32_t>(v);
            probes.insert(probes.end(), {v, std::bit_cast<float>(bits + 1), std::bit_cast<float>(bits - 1)});
        }
        for (int k = 0; k < 2000; ++k) probes.push_back(std::bit_cast<float>(any_bits(rng)));
        probes.insert(probes.end(), {std::bit_cast<float>(0u), std::bit_cast<float>(~0u)});
        for (const float probe : probes) {
            const std::uint32_t bits = std::bit_cast<std::uint32_t>(probe);
            const auto member = std::lower_bound(members.begin(), members.end(), bits);
            const bool is_member = member != members.end() && *member == bits;
            const std::int32_t row = index.row(probe);
            ASSERT_EQ(row, is_member ? member - members.begin() : -1)
                << "round " << round << ", bits " << bits;
            if (row >= 0) {
                ASSERT_EQ(std::bit_cast<std::uint32_t>(index.values()[static_cast<std::size_t>(row)]), bits);
            }
        }
    }
}

TEST(AtomIndex, AValueEqualInValueButNotInBitsHasNoRow) {
    const AtomIndex index(std::vector<float>{300.0f, 40.0f, 300.0f, 0.0f});
    EXPECT_EQ(index.size(), 3u);
    EXPECT_EQ(index.row(0.0f), 0);
    EXPECT_EQ(index.row(40.0f), 1);
    EXPECT_EQ(index.row(300.0f), 2);
    EXPECT_EQ(index.row(-0.0f), -1);
    EXPECT_EQ(index.row(std::nextafter(300.0f, 1e9f)), -1);
    EXPECT_EQ(index.row(1e9f), -1);
    EXPECT_EQ(AtomIndex().row(300.0f), -1);
}

}  // namespace offersim::sim
