// A scenario's base scaled to another size (engine/scenario/scaled_base.hpp).
#include "engine/scenario/scaled_base.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace offersim::scenario {

namespace {

Segment segment(std::int64_t size, std::vector<std::int64_t> gross_adds) {
    Segment s;
    s.size = size;
    s.acquisition.gross_adds_per_month = std::move(gross_adds);
    return s;
}

}  // namespace

TEST(ScaledBase, EverySegmentAndItsGrossAddsTakeTheOneFactorThatGivesTheBase) {
    Scenario sc;
    sc.segments = {segment(1000, {10, 3}), segment(3000, {0, 41})};
    scale_base(sc, 2000);  // a factor of 1/2
    EXPECT_EQ(sc.segments[0].size, 500);
    EXPECT_EQ(sc.segments[1].size, 1500);
    EXPECT_EQ(sc.segments[0].acquisition.gross_adds_per_month,
              (std::vector<std::int64_t>{5, 2}));  // 1.5 rounds up
    EXPECT_EQ(sc.segments[1].acquisition.gross_adds_per_month, (std::vector<std::int64_t>{0, 21}));
}

TEST(ScaledBase, AScenarioWithNoInitialBaseIsLeftAsItIs) {
    Scenario sc;
    sc.segments = {segment(0, {7})};
    scale_base(sc, 1000);
    EXPECT_EQ(sc.segments[0].size, 0);
    EXPECT_EQ(sc.segments[0].acquisition.gross_adds_per_month, (std::vector<std::int64_t>{7}));
}

}  // namespace offersim::scenario
