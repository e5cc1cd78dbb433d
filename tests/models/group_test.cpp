// The group models: switch probability, purity after joining, value score and tiers, each
// against a figure computed by hand in the comment.
#include "models/group.hpp"

#include <gtest/gtest.h>

namespace offersim::models {
namespace {

constexpr SwitchTerms kTerms{.base_probability = 0.5,
                             .bundle_multiplier = 0.6,
                             .bound_key_person_multiplier = 0.3,
                             .loyal_leader_multiplier = 0.3};

TEST(GroupSwitchProbability, MultipliesTheLeversOfTheGroup) {
    // 0.5 x 1.0 x 0.6^2 x (1 - 0.5 x (1 - 0.3)) x 0.3 = 0.5 x 0.36 x 0.65 x 0.3 = 0.0351
    EXPECT_NEAR(group_switch_probability(kTerms, {2, 0.5, true}, 1.0), 0.0351, 1e-12);
    // The leader open to the bid: 0.5 x 0.36 x 0.65 = 0.117
    EXPECT_NEAR(group_switch_probability(kTerms, {2, 0.5, false}, 1.0), 0.117, 1e-12);
    // A bare group, a standard bid: the base probability.
    EXPECT_NEAR(group_switch_probability(kTerms, {0, 0.0, false}, 1.0), 0.5, 1e-12);
}

TEST(GroupSwitchProbability, IsClampedToOne) {
    EXPECT_EQ(group_switch_probability(kTerms, {0, 0.0, false}, 10.0), 1.0);
    EXPECT_EQ(group_switch_probability(kTerms, {0, 0.0, false}, 0.0), 0.0);
}

TEST(GroupPurity, ExpectedOnNetAfterJoiningIsTheAnalyticFigure) {
    // The V-net case: 296 of 424 on net; three in four of the 128 off-net join: 392 (92.5%).
    EXPECT_DOUBLE_EQ(expected_on_net_after_join(424, 296, 0.75), 392.0);
    EXPECT_NEAR(expected_on_net_after_join(424, 296, 0.75) / 424, 0.9245, 1e-4);
}

TEST(GroupValueScore, MatchesAHandComputedGroup) {
    // The example's government body at month 0 (scenarios/examples/group_bid_and_vnet.yaml):
    // revenue 296 x 88 = 26,048 of 30,000 CNY -> 0.868267; nobody bound; no informatization
    // revenue; growth neutral 0.5; industry 0.9; purity 296/424 = 0.698113; tenure 60 of 120
    // months = 0.5; credit 1. Weights 0.25, 0.15, 0.15, 0.10, 0.10, 0.15, 0.05, 0.05 (sum 1):
    // 0.217067 + 0 + 0 + 0.05 + 0.09 + 0.104717 + 0.025 + 0.05 = 0.536784 -> 53.6784.
    ValueFactors x;
    x[ValueFactor::revenue] = 26048.0 / 30000.0;
    x[ValueFactor::growth] = 0.5;
    x[ValueFactor::industry] = 0.9;
    x[ValueFactor::purity] = 296.0 / 424.0;
    x[ValueFactor::tenure] = 0.5;
    x[ValueFactor::credit] = 1.0;
    const double weights[kValueFactorCount] = {0.25, 0.15, 0.15, 0.10, 0.10, 0.15, 0.05, 0.05};
    EXPECT_NEAR(group_value_score(x, weights), 53.6784, 1e-4);
    // Weights need not sum to one: doubling them all changes nothing.
    const double doubled[kValueFactorCount] = {0.5, 0.3, 0.3, 0.2, 0.2, 0.3, 0.1, 0.1};
    EXPECT_NEAR(group_value_score(x, doubled), 53.6784, 1e-4);
    // Tiers A >= 60, B >= 40, C >= 28, D below: the group is a B.
    EXPECT_EQ(group_value_tier(53.6784, {60, 40, 28, 0}), 1);
}

TEST(GroupValueScore, ClampsFactorsAndHandlesZeroWeights) {
    ValueFactors x;
    x[ValueFactor::revenue] = 3.0;  // above full score
    const double only_revenue[kValueFactorCount] = {1, 0, 0, 0, 0, 0, 0, 0};
    EXPECT_DOUBLE_EQ(group_value_score(x, only_revenue), 100.0);
    const double none[kValueFactorCount] = {};
    EXPECT_DOUBLE_EQ(group_value_score(x, none), 0.0);
}

TEST(GroupValueTier, TakesTheFirstThresholdReachedAndTheLastTierOtherwise) {
    const std::vector<double> tiers = {60, 40, 28, 0};
    EXPECT_EQ(group_value_tier(60.0, tiers), 0);
    EXPECT_EQ(group_value_tier(59.999, tiers), 1);
    EXPECT_EQ(group_value_tier(27.9, tiers), 3);
    EXPECT_EQ(group_value_tier(-1.0, tiers), 3);
}

TEST(GroupValueFactors, GrowthIsHalfAtNoChangeAndLinearToTheFullScore) {
    EXPECT_DOUBLE_EQ(growth_factor(100, 100, 0.2), 0.5);
    EXPECT_DOUBLE_EQ(growth_factor(110, 100, 0.2), 0.75);
    EXPECT_DOUBLE_EQ(growth_factor(70, 100, 0.2), 0.0);
    EXPECT_DOUBLE_EQ(growth_factor(100, 0, 0.2), 0.5);
    EXPECT_DOUBLE_EQ(scaled_factor(60, 120), 0.5);
    EXPECT_DOUBLE_EQ(scaled_factor(200, 120), 1.0);
}

}  // namespace
}  // namespace offersim::models
