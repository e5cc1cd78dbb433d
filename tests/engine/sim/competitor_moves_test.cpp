// A competitor move multiplies the hazard of the segments it targets while it runs.
#include "engine/scenario/loader.hpp"
#include "engine/sim/plan.hpp"
#include "engine/sim/results.hpp"
#include "engine/sim/simulation.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <cmath>

namespace offersim::sim {

namespace {

// Two segments of new customers with a constant hazard; `moves` targets the first.
std::string scenario(double hazard, int customers, const std::string& moves) {
    return fmt::format(R"(
name: moves
horizon_months: 8
seed: 11
tiers:
  - id: t
    monthly_fee_cny: 50
    overage: {{ voice_per_min_cny: 0.19, data_per_mb_cny: 1, sms_each_cny: 0.1 }}
segments:
  - id: targeted
    size: {customers}
    tenure_months: {{ distribution: fixed, mean: 0 }}
    tier_mix: {{ t: 1 }}
    usage: {{ voice_min: {{ distribution: fixed, mean: 100 }}, data_mb: {{ distribution: fixed, mean: 0 }}, sms: {{ distribution: fixed, mean: 0 }} }}
    churn: {{ model: constant, monthly_hazard: {hazard} }}
  - id: spared
    size: {customers}
    tenure_months: {{ distribution: fixed, mean: 0 }}
    tier_mix: {{ t: 1 }}
    usage: {{ voice_min: {{ distribution: fixed, mean: 100 }}, data_mb: {{ distribution: fixed, mean: 0 }}, sms: {{ distribution: fixed, mean: 0 }} }}
    churn: {{ model: constant, monthly_hazard: {hazard} }}
{moves}
)",
                       fmt::arg("customers", customers), fmt::arg("hazard", hazard),
                       fmt::arg("moves", moves));
}

MetricCube simulate_moves(const std::string& text, int replications) {
    const auto sc = scenario::load_scenario_text(text, "moves.yaml");
    RunConfig config;
    config.replications = replications;
    config.seed = sc.seed;
    config.threads = 2;
    return run_simulation(compile_plan(sc), config);
}

const std::string kPriceCut = R"(
competitor_moves:
  - { id: cut, name: "半价", kind: price_cut, segments: [targeted], start_month: 3, end_month: 4, hazard_multiplier: 2 }
)";

}  // namespace

TEST(CompetitorMoves, ACertainMoveEmptiesTheTargetedSegmentInItsFirstMonth) {
    // Hazard 0.5 doubled is 1: every targeted customer leaves in month 3; none before.
    const MetricCube cube = simulate_moves(scenario(0.5, 50, kPriceCut), 1);
    EXPECT_EQ(cube.at(0, 2, 0, Metric::active_end), 0.0);
    EXPECT_GT(cube.at(0, 1, 0, Metric::active_end), 0.0);
}

TEST(CompetitorMoves, SurvivalFollowsTheRaisedHazardOnlyWhileTheMoveRuns) {
    // Survivors of N with hazard h, 2h in months 3-4: S(t) = (1-h)^(t - d) (1-2h)^d with
    // d the months of the move so far; binomial standard error over R replications.
    constexpr int customers = 20000;
    constexpr int reps = 20;
    const double h = 0.05;
    const MetricCube cube = simulate_moves(scenario(h, customers, kPriceCut), reps);
    for (int t = 1; t <= 8; ++t) {
        const int d = std::clamp(t - 2, 0, 2);
        const double s = std::pow(1 - h, t - d) * std::pow(1 - 2 * h, d);
        double mean = 0.0;
        double spared = 0.0;
        for (int r = 0; r < reps; ++r) {
            mean += cube.at(r, t - 1, 0, Metric::active_end) / reps;
            spared += cube.at(r, t - 1, 1, Metric::active_end) / reps;
        }
        const double se = std::sqrt(customers * s * (1 - s) / reps);
        EXPECT_NEAR(mean, customers * s, 4 * se) << "targeted, month " << t;
        const double s0 = std::pow(1 - h, t);
        EXPECT_NEAR(spared, customers * s0, 4 * std::sqrt(customers * s0 * (1 - s0) / reps))
            << "spared, month " << t;
    }
}

TEST(CompetitorMoves, AreRecordedForTheReportsTimeAxis) {
    const auto sc = scenario::load_scenario_text(scenario(0.05, 10, kPriceCut), "moves.yaml");
    const SimulationPlan plan = compile_plan(sc);
    RunConfig config;
    const RunResults r = summarise_run(plan, run_simulation(plan, config), sc.name, sc.title, sc.seed);
    ASSERT_EQ(r.events.size(), 1u);
    EXPECT_EQ(r.events[0].kind, "price_cut");
    EXPECT_EQ(r.events[0].start_month, 3);
    EXPECT_EQ(r.events[0].end_month, 4);
}

TEST(CompetitorMoves, UnknownSegmentsAreReportedWithTheNearestName) {
    const std::string bad = R"(
competitor_moves:
  - { id: cut, segments: [targetted], start_month: 3, hazard_multiplier: 2 }
)";
    try {
        (void)scenario::load_scenario_text(scenario(0.05, 10, bad), "moves.yaml");
        FAIL() << "accepted an unknown segment";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("unknown segment 'targetted'; did you mean 'targeted'?"),
                  std::string::npos)
            << e.what();
    }
}

}  // namespace offersim::sim
