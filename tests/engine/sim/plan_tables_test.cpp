// The tables compile_plan derives from a few values each are computed once per distinct set
// of values: a plan compiled again with one churn parameter changed computes that segment's
// churn tables only, one with a price changed computes none, and every table is bit for bit
// what the model's own function gives.
#include "engine/sim/plan_tables.hpp"
#include "engine/scenario/loader.hpp"
#include "engine/sim/plan.hpp"

#include <gtest/gtest.h>

namespace offersim::sim {

namespace {

const std::filesystem::path kPlanTablesExtract = OFFERSIM_SOURCE_DIR "/docs/examples/customer_extract.yaml";

scenario::Scenario with_value(const scenario::Scenario& sc, const char* path, double value) {
    return scenario::reload_scenario(sc, {{scenario::parse_parameter_path(path), value}});
}

std::int64_t computed_by(const scenario::Scenario& sc) {
    const PlanTableCounts before = plan_table_counts();
    (void)compile_plan(sc);
    return plan_table_counts().computed - before.computed;
}

}  // namespace

TEST(PlanTables, APointRecomputesOnlyTheTablesOfTheValuesItChanged) {
    const scenario::Scenario sc = scenario::load_scenario(kPlanTablesExtract);
    (void)compile_plan(sc);  // every table of the file's values, once
    EXPECT_EQ(computed_by(sc), 0);
    // The mass market's sBG alpha: its hazard table and its propensity atoms, nothing else.
    EXPECT_EQ(computed_by(with_value(sc, "segments[mass].churn.alpha", 1.4321)), 2);
    // A price: no table depends on it.
    EXPECT_EQ(computed_by(with_value(sc, "tiers[basic_38].monthly_fee_cny", 41)), 0);
    // A usage mean: that one propensity's atoms.
    EXPECT_EQ(computed_by(with_value(sc, "segments[vip].usage.voice_min.mean", 512.5)), 1);
}

TEST(PlanTables, AKeptTableIsBitForBitTheModelsOwn) {
    const scenario::Scenario sc =
        with_value(scenario::load_scenario(kPlanTablesExtract), "segments[mass].churn.beta", 11.75);
    const SimulationPlan first = compile_plan(sc);
    const SimulationPlan again = compile_plan(sc);  // from the kept tables
    const scenario::Segment& mass = sc.segments[0];
    const SegmentPlan& kept = again.segments[0];
    EXPECT_EQ(kept.voice_atoms, models::equal_probability_atoms(mass.usage.voice_min, kPropensityAtoms));
    EXPECT_EQ(kept.tenure_atoms, models::equal_probability_atoms(mass.tenure_months, kPropensityAtoms));
    EXPECT_EQ(kept.hazard, models::hazard_table(mass.churn, kHazardMonths));
    EXPECT_EQ(kept.theta_atoms, first.segments[0].theta_atoms);
    EXPECT_EQ(kept.hazard, first.segments[0].hazard);
}

}  // namespace offersim::sim
