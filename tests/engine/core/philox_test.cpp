#include "engine/core/philox.hpp"

#include <gtest/gtest.h>

namespace offersim {

// Known-answer vectors of Philox4x32-10 published with Random123 (kat_vectors).
TEST(Philox, MatchesTheRandom123KnownAnswers) {
    const auto zero = philox4x32({0, 0, 0, 0}, {0, 0});
    EXPECT_EQ(zero.c0, 0x6627e8d5u);
    EXPECT_EQ(zero.c1, 0xe169c58du);
    EXPECT_EQ(zero.c2, 0xbc57ac4cu);
    EXPECT_EQ(zero.c3, 0x9b00dbd8u);
    const auto ones =
        philox4x32({0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu}, {0xffffffffu, 0xffffffffu});
    EXPECT_EQ(ones.c0, 0x408f276du);
    EXPECT_EQ(ones.c1, 0x41c83b0eu);
    EXPECT_EQ(ones.c2, 0xa20bc7c6u);
    EXPECT_EQ(ones.c3, 0x6d5451fdu);
    const auto pi =
        philox4x32({0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u}, {0xa4093822u, 0x299f31d0u});
    EXPECT_EQ(pi.c0, 0xd16cfe09u);
    EXPECT_EQ(pi.c1, 0x94fdccebu);
    EXPECT_EQ(pi.c2, 0x5001e420u);
    EXPECT_EQ(pi.c3, 0x24126ea1u);
}

TEST(Philox, UnitDrawsAreStrictlyInsideZeroOne) {
    EXPECT_GT(to_unit_open(0), 0.0);
    EXPECT_LT(to_unit_open(0xffffffffu), 1.0);
}

TEST(Philox, ReplicationKeysDifferForNeighbouringSeedsAndReplications) {
    const auto a = replication_key(1, 0);
    const auto b = replication_key(2, 0);
    const auto c = replication_key(1, 1);
    EXPECT_NE(a.k0, b.k0);
    EXPECT_NE(a.k0, c.k0);
    EXPECT_NE(b.k1, c.k1);
}

}  // namespace offersim
