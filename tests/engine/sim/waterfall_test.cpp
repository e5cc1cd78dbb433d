// The revenue waterfall (docs/models.md, "Revenue waterfall"): each bar checked on a
// scenario where only its mechanism is active, and the bars adding up to the paired change
// to the fen where several are.
#include "engine/sim/waterfall.hpp"

#include "engine/scenario/loader.hpp"
#include "engine/sim/plan.hpp"
#include "engine/sim/simulation.hpp"

#include <gtest/gtest.h>
#include <algorithm>
#include <cmath>
#include <memory>
#include <stdexcept>
#include <string>

namespace offersim::sim {

namespace {

// 20,000 customers over three months, usage inside the allowances; `segment_extra` adds
// keys to the segment (price response, plan choice, acquisition), `hazard` its churn.
std::string waterfall_scenario(const std::string& fee, const std::string& segment_extra,
                               const std::string& hazard = "0.03") {
    return R"(name: waterfall
horizon_months: 3
seed: 5
tiers:
  - id: t50
    monthly_fee_cny: )" +
           fee + R"(
    included: { voice_min: 1000, data_mb: 1000, sms: 1000 }
    overage: { voice_per_min_cny: 0.2, data_per_mb_cny: 1, sms_each_cny: 0.1 }
  - id: t80
    monthly_fee_cny: 80
    included: { voice_min: 2000, data_mb: 2000, sms: 2000 }
    overage: { voice_per_min_cny: 0.2, data_per_mb_cny: 1, sms_each_cny: 0.1 }
segments:
  - id: s
    size: 20000
    tenure_months: { distribution: fixed, mean: 12 }
    tier_mix: { t50: 1 }
    usage:
      voice_min: { distribution: lognormal, mean: 300, cv: 0.5 }
      data_mb: { distribution: fixed, mean: 10 }
      sms: { distribution: fixed, mean: 10 }
    churn: { model: constant, monthly_hazard: )" +
           hazard + "}\n" + segment_extra;
}

Waterfall waterfall_of(const std::string& baseline_text, const std::string& variant_text) {
    const auto baseline = scenario::load_scenario_text(baseline_text, "baseline.yaml");
    // The variant's reference prices are the baseline's, as under `extends`.
    auto variant = scenario::load_scenario_text(variant_text, "variant.yaml");
    if (std::any_of(variant.segments.begin(), variant.segments.end(), [](const scenario::Segment& s) {
            return s.price_response.enabled || s.usage_response.enabled;
        }))
        variant.price_reference = std::make_shared<const scenario::Scenario>(baseline);
    const RunConfig config = RunConfig::of(3, baseline.seed, 2);
    return revenue_waterfall(baseline, variant, run_simulation(compile_plan(baseline), config),
                             run_simulation(compile_plan(variant), config), config);
}

const WaterfallBar& bar(const Waterfall& w, const std::string& key) {
    for (const auto& b : w.bars)
        if (b.key == key) return b;
    throw std::runtime_error("no bar " + key);
}

// The shown means add up to the shown total, to the fen.
void expect_bars_add_up(const Waterfall& w) {
    double sum = 0.0;
    for (const auto& b : w.bars) sum += b.delta_cny.mean;
    EXPECT_NEAR(sum, w.total_cny.mean, 1e-6);
    for (const auto& b : w.bars)
        EXPECT_NEAR(std::round(b.delta_cny.mean * 100.0), b.delta_cny.mean * 100.0, 1e-6)
            << b.key << " to the fen";
}

const std::string kPriced = "    price_response: { leave_per_cny: 0.05 }\n";

}  // namespace

TEST(Waterfall, WithNoResponseTheWholeChangeIsPriceWithoutAnotherRun) {
    const Waterfall w = waterfall_of(waterfall_scenario("50", ""), waterfall_scenario("60", ""));
    EXPECT_EQ(w.extra_runs, 0);
    EXPECT_GT(w.total_cny.mean, 0.0);
    EXPECT_EQ(bar(w, "price").delta_cny.mean, w.total_cny.mean);
    for (const char* key : {"usage", "migration", "churn", "acquisition"}) EXPECT_FALSE(bar(w, key).measured);
    EXPECT_EQ(bar(w, "remainder").delta_cny.mean, 0.0);
}

// Churn alone: no gross adds and no plan choice, so a fee rise splits into its price effect
// and the revenue the extra leavers no longer bring, with nothing left over.
TEST(Waterfall, ChurnResponseAloneIsTheRevenueOfTheExtraLeavers) {
    const Waterfall w = waterfall_of(waterfall_scenario("50", kPriced), waterfall_scenario("60", kPriced));
    EXPECT_GT(bar(w, "price").delta_cny.mean, 0.0);
    EXPECT_LT(bar(w, "churn").delta_cny.mean, 0.0) << "more leave at the dearer fee";
    EXPECT_EQ(bar(w, "acquisition").delta_cny.mean, 0.0);
    EXPECT_FALSE(bar(w, "usage").measured);
    EXPECT_FALSE(bar(w, "migration").measured);
    EXPECT_EQ(bar(w, "remainder").delta_cny.mean, 0.0);
    EXPECT_EQ(bar(w, "remainder").delta_cny.p95, 0.0);
    expect_bars_add_up(w);
}

// Joining alone: no one leaves (hazard 0), so the churn response has nothing to move, and a
// fee rise costs the revenue of the customers who no longer join.
TEST(Waterfall, AcquisitionAloneIsTheRevenueOfTheCustomersWhoNoLongerJoin) {
    const std::string adds = kPriced + "    acquisition: { gross_adds_per_month: 2000 }\n";
    const Waterfall w =
        waterfall_of(waterfall_scenario("50", adds, "0"), waterfall_scenario("60", adds, "0"));
    EXPECT_LT(bar(w, "acquisition").delta_cny.mean, 0.0);
    EXPECT_EQ(bar(w, "churn").delta_cny.mean, 0.0);
    EXPECT_EQ(bar(w, "remainder").delta_cny.mean, 0.0);
    expect_bars_add_up(w);
}

// Migration alone: customers choose between the tiers (no price response), and a dearer t50
// moves some to t80.
TEST(Waterfall, MigrationAloneIsTheRevenueOfTheTierMoves) {
    const std::string choice =
        "    plan_choice: { price_per_cny: 0.05, overage_risk: 1.5 }\n"
        "    acquisition: { gross_adds_per_month: 2000 }\n";
    const Waterfall w = waterfall_of(waterfall_scenario("50", choice), waterfall_scenario("70", choice));
    EXPECT_TRUE(bar(w, "migration").measured);
    EXPECT_NE(bar(w, "migration").delta_cny.mean, 0.0);
    for (const char* key : {"churn", "acquisition", "usage"}) EXPECT_FALSE(bar(w, key).measured);
    EXPECT_EQ(bar(w, "remainder").delta_cny.mean, 0.0);
    expect_bars_add_up(w);
}

// Usage alone: dearer overage minutes, and customers who use fewer of them.
TEST(Waterfall, UsageResponseAloneIsTheRevenueOfTheMinutesNotUsed) {
    const std::string usage = "    usage_response: { voice_elasticity: -0.5 }\n";
    std::string dear = waterfall_scenario("50", usage);
    dear.replace(dear.find("voice_per_min_cny: 0.2"), 22, "voice_per_min_cny: 0.4");
    std::string base = waterfall_scenario("50", usage);
    // Allowances of 100 minutes, so that most customers pay overage.
    for (std::string* text : {&base, &dear})
        text->replace(text->find("voice_min: 1000"), 15, "voice_min: 100");
    const Waterfall w = waterfall_of(base, dear);
    EXPECT_TRUE(bar(w, "usage").measured);
    EXPECT_LT(bar(w, "usage").delta_cny.mean, 0.0) << "fewer overage minutes at the dearer rate";
    EXPECT_GT(bar(w, "price").delta_cny.mean, 0.0);
    for (const char* key : {"churn", "acquisition", "migration"}) EXPECT_FALSE(bar(w, key).measured);
    EXPECT_EQ(bar(w, "remainder").delta_cny.mean, 0.0);
    expect_bars_add_up(w);
}

TEST(Waterfall, SeveralResponsesAddUpToThePairedChangeWithTheirInteraction) {
    const std::string all = kPriced +
                            "    acquisition: { gross_adds_per_month: 2000 }\n"
                            "    plan_choice: { price_per_cny: 0.05, overage_risk: 1.5 }\n";
    const Waterfall w = waterfall_of(waterfall_scenario("50", all), waterfall_scenario("70", all));
    EXPECT_EQ(w.extra_runs, 2 * 4) << "all off, then migration, churn and joining alone (no usage response)";
    EXPECT_FALSE(bar(w, "usage").measured);
    EXPECT_LT(bar(w, "churn").delta_cny.mean, 0.0);
    EXPECT_LT(bar(w, "acquisition").delta_cny.mean, 0.0);
    expect_bars_add_up(w);
}

}  // namespace offersim::sim
