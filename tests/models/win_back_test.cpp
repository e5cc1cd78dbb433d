// The win-back rules on known inputs: the targeting rule on a known traffic series, the
// success test's two conditions, and the regional score on the plan's points.
#include "models/win_back.hpp"

#include <gtest/gtest.h>
#include <vector>

namespace offersim::models {

TEST(TrafficRule, TargetsOnlyCustomersAboveTheMonthlyAndTotalBounds) {
    const TrafficRule plan;  // > 100 each month, > 600 in total
    EXPECT_TRUE(meets_traffic_rule(std::vector<double>{130, 120, 110, 140, 150}, plan));  // 650
    // Every month above 100 but only 560 in total.
    EXPECT_FALSE(meets_traffic_rule(std::vector<double>{101, 110, 115, 120, 114}, plan));
    // 900 in total, but one month at exactly 100: the bound is strict.
    EXPECT_FALSE(meets_traffic_rule(std::vector<double>{100, 200, 200, 200, 200}, plan));
    // The sparse region's rule (Baishan: > 70 and > 400) takes the same series the plan rejects.
    const TrafficRule sparse{70.0, 400.0};
    EXPECT_TRUE(meets_traffic_rule(std::vector<double>{101, 110, 115, 120, 114}, sparse));
    EXPECT_FALSE(meets_traffic_rule(std::vector<double>{80, 80, 80, 80, 80}, sparse));  // 400 is not > 400
    EXPECT_FALSE(meets_traffic_rule(std::vector<double>{}, plan));
}

TEST(SuccessTest, OldNumberMustStayBelowThirtyPercentFromTheSecondMonthForTwoMonths) {
    const SuccessTest plan;
    // Base average 200: the limit is 60 minutes. Month 1 (the transition) may be anything.
    EXPECT_TRUE(old_number_went_quiet(200, std::vector<double>{150, 59, 10}, plan));
    EXPECT_FALSE(old_number_went_quiet(200, std::vector<double>{10, 59, 60}, plan));  // 60 is not below
    EXPECT_FALSE(old_number_went_quiet(200, std::vector<double>{10, 70, 10}, plan));
    // Not yet observable: the decision month (3) is beyond the series.
    EXPECT_FALSE(old_number_went_quiet(200, std::vector<double>{0, 0}, plan));
    EXPECT_EQ(plan.decision_month(), 3);
}

TEST(SuccessTest, FingerprintNeedsThreeOfTheFiveMostCalledNumbers) {
    const SuccessTest plan;
    const std::vector<int> old_top{1, 2, 3, 4, 5};
    const std::vector<int> three{5, 9, 1, 3, 8};
    const std::vector<int> two{5, 9, 1, 7, 8};
    const std::vector<double> quiet{100, 0, 0};
    EXPECT_EQ(fingerprint_overlap(old_top, three), 3);
    EXPECT_TRUE(judge_win_back(200, quiet, old_top, three, plan).confirmed);
    const WinBackVerdict second_sim = judge_win_back(200, quiet, old_top, two, plan);
    EXPECT_TRUE(second_sim.went_quiet);
    EXPECT_FALSE(second_sim.fingerprint_matches);
    EXPECT_FALSE(second_sim.confirmed);
    // The old number still in use: the fingerprint alone does not confirm.
    EXPECT_FALSE(judge_win_back(200, std::vector<double>{180, 170, 190}, old_top, three, plan).confirmed);
}

TEST(TopContacts, RanksByCallsAndBreaksTiesByIndex) {
    const std::vector<int> calls{3, 9, 0, 9, 4, 1, 7};
    EXPECT_EQ(top_contacts(calls, 5), (std::vector<int>{1, 3, 6, 4, 0}));
    EXPECT_EQ(top_contacts(std::vector<int>{0, 2, 0}, 5), (std::vector<int>{1}));
}

TEST(RegionalScore, FourPointsAtTargetNoneBelowNinetyPercentLinearBetween) {
    EXPECT_DOUBLE_EQ(regional_score(1000, 1000), 4.0);
    EXPECT_NEAR(regional_score(950, 1000), 2.0, 1e-12);
    EXPECT_NEAR(regional_score(975, 1000), 3.0, 1e-12);
    EXPECT_NEAR(regional_score(900, 1000), 0.0, 1e-12);
    EXPECT_DOUBLE_EQ(regional_score(899, 1000), 0.0);
    EXPECT_DOUBLE_EQ(regional_score(1300, 1000), 4.0);  // capped: no bonus above target
}

TEST(PoissonTable, InvertsTheCumulativeDistribution) {
    // Poisson(2): P(0) = 0.1353, P(<=1) = 0.4060, P(<=2) = 0.6767.
    const PoissonTable two(2.0);
    EXPECT_EQ(two.quantile(0.10), 0);
    EXPECT_EQ(two.quantile(0.20), 1);
    EXPECT_EQ(two.quantile(0.60), 2);
    EXPECT_EQ(two.quantile(0.70), 3);
    EXPECT_EQ(PoissonTable(0.0).quantile(0.99), 0);
    // Large means (exp(-lambda) underflows): the median of Poisson(10000) is 10000, and
    // its 97.7% quantile about 2 standard deviations (200) above.
    const PoissonTable large(10000.0);
    EXPECT_NEAR(large.quantile(0.5), 10000, 1);
    EXPECT_NEAR(large.quantile(0.97725), 10200, 3);
}

}  // namespace offersim::models
