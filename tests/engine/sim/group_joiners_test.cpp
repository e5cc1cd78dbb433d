// Members who join in-store groups (docs/models.md §28.2): off-net members who join on
// adoption and hires who join match N p within 4 standard errors, a new group's members fill
// their slots exactly, joiners' bills are the paired revenue change to the fen, results are
// bit-identical for 1, 2 and 8 threads, and a scenario with no joiner keeps no slot and is bit
// for bit as without the keys.
#include "engine/scenario/group_joiners.hpp"
#include "engine/scenario/loader.hpp"
#include "engine/sim/comparison.hpp"
#include "engine/sim/comparison_run.hpp"
#include "engine/sim/group_members.hpp"
#include "engine/sim/plan_stepper.hpp"
#include "engine/sim/run.hpp"
#include "engine/sim/simulation.hpp"
#include "tests/engine/sim/staff_groups_scenario.hpp"

#include <gtest/gtest.h>
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace offersim::sim {
namespace group_joiners_test {

// Replication 0's first three months, shard by shard.
void step_three_months(PlanStepper& stepper) {
    const PhiloxKey key = replication_key(3u, 0u);
    for (int month = 1; month <= 3; ++month) {
        stepper.start_month(0, month, key);
        for (std::size_t s = 0; s < stepper.shards().size(); ++s) stepper.step(s, month, key);
        stepper.finish_month(0, month);
    }
}

constexpr double kHazard = 0.02;  // the staff segment's constant monthly hazard

// A mass segment and a staff segment of 1,500 whose first customers are the on-net members of
// `groups` firms of 100 staff at purity 0.6; `class_extra` adds keys to the class, `extra` to
// groups: (adoptions, new_groups, bids, switching).
std::string scenario_text(int groups, int horizon, const std::string& class_extra, const std::string& extra) {
    return test::staff_groups_scenario("joiners", horizon, 1500, groups, "0.6") + class_extra + extra;
}

const std::string kAdoption = R"(  adoptions:
    - { id: vnet, classes: [firm], month: 2, probability: 1, off_net_join_probability: 0.3, adds_bundle: false }
)";
const std::string kGrowth = "      member_growth_monthly: 1.5\n      member_growth_on_net_share: 0.4\n";
const std::string kNewGroups = R"(  new_groups:
    - { id: park, class: firm, per_month: 1, from_month: 2, to_month: 3, purity: 0.5 }
)";
const std::string kBid = R"(  bids:
    - { id: tender, classes: [firm], start_month: 3, end_month: 8, monthly_probability: 0.3 }
  switching: { base_probability: 0.5, follow_share: 0.8 }
)";

// The plan segment of the group joiners' slots, -1 without one.
int joiner_row(const SimulationPlan& plan) {
    for (std::size_t s = 0; s < plan.segments.size(); ++s)
        if (plan.segments[s].group_joiners()) return static_cast<int>(s);
    return -1;
}

// The cube row they are counted in: their members_from segment's (§28.2).
int joiner_cube_row(const SimulationPlan& plan) {
    const int row = plan.cube_row(joiner_row(plan));
    EXPECT_EQ(plan.segments[static_cast<std::size_t>(row)].id, "staff");
    EXPECT_EQ(row, 1);
    return row;
}

// Mean and standard error of per-replication values.
std::pair<double, double> mean_and_se(const std::vector<double>& x) {
    double sum = 0.0, sq = 0.0;
    for (double v : x) sum += v;
    const double mean = sum / static_cast<double>(x.size());
    for (double v : x) sq += (v - mean) * (v - mean);
    const double n = static_cast<double>(x.size());
    return {mean, std::sqrt(sq / (n - 1.0) / n)};
}

double total_revenue(const MetricCube& cube, int rep) {
    double sum = 0.0;
    for (int m = 0; m < cube.months; ++m) sum += cube.at(rep, m, cube.total_row(), Metric::revenue_total);
    return sum;
}

// The tests share this namespace: the unity build puts group_members_test.cpp, with names of
// its own, in the same file.

TEST(GroupJoiners, OffNetMembersWhoJoinOnAdoptionMatchNTimesPWithinFourStandardErrors) {
    const SimulationPlan plan = test::plan_of(scenario_text(20, 4, "", kAdoption));
    const int row = joiner_row(plan);
    ASSERT_GE(row, 0);
    // One block per group, of the largest size (100): the adoption's month-2 joiners, billed from 3.
    EXPECT_EQ(plan.segments[static_cast<std::size_t>(row)].gross_adds,
              (std::vector<std::int64_t>{0, 0, 2000, 0}));
    // The slots are customers in the memory estimate, plus a fill byte each.
    const SimulationPlan without = test::plan_of(scenario_text(20, 4, "", ""));
    const MemoryEstimate with_slots = estimate_memory(plan, 1, 1), base = estimate_memory(without, 1, 1);
    EXPECT_EQ(with_slots.customers - base.customers, 2000.0);
    EXPECT_GE(with_slots.shard_bytes - base.shard_bytes, 2000.0 * kJoinerFillBytesPerSlot);
    constexpr int kReps = 40;
    const MetricCube cube = run_simulation(plan, RunConfig::of(kReps, 7, 2));
    const int staff = joiner_cube_row(plan);
    EXPECT_EQ(cube.segments, 2);  // mass and staff: the joiners have no row of their own
    std::vector<double> joined;
    for (int rep = 0; rep < kReps; ++rep) {
        const double n = cube.group_runs[static_cast<std::size_t>(rep)].members_joined;
        // Every joiner drawn is a customer of the staff from month 3: the store's gross adds
        // are the group draws, and the staff billed in month 3 are those at month 2's end and them.
        EXPECT_EQ(cube.at(rep, 2, staff, Metric::gross_adds), n) << rep;
        EXPECT_EQ(cube.at(rep, 2, staff, Metric::active) - cube.at(rep, 1, staff, Metric::active_end), n)
            << rep;
        joined.push_back(n);
    }
    // Off-net at the adoption: 100 - 60 (1 - h)^2 a group, each joining with 0.3.
    const double expected = 20.0 * 0.3 * (100.0 - 60.0 * (1.0 - kHazard) * (1.0 - kHazard));
    const auto [mean, se] = mean_and_se(joined);
    EXPECT_GT(se, 0.0);
    EXPECT_NEAR(mean, expected, 4.0 * se);
}

TEST(GroupJoiners, HiresWhoJoinMatchTheWholeHiresTimesTheShareWithinFourStandardErrors) {
    const SimulationPlan plan = test::plan_of(scenario_text(20, 6, kGrowth, ""));
    const int row = joiner_row(plan);
    ASSERT_GE(row, 0);
    // Whole hires of 1.5 a month: 1, 2, 1, 2, 1 over months 1-5 (month 6's would join after it).
    EXPECT_EQ(plan.segments[static_cast<std::size_t>(row)].gross_adds,
              (std::vector<std::int64_t>{0, 20, 40, 20, 40, 20}));
    constexpr int kReps = 40;
    const MetricCube cube = run_simulation(plan, RunConfig::of(kReps, 9, 2));
    const int staff = joiner_cube_row(plan);
    std::vector<double> joined;
    for (int rep = 0; rep < kReps; ++rep) {
        double n = 0.0;
        for (int m = 0; m < cube.months; ++m) n += cube.at(rep, m, staff, Metric::gross_adds);
        joined.push_back(n);
    }
    const auto [mean, se] = mean_and_se(joined);
    EXPECT_GT(se, 0.0);
    EXPECT_NEAR(mean, 20.0 * 7.0 * 0.4, 4.0 * se);
}

TEST(GroupJoiners, ANewGroupsMembersFillItsSlotsInItsSettlingMonthWithItsKeyPersons) {
    const SimulationPlan plan = test::plan_of(scenario_text(2, 4, "", kNewGroups));
    const int row = joiner_row(plan);
    ASSERT_GE(row, 0);
    EXPECT_EQ(plan.segments[static_cast<std::size_t>(row)].gross_adds,
              (std::vector<std::int64_t>{0, 50, 50, 0}));
    PlanStepper stepper(plan, 1);
    step_three_months(stepper);
    // Groups 3 and 4 (the new ones) each have 50 members from their settling month, 5 key persons.
    std::vector<int> members(5, 0), keys(5, 0);
    const CustomerStore& store = stepper.store();
    for (const Cohort& c : store.cohorts()) {
        if (c.segment != row) continue;
        for (std::int64_t i = c.begin; i < c.end; ++i) {
            const auto u = static_cast<std::size_t>(i);
            ASSERT_EQ(store.group_index[u], c.join_month == 2 ? 3 : 4);
            members[store.group_index[u]] += 1;
            keys[store.group_index[u]] += store.member_flags[u] & CustomerStore::kKeyPersonBit;
        }
    }
    EXPECT_EQ(members[3], 50);
    EXPECT_EQ(members[4], 50);
    EXPECT_EQ(keys[3], 5);
    EXPECT_EQ(keys[4], 5);
    EXPECT_EQ(stepper.cube().at(0, 1, joiner_cube_row(plan), Metric::gross_adds), 50.0);
    EXPECT_EQ(stepper.cube().at(0, 2, joiner_cube_row(plan), Metric::gross_adds), 50.0);
}

TEST(GroupJoiners, ThePairedRevenueChangeIsTheJoinersOwnBillsToTheFen) {
    // The bid reaches the groups in both runs with the same odds: only the joiners differ.
    const SimulationPlan base = test::plan_of(scenario_text(10, 10, "", kBid));
    const SimulationPlan joiners =
        test::plan_of(scenario_text(10, 10, kGrowth, kAdoption + kNewGroups + kBid));
    const int row = joiner_row(joiners);
    ASSERT_GE(row, 0);
    constexpr int kReps = 4;
    PlanStepper b(base, kReps), v(joiners, kReps);
    const auto n = static_cast<std::size_t>(v.store().size());
    std::vector<double> bills_of_joiners(kReps, 0.0);
    double followed = 0.0;
    const auto joiners_alive = [&] {
        std::int64_t alive = 0;
        for (const Cohort& c : v.store().cohorts())
            if (c.segment == row)
                for (std::int64_t i = c.begin; i < c.end; ++i)
                    alive += v.store().alive[static_cast<std::size_t>(i)];
        return alive;
    };
    for (int rep = 0; rep < kReps; ++rep) {
        const PhiloxKey key = replication_key(20091001u, static_cast<std::uint32_t>(rep));
        for (int month = 1; month <= joiners.horizon_months; ++month) {
            b.start_month(rep, month, key);
            v.start_month(rep, month, key);
            std::vector<double> bills(n, 0.0);
            for (std::size_t s = 0; s < b.shards().size(); ++s) b.step(s, month, key);
            for (std::size_t s = 0; s < v.shards().size(); ++s)
                v.step(s, month, key, bills.data() + v.shards()[s].begin);
            b.finish_month(rep, month);
            const std::int64_t before_switches = joiners_alive();
            v.finish_month(rep, month);
            followed += static_cast<double>(before_switches - joiners_alive());
            for (const Cohort& c : v.store().cohorts())
                if (c.segment == row)
                    for (std::int64_t i = c.begin; i < c.end; ++i)
                        bills_of_joiners[static_cast<std::size_t>(rep)] += bills[static_cast<std::size_t>(i)];
        }
    }
    for (int rep = 0; rep < kReps; ++rep) {
        EXPECT_GT(bills_of_joiners[static_cast<std::size_t>(rep)], 0.0);
        EXPECT_EQ(total_revenue(v.cube(), rep) - total_revenue(b.cube(), rep),
                  bills_of_joiners[static_cast<std::size_t>(rep)])
            << "replication " << rep;
        // The group KPI counts them apart, though they are in the staff's row.
        double kpi = 0.0;
        for (double x : v.cube().group_runs[static_cast<std::size_t>(rep)].joiners_revenue_cny) kpi += x;
        EXPECT_EQ(std::llround(kpi * 100.0), std::llround(bills_of_joiners[static_cast<std::size_t>(rep)]));
    }
    EXPECT_GT(followed, 0.0);  // joiners followed their groups' switches: the test covers it

    // And `compare` shows them: revenue up by their bills, members joined paired.
    const scenario::Scenario sb = scenario::load_scenario_text(scenario_text(10, 10, "", kBid), "base.yaml");
    const scenario::Scenario sv = scenario::load_scenario_text(
        scenario_text(10, 10, kGrowth, kAdoption + kNewGroups + kBid), "joiners.yaml");
    ComparisonRuns r = run_comparison({sb, sv}, RunConfig::of(kReps, 20091001u, 2), false);
    const VariantComparison& c = r.comparisons[0];
    double mean_bills = 0.0;
    for (double x : bills_of_joiners) mean_bills += x / 100.0 / kReps;
    EXPECT_NEAR(c.delta("revenue_total_cny").mean, mean_bills, 1e-9 * mean_bills);
    bool joined_shown = false;
    for (const auto& d : c.module_deltas)
        if (d.key == "group_members_joined") joined_shown = d.band.mean > 0.0;
    EXPECT_TRUE(joined_shown);
}

TEST(GroupJoiners, JoinersOfAnSbgSegmentDrawTheirOwnThetaAtTenureZero) {
    // docs/models.md §28.2: an sbg segment's joiners churn by their own theta, drawn by their
    // slot's identity from theta | tenure 0 ~ Beta(1.5, 12): mean 1.5 / 13.5 within 4 SE.
    std::string text = scenario_text(20, 4, "", kAdoption);
    const std::string constant = "churn: { model: constant, monthly_hazard: 0.02 }";
    text.replace(text.find(constant), constant.size(), "churn: { model: sbg, alpha: 1.5, beta: 12 }");
    const SimulationPlan plan = test::plan_of(text);
    const int row = joiner_row(plan);
    ASSERT_GE(row, 0);
    ASSERT_TRUE(plan.segments[static_cast<std::size_t>(row)].own_churn());
    PlanStepper stepper(plan, 1);
    step_three_months(stepper);
    std::vector<double> theta;
    const CustomerStore& store = stepper.store();
    for (const Cohort& c : store.cohorts())
        if (c.segment == row)
            for (std::int64_t i = c.begin; i < c.end; ++i)
                if (store.group_index[static_cast<std::size_t>(i)] != 0)
                    theta.push_back(store.churn_theta[static_cast<std::size_t>(i)]);
    ASSERT_GT(theta.size(), 150u);
    const auto [mean, se] = mean_and_se(theta);
    EXPECT_GT(se, 0.0);  // each joiner its own theta
    EXPECT_NEAR(mean, 1.5 / 13.5, 4.0 * se);
    test::expect_group_figures_thread_invariant(plan);
}

TEST(GroupJoiners, ResultsAreBitIdenticalForOneTwoAndEightThreads) {
    test::expect_group_figures_thread_invariant(
        test::plan_of(scenario_text(10, 10, kGrowth, kAdoption + kNewGroups + kBid)));
}

TEST(GroupJoiners, AScenarioWithNoJoinerKeepsNoSlotAndIsBitIdenticalToOneWithoutTheKeys) {
    const SimulationPlan without = test::plan_of(scenario_text(5, 10, "", kBid));
    const std::string no_join = R"(  adoptions:
    - { id: vnet, classes: [firm], month: 2, probability: 1, off_net_join_probability: 0, adds_bundle: false }
)";
    const SimulationPlan with = test::plan_of(scenario_text(
        5, 10, "      member_growth_monthly: 1\n      member_growth_on_net_share: 0\n", no_join + kBid));
    EXPECT_EQ(joiner_row(with), -1);
    EXPECT_EQ(with.segments.size(), without.segments.size());
    EXPECT_EQ(with.total_customers(), without.total_customers());
    EXPECT_EQ(CustomerStore::bytes_per_customer(with), CustomerStore::bytes_per_customer(without));
    const MetricCube a = run_simulation(without, RunConfig::of(3, 5, 2));
    const MetricCube b = run_simulation(with, RunConfig::of(3, 5, 2));
    EXPECT_EQ(a.values, b.values);
}

TEST(GroupJoiners, TheLayoutBoundsEachKindAsDocumented) {
    const scenario::Scenario sc =
        scenario::load_scenario_text(scenario_text(2, 6, kGrowth, kAdoption + kNewGroups), "joiners.yaml");
    const scenario::JoinerLayout layout = scenario::joiner_layout(*sc.groups, sc.horizon_months);
    ASSERT_EQ(layout.groups.size(), 4u);  // two of the class, two new
    EXPECT_EQ(layout.groups[2].settle_month, 2);
    EXPECT_EQ(layout.groups[3].settle_month, 3);
    std::int64_t new_group = 0, adoption = 0, growth = 0;
    for (const auto& b : layout.blocks) {
        if (b.kind == scenario::JoinKind::new_group) new_group += b.capacity;
        if (b.kind == scenario::JoinKind::growth) growth += b.capacity;
        if (b.kind == scenario::JoinKind::adoption) adoption += b.capacity;
    }
    EXPECT_EQ(new_group, 2 * 50);
    // The class's groups adopt in month 2 (100 + hires of months 1-2: 1 + 2); the new group
    // settling in month 2 adopts too (100 + its month-2 hire: 1); the one of month 3 does not.
    EXPECT_EQ(adoption, 2 * 103 + 101);
    // Hires decided in months 1-5 (1, 2, 1, 2, 1) for the class's groups; months 2-5 (1, 2, 1, 2)
    // and 3-5 (1, 2, 1) for the new ones.
    EXPECT_EQ(growth, 2 * 7 + 6 + 4);
    EXPECT_EQ(layout.slots(), new_group + adoption + growth);
    // A horizon cut after loading (as `run` and the tests may) keeps no slot past its end.
    const scenario::JoinerLayout cut = scenario::joiner_layout(*sc.groups, 2);
    for (const auto& b : cut.blocks) EXPECT_LE(b.join_month, 2);
    EXPECT_EQ(cut.groups.size(), 4u);  // every group keeps its place, and so its index
}

TEST(GroupJoiners, TheExampleAgainstTheTenderShowsTheClosedFormsJoinersAndTheirBills) {
    // group_joiners.yaml against group_tender.yaml, tender_staff whole and the other segments
    // cut to 50 customers with no gross adds: docs/models.md §28.2's closed form,
    // 0.5 (804 - 600 (1 - h)^2 - 1.5 (1 - h) - 1.5) + 1.5 x 36 + 400 + 1.5 x 15 with h = 0.006.
    const auto example = [](const std::string& name) {
        scenario::Scenario sc =
            scenario::load_scenario(OFFERSIM_SOURCE_DIR "/scenarios/examples/" + name + ".yaml");
        for (auto& seg : sc.segments) {
            if (seg.id != "tender_staff") seg.size = std::min<std::int64_t>(seg.size, 50);
            seg.acquisition.gross_adds_per_month = {0};
        }
        return sc;
    };
    ComparisonRuns r = run_comparison({example("group_tender"), example("group_joiners")},
                                      RunConfig::of(40, 20091001u, 2), false);
    const VariantComparison& c = r.comparisons[0];
    const double h = 0.006;
    const double expected = 0.5 * (804.0 - 600.0 * (1.0 - h) * (1.0 - h) - 1.5 * (1.0 - h) - 1.5) +
                            1.5 * 36.0 + 400.0 + 1.5 * 15.0;
    const Band* joined = nullptr;
    for (const auto& d : c.module_deltas)
        if (d.key == "group_members_joined") joined = &d.band;
    ASSERT_NE(joined, nullptr);
    EXPECT_GT(joined->std_error, 0.0);
    EXPECT_NEAR(joined->mean, expected, 4.0 * joined->std_error);
    // The switches are the tender's own (common random numbers), so the revenue change is the
    // joiners' bills: the change of tender_staff's row, which holds them (§28.2), and the
    // group KPI of their revenue.
    const ScenarioRun& b = r.runs[0];
    const ScenarioRun& v = r.runs[1];
    const int row = v.plan.cube_row(joiner_row(v.plan));
    ASSERT_EQ(v.plan.segments[static_cast<std::size_t>(row)].id, "tender_staff");
    ASSERT_EQ(b.plan.segments[static_cast<std::size_t>(row)].id, "tender_staff");
    ASSERT_EQ(v.cube.segments, b.cube.segments);
    double joiners_revenue = 0.0;
    for (int rep = 0; rep < v.cube.replications; ++rep)
        for (int m = 0; m < v.cube.months; ++m)
            joiners_revenue +=
                v.cube.at(rep, m, row, Metric::revenue_total) - b.cube.at(rep, m, row, Metric::revenue_total);
    joiners_revenue /= 100.0 * v.cube.replications;
    EXPECT_GT(joiners_revenue, 0.0);
    EXPECT_NEAR(c.delta("revenue_total_cny").mean, joiners_revenue, 1e-9 * joiners_revenue);
    bool kpi_paired = false;
    for (const auto& d : c.module_deltas)
        if (d.key == "group_joiners_revenue_cny")
            kpi_paired = std::abs(d.band.mean - joiners_revenue) <= 1e-9 * joiners_revenue;
    EXPECT_TRUE(kpi_paired);
    bool no_switch_change = false;
    for (const auto& d : c.module_deltas)
        if (d.key == "group_switches") no_switch_change = d.band.mean == 0.0 && d.band.p95 == 0.0;
    EXPECT_TRUE(no_switch_change);
}

}  // namespace group_joiners_test
}  // namespace offersim::sim
