#pragma once
// The base of the in-store group tests (group_members_test, group_joiners_test): two tiers,
// a mass segment of 2,000 and a staff segment whose first customers are the members of
// `groups` firms of 100 staff (members_from: staff), 5 key persons each; and their check that
// a plan gives the same figures for 1, 2 and 8 threads.
#include "engine/scenario/loader.hpp"
#include "engine/sim/plan.hpp"
#include "engine/sim/simulation.hpp"
#include "tests/engine/scenario/compact_scenario.hpp"

#include <gtest/gtest.h>
#include <string>
#include <string_view>

namespace offersim::sim::test {

// The plan of a scenario's text (the in-store group tests' scenarios are written inline).
inline SimulationPlan plan_of(const std::string& text) {
    return compile_plan(scenario::load_scenario_text(text, "groups.yaml"));
}

// The scenario up to and with the firm class's members_from line: `staff` customers in the
// staff segment, `offers` (a whole `offers:` block or empty) before `groups:`, and `purity`
// as written. The caller adds class keys (six spaces in), then groups' keys (two spaces in).
inline std::string staff_groups_scenario(std::string_view name, int horizon, int staff, int groups,
                                         std::string_view purity, std::string_view offers = "") {
    return "name: " + std::string(name) + "\nhorizon_months: " + std::to_string(horizon) +
           "\nreplications: 2\nseed: 20091001\ntiers:\n" + std::string(offersim::test::kGotone58Tier) +
           R"(  - id: gotone_88
    monthly_fee_cny: 88
    included: { voice_min: 480, data_mb: 50, sms: 100 }
    overage: { voice_per_min_cny: 0.19, data_per_mb_cny: 1.00, sms_each_cny: 0.10 }
segments:
)" + offersim::test::mass_segment(2000) +
           R"(  - id: staff
    size: )" +
           std::to_string(staff) +
           R"(
    tenure_months: { distribution: gamma, mean: 48, cv: 0.6 }
    tier_mix: { gotone_58: 0.5, gotone_88: 0.5 }
    usage:
      voice_min: { distribution: lognormal, mean: 380, cv: 0.5 }
      data_mb: { distribution: lognormal, mean: 30, cv: 1.0 }
      sms: { distribution: fixed, mean: 90 }
    churn: { model: constant, monthly_hazard: 0.02 }
)" + std::string(offers) +
           R"(groups:
  classes:
    - id: firm
      count: )" +
           std::to_string(groups) +
           R"(
      members: { distribution: fixed, mean: 100 }
      purity: )" +
           std::string(purity) +
           R"(
      key_persons: 5
      member_revenue_monthly_cny: 88
      members_from: staff
)";
}

// 3 replications of `plan` on 2 and 8 threads give the cube and each replication's group
// figures (members on net, switches, members who joined) of 1 thread, bit for bit.
inline void expect_group_figures_thread_invariant(const SimulationPlan& plan) {
    const MetricCube one = run_simulation(plan, RunConfig::of(3, 11, 1));
    for (int threads : {2, 8}) {
        const MetricCube many = run_simulation(plan, RunConfig::of(3, 11, threads));
        EXPECT_EQ(one.values, many.values) << threads;
        ASSERT_EQ(one.group_runs.size(), many.group_runs.size());
        for (std::size_t r = 0; r < one.group_runs.size(); ++r) {
            EXPECT_EQ(one.group_runs[r].members_on_net, many.group_runs[r].members_on_net) << threads;
            EXPECT_EQ(one.group_runs[r].switches, many.group_runs[r].switches) << threads;
            EXPECT_EQ(one.group_runs[r].members_joined, many.group_runs[r].members_joined) << threads;
        }
    }
}

}  // namespace offersim::sim::test
