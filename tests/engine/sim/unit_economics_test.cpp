// An offer's unit economics (docs/models.md, section 31) through the engine, on a scenario
// whose figures are known in closed form: constant churn, fixed usage inside the allowance,
// no usage costs, no discounting, and every customer taking a handset offer in its launch
// month.
#include "engine/sim/run.hpp"

#include "engine/scenario/loader.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace offersim::sim {

namespace unit_economics_test {

constexpr int kMonths = 24;
constexpr int kLaunch = 3;
constexpr double kHazard = 0.03;
constexpr double kFee = 80.0;
constexpr double kOutlay = 1200.0 + 1650.0 - 1999.0;  // subsidy + handset cost − retail price
constexpr double kLaunchCost = 500000.0;

constexpr const char* kScenario = R"(name: unit-economics
horizon_months: 24
seed: 5
replications: 40
tiers:
  - id: t
    monthly_fee_cny: 80
    included: { voice_min: 1000, data_mb: 1000, sms: 1000 }
    overage: { voice_per_min_cny: 0.2, data_per_mb_cny: 1, sms_each_cny: 0.1 }
segments:
  - id: s
    size: 2000
    tenure_months: { distribution: fixed, mean: 12 }
    tier_mix: { t: 1 }
    usage:
      voice_min: { distribution: fixed, mean: 100 }
      data_mb: { distribution: fixed, mean: 10 }
      sms: { distribution: fixed, mean: 10 }
      monthly_cv: 0
    churn: { model: constant, monthly_hazard: 0.03 }
offers:
  - id: phone
    kind: device_subsidy
    tier: t
    launch_cost_cny: 500000
    device:
      device_cost_cny: 1650
      retail_price_cny: 1999
      subsidy_cny: 1200
      contract_months: 24
    take_up: { segments: [s], existing_share: 1, launch_month: 3 }
)";

// Months a taker is billed, expected: the take-up month, then each month it has not left,
// to the horizon: Σ_{j=0}^{H−L} (1 − h)^j.
double billed_months_per_taker() {
    return (1.0 - std::pow(1.0 - kHazard, kMonths - kLaunch + 1)) / kHazard;
}

const OfferSummary& phone(const ScenarioRun& run) {
    return run.results.offers.front();
}

TEST(UnitEconomics, PaybackPerTakerIsTheOutlayOverTheFeeInEveryReplication) {
    const ScenarioRun run =
        run_scenario(scenario::load_scenario_text(kScenario, "unit.yaml"), RunConfig::of(40, 5, 2));
    const OfferUnitEconomics& u = phone(run).unit;
    EXPECT_DOUBLE_EQ(u.outlay_per_taker_cny, kOutlay);
    EXPECT_DOUBLE_EQ(u.launch_cost_cny, kLaunchCost);
    // Every holder-month brings the fee and nothing else, so the ratio is exact per replication.
    EXPECT_EQ(u.payback_months_per_taker.n, 40);
    EXPECT_NEAR(u.payback_months_per_taker.p5, kOutlay / kFee, 1e-9);
    EXPECT_NEAR(u.payback_months_per_taker.p95, kOutlay / kFee, 1e-9);
    EXPECT_NEAR(u.margin_per_holder_month_cny.mean, kFee, 1e-9);
}

TEST(UnitEconomics, BreakEvenTakeUpLiesWithinFourStandardErrorsOfItsClosedForm) {
    const ScenarioRun run =
        run_scenario(scenario::load_scenario_text(kScenario, "unit.yaml"), RunConfig::of(40, 5, 2));
    const OfferSummary& o = phone(run);
    // NPV(T) = T (fee · E[months billed] − u) − F, zero at T* = F / (fee · E[months billed] − u).
    const double analytic = kLaunchCost / (kFee * billed_months_per_taker() - kOutlay);
    const Band& b = o.unit.break_even_take_ups;
    EXPECT_EQ(b.n, 40);
    EXPECT_GT(b.std_error, 0.0);
    EXPECT_LE(std::fabs(b.mean - analytic), 4.0 * b.std_error)
        << "break-even " << b.mean << ", analytic " << analytic << ", SE " << b.std_error;
    // Spend and NPV per yuan spent are the account's own figures.
    EXPECT_NEAR(o.unit.spend_cny.mean, o.take_ups.mean * kOutlay + kLaunchCost, 1e-6 * kLaunchCost);
    EXPECT_NEAR(o.unit.npv_cny.mean, o.margin_cny.mean, 1e-6 * std::fabs(o.margin_cny.mean));
    EXPECT_NEAR(o.unit.npv_per_cny_spent.mean * o.unit.spend_cny.mean, o.unit.npv_cny.mean,
                0.01 * std::fabs(o.unit.npv_cny.mean));
}

TEST(UnitEconomics, TheLaunchCostIsBookedOnceOnTheFixedLineAndInTheOfferAccount) {
    scenario::Scenario sc = scenario::load_scenario_text(kScenario, "unit.yaml");
    const ScenarioRun with = run_scenario(sc, RunConfig::of(4, 5, 2));
    sc.offers.front().launch_cost = Money{};
    const ScenarioRun without = run_scenario(sc, RunConfig::of(4, 5, 2));
    EXPECT_NEAR(without.results.headline("cost_total_cny").mean + kLaunchCost,
                with.results.headline("cost_total_cny").mean, 1e-6);
    EXPECT_NEAR(without.results.offers.front().cost_cny.mean + kLaunchCost,
                with.results.offers.front().cost_cny.mean, 1e-6);
    EXPECT_NEAR(with.results.line(kLaunch, 1, "cost_fixed_cny").mean -
                    with.results.line(kLaunch - 1, 1, "cost_fixed_cny").mean,
                kLaunchCost, 1e-6);
    // Without a launch cost the offer breaks even at once: its takers earn back their outlay.
    EXPECT_DOUBLE_EQ(without.results.offers.front().unit.break_even_take_ups.mean, 0.0);
}

}  // namespace unit_economics_test

}  // namespace offersim::sim
