// The one entry of a run: the base and the scenario's own modules under one RunConfig,
// refused before it starts when too large, stopped when cancelled.
#include "engine/sim/run.hpp"

#include "engine/core/error.hpp"
#include "engine/scenario/loader.hpp"
#include "engine/sim/groups.hpp"
#include "engine/sim/win_back.hpp"

#include <gtest/gtest.h>
#include <atomic>
#include <vector>

namespace offersim::sim {

namespace {

scenario::Scenario example(const std::string& name) {
    return scenario::load_scenario(OFFERSIM_SOURCE_DIR "/scenarios/examples/" + name + ".yaml");
}

// The example with a tenth of each segment's customers and gross adds: for the tests of how
// a run is put together, which the base's size only slows.
scenario::Scenario tenth_of_example(const std::string& name) {
    scenario::Scenario sc = example(name);
    for (auto& seg : sc.segments) {
        seg.size /= 10;
        for (auto& adds : seg.acquisition.gross_adds_per_month) adds /= 10;
    }
    return sc;
}

}  // namespace

TEST(RunScenario, RunsTheWinBackAndGroupModulesWithTheBaseUnderOneConfig) {
    const auto win_back = tenth_of_example("win_back_competitor_pool");
    const RunConfig config = RunConfig::of(2, 5, 2);
    const ScenarioRun run = run_scenario(win_back, config);
    ASSERT_TRUE(run.results.win_back.has_value());
    EXPECT_EQ(run.results.seed, 5u);
    EXPECT_EQ(run.results.replications, 2);
    // The same figures as the module run on its own with the same seed and replications.
    EXPECT_EQ(run.results.win_back->total.confirmed.mean,
              run_win_back(win_back, config).total.confirmed.mean);

    const auto groups = tenth_of_example("group_bid_and_vnet");
    const ScenarioRun grouped = run_scenario(groups, config);
    ASSERT_TRUE(grouped.results.groups.has_value());
    EXPECT_EQ(grouped.results.groups->headline("groups_switched").mean,
              run_groups(*groups.groups, groups.horizon_months, config).headline("groups_switched").mean);
}

TEST(RunScenario, ReportsProgressUpToOneInOrder) {
    std::vector<double> seen;
    RunConfig config = RunConfig::of(2, 1, 1);
    config.on_progress = [&](double done) { seen.push_back(done); };
    (void)run_scenario(tenth_of_example("win_back_competitor_pool"), config);
    ASSERT_FALSE(seen.empty());
    for (std::size_t i = 1; i < seen.size(); ++i) EXPECT_LE(seen[i - 1], seen[i]) << i;
    EXPECT_DOUBLE_EQ(seen.back(), 1.0);
}

TEST(RunScenario, TheMemoryEstimateCountsOwnChurnAndItsTablesByTenure) {
    // The baseline's mass market is sbg: 4 bytes of theta for every customer, and 4096 atoms
    // (16 KiB) for each tenure its customers can join with, in the plan and in the plan of
    // its reference prices; its segments answer prices: 1 byte of reference tier and 8 of
    // cached odds with their key.
    const SimulationPlan plan =
        compile_plan(scenario::load_scenario(OFFERSIM_SOURCE_DIR "/scenarios/baseline.yaml"));
    const MemoryEstimate e = estimate_memory(plan, 1);
    EXPECT_EQ(e.bytes_per_customer, 21u + 4u + 9u);
    ASSERT_TRUE(plan.reference);
    double tables = 0.0;
    for (const SimulationPlan* p : {&plan, plan.reference.get()})
        for (const auto& seg : p->segments)
            tables += static_cast<double>(seg.theta_atoms.size() * 4 + seg.theta_row.size() * 4);
    EXPECT_GT(tables, 0.0);
    EXPECT_EQ(e.table_bytes, tables);
}

TEST(RunScenario, TheMemoryEstimateCountsTheChoiceEventsRiskTables) {
    // customer_behaviour's segments choose plans: each holds a table of overage risks by
    // mean usage atom and allowance (engine/sim/overage_risk_table.hpp) beside the sbg tables.
    const SimulationPlan plan = compile_plan(
        scenario::load_scenario(OFFERSIM_SOURCE_DIR "/scenarios/examples/customer_behaviour.yaml"));
    double risk_tables = 0.0, theta = 0.0;
    for (const SimulationPlan* p : {&plan, plan.reference.get()}) {
        if (!p) continue;
        for (const auto& seg : p->segments) {
            theta += static_cast<double>(seg.theta_atoms.size() * 4 + seg.theta_row.size() * 4);
            if (seg.choice.risk_tables) risk_tables += static_cast<double>(seg.choice.risk_tables->bytes());
        }
    }
    // At least 4096 means x 11 allowances (6 voice and 5 data) x 8 bytes a choosing segment.
    EXPECT_GE(risk_tables, 4096.0 * 11 * 8);
    EXPECT_EQ(estimate_memory(plan, 1).table_bytes, theta + risk_tables);
}

TEST(RunScenario, RefusesARunLargerThanTheMemoryLimitBeforeItStarts) {
    RunConfig config = RunConfig::of(1, 1, 1);
    config.max_memory_gib = 1e-6;
    bool progressed = false;
    config.on_progress = [&](double) { progressed = true; };
    EXPECT_THROW((void)run_scenario(example("group_bid_and_vnet"), config), InputError);
    EXPECT_FALSE(progressed);
}

TEST(RunScenario, StopsWhenCancelled) {
    const std::atomic<bool> cancel{true};
    RunConfig config = RunConfig::of(2, 1, 1);
    config.cancel = &cancel;
    EXPECT_THROW((void)run_scenario(example("win_back_competitor_pool"), config), RunError);
    auto groups = example("group_bid_and_vnet");
    EXPECT_THROW((void)run_groups(*groups.groups, groups.horizon_months, config), RunError);
    EXPECT_THROW((void)run_win_back(example("win_back_competitor_pool"), config), RunError);
}

}  // namespace offersim::sim
