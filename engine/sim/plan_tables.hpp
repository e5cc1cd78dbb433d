#pragma once
// The tables compile_plan derives from a few of a scenario's values each (a segment's
// propensity atoms, its hazard table, its churn propensities): special functions of those
// values that dominate the compile. Each distinct set of values is computed once per process
// and copied afterwards, so a parameter draw or a sweep point rebuilds only the tables whose
// values it changed (docs/performance.md, "sweep"). The tables are pure functions of their
// values: a copy is bit for bit what a fresh computation gives.
#include "models/churn_hazard.hpp"
#include "models/distribution.hpp"

#include <cstdint>
#include <vector>

namespace offersim::sim {

// models::equal_probability_atoms(d, n), computed once per distinct (d, n).
std::vector<float> memo_atoms(const models::Distribution& d, int n);

// models::hazard_table(curve, months), computed once per distinct (curve, months).
std::vector<float> memo_hazard_table(const models::HazardCurve& curve, int months);

// models::propensity_atoms(curve, completed_months, n), once per distinct arguments.
std::vector<float> memo_propensity_atoms(const models::HazardCurve& curve,
                                         const std::vector<int>& completed_months, int n);

// How many tables were computed and how many copied since the process started (a test reads
// the change across one compile).
struct PlanTableCounts {
    std::int64_t computed = 0;
    std::int64_t reused = 0;
};
PlanTableCounts plan_table_counts();

}  // namespace offersim::sim
