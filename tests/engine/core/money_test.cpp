#include "engine/core/money.hpp"

#include <gtest/gtest.h>

namespace offersim {

TEST(Money, ParsesDecimalCnyExactlyIntoFen) {
    EXPECT_EQ(parse_decimal_scaled("58", 2), 5800);
    EXPECT_EQ(parse_decimal_scaled("0.19", 2), 19);
    EXPECT_EQ(parse_decimal_scaled("124.94", 2), 12494);
    EXPECT_EQ(parse_decimal_scaled("-3.5", 2), -350);
    EXPECT_EQ(parse_decimal_scaled("0.0005", 4), 5);
}

TEST(Money, RejectsTextThatIsNotAPlainDecimal) {
    EXPECT_FALSE(parse_decimal_scaled("0.199", 2));  // more places than a fen
    EXPECT_FALSE(parse_decimal_scaled("1e3", 2));
    EXPECT_FALSE(parse_decimal_scaled("", 2));
    EXPECT_FALSE(parse_decimal_scaled(".", 2));
    EXPECT_FALSE(parse_decimal_scaled("1.2.3", 2));
    EXPECT_FALSE(parse_decimal_scaled("99999999999999999999", 2));  // overflows int64
}

TEST(Money, RatesUnitsRoundingHalfUpToTheFen) {
    EXPECT_EQ(rate_units(10, Rate{1900}).fen, 190);  // 10 min at 0.19
    EXPECT_EQ(rate_units(3, Rate{5}).fen, 0);        // 0.0015 CNY rounds down
    EXPECT_EQ(rate_units(10, Rate{5}).fen, 1);       // 0.0050 CNY rounds half up
    EXPECT_EQ(rate_units(0, Rate{1900}).fen, 0);
}

TEST(Money, FormatsAsCnyWithTwoPlaces) {
    EXPECT_EQ(fmt::format("{}", Money{12494}), "124.94");
    EXPECT_EQ(fmt::format("{}", Money{-5}), "-0.05");
    EXPECT_EQ(fmt::format("{}", Money{0}), "0.00");
}

}  // namespace offersim
