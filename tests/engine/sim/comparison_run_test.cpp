// A comparison stepped in lockstep (docs/models.md, "Offer effects"): each offer's
// cannibalised revenue, incremental margin and payback, checked on scenarios where they are
// known by hand, the runs bit for bit those of run_scenario, for any thread count.
#include "engine/sim/comparison_run.hpp"

#include "engine/scenario/loader.hpp"
#include "engine/sim/lockstep.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace offersim::sim {

namespace {

// Customers of segment `s` on the 80 CNY tier, using far less than any allowance with no
// monthly variation, so a bill is the tier's fee; `churn` their hazard. `segment_extra` adds
// a segment, `extra` top-level keys (offers).
std::string scenario_text(const std::string& name, const std::string& extra, const std::string& churn = "0",
                          const std::string& fee_50 = "50", const std::string& segment_extra = "") {
    return fmt::format(R"(name: {}
horizon_months: 6
seed: 11
tiers:
  - id: t50
    monthly_fee_cny: {}
    included: {{ voice_min: 100000, data_mb: 100000, sms: 100000 }}
    overage: {{ voice_per_min_cny: 0.2, data_per_mb_cny: 1, sms_each_cny: 0.1 }}
  - id: t80
    monthly_fee_cny: 80
    included: {{ voice_min: 100000, data_mb: 100000, sms: 100000 }}
    overage: {{ voice_per_min_cny: 0.2, data_per_mb_cny: 1, sms_each_cny: 0.1 }}
  - id: t100
    monthly_fee_cny: 100
    included: {{ voice_min: 100000, data_mb: 100000, sms: 100000 }}
    overage: {{ voice_per_min_cny: 0.2, data_per_mb_cny: 1, sms_each_cny: 0.1 }}
segments:
  - id: s
    size: 1000
    tenure_months: {{ distribution: fixed, mean: 12 }}
    tier_mix: {{ t80: 1 }}
    usage:
      voice_min: {{ distribution: fixed, mean: 10 }}
      data_mb: {{ distribution: fixed, mean: 10 }}
      sms: {{ distribution: fixed, mean: 10 }}
      monthly_cv: 0
    churn: {{ model: constant, monthly_hazard: {} }}
{}
{}
)",
                       name, fee_50, churn, segment_extra, extra);
}

// An offer that moves takers of `segment` to `tier` from `launch`, with no handset cost.
std::string offer(const std::string& id, const std::string& tier, double existing_share, int launch,
                  const std::string& segment = "s") {
    return fmt::format(R"(  - id: {}
    kind: device_subsidy
    tier: {}
    device: {{ device_cost_cny: 0, retail_price_cny: 0, subsidy_cny: 0, contract_months: 1 }}
    take_up: {{ segments: [{}], existing_share: {}, launch_month: {} }}
)",
                       id, tier, segment, existing_share, launch);
}

// Another segment on fixed usage: `id`, `size` customers, `tier_mix`, `hazard`, voice usage.
std::string segment(const std::string& id, int size, const std::string& tier_mix, const std::string& hazard,
                    const std::string& voice = "{ distribution: fixed, mean: 10 }") {
    return fmt::format(R"(  - id: {}
    size: {}
    tenure_months: {{ distribution: fixed, mean: 12 }}
    tier_mix: {}
    usage:
      voice_min: {}
      data_mb: {{ distribution: fixed, mean: 10 }}
      sms: {{ distribution: fixed, mean: 10 }}
{}    churn: {{ model: constant, monthly_hazard: {} }})",
                       id, size, tier_mix, voice,
                       voice.find("fixed") != std::string::npos ? "      monthly_cv: 0\n" : "", hazard);
}

ComparisonRuns compare(const std::string& baseline, const std::string& variant, int threads = 2,
                       bool leave_one_out = false, int replications = 2) {
    std::vector<scenario::Scenario> scenarios{scenario::load_scenario_text(baseline, "baseline.yaml"),
                                              scenario::load_scenario_text(variant, "variant.yaml")};
    return run_comparison(scenarios, RunConfig::of(replications, scenarios[0].seed, threads), leave_one_out);
}

const std::string kBaseline = scenario_text("baseline", "");

}  // namespace

TEST(ComparisonRun, ACheaperTierCannibalisesItsTakersBillsExactly) {
    // 1,000 customers move from 80 to 50 CNY in month 3 and stay: 4 months x 1,000 x 30 CNY.
    const auto runs = compare(kBaseline, scenario_text("cheaper", "offers:\n" + offer("cut", "t50", 1.0, 3)));
    const OfferEffect& e = runs.comparisons[0].offers.at(0);
    EXPECT_EQ(e.basis, EffectBasis::variant);
    EXPECT_EQ(e.cannibalised_cny.mean, 120000.0);
    EXPECT_EQ(e.cannibalised_cny.std_error, 0.0);
    EXPECT_EQ(e.incremental_margin_cny.mean, -120000.0) << "network cost is the same: all of it is lost fee";
    EXPECT_EQ(e.payback_share, 0.0);
    EXPECT_EQ(e.incremental_payback_month.p50, 7.0) << "never: horizon + 1";
    const CashCurve& cash = runs.comparisons[0].cash;
    EXPECT_EQ(cash.trough_month, 6);
    EXPECT_EQ(cash.trough_cny, -120000.0);
    EXPECT_FALSE(cash.payback_month.has_value());
    EXPECT_EQ(cash.cumulative_cny[1], 0.0) << "nothing differs before the launch";
}

TEST(ComparisonRun, AnOfferThatChangesNoBillCannibalisesNothing) {
    const auto runs = compare(kBaseline, scenario_text("same", "offers:\n" + offer("same", "t80", 1.0, 2)));
    const OfferEffect& e = runs.comparisons[0].offers.at(0);
    EXPECT_EQ(runs.comparisons[0].offers.at(0).cannibalised_cny.p95, 0.0);
    EXPECT_EQ(e.incremental_margin_cny.mean, 0.0);
    EXPECT_FALSE(e.differs) << "reads 'no difference', never 'month 1'";
    EXPECT_EQ(runs.comparisons[0].cash.trough_month, 0);
}

TEST(ComparisonRun, PaybackIsNeverBeforeTheLaunch) {
    // The variant also raises the 50 CNY tier that segment v holds from month 1, so its margin
    // is ahead from month 1; the offer (to 100 CNY, from month 4) pays back from month 4.
    const std::string vips = segment("v", 500, "{ t50: 1 }", "0");
    const auto runs =
        compare(scenario_text("baseline", "", "0", "50", vips),
                scenario_text("dearer", "offers:\n" + offer("up", "t100", 0.5, 4), "0", "55", vips));
    const VariantComparison& c = runs.comparisons[0];
    EXPECT_EQ(c.payback_month.p50, 1.0) << "the variant as a whole gains from month 1";
    const OfferEffect& e = c.offers.at(0);
    EXPECT_EQ(e.incremental_payback_month.p5, 4.0);
    EXPECT_EQ(runs.runs[1].results.offers.at(0).payback_month.p5, 4.0) << "the gross payback too";
    EXPECT_EQ(e.cannibalised_cny.mean, 0.0) << "dearer bills lose nothing";
}

TEST(ComparisonRun, LeaveOneOutMeasuresEachOfSeveralOffersOnItsOwn) {
    // Two offers on disjoint halves of the base (by segment): each one's leave-one-out margin is
    // exactly its own, and they add up to the variant's change.
    const std::string second = segment("w", 1000, "{ t80: 1 }", "0.05");
    const std::string offers = "offers:\n" + offer("down", "t50", 0.4, 2) + offer("up", "t100", 0.3, 3, "w");
    const std::string baseline = scenario_text("baseline", "", "0.05", "50", second);
    const std::string variant = scenario_text("two", offers, "0.05", "50", second);
    const auto without = compare(baseline, variant);
    ASSERT_EQ(without.comparisons[0].offers.size(), 2u);
    EXPECT_EQ(without.comparisons[0].offers[0].basis, EffectBasis::not_measured);
    EXPECT_EQ(without.comparisons[0].offers[0].incremental_margin_cny.n, 0);
    const auto loo = compare(baseline, variant, 2, true);
    const VariantComparison& c = loo.comparisons[0];
    EXPECT_EQ(c.offers[0].basis, EffectBasis::leave_one_out);
    EXPECT_EQ(c.offers[0].incremental_margin_cny.mean + c.offers[1].incremental_margin_cny.mean,
              c.delta("margin_total_cny").mean);
    EXPECT_LT(c.offers[0].incremental_margin_cny.mean, 0.0);
    EXPECT_GT(c.offers[1].incremental_margin_cny.mean, 0.0);
    EXPECT_EQ(c.offers[0].cannibalised_cny.mean, without.comparisons[0].offers[0].cannibalised_cny.mean)
        << "the other offer touches other customers";
    EXPECT_GT(c.offers[0].cannibalised_cny.mean, 0.0);
    EXPECT_EQ(c.offers[1].cannibalised_cny.mean, 0.0);
    EXPECT_EQ(loo.runs[1].results.headlines.size(), without.runs[1].results.headlines.size());
    for (std::size_t k = 0; k < loo.runs[1].results.headlines.size(); ++k)
        EXPECT_EQ(loo.runs[1].results.headlines[k].band.mean, without.runs[1].results.headlines[k].band.mean)
            << "leave-one-out runs leave the variant's own figures alone";
}

TEST(ComparisonRun, RunsAreThoseOfEachScenarioAloneForAnyThreadCount) {
    // Churn draws and shards of several threads: 20,000 customers make three shards.
    const std::string big = segment("w", 20000, "{ t80: 0.5, t100: 0.5 }", "0.05",
                                    "{ distribution: lognormal, mean: 10, cv: 0.5 }");
    const std::string baseline = scenario_text("baseline", "", "0.05", "50", big);
    const std::string variant =
        scenario_text("cut", "offers:\n" + offer("down", "t50", 0.4, 2, "w"), "0.05", "50", big);
    const auto one = compare(baseline, variant, 1);
    const auto three = compare(baseline, variant, 3);
    const auto sc = scenario::load_scenario_text(variant, "variant.yaml");
    const ScenarioRun alone = run_scenario(sc, RunConfig::of(2, sc.seed, 2));
    for (const auto* run : {&one.runs[1], &three.runs[1]}) {
        EXPECT_EQ(run->cube.values, alone.cube.values);
        EXPECT_EQ(run->cube.offer_values, alone.cube.offer_values);
        ASSERT_EQ(run->cube.cohort_payback.size(), alone.cube.cohort_payback.size());
        for (std::size_t c = 0; c < alone.cube.cohort_payback.size(); ++c) {
            EXPECT_EQ(run->cube.cohort_payback[c].cumulative, alone.cube.cohort_payback[c].cumulative);
            EXPECT_EQ(run->cube.cohort_payback[c].month, alone.cube.cohort_payback[c].month);
        }
        EXPECT_EQ(run->cube.active_by_tier, alone.cube.active_by_tier);
    }
    const OfferEffect& a = one.comparisons[0].offers.at(0);
    const OfferEffect& b = three.comparisons[0].offers.at(0);
    EXPECT_GT(a.cannibalised_cny.mean, 0.0);
    EXPECT_EQ(a.cannibalised_cny.mean, b.cannibalised_cny.mean);
    EXPECT_EQ(a.cannibalised_cny.p95, b.cannibalised_cny.p95);
    EXPECT_EQ(a.incremental_margin_cny.mean, b.incremental_margin_cny.mean);
}

TEST(ComparisonRun, CountsTheContractsTheHorizonLeavesOut) {
    // Every taker signs 12 months in month 3: 1,000 customers hold 8 months each past month 6.
    const std::string contract = R"(offers:
  - id: phone
    kind: device_subsidy
    device: { device_cost_cny: 0, retail_price_cny: 0, subsidy_cny: 0, contract_months: 12 }
    take_up: { segments: [s], existing_share: 1, launch_month: 3 }
)";
    const auto runs = compare(kBaseline, scenario_text("phone", contract));
    ASSERT_TRUE(runs.comparisons[0].horizon_tail.has_value());
    const HorizonTail& tail = *runs.comparisons[0].horizon_tail;
    EXPECT_EQ(tail.customers.mean, 1000.0);
    EXPECT_EQ(tail.months_left.mean, 8000.0) << "months 7 to 14";
    EXPECT_EQ(tail.customers_delta.mean, 1000.0);
}

}  // namespace offersim::sim
