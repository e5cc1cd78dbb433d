// The per-customer views (docs/models.md, section 26) against independent computations: a
// scenario of known bills, the metric cube's own lines and the group module's own totals (the
// margins' sums against a sort: tests/engine/sim/margin_sums_test.cpp); bit-identical for
// any thread count; free of any effect on the run.
#include "engine/sim/customer_views.hpp"

#include "engine/scenario/loader.hpp"
#include "engine/sim/comparison_run.hpp"
#include "engine/sim/groups.hpp"
#include "engine/sim/plan.hpp"
#include "engine/sim/results.hpp"
#include "engine/sim/simulation.hpp"

#include <gtest/gtest.h>
#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>

namespace offersim::sim {

namespace {

// Two tiers whose allowances cover the fixed usage, so every bill is the tier's fee: 38 CNY
// (band 0 of [50, 100]) or 128 CNY (band 2). No churn; 4 CNY of network cost a customer.
constexpr const char* kKnownBills = R"(
name: known_bills
horizon_months: 4
replications: 6
seed: 11
tiers:
  - id: small_38
    monthly_fee_cny: 38
    included: { voice_min: 300, data_mb: 100, sms: 100 }
    overage: { voice_per_min_cny: 0.19, data_per_mb_cny: 1.00, sms_each_cny: 0.10 }
  - id: big_128
    monthly_fee_cny: 128
    included: { voice_min: 300, data_mb: 100, sms: 100 }
    overage: { voice_per_min_cny: 0.19, data_per_mb_cny: 1.00, sms_each_cny: 0.10 }
segments:
  - id: mass
    size: 1003
    tenure_months: { distribution: fixed, mean: 12 }
    tier_mix: { small_38: 0.7, big_128: 0.3 }
    usage:
      voice_min: { distribution: fixed, mean: 90 }
      data_mb: { distribution: fixed, mean: 20 }
      sms: { distribution: fixed, mean: 0 }
      monthly_cv: 0
    churn: { model: constant, monthly_hazard: 0 }
costs:
  network_per_min_cny: 0.04
  network_per_mb_cny: 0.02
reporting:
  customer_views: true
  arpu_bands_cny: [50, 100]
)";

constexpr double kCostFen = 90 * 4 + 20 * 2;  // 400 fen of network cost a month

MetricCube run(const SimulationPlan& plan, int replications, std::uint64_t seed, int threads) {
    return run_simulation(plan, RunConfig::of(replications, seed, threads));
}

// The docs' example, shrunk to a few thousand customers and 8 months.
scenario::Scenario small_views_example() {
    scenario::Scenario sc = scenario::load_scenario(OFFERSIM_SOURCE_DIR "/docs/examples/customer_views.yaml");
    sc.horizon_months = 8;
    for (auto& s : sc.segments) {
        s.size = std::max<std::int64_t>(1, s.size / 100);
        for (auto& g : s.acquisition.gross_adds_per_month) g /= 100;
    }
    return sc;
}

}  // namespace

TEST(CustomerViews, ArpuBandCountsTheEdgesReached) {
    const std::vector<double> edges = {5000.0, 10000.0, 20000.0};
    EXPECT_EQ(arpu_band(edges, 0.0), 0);
    EXPECT_EQ(arpu_band(edges, 4999.0), 0);
    EXPECT_EQ(arpu_band(edges, 5000.0), 1);  // an edge opens its band
    EXPECT_EQ(arpu_band(edges, 19999.0), 2);
    EXPECT_EQ(arpu_band(edges, 20000.0), 3);
}

TEST(CustomerViews, ComparePairsTheRevenueOfTheBandARaisedTierSitsIn) {
    // The big tier up from 128 to 138 CNY: its customers stay in the band from 100 CNY, whose
    // revenue rises by 10 CNY a customer-month in every replication (the same customers hold
    // it: common random numbers); the band below 50 does not move at all.
    std::string raised = kKnownBills;
    raised.replace(raised.find("monthly_fee_cny: 128"), 20, "monthly_fee_cny: 138");
    const ComparisonRuns c = run_comparison({scenario::load_scenario_text(kKnownBills, "known.yaml"),
                                             scenario::load_scenario_text(raised, "raised.yaml")},
                                            RunConfig::of(4, 11, 2), false);
    const auto delta = [&](std::string_view key) -> Band {
        for (const auto& d : c.comparisons.at(0).module_deltas)
            if (d.key == key) return d.band;
        ADD_FAILURE() << "no module delta " << key;
        return Band{};
    };
    const MetricCube& base = c.runs[0].cube;
    double big_months = 0.0;
    for (int rep = 0; rep < 4; ++rep)
        for (int m = 0; m < 4; ++m) big_months += base.tier_at(rep, m, 1);
    const Band raised_band = delta("view_revenue_arpu.100+_cny");
    EXPECT_DOUBLE_EQ(raised_band.mean, 10.0 * big_months / 4);
    EXPECT_GT(raised_band.p5, 0.0);
    const Band low_band = delta("view_revenue_arpu.0-50_cny");
    EXPECT_EQ(low_band.mean, 0.0);
    EXPECT_EQ(low_band.p95 - low_band.p5, 0.0);
    EXPECT_DOUBLE_EQ(delta("view_revenue_vip.none_cny").mean, raised_band.mean);
    // The big tier's customers are the top fifth: their margin rises, and with it their share.
    EXPECT_GT(delta("view_top_fifth_margin_share").p5, 0.0);
}

TEST(CustomerViews, KnownBillsGiveKnownHeadcountsRevenuesAndShares) {
    const SimulationPlan plan = compile_plan(scenario::load_scenario_text(kKnownBills, "known.yaml"));
    const MetricCube cube = run(plan, 6, 11, 2);
    const CustomerViewCube& v = cube.views;
    ASSERT_TRUE(v.enabled());
    ASSERT_EQ(v.bands, 3);
    ASSERT_EQ(v.levels, 1);  // no VIP grading: every customer holds no level
    using F = CustomerViewCube::Figure;
    for (int rep = 0; rep < 6; ++rep)
        for (int m = 0; m < 4; ++m) {
            // Nobody churns, so the month's end counts by tier are the month's billed customers.
            const double small = cube.tier_at(rep, m, 0);
            const double big = cube.tier_at(rep, m, 1);
            ASSERT_EQ(small + big, 1003.0);
            EXPECT_EQ(v.band_at(rep, m, 0, F::headcount), small);
            EXPECT_EQ(v.band_at(rep, m, 0, F::revenue), small * 3800.0);
            EXPECT_EQ(v.band_at(rep, m, 1, F::headcount), 0.0);
            EXPECT_EQ(v.band_at(rep, m, 1, F::revenue), 0.0);
            EXPECT_EQ(v.band_at(rep, m, 2, F::headcount), big);
            EXPECT_EQ(v.band_at(rep, m, 2, F::revenue), big * 12800.0);
            EXPECT_EQ(v.level_at(rep, m, 0, F::headcount), 1003.0);
            EXPECT_EQ(v.level_at(rep, m, 0, F::revenue), small * 3800.0 + big * 12800.0);
            // The top fifth: ceil(1003 / 5) = 201 customers, the big tier's first when it has enough.
            const double top = std::min(big, 201.0) * (12800.0 - kCostFen) +
                               std::max(0.0, 201.0 - big) * (3800.0 - kCostFen);
            EXPECT_EQ(v.margin_at(rep, m, CustomerViewCube::billed), 1003.0);
            EXPECT_EQ(v.margin_at(rep, m, CustomerViewCube::top_fifth), top);
            EXPECT_EQ(v.margin_at(rep, m, CustomerViewCube::all),
                      small * (3800.0 - kCostFen) + big * (12800.0 - kCostFen));
        }

    // The summaries: each figure's band over the six replications.
    const RunResults r = summarise_run(plan, cube, "known_bills", "", 11);
    ASSERT_TRUE(r.customer_views.has_value());
    const CustomerViewResults& s = *r.customer_views;
    ASSERT_EQ(s.arpu_bands.size(), 3u);
    EXPECT_EQ(s.arpu_bands[0].id, "0-50");
    EXPECT_EQ(s.arpu_bands[2].id, "100+");
    std::vector<double> big_revenue, share_last;
    for (int rep = 0; rep < 6; ++rep) {
        double revenue = 0.0, share = 0.0;
        for (int m = 0; m < 4; ++m) {
            revenue += cube.tier_at(rep, m, 1) * 128.0;
            share +=
                v.margin_at(rep, m, CustomerViewCube::top_fifth) / v.margin_at(rep, m, CustomerViewCube::all);
        }
        big_revenue.push_back(revenue);
        share_last.push_back(share / 4.0);
    }
    const Band expected_revenue = summarise(big_revenue);
    EXPECT_DOUBLE_EQ(s.arpu_bands[2].revenue_total_cny.mean, expected_revenue.mean);
    EXPECT_DOUBLE_EQ(s.arpu_bands[2].revenue_total_cny.p5, expected_revenue.p5);
    EXPECT_DOUBLE_EQ(s.arpu_bands[2].revenue_total_cny.p95, expected_revenue.p95);
    EXPECT_EQ(s.arpu_bands[2].revenue_total_cny.n, 6);
    EXPECT_LT(s.arpu_bands[2].revenue_total_cny.p5, s.arpu_bands[2].revenue_total_cny.p95);  // a real band
    EXPECT_DOUBLE_EQ(s.arpu_bands[2].arpu_cny.mean, 128.0);
    EXPECT_EQ(s.last_months, 4);
    EXPECT_DOUBLE_EQ(s.top_fifth_margin_share_last_12.mean, summarise(share_last).mean);
    EXPECT_EQ(s.top_fifth_margin_share.size(), 4u);
}

TEST(CustomerViews, LevelsAndBandsAddUpToTheMonthsBilledCustomersAndRevenue) {
    const SimulationPlan plan = compile_plan(small_views_example());
    const MetricCube cube = run(plan, 2, 5, 2);
    const CustomerViewCube& v = cube.views;
    ASSERT_GT(v.levels, 1);
    using F = CustomerViewCube::Figure;
    double graded = 0.0;
    for (int rep = 0; rep < 2; ++rep)
        for (int m = 0; m < cube.months; ++m) {
            const int all = cube.total_row();
            const double active = cube.at(rep, m, all, Metric::active);
            // Handsets at retail are booked per offer, not per customer.
            const double revenue =
                cube.at(rep, m, all, Metric::revenue_total) - cube.at(rep, m, all, Metric::revenue_device);
            double level_heads = 0.0, level_revenue = 0.0, band_heads = 0.0, band_revenue = 0.0;
            for (int l = 0; l < v.levels; ++l) {
                level_heads += v.level_at(rep, m, l, F::headcount);
                level_revenue += v.level_at(rep, m, l, F::revenue);
                if (l > 0) graded += v.level_at(rep, m, l, F::headcount);
            }
            for (int b = 0; b < v.bands; ++b) {
                band_heads += v.band_at(rep, m, b, F::headcount);
                band_revenue += v.band_at(rep, m, b, F::revenue);
            }
            EXPECT_EQ(level_heads, active) << "month " << m + 1;
            EXPECT_EQ(band_heads, active) << "month " << m + 1;
            EXPECT_EQ(level_revenue, revenue) << "month " << m + 1;
            EXPECT_EQ(band_revenue, revenue) << "month " << m + 1;
            EXPECT_EQ(v.margin_at(rep, m, CustomerViewCube::billed), active);
        }
    EXPECT_GT(graded, 0.0);  // customers held VIP levels: the graded path ran
}

TEST(CustomerViews, ThreadCountNeverChangesAView) {
    const SimulationPlan plan = compile_plan(small_views_example());
    const MetricCube one = run(plan, 2, 3, 1);
    for (int threads : {2, 8}) {
        const MetricCube many = run(plan, 2, 3, threads);
        EXPECT_EQ(one.views.by_level, many.views.by_level) << threads << " threads";
        EXPECT_EQ(one.views.by_band, many.views.by_band) << threads << " threads";
        EXPECT_EQ(one.views.margin, many.views.margin) << threads << " threads";
    }
}

TEST(CustomerViews, TurningThemOnChangesNoOtherFigure) {
    scenario::Scenario sc = small_views_example();
    const SimulationPlan plan_on = compile_plan(sc);
    const MetricCube on = run(plan_on, 1, 3, 2);
    sc.reporting.customer_views = false;
    const SimulationPlan plan_off = compile_plan(sc);
    const MetricCube off = run(plan_off, 1, 3, 2);
    EXPECT_FALSE(off.views.enabled());
    EXPECT_EQ(on.values, off.values);
    EXPECT_EQ(on.active_by_tier, off.active_by_tier);
    EXPECT_FALSE(summarise_run(plan_off, off, "off", "", 3).customer_views.has_value());
    EXPECT_EQ(customer_view_bytes_per_customer(plan_off), 0u);
    EXPECT_EQ(customer_view_bytes_per_customer(plan_on), 8u);
}

TEST(GroupScores, EachGroupsEndAddsUpToTheModulesTotals) {
    const scenario::Scenario sc =
        scenario::load_scenario(OFFERSIM_SOURCE_DIR "/scenarios/examples/group_bid_and_vnet.yaml");
    ASSERT_TRUE(sc.groups.has_value());
    int groups = 0;
    for (const auto& c : sc.groups->classes) groups += c.count;
    constexpr int kReps = 5;
    std::vector<double> switched_first(kReps);
    for (int rep = 0; rep < kReps; ++rep) {
        const GroupReplication r =
            simulate_groups_replication(*sc.groups, sc.horizon_months, 9, static_cast<std::uint32_t>(rep));
        ASSERT_EQ(r.groups.size(), static_cast<std::size_t>(groups));
        double switched = 0.0, warnings = 0.0;
        for (const auto& g : r.groups) {
            switched += g.switched;
            warnings += g.warnings;
            EXPECT_GE(g.score, 0.0);
            EXPECT_LE(g.score, 100.0);
        }
        EXPECT_EQ(switched, std::accumulate(r.switches.begin(), r.switches.end(), 0.0));
        EXPECT_EQ(warnings, std::accumulate(r.tier_drops.begin(), r.tier_drops.end(), 0.0));
        switched_first[static_cast<std::size_t>(rep)] = r.groups.front().switched;
    }
    const GroupResults results = run_groups(*sc.groups, sc.horizon_months, RunConfig::of(kReps, 9));
    ASSERT_EQ(results.scores.size(), static_cast<std::size_t>(groups));
    EXPECT_EQ(results.scores.front().class_id, sc.groups->classes.front().id);
    EXPECT_EQ(results.scores.front().index, 1);
    EXPECT_DOUBLE_EQ(results.scores.front().switched.mean, summarise(switched_first).mean);
    for (const auto& s : results.scores) {
        EXPECT_EQ(s.score.n, kReps);
        EXPECT_GE(s.tier.p5, 1.0);  // tiers count from 1, the highest
        EXPECT_LE(s.tier.p95, static_cast<double>(std::max<std::size_t>(1, results.tier_ids.size())));
    }
}

}  // namespace offersim::sim
