// The `groups:` section decodes to the values written, with its documented defaults, and
// its cross-references are checked.
#include "engine/scenario/loader.hpp"

#include <gtest/gtest.h>
#include <filesystem>
#include <string>

namespace offersim::scenario {
namespace {

const std::filesystem::path kScenarios = OFFERSIM_SOURCE_DIR "/scenarios";

std::string messages(const InputError& e) {
    std::string text;
    for (const auto& d : e.diagnostics()) text += format_diagnostic(d) + "\n";
    return text;
}

TEST(GroupsSection, DecodesTheExampleExactly) {
    const Scenario sc = load_scenario(kScenarios / "examples/group_bid_and_vnet.yaml");
    ASSERT_TRUE(sc.groups.has_value());
    const GroupsSpec& g = *sc.groups;
    ASSERT_EQ(g.classes.size(), 2u);
    const GroupClass& gov = g.classes[0];
    EXPECT_EQ(gov.id, "gov_agency");
    EXPECT_EQ(gov.count, 20);
    EXPECT_EQ(gov.members.kind, models::DistributionKind::fixed);
    EXPECT_EQ(gov.members.mean, 424.0);
    EXPECT_EQ(gov.purity, 0.698);
    EXPECT_EQ(gov.key_persons, 53);
    EXPECT_EQ(gov.bundles, 1);
    EXPECT_EQ(gov.member_revenue_monthly.fen, 8800);
    EXPECT_EQ(gov.bound_key_person_share, 0.0);  // default
    ASSERT_EQ(g.adoptions.size(), 1u);
    EXPECT_EQ(g.adoptions[0].month, 2);
    EXPECT_EQ(g.adoptions[0].off_net_join_probability, 0.75);
    EXPECT_EQ(g.adoptions[0].marketing_cost.fen, 40000);
    ASSERT_EQ(g.bids.size(), 1u);
    EXPECT_EQ(g.bids[0].start_month, 6);
    EXPECT_EQ(g.bids[0].end_month, 18);
    EXPECT_EQ(g.switching.base_probability, 0.5);
    EXPECT_EQ(g.follow_share, 0.85);
    EXPECT_EQ(g.value.weights[static_cast<int>(models::ValueFactor::revenue)], 0.25);
    ASSERT_EQ(g.value.tiers.size(), 4u);
    EXPECT_EQ(g.value.tiers[3].min_score, 0.0);  // the last tier takes the rest
}

TEST(GroupsSection, IsAbsentWhenTheScenarioHasNoGroups) {
    EXPECT_FALSE(load_scenario(kScenarios / "baseline.yaml").groups.has_value());
}

constexpr std::string_view kHead = "extends: " OFFERSIM_SOURCE_DIR "/scenarios/baseline.yaml\nname: g\n";

TEST(GroupsSection, LeftOutValueScoreGivesEqualWeightsAndThreeTiers) {
    const std::string text = std::string(kHead) + R"(groups:
  classes:
    - { id: c, count: 2, members: { distribution: fixed, mean: 10 }, purity: 0.5, member_revenue_monthly_cny: 50 }
)";
    const Scenario sc = load_scenario_text(text, "g.yaml");
    ASSERT_TRUE(sc.groups.has_value());
    // Equal weights on the eight factors of section 18; section 29's margin and data mix weigh 0.
    for (int f = 0; f < models::kValueFactorCount; ++f)
        EXPECT_EQ(sc.groups->value.weights[f], f < 8 ? 1.0 : 0.0) << "factor " << f;
    ASSERT_EQ(sc.groups->value.tiers.size(), 3u);
    EXPECT_EQ(sc.groups->value.tiers[0].min_score, 70.0);
}

TEST(GroupsSection, RejectsBidsWithoutSwitchingTermsAndRisingTierThresholds) {
    const std::string text = std::string(kHead) + R"(groups:
  classes:
    - { id: c, count: 2, members: { distribution: fixed, mean: 10 }, purity: 0.5, member_revenue_monthly_cny: 50 }
  bids:
    - { id: b, classes: [c], start_month: 1, monthly_probability: 0.1 }
  value_score:
    weights: { revenue: 1 }
    tiers: [{ id: A, min_score: 40 }, { id: B, min_score: 60 }, { id: C }]
)";
    try {
        load_scenario_text(text, "g.yaml");
        FAIL() << "accepted:\n" << text;
    } catch (const InputError& e) {
        const std::string found = messages(e);
        EXPECT_NE(found.find("bids need groups.switching"), std::string::npos) << found;
        EXPECT_NE(found.find("min_score must be below the tier above"), std::string::npos) << found;
    }
}

}  // namespace
}  // namespace offersim::scenario
