// A comparison pairs the group and win-back KPIs replication by replication and counts their
// money in the headline: a variant that changes nothing differs by exactly zero, the
// key-person defence saves the whole-group switches docs/models.md predicts, and a richer
// win-back offer confirms the win-backs its conversion implies.
#include "engine/sim/comparison.hpp"

#include "engine/scenario/loader.hpp"
#include "engine/sim/comparison_run.hpp"
#include "engine/sim/run.hpp"

#include <gtest/gtest.h>
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>
#include "tests/engine/sim/module_delta.hpp"

namespace offersim::sim {

namespace {

scenario::Scenario example(const std::string& name) {
    return scenario::load_scenario(OFFERSIM_SOURCE_DIR "/scenarios/examples/" + name + ".yaml");
}

// The customer base cut to a few customers and no gross adds: these tests are about the
// modules beside it, which the cut leaves as they are.
scenario::Scenario small(scenario::Scenario sc, int horizon) {
    sc.horizon_months = horizon;
    for (auto& s : sc.segments) {
        s.size = std::min<std::int64_t>(s.size, 50);
        s.acquisition.gross_adds_per_month = {0};
    }
    for (auto& o : sc.offers) o.take_up.end_month = std::min(o.take_up.end_month, horizon);
    if (sc.win_back) sc.win_back->pool_size = 30'000;  // within one month of the managers' capacity
    return sc;
}

struct Pair {
    ScenarioRun baseline;
    ScenarioRun variant;
    VariantComparison comparison;
};

Pair compare(const scenario::Scenario& baseline, const scenario::Scenario& variant, int replications) {
    const RunConfig config = RunConfig::of(replications, baseline.seed, 2);
    // The one entry `offersim compare` uses, so the modules' samples are paired as it pairs them.
    ComparisonRuns r = run_comparison({baseline, variant}, config, false);
    return Pair{std::move(r.runs[0]), std::move(r.runs[1]), std::move(r.comparisons[0])};
}

}  // namespace

TEST(Comparison, AVariantThatChangesNothingDiffersByExactlyZeroInEveryGroupAndWinBackFigure) {
    for (const char* name : {"group_bid_and_vnet", "win_back_competitor_pool"}) {
        const scenario::Scenario sc = small(example(name), 9);
        const Pair p = compare(sc, sc, 3);
        ASSERT_FALSE(p.comparison.module_deltas.empty()) << name;
        for (const auto& d : p.comparison.module_deltas) {
            EXPECT_EQ(d.band.mean, 0.0) << name << " " << d.key;
            EXPECT_EQ(d.band.p5, 0.0) << name << " " << d.key;
            EXPECT_EQ(d.band.p95, 0.0) << name << " " << d.key;
        }
        for (const auto& d : p.comparison.deltas) EXPECT_EQ(d.band.mean, 0.0) << name << " " << d.key;
        for (const auto& m : p.comparison.monthly_margin_delta_cny) EXPECT_EQ(m.mean, 0.0) << name;
    }
}

TEST(Comparison, KeyPersonDefenceSavesTheWholeGroupSwitchesOfTheClosedForm) {
    const Pair p =
        compare(small(example("group_bid_and_vnet"), 18), small(example("group_key_person_defence"), 18), 40);
    // docs/models.md, section 23: a park enterprise is lost over the bid's 13 months at 5% a
    // month with 1 - (1 - 0.05 p)^13, p = 0.5 (leader loyal: x 0.3) without the defence and
    // 0.5 x 0.6 (the bundle) x 0.3 (every key person bound) with it; leaders are loyal with
    // 0.4. The government bodies' draws are common to both runs and cancel.
    const auto lost = [](double p) { return 1.0 - std::pow(1.0 - 0.05 * p, 13); };
    const double before = 0.4 * lost(0.5 * 0.3) + 0.6 * lost(0.5);
    const double after = 0.4 * lost(0.09 * 0.3) + 0.6 * lost(0.09);
    const double expected = 45.0 * (after - before);  // about -7.4
    const Band& switches = test::module_delta(p.comparison, "group_switches");
    EXPECT_LT(switches.mean, 0.0);
    EXPECT_GT(switches.std_error, 0.0);
    EXPECT_NEAR(switches.mean, expected, 4.0 * switches.std_error);
    // The headline counts the groups' money: the customer base is the same in both runs, so
    // the margin's change is the member and informatization revenue kept less the bundles.
    const double group_margin = test::module_delta(p.comparison, "group_member_revenue_cny").mean +
                                test::module_delta(p.comparison, "group_informatization_revenue_cny").mean -
                                test::module_delta(p.comparison, "group_marketing_cost_cny").mean;
    EXPECT_EQ(test::module_delta(p.comparison, "group_marketing_cost_cny").mean, 45.0 * 200.0);
    EXPECT_NEAR(p.comparison.delta("margin_total_cny").mean, group_margin, 1e-6 * std::abs(group_margin));
    EXPECT_GT(p.comparison.delta("npv_margin_cny").p5, 0.0);
    EXPECT_GT(test::module_delta(p.comparison, "group_purity_end").mean, 0.0);
}

TEST(Comparison, ARicherWinBackOfferConfirmsTheWinBacksItsConversionImplies) {
    const scenario::Scenario base = small(example("win_back_competitor_pool"), 12);
    scenario::Scenario richer = base;
    richer.name = "richer";
    for (auto& network : richer.win_back->networks) network.conversion *= 1.5;
    const Pair p = compare(base, richer, 10);
    // Who is contacted does not depend on conversion, and a contact converts when one common
    // uniform falls below it: the variant's converts are the baseline's and half as many
    // again, judged alike, so E[confirmed change] = 0.5 E[confirmed]. Paired per replication,
    // D = change - 0.5 x baseline has mean 0.
    const std::vector<double>& confirmed = *p.baseline.modules.figure("win_back_confirmed");
    const std::vector<double>& richer_confirmed = *p.variant.modules.figure("win_back_confirmed");
    std::vector<double> d;
    for (std::size_t r = 0; r < confirmed.size(); ++r)
        d.push_back(richer_confirmed[r] - confirmed[r] - 0.5 * confirmed[r]);
    const Band residual = summarise(d);
    const Band& change = test::module_delta(p.comparison, "win_back_confirmed");
    EXPECT_GT(change.p5, 0.0);
    EXPECT_NEAR(residual.mean, 0.0, 4.0 * residual.std_error);
    // The converts are customers of the base, in its won-back segments; the scenario's own
    // segments draw alike in both runs, so the revenue's and the margin's changes are the
    // converts' (their bills, handset subsidies, usage costs, commissions).
    const double revenue = test::module_delta(p.comparison, "win_back_revenue_cny").mean;
    EXPECT_GT(revenue, 0.0);
    EXPECT_NEAR(p.comparison.delta("revenue_total_cny").mean, revenue, 1e-9 * revenue);
    EXPECT_NEAR(p.comparison.delta("margin_total_cny").mean,
                test::module_delta(p.comparison, "win_back_margin_cny").mean, 1e-9 * revenue);
    EXPECT_GT(p.comparison.payback_month.p50, 1.0) << "the subsidies come first, the fees after";
}

TEST(Comparison, AWinBackVariantShowsTheConvertsRevenueInThePairedRevenueDelta) {
    scenario::Scenario base = small(example("win_back_competitor_pool"), 12);
    const scenario::Scenario variant = base;
    base.name = "no_win_back";
    base.win_back.reset();
    const Pair p = compare(base, variant, 4);
    // Paired by replication: the base draws alike in both, so the delta is the converts' revenue.
    const std::vector<double>& revenue = *p.variant.modules.figure("win_back_revenue_cny");
    const Band converts = summarise(revenue);
    ASSERT_GT(converts.p5, 0.0);
    EXPECT_NEAR(p.comparison.delta("revenue_total_cny").mean, converts.mean, 1e-9 * converts.mean);
    EXPECT_NEAR(test::module_delta(p.comparison, "win_back_revenue_cny").mean, converts.mean,
                1e-9 * converts.mean);
}

// The group tender (docs/models.md §28): the enterprise's staff are customers, so binding
// them cuts the whole-group switches, and the switches' closed form holds for the tender.
TEST(Comparison, BindingTheTenderedStaffCutsWholeGroupSwitchesAndTheirChurn) {
    const auto cut = [](scenario::Scenario sc) {
        sc.horizon_months = 12;
        for (auto& s : sc.segments) {
            if (s.id != "tender_staff") s.size = std::min<std::int64_t>(s.size, 50);
            s.acquisition.gross_adds_per_month = {0};
        }
        return sc;
    };
    const Pair p = compare(cut(example("group_tender")), cut(example("group_tender_bind_members")), 40);
    // The bid reaches the group with 0.5 a month over months 4-9 and takes it with
    // p = 0.3 x 2 x 0.7 (V-net) x (0.5 if the leader is loyal, probability 0.5).
    const auto lost = [](double p) { return 1.0 - std::pow(1.0 - 0.5 * p, 6); };
    const double expected = 0.5 * lost(0.42 * 0.5) + 0.5 * lost(0.42);
    const Band& switched = p.baseline.results.groups->headline("groups_switched");
    EXPECT_NEAR(switched.mean, expected, 4.0 * switched.std_error);
    EXPECT_LT(test::module_delta(p.comparison, "group_switches").mean, 0.0);
    // Fewer switches, fewer staff churned for the reason "group switch".
    double churned_base = 0.0, churned_bound = 0.0;
    for (int r = 0; r < 40; ++r)
        for (int m = 0; m < 12; ++m) {
            churned_base +=
                p.baseline.cube.at(r, m, p.baseline.cube.total_row(), Metric::churners_group_switch);
            churned_bound +=
                p.variant.cube.at(r, m, p.variant.cube.total_row(), Metric::churners_group_switch);
        }
    EXPECT_GT(churned_base, 0.0);
    EXPECT_LT(churned_bound, churned_base);
}

}  // namespace offersim::sim
