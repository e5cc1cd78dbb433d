// What a variant changes against its baseline, from the two resolved scenarios: paths with
// list items named by id, values as written, and the changes that make a comparison not
// like for like (the customer base, the cost assumptions) marked.
#include "engine/scenario/scenario_diff.hpp"
#include "engine/scenario/loader.hpp"
#include "engine/scenario/run_settings.hpp"
#include "tests/engine/scenario/compact_scenario.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <tuple>

namespace offersim::scenario {
namespace {

// The compact scenario with arrivals and costs: the baseline the tests change.
const std::string kDiffBaseline = test::compact_scenario(
    "name: base\ntitle: \"Base\"\nhorizon_months: 12\nreplications: 40\nseed: 7\n",
    "    acquisition: { gross_adds_per_month: 50 }\n", "costs:\n  network_per_min_cny: 0.04\n");

Scenario scenario_of(std::string_view text) {
    return load_scenario_text(text, "diff_test.yaml");
}

// kDiffBaseline with `from` replaced by `to` (which must be there).
std::string edited_baseline(std::string_view from, std::string_view to) {
    return test::replaced(kDiffBaseline, from, to);
}

std::string listed(const std::vector<ScenarioChange>& changes) {
    std::string text;
    for (const auto& c : changes) text += c.path + ": " + c.baseline + " -> " + c.variant + "\n";
    return text;
}

TEST(ScenarioDiff, FindsNothingBetweenAScenarioAndItsRenamedRerun) {
    const Scenario base = scenario_of(kDiffBaseline);
    const Scenario renamed = scenario_of(
        edited_baseline("name: base\ntitle: \"Base\"\nhorizon_months: 12\nreplications: 40\nseed: 7",
                        "name: other\ntitle: \"Other\"\nhorizon_months: 12\nreplications: 5\nseed: 99"));
    const auto changes = diff_scenarios(base, renamed);
    EXPECT_TRUE(changes.empty()) << listed(changes);
    EXPECT_TRUE(like_for_like(changes));
}

TEST(ScenarioDiff, NamesEachChangedValueByItsPathWithListItemsById) {
    const Scenario base = scenario_of(kDiffBaseline);
    const Scenario cheaper = scenario_of(edited_baseline("monthly_fee_cny: 58", "monthly_fee_cny: 48"));
    const auto changes = diff_scenarios(base, cheaper);
    ASSERT_EQ(changes.size(), 1u) << listed(changes);
    EXPECT_EQ(changes[0].path, "tiers[gotone_58].monthly_fee_cny");
    EXPECT_EQ(changes[0].baseline, "58");
    EXPECT_EQ(changes[0].variant, "48");
    EXPECT_EQ(changes[0].area, ChangeArea::other);
    EXPECT_TRUE(like_for_like(changes)) << "a price change is the offer itself";
}

TEST(ScenarioDiff, ComparesNumbersByValue) {
    const Scenario base = scenario_of(kDiffBaseline);
    const Scenario same = scenario_of(edited_baseline("size: 1000", "size: 1000.0"));
    EXPECT_TRUE(diff_scenarios(base, same).empty()) << listed(diff_scenarios(base, same));
}

TEST(ScenarioDiff, FlagsSegmentSizesAndArrivalsAsTheCustomerBase) {
    const Scenario base = scenario_of(kDiffBaseline);
    for (const auto& [from, to, path] : {std::tuple{"size: 1000", "size: 1200", "segments[mass].size"},
                                         std::tuple{"gross_adds_per_month: 50", "gross_adds_per_month: 80",
                                                    "segments[mass].acquisition.gross_adds_per_month"}}) {
        const auto changes = diff_scenarios(base, scenario_of(edited_baseline(from, to)));
        ASSERT_EQ(changes.size(), 1u) << listed(changes);
        EXPECT_EQ(changes[0].path, path);
        EXPECT_EQ(changes[0].area, ChangeArea::customer_base) << path;
        EXPECT_FALSE(like_for_like(changes)) << path;
    }
}

TEST(ScenarioDiff, ListsAnAddedSegmentAsOneCustomerBaseChange) {
    const Scenario base = scenario_of(kDiffBaseline);
    const Scenario more = scenario_of(edited_baseline("costs:", R"(  - id: key_person
    size: 1800
    tenure_months: { distribution: gamma, mean: 72, cv: 0.5 }
    tier_mix: { gotone_58: 1.0 }
    usage:
      voice_min: { distribution: lognormal, mean: 800, cv: 0.4 }
      data_mb: { distribution: lognormal, mean: 60, cv: 1.0 }
      sms: { distribution: fixed, mean: 120 }
    churn: { model: constant, monthly_hazard: 0.008 }
costs:)"));
    const auto changes = diff_scenarios(base, more);
    ASSERT_EQ(changes.size(), 1u) << listed(changes);
    EXPECT_EQ(changes[0].path, "segments[key_person]");
    EXPECT_EQ(changes[0].baseline, "");
    EXPECT_NE(changes[0].variant.find("size: 1800"), std::string::npos) << changes[0].variant;
    EXPECT_EQ(changes[0].area, ChangeArea::customer_base);
}

TEST(ScenarioDiff, FlagsAnyChangeUnderCostsAsTheCostAssumptions) {
    const Scenario base = scenario_of(kDiffBaseline);
    const Scenario interconnect = scenario_of(edited_baseline(
        "network_per_min_cny: 0.04", "network_per_min_cny: 0.04\n  interconnect_per_off_net_min_cny: 0.06"));
    const auto changes = diff_scenarios(base, interconnect);
    ASSERT_EQ(changes.size(), 1u) << listed(changes);
    EXPECT_EQ(changes[0].path, "costs.interconnect_per_off_net_min_cny");
    EXPECT_EQ(changes[0].variant, "0.06");
    EXPECT_EQ(changes[0].area, ChangeArea::costs);
    EXPECT_FALSE(like_for_like(changes));
}

TEST(ScenarioDiff, ShowsATierMixAsOneValueAsItIsRestatedWhole) {
    const Scenario base = scenario_of(kDiffBaseline);
    std::string text = edited_baseline("    tier_mix: { gotone_58: 1.0 }\n",
                                       "    tier_mix: { gotone_58: 0.5, gotone_88: 0.5 }\n");
    text.replace(text.find("segments:"), 9, R"(  - id: gotone_88
    monthly_fee_cny: 88
    included: { voice_min: 480, data_mb: 50, sms: 100 }
    overage: { voice_per_min_cny: 0.19, data_per_mb_cny: 1.00, sms_each_cny: 0.10 }
segments:)");
    const Scenario mixed = scenario_of(text);
    const auto changes = diff_scenarios(base, mixed);
    bool found = false;
    for (const auto& c : changes)
        if (c.path == "segments[mass].tier_mix") {
            found = true;
            EXPECT_EQ(c.baseline, "{gotone_58: 1.0}");
        }
    EXPECT_TRUE(found) << listed(changes);
}

TEST(RunSettings, RestatesTheReplicationsActuallyRunInTheRecord) {
    Scenario sc = scenario_of(kDiffBaseline);
    const std::string before = sc.resolved_yaml;
    set_run_settings(sc, sc.seed, sc.replications);
    EXPECT_EQ(sc.resolved_yaml, before) << "unchanged settings leave the record as it was";
    set_run_settings(sc, 11, 30);
    EXPECT_EQ(sc.replications, 30);
    EXPECT_EQ(sc.seed, 11u);
    const Scenario again = load_scenario_text(sc.resolved_yaml, "record.yaml");
    EXPECT_EQ(again.replications, 30) << sc.resolved_yaml;
    EXPECT_EQ(again.seed, 11u) << sc.resolved_yaml;
    EXPECT_EQ(again.resolved_yaml, sc.resolved_yaml) << "the record re-runs as itself";
}

}  // namespace
}  // namespace offersim::scenario
