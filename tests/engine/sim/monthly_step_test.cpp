// The monthly step bills exactly what the reference rating computes by hand: one
// customer per segment with fixed usage and no month-to-month variation.
#include "engine/sim/monthly_step.hpp"
#include "engine/scenario/loader.hpp"
#include "engine/sim/plan.hpp"
#include "engine/sim/simulation.hpp"
#include "models/rating.hpp"
#include "tests/engine/sim/shard_columns.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <span>
#include <string>
#include <vector>

namespace offersim::sim {

namespace {

// Three tiers; segments of one customer each with fixed usage, no churn.
constexpr const char* kScenario = R"(
name: exact_bills
horizon_months: 3
seed: 1
tiers:
  - id: gotone_58
    monthly_fee_cny: 58
    included: { voice_min: 260, data_mb: 30, sms: 60 }
    overage: { voice_per_min_cny: 0.19, data_per_mb_cny: 1.00, sms_each_cny: 0.10 }
  - id: data_cheap
    monthly_fee_cny: 10
    included: { voice_min: 0, data_mb: 0, sms: 0 }
    overage: { voice_per_min_cny: 0.25, data_per_mb_cny: 0.0005, sms_each_cny: 0.15 }
segments:
  - id: light
    size: 1
    tenure_months: { distribution: fixed, mean: 12 }
    tier_mix: { gotone_58: 1 }
    usage:
      voice_min: { distribution: fixed, mean: 200 }
      data_mb: { distribution: fixed, mean: 20 }
      sms: { distribution: fixed, mean: 10 }
      monthly_cv: 0
    churn: { model: constant, monthly_hazard: 0 }
  - id: heavy
    size: 1
    tenure_months: { distribution: fixed, mean: 12 }
    tier_mix: { gotone_58: 1 }
    usage:
      voice_min: { distribution: fixed, mean: 300 }
      data_mb: { distribution: fixed, mean: 45 }
      sms: { distribution: fixed, mean: 75 }
      monthly_cv: 0
    churn: { model: constant, monthly_hazard: 0 }
  - id: data_user
    size: 1
    tenure_months: { distribution: fixed, mean: 12 }
    tier_mix: { data_cheap: 1 }
    usage:
      voice_min: { distribution: fixed, mean: 7 }
      data_mb: { distribution: fixed, mean: 1010 }
      sms: { distribution: fixed, mean: 3 }
      monthly_cv: 0
    churn: { model: constant, monthly_hazard: 0 }
costs:
  network_per_min_cny: 0.04
  network_per_mb_cny: 0.02
  commission_per_gross_add_cny: 50
  fixed_monthly_cny: 1000
)";

MetricCube run_exact() {
    const auto sc = scenario::load_scenario_text(kScenario, "exact.yaml");
    RunConfig config;
    config.replications = 1;
    config.seed = sc.seed;
    return run_simulation(compile_plan(sc), config);
}

// Fractional use rated by second and KB: each tier rounds every line by another rule, on
// use chosen to land exactly on half a fen (1,802 s at 0.15 CNY/min = 450.5 fen; 1,010 MB
// at 0.0005 CNY/MB = 50.5 fen; 3 SMS at 0.005 CNY = 1.5 fen), and 265.1 min at 0.17.
std::string fractional_scenario(const std::vector<const char*>& rules = {"half_up", "half_even",
                                                                         "truncate"}) {
    std::string text = R"(
name: fractional_use
horizon_months: 2
seed: 3
tiers:
  - id: per_second
    monthly_fee_cny: 0
    overage: { voice_per_min_cny: 0.17, data_per_mb_cny: 1.00, sms_each_cny: 0.10 }
)";
    for (const char* rule : rules)
        text += fmt::format(R"(  - id: {0}
    monthly_fee_cny: 0
    overage: {{ voice_per_min_cny: 0.15, data_per_mb_cny: 0.0005, sms_each_cny: 0.005 }}
    rounding: {{ voice: {0}, data: {0}, sms: {0} }}
)",
                            rule);
    text += "segments:\n";
    const auto segment = [&](const char* tier, const char* voice, int data, int sms) {
        text += fmt::format(R"(  - id: on_{0}
    size: 1
    tenure_months: {{ distribution: fixed, mean: 12 }}
    tier_mix: {{ {0}: 1 }}
    usage:
      voice_min: {{ distribution: fixed, mean: {1} }}
      data_mb: {{ distribution: fixed, mean: {2} }}
      sms: {{ distribution: fixed, mean: {3} }}
      monthly_cv: 0
    churn: {{ model: constant, monthly_hazard: 0 }}
)",
                            tier, voice, data, sms);
    };
    segment("per_second", "265.1", 0, 0);
    for (const char* rule : rules) segment(rule, "30.0333333", 1010, 3);
    return text;
}

SimulationPlan fractional_plan(const std::vector<const char*>& rules = {"half_up", "half_even", "truncate"}) {
    return compile_plan(scenario::load_scenario_text(fractional_scenario(rules), "fractional.yaml"));
}

MetricCube run_fractional(const SimulationPlan& plan = fractional_plan()) {
    RunConfig config;
    config.replications = 1;
    config.seed = 3;  // the scenario's
    return run_simulation(plan, config);
}

}  // namespace

TEST(MonthlyStep, BillsWithinTheAllowanceAtTheFeeOnly) {
    const MetricCube cube = run_exact();
    for (int m = 0; m < 3; ++m) {
        EXPECT_EQ(cube.at(0, m, 0, Metric::revenue_fee), 5800.0);
        EXPECT_EQ(cube.at(0, m, 0, Metric::revenue_total), 5800.0) << "month " << m + 1;
    }
}

TEST(MonthlyStep, BillsOverageToTheFenEveryMonth) {
    // By hand: 40 min x 0.19 = 7.60; 15 MB x 1.00 = 15.00; 15 SMS x 0.10 = 1.50; total 82.10.
    const MetricCube cube = run_exact();
    for (int m = 0; m < 3; ++m) {
        EXPECT_EQ(cube.at(0, m, 1, Metric::revenue_overage_voice), 760.0);
        EXPECT_EQ(cube.at(0, m, 1, Metric::revenue_overage_data), 1500.0);
        EXPECT_EQ(cube.at(0, m, 1, Metric::revenue_overage_sms), 150.0);
        EXPECT_EQ(cube.at(0, m, 1, Metric::revenue_total), 8210.0) << "month " << m + 1;
    }
}

TEST(MonthlyStep, RoundsSubFenRatesHalfUpPerLine) {
    // 7 min x 0.25 = 1.75; 1010 MB x 0.0005 = 0.505 -> 0.51; 3 SMS x 0.15 = 0.45; fee 10.
    const MetricCube cube = run_exact();
    EXPECT_EQ(cube.at(0, 0, 2, Metric::revenue_overage_voice), 175.0);
    EXPECT_EQ(cube.at(0, 0, 2, Metric::revenue_overage_data), 51.0);
    EXPECT_EQ(cube.at(0, 0, 2, Metric::revenue_overage_sms), 45.0);
    EXPECT_EQ(cube.at(0, 0, 2, Metric::revenue_total), 1000.0 + 175 + 51 + 45);
    const auto reference =
        models::rate_bill(models::TierTerms{Money{1000}, 0, 0, 0, Rate{2500}, Rate{5}, Rate{1500}},
                          models::UsageUnits{7 * 60, 1010 * 1024, 3});
    EXPECT_EQ(static_cast<double>(reference.total().fen), cube.at(0, 0, 2, Metric::revenue_total));
}

TEST(MonthlyStep, CostsFollowUsageAndTheFixedCostSitsOnTheWholeBase) {
    const MetricCube cube = run_exact();
    const int all = cube.total_row();
    // Network: (200 + 300 + 7) min x 0.04 = 20.28; (20 + 45 + 1010) MB x 0.02 = 21.50.
    EXPECT_EQ(cube.at(0, 0, all, Metric::cost_network_voice), 2028.0);
    EXPECT_EQ(cube.at(0, 0, all, Metric::cost_network_data), 2150.0);
    EXPECT_EQ(cube.at(0, 0, all, Metric::cost_fixed), 100000.0);
    EXPECT_EQ(cube.at(0, 0, 0, Metric::cost_fixed), 0.0);
    EXPECT_EQ(cube.at(0, 0, all, Metric::margin),
              cube.at(0, 0, all, Metric::revenue_total) - cube.at(0, 0, all, Metric::cost_total));
}

}  // namespace offersim::sim

namespace offersim::sim {

TEST(MonthlyStep, BillsFractionalMinutesBySecond) {
    // 265.1 min = 15,906 s; 15906 x 0.17 / 60 = 45.067 CNY -> 45.07 (whole minutes gave 45.05).
    const MetricCube cube = run_fractional();
    for (int m = 0; m < 2; ++m) EXPECT_EQ(cube.at(0, m, 0, Metric::revenue_overage_voice), 4507.0);
}

TEST(MonthlyStep, RoundsEachLineByItsTiersRule) {
    // By hand, half up / half even / truncate: voice 450.5 -> 451 / 450 / 450; data 50.5 ->
    // 51 / 50 / 50; SMS 1.5 -> 2 / 2 / 1.
    const MetricCube cube = run_fractional();
    const double voice[] = {451, 450, 450};
    const double data[] = {51, 50, 50};
    const double sms[] = {2, 2, 1};
    for (int s = 0; s < 3; ++s) {
        EXPECT_EQ(cube.at(0, 0, s + 1, Metric::revenue_overage_voice), voice[s]) << "segment " << s + 1;
        EXPECT_EQ(cube.at(0, 0, s + 1, Metric::revenue_overage_data), data[s]) << "segment " << s + 1;
        EXPECT_EQ(cube.at(0, 0, s + 1, Metric::revenue_overage_sms), sms[s]) << "segment " << s + 1;
    }
}

TEST(MonthlyStep, TheHalfUpPathBillsAsTheFullRating) {
    // With every tier half up the loop rates without the tie test; with another rule on any
    // tier it rates every line by its tier's rule. The half-up tiers bill the same either way.
    const SimulationPlan half_up_only = fractional_plan({"half_up"});
    const SimulationPlan mixed = fractional_plan();
    ASSERT_TRUE(half_up_only.tiers.all_half_up);
    ASSERT_FALSE(mixed.tiers.all_half_up);
    const MetricCube cheap = run_fractional(half_up_only);
    const MetricCube full = run_fractional(mixed);
    for (int m = 0; m < 2; ++m)
        for (int s = 0; s < 2; ++s)
            for (Metric line : {Metric::revenue_overage_voice, Metric::revenue_overage_data,
                                Metric::revenue_overage_sms, Metric::revenue_total})
                EXPECT_EQ(cheap.at(0, m, s, line), full.at(0, m, s, line))
                    << "month " << m << " segment " << s;
    EXPECT_EQ(cheap.at(0, 0, 1, Metric::revenue_overage_voice), 451.0);
}

}  // namespace offersim::sim

namespace offersim::sim {

TEST(MonthlyStep, TheOfferAccountsListEveryActiveHolderInCustomerOrder) {
    // Random holdings over the first shard of the baseline's store (fixed seed), against the
    // direct test of each customer: holds an offer, and alive or leaving this month.
    const SimulationPlan plan =
        compile_plan(scenario::load_scenario(OFFERSIM_SOURCE_DIR "/scenarios/baseline.yaml"));
    CustomerStore store(plan);
    const Shard shard = store.shards().front();
    test::cover_shard(shard, store.alive, store.offer);
    std::vector<double> leaves(static_cast<std::size_t>(shard.end - shard.begin));
    std::mt19937_64 rng(20261204);
    for (int round = 0; round < 20; ++round) {
        std::vector<std::int32_t> expected;
        for (std::int64_t i = shard.begin; i < shard.end; ++i) {
            const auto u = static_cast<std::size_t>(i);
            const auto j = static_cast<std::size_t>(i - shard.begin);
            // Every other round few hold an offer, so that most words of marks are 0.
            const std::uint64_t spread = round % 2 == 0 ? 3 : 100;
            store.offer[u] = static_cast<std::uint8_t>(rng() % spread == 0 ? 1 + rng() % 4 : 0);
            store.alive[u] = static_cast<std::uint8_t>(rng() % 4 != 0);
            leaves[j] = rng() % 5 == 0 ? 1.0 : 0.0;
            if (store.offer[u] != 0 && (store.alive[u] != 0 || leaves[j] > 0.0))
                expected.push_back(static_cast<std::int32_t>(j));
        }
        const std::span<const std::int32_t> listed = active_offer_holders(store, shard, leaves.data());
        ASSERT_EQ(std::vector<std::int32_t>(listed.begin(), listed.end()), expected) << "round " << round;
    }
}

}  // namespace offersim::sim
