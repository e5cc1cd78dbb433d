// The group levers' pure functions (docs/models.md section 29), against hand-worked values.
#include "models/group_levers.hpp"

#include <gtest/gtest.h>
#include <cmath>

namespace offersim::models {
namespace {

TEST(GroupLeverModels, ArrivalsAddUpToTheFlowTimesTheMonths) {
    int total = 0;
    for (int k = 1; k <= 30; ++k) total += arrivals_in_month(0.1, k);
    EXPECT_EQ(total, 3);  // 0.1 x 30, not 2 from a product just below 3
    EXPECT_EQ(arrivals_in_month(2.0, 1), 2);
    EXPECT_EQ(arrivals_in_month(0.5, 1), 0);
    EXPECT_EQ(arrivals_in_month(0.5, 2), 1);
    EXPECT_EQ(arrivals_in_month(0.0, 5), 0);
}

TEST(GroupLeverModels, UnifiedPaymentScalesChurnByTheMixture) {
    EXPECT_DOUBLE_EQ(unified_payment_churn(0.02, 0.6, 0.5), 0.02 * (0.3 + 0.4));
    EXPECT_DOUBLE_EQ(unified_payment_churn(0.02, 0.0, 0.5), 0.02);
    EXPECT_DOUBLE_EQ(unified_payment_churn(0.5, 1.0, 3.0), 1.0);
}

TEST(GroupLeverModels, DataMixFactorIsTheShareOverItsTarget) {
    EXPECT_DOUBLE_EQ(data_mix_factor(20.0, 100.0, 0.4), 0.5);
    EXPECT_DOUBLE_EQ(data_mix_factor(60.0, 100.0, 0.4), 1.0);
    EXPECT_DOUBLE_EQ(data_mix_factor(20.0, 0.0, 0.4), 0.0);
    EXPECT_DOUBLE_EQ(data_mix_factor(20.0, 100.0, 0.0), 0.0);
}

TEST(GroupLeverModels, LossUnderAgreementIsOneLessSurvivalOverTheWindow) {
    EXPECT_NEAR(loss_under_agreement(0.05, 0.5, 0.4, 13), 1.0 - std::pow(1.0 - 0.01, 13), 1e-15);
    EXPECT_DOUBLE_EQ(loss_under_agreement(0.05, 0.5, 0.0, 13), 0.0);
}

TEST(GroupLeverModels, AMatchedPriceMovesTheSwitchOddsByThePriceResponsesEquation) {
    // r = exp(-beta x cut) on the odds: p' = p r / (1 - p + p r) (docs/models.md §29).
    const double r = std::exp(-0.02 * 44.0);
    EXPECT_NEAR(matched_switch_probability(0.42, 0.02, 44.0), 0.42 * r / (0.58 + 0.42 * r), 1e-15);
    EXPECT_DOUBLE_EQ(matched_switch_probability(0.42, 0.0, 44.0), 0.42);  // no price coefficient
    EXPECT_DOUBLE_EQ(matched_switch_probability(1.7, 0.0, 44.0), 1.0);    // capped first
    EXPECT_DOUBLE_EQ(matched_switch_probability(1.0, 0.02, 44.0), 1.0);   // certain odds stay certain
}

}  // namespace
}  // namespace offersim::models
