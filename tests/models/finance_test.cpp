#include "models/finance.hpp"

#include <gtest/gtest.h>
#include <cmath>
#include <vector>

namespace offersim::models {

TEST(Finance, NpvDiscountsMonthlyAtTheEquivalentAnnualRate) {
    const std::vector<double> flows(12, 100.0);
    double expected = 0.0;
    for (int t = 1; t <= 12; ++t) expected += 100.0 / std::pow(1.08, t / 12.0);
    EXPECT_NEAR(net_present_value(flows, 0.08), expected, 1e-9);
    EXPECT_DOUBLE_EQ(net_present_value(flows, 0.0), 1200.0);
}

TEST(Finance, PaybackIsTheMonthCumulativeCashTurnsAndStaysNonNegative) {
    EXPECT_EQ(payback_month(std::vector<double>{-300, 100, 100, 100, 50}), 4);
    EXPECT_EQ(payback_month(std::vector<double>{-300, 100, 250, -100, 100}), 5);  // dips again in month 4
    EXPECT_FALSE(payback_month(std::vector<double>{-300, 100, 100}));
}

}  // namespace offersim::models
