// The group levers' keys (docs/models.md section 29) decode to the values written, with
// their documented defaults, and bad values get a positioned error.
#include "engine/scenario/loader.hpp"

#include <gtest/gtest.h>
#include <filesystem>
#include <string>

namespace offersim::scenario {
namespace group_levers_section_test {

const std::filesystem::path kLeverScenarios = OFFERSIM_SOURCE_DIR "/scenarios";

std::string all_messages(const InputError& e) {
    std::string text;
    for (const auto& d : e.diagnostics()) text += format_diagnostic(d) + "\n";
    return text;
}

TEST(GroupLeversSection, DecodesTheExampleExactly) {
    const Scenario sc = load_scenario(kLeverScenarios / "examples/group_levers.yaml");
    ASSERT_TRUE(sc.groups.has_value());
    const GroupsSpec& g = *sc.groups;
    ASSERT_EQ(g.classes.size(), 2u);
    const GroupClass& gov = g.classes[0];
    ASSERT_TRUE(gov.agreement.has_value());
    EXPECT_EQ(gov.agreement->term_months, 24);
    EXPECT_EQ(gov.agreement->signed_share, 0.5);
    EXPECT_EQ(gov.agreement->early_exit_fee.fen, 2'000'000);
    EXPECT_EQ(gov.agreement->bid_multiplier, 0.4);
    EXPECT_EQ(gov.agreement->renewal_probability, 0.7);
    EXPECT_EQ(gov.unified_payment_share, 0.8);
    EXPECT_EQ(gov.unified_payment_churn_multiplier, 0.5);
    EXPECT_EQ(gov.member_cost_monthly.fen, 3000);
    EXPECT_EQ(gov.member_growth_monthly, 0.0);       // default
    EXPECT_LT(gov.member_growth_on_net_share, 0.0);  // default: the purity
    const GroupClass& park = g.classes[1];
    EXPECT_FALSE(park.agreement.has_value());
    EXPECT_EQ(park.member_growth_monthly, 1.0);
    EXPECT_EQ(park.data_revenue_share, 0.2);
    ASSERT_EQ(g.adoptions.size(), 2u);
    const GroupAdoption& sign = g.adoptions[1];
    EXPECT_EQ(sign.id, "two_year_agreement");
    EXPECT_FALSE(sign.adds_bundle);
    EXPECT_TRUE(g.adoptions[0].adds_bundle);  // default
    ASSERT_TRUE(sign.agreement.has_value());
    EXPECT_EQ(sign.agreement->signed_share, 1.0);  // default
    EXPECT_EQ(sign.agreement->early_exit_fee.fen, 500'000);
    ASSERT_EQ(g.new_groups.size(), 1u);
    EXPECT_EQ(g.new_groups[0].class_id, "park_enterprise");
    EXPECT_EQ(g.new_groups[0].per_month, 0.5);
    EXPECT_EQ(g.new_groups[0].to_month, 24);
    EXPECT_EQ(g.new_groups[0].purity, 0.3);
    EXPECT_EQ(g.value.weights[static_cast<int>(models::ValueFactor::margin)], 0.10);
    EXPECT_EQ(g.value.weights[static_cast<int>(models::ValueFactor::data_mix)], 0.05);
    EXPECT_EQ(g.value.weights[static_cast<int>(models::ValueFactor::revenue)], 0.25);  // from the parent
    EXPECT_EQ(g.value.margin_full_score_monthly.fen, 2'000'000);
    EXPECT_EQ(g.value.data_mix_target, 0.3);
    ASSERT_EQ(g.value.tiers.size(), 4u);
    EXPECT_EQ(g.value.tiers[0].reward_monthly.fen, 50'000);
    EXPECT_EQ(g.value.tiers[1].bid_multiplier, 0.85);
    EXPECT_EQ(g.value.tiers[3].bid_multiplier, 1.0);  // default
}

constexpr std::string_view kLeverHead = "extends: " OFFERSIM_SOURCE_DIR "/scenarios/baseline.yaml\nname: g\n";

std::string rejected(const std::string& groups_text) {
    const std::string text = std::string(kLeverHead) + groups_text;
    try {
        load_scenario_text(text, "g.yaml");
    } catch (const InputError& e) {
        return all_messages(e);
    }
    return "accepted:\n" + text;
}

TEST(GroupLeversSection, RejectsATermOfZeroSharesAboveOneAndUnknownClasses) {
    const std::string found = rejected(R"(groups:
  classes:
    - id: park
      count: 2
      members: { distribution: fixed, mean: 10 }
      purity: 0.5
      member_revenue_monthly_cny: 50
      agreement: { term_months: 0, signed_share: 1.5 }
      unified_payment_share: 1.2
  new_groups:
    - { id: settlers, class: parc, per_month: 1 }
)");
    EXPECT_NE(found.find("g.yaml:10:"), std::string::npos) << found;
    EXPECT_NE(found.find("term_months"), std::string::npos) << found;
    EXPECT_NE(found.find("signed_share"), std::string::npos) << found;
    EXPECT_NE(found.find("g.yaml:11:"), std::string::npos) << found;
    EXPECT_NE(found.find("unified_payment_share"), std::string::npos) << found;
    EXPECT_NE(found.find("unknown group class 'parc'; did you mean 'park'?"), std::string::npos) << found;
}

TEST(GroupLeversSection, RejectsAWindowRunningBackwardsAndAMisspeltAgreementKey) {
    const std::string found = rejected(R"(groups:
  classes:
    - { id: park, count: 2, members: { distribution: fixed, mean: 10 }, purity: 0.5, member_revenue_monthly_cny: 50 }
  adoptions:
    - { id: sign, classes: [park], month: 2, off_net_join_probability: 0, agreement: { term_month: 24 } }
  new_groups:
    - { id: settlers, class: park, per_month: 1, from_month: 5, to_month: 3 }
)");
    EXPECT_NE(found.find("unknown key 'term_month'"), std::string::npos) << found;
    EXPECT_NE(found.find("did you mean 'term_months'?"), std::string::npos) << found;
    EXPECT_NE(found.find("to_month must not be before from_month"), std::string::npos) << found;
}

}  // namespace group_levers_section_test
}  // namespace offersim::scenario
