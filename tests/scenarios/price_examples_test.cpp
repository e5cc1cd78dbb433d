// The shipped price examples against the baseline, under common random numbers: each moves
// churn in the direction and, in month 1, by the size the leave equation implies
// (docs/models.md, "Price response"), and leaves every other segment's figures identical.
#include "engine/scenario/loader.hpp"
#include "engine/sim/customer_store.hpp"
#include "engine/sim/price_response.hpp"
#include "engine/sim/run.hpp"
#include "engine/sim/simulation.hpp"
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

}  // namespace

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

}  // namespace offersim::sim
