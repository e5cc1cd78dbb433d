// The shipped price examples against the baseline, under common random numbers: each moves
// churn in the direction and, in month 1, by the size the leave equation implies
// (docs/models.md, "Price response"), and leaves every other segment's figures identical.
#include "engine/scenario/loader.hpp"
#include "engine/sim/customer_store.hpp"
#include "engine/sim/price_response.hpp"
#include "engine/sim/run.hpp"
#include "engine/sim/simulation.hpp"
#include "engine/sim/usage_response.hpp"
#include "tests/scenarios/example_runs.hpp"

#include <gtest/gtest.h>
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

namespace offersim::sim {

namespace {

namespace fs = std::filesystem;
using examples::expect_untouched_segments_identical;
using examples::kScenarios;
using examples::run;
using examples::segment_index;
constexpr int kReplications = 2;
constexpr int kHorizon = 12;

double total(const ScenarioRun& r, int segment, Metric metric, int months) {
    double sum = 0.0;
    for (int rep = 0; rep < kReplications; ++rep)
        for (int m = 0; m < months; ++m) sum += r.cube.at(rep, m, segment, metric);
    return sum;
}

// The expected paired change in month-1 churners of the initial customers of `segment`,
// summed over the replications, and its binomial variance: each customer leaves in the
// variant and not in the baseline when its uniform falls between h and P(h, odds).
// Valid for a segment whose hazard is the table by tenure (no contract, no offer).
std::pair<double, double> month_one_change(const SimulationPlan& plan, int segment, std::uint64_t seed) {
    CustomerStore store(plan);
    const SegmentPlan& seg = plan.segments[static_cast<std::size_t>(segment)];
    double mean = 0.0, variance = 0.0;
    for (int rep = 0; rep < kReplications; ++rep) {
        const PhiloxKey key = replication_key(seed, static_cast<std::uint32_t>(rep));
        for (const Shard& shard : store.shards()) {
            const Cohort& c = store.cohorts()[static_cast<std::size_t>(shard.cohort)];
            if (c.segment != segment || c.join_month != 0) continue;
            store.create_customers(plan, shard, key);
            update_leave_odds(plan, store, shard, seg, 1);
            for (std::int64_t i = shard.begin; i < shard.end; ++i) {
                const double h = seg.hazard[store.tenure_months[static_cast<std::size_t>(i)]];
                const double r = store.price_odds[static_cast<std::size_t>(i)];
                const double q = h * r / (1.0 - h + h * r) - h;
                mean += q;
                variance += std::abs(q) * (1.0 - std::abs(q));
            }
        }
    }
    return {mean, variance};
}

// Month 1 of `file` with usage answering prices and without, under common random numbers:
// the same customers, tiers and monthly factors, so the difference is usage response alone.
std::pair<MetricCube, MetricCube> month_one_with_and_without_usage(const fs::path& file) {
    scenario::Scenario sc = scenario::load_scenario(file);
    sc.horizon_months = 1;
    const RunConfig config = RunConfig::of(kReplications, sc.seed, 2);
    return {run_simulation(compile_plan(sc), config),
            run_simulation(compile_plan(sc, Responses{.usage = false}), config)};
}

// The model-implied month-1 change in `segment`'s use of a service (propensity times its
// scale, less the propensity, over the customers active in month 1: E[monthly factor] = 1)
// and its variance: the monthly factor's (cv) and two roundings to a whole unit per customer.
struct UsageChange {
    double mean = 0.0;
    double variance = 0.0;
};
UsageChange month_one_usage_change(const SimulationPlan& plan, int segment, std::uint64_t seed,
                                   Column<float> CustomerStore::*propensity,
                                   Column<float> CustomerStore::*scale, double monthly_cv) {
    CustomerStore store(plan);
    const SegmentPlan& seg = plan.segments[static_cast<std::size_t>(segment)];
    UsageChange change;
    for (int rep = 0; rep < kReplications; ++rep) {
        const PhiloxKey key = replication_key(seed, static_cast<std::uint32_t>(rep));
        for (const Shard& shard : store.shards()) {
            const Cohort& c = store.cohorts()[static_cast<std::size_t>(shard.cohort)];
            if (c.segment != segment || c.join_month > 1) continue;
            store.create_customers(plan, shard, key);
            update_usage(plan, store, shard, seg);
            for (std::int64_t i = shard.begin; i < shard.end; ++i) {
                const auto u = static_cast<std::size_t>(i);
                const double moved = (store.*propensity)[u] * ((store.*scale)[u] - 1.0);
                change.mean += moved;
                change.variance += moved * moved * monthly_cv * monthly_cv + 2.0 / 12.0;
            }
        }
    }
    return change;
}

}  // namespace

// Peak-load pricing: half-price off-peak minutes for the mass market. The shift moves
// overage minutes off-peak (cheaper), and minutes rise by the voice elasticity for those
// whose average price per minute falls: the model-implied size within 4 standard errors.
TEST(PriceExamples, HalfPriceOffPeakShiftsMassMinutesAndAddsAFew) {
    const fs::path file = kScenarios / "examples/mass_peak_load_pricing.yaml";
    const auto [answering, stated] = month_one_with_and_without_usage(file);
    const SimulationPlan plan = compile_plan(scenario::load_scenario(file));
    const int mass = segment_index(plan, "mass");
    ASSERT_TRUE(plan.segments[static_cast<std::size_t>(mass)].usage.enabled);
    const auto minutes = [&](const MetricCube& cube, Metric metric) {
        double sum = 0.0;
        for (int rep = 0; rep < kReplications; ++rep) sum += cube.at(rep, 0, mass, metric);
        return sum;
    };
    const UsageChange expected =
        month_one_usage_change(plan, mass, scenario::load_scenario(file).seed,
                               &CustomerStore::voice_propensity, &CustomerStore::voice_scale, 0.3);
    EXPECT_GT(expected.mean, 0.0) << "a cheaper off-peak minute lowers the average price of a minute";
    const double change = minutes(answering, Metric::voice_min) - minutes(stated, Metric::voice_min);
    EXPECT_GT(change, 0.0);
    EXPECT_NEAR(change, expected.mean, 4.0 * std::sqrt(expected.variance));
    // Off-peak: odds 0.3 / 0.7 x 0.5^-0.5, so 37.7% of a customer's minutes instead of 30%.
    CustomerStore store(plan);
    const Shard& shard = store.shards()[0];
    ASSERT_EQ(store.cohorts()[static_cast<std::size_t>(shard.cohort)].segment, mass);
    store.create_customers(plan, shard, replication_key(1, 0));
    update_usage(plan, store, shard, plan.segments[static_cast<std::size_t>(mass)]);
    const double odds = 0.3 / 0.7 * std::sqrt(2.0);
    EXPECT_NEAR(store.off_peak_share[static_cast<std::size_t>(shard.begin)], odds / (1.0 + odds), 1e-6);
}

// The full flat rate with abuse: gold VIPs on an unlimited 198 CNY tier use 30% more of every
// service (the stated uplift, exactly up to rounding to whole units), and the network cost follows.
TEST(PriceExamples, AFullFlatRateRaisesGoldVipUsageByTheUpliftAndItsNetworkCost) {
    const fs::path file = kScenarios / "examples/vip_flat_rate_abuse.yaml";
    const auto [answering, stated] = month_one_with_and_without_usage(file);
    const SimulationPlan plan = compile_plan(scenario::load_scenario(file));
    const int gold = segment_index(plan, "vip_gold");
    ASSERT_TRUE(plan.segments[static_cast<std::size_t>(gold)].usage.enabled);
    const auto sum = [&](const MetricCube& cube, Metric metric) {
        double total_over_reps = 0.0;
        for (int rep = 0; rep < kReplications; ++rep) total_over_reps += cube.at(rep, 0, gold, metric);
        return total_over_reps;
    };
    for (Metric metric : {Metric::voice_min, Metric::data_mb, Metric::sms}) {
        const double ratio = sum(answering, metric) / sum(stated, metric);
        EXPECT_NEAR(ratio, 1.3, 0.002) << metric_def(metric).key;
    }
    const double extra_cost =
        sum(answering, Metric::cost_network_voice) + sum(answering, Metric::cost_network_data) +
        sum(answering, Metric::cost_network_sms) - sum(stated, Metric::cost_network_voice) -
        sum(stated, Metric::cost_network_data) - sum(stated, Metric::cost_network_sms);
    // 0.04 CNY a minute, 0.02 a MB, 0.005 a message on 30% more use.
    const double implied = 0.3 * (sum(stated, Metric::voice_min) * 4.0 + sum(stated, Metric::data_mb) * 2.0 +
                                  sum(stated, Metric::sms) * 0.5);
    EXPECT_NEAR(extra_cost, implied, 0.002 * implied);
    EXPECT_EQ(sum(answering, Metric::revenue_total), sum(stated, Metric::revenue_total))
        << "a flat rate's revenue does not move with use";
    EXPECT_EQ(sum(answering, Metric::churners), sum(stated, Metric::churners));
}

TEST(PriceExamples, AMinimumSpendTopsUpBillsAndDrivesAwayMassCustomers) {
    const ScenarioRun base = run(kScenarios / "baseline.yaml");
    const ScenarioRun variant = run(kScenarios / "examples/mass_minimum_spend.yaml");
    const int mass = segment_index(variant.plan, "mass");
    ASSERT_TRUE(variant.plan.segments[static_cast<std::size_t>(mass)].price.answers());
    EXPECT_GT(total(variant, mass, Metric::revenue_min_spend_topup, kHorizon),
              total(base, mass, Metric::revenue_min_spend_topup, kHorizon));
    EXPECT_GT(total(variant, mass, Metric::churners, kHorizon), total(base, mass, Metric::churners, kHorizon))
        << "a floor raises bills, so more leave";
    expect_untouched_segments_identical(base, variant, {"mass"});
}

TEST(PriceExamples, AGroupMemberDiscountKeepsMembersByTheLeaveEquation) {
    const ScenarioRun base = run(kScenarios / "baseline.yaml");
    const ScenarioRun variant = run(kScenarios / "examples/group_member_discount.yaml");
    const int group = segment_index(variant.plan, "group_member");
    const PricePlan& price = variant.plan.segments[static_cast<std::size_t>(group)].price;
    ASSERT_TRUE(price.answers());
    // beta from the elasticity 1.1 stated in base.yaml, at the segment's mean bill and hazard.
    EXPECT_NEAR(price.beta_per_fen * 100.0, 1.1 / (price.mean_bill_cny * (1.0 - price.mean_hazard)), 1e-12);
    const auto [expected, variance] =
        month_one_change(variant.plan, group, scenario::load_scenario(kScenarios / "baseline.yaml").seed);
    EXPECT_LT(expected, -1.0) << "10 CNY off a GoTone 88 bill keeps some members";
    const double change =
        total(variant, group, Metric::churners, 1) - total(base, group, Metric::churners, 1);
    EXPECT_NEAR(change, expected, 4.0 * std::sqrt(variance));
    EXPECT_LT(total(variant, group, Metric::churners, kHorizon),
              total(base, group, Metric::churners, kHorizon));
    expect_untouched_segments_identical(base, variant, {"group_member"});
}

// The discount point: with the rival's 40% cut brought forward to month 1, gold VIPs'
// month-1 churn rises by the leave equation's amount, most of it from the kink (a cut past
// the 30% threshold); before the cut (from month 7 as shipped) nothing changes.
TEST(PriceExamples, ARivalsVipCutPastTheDiscountPointDrivesGoldVipsAway) {
    const ScenarioRun base = run(kScenarios / "baseline.yaml");
    const ScenarioRun shipped = run(kScenarios / "examples/vip_discount_point.yaml");
    const int gold = segment_index(shipped.plan, "vip_gold");
    ASSERT_TRUE(shipped.plan.segments[static_cast<std::size_t>(gold)].price.weighs_rivals());
    EXPECT_EQ(total(shipped, gold, Metric::churners, 6), total(base, gold, Metric::churners, 6))
        << "a rival at our prices changes nothing";
    EXPECT_GT(total(shipped, gold, Metric::churners, kHorizon),
              total(base, gold, Metric::churners, kHorizon));
    expect_untouched_segments_identical(base, shipped, {"vip_gold", "vip_diamond"});

    auto early = scenario::load_scenario(kScenarios / "examples/vip_discount_point.yaml");
    early.competitors.front().moves.front().start_month = 1;
    const ScenarioRun variant = run(early);
    const std::uint64_t seed = scenario::load_scenario(kScenarios / "baseline.yaml").seed;
    const auto [expected, variance] = month_one_change(variant.plan, gold, seed);
    SimulationPlan no_kink = variant.plan;
    no_kink.segments[static_cast<std::size_t>(gold)].price.discount_strength = 0.0;
    EXPECT_GT(expected, 2.0 * month_one_change(no_kink, gold, seed).first) << "the kink dominates";
    const double change = total(variant, gold, Metric::churners, 1) - total(base, gold, Metric::churners, 1);
    EXPECT_NEAR(change, expected, 4.0 * std::sqrt(variance));
}

// A shorthand multiplier that names its rival gives way to that rival's priced move: the
// staff half price applies as Telecom's prices, not as 1.8 on the hazard, and counts once.
TEST(PriceExamples, ARivalsPricedMoveReplacesTheShorthandMultiplier) {
    const ScenarioRun base = run(kScenarios / "baseline.yaml");
    const ScenarioRun shorthand = run(kScenarios / "examples/competitor_group_attack.yaml");
    const ScenarioRun priced = run(kScenarios / "examples/competitor_group_attack_priced.yaml");
    const auto group = static_cast<std::size_t>(segment_index(priced.plan, "group_member"));
    EXPECT_EQ(shorthand.plan.segments[group].competitor_factor[3], 1.8f);
    EXPECT_EQ(priced.plan.segments[group].competitor_factor[3], 1.0f) << "month 4: the priced move alone";
    EXPECT_EQ(priced.plan.segments[group].competitor_factor[6], 1.4f)
        << "month 7: the leaders' handsets stay";
    const int g = static_cast<int>(group);
    EXPECT_EQ(total(priced, g, Metric::churners, 3), total(base, g, Metric::churners, 3))
        << "a rival at our prices changes nothing before its move";
    EXPECT_GT(total(priced, g, Metric::churners, 6), total(base, g, Metric::churners, 6))
        << "Telecom's half price drives members away";
    expect_untouched_segments_identical(shorthand, priced, {"group_member"});
    const auto& warnings = priced.results.warnings;
    EXPECT_NE(
        std::find_if(warnings.begin(), warnings.end(),
                     [](const RunWarning& w) { return w.kind == WarningKind::move_replaced_by_prices; }),
        warnings.end());
}

}  // namespace offersim::sim
