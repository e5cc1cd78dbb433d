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

// A multiplier move names its rival; once that rival's own prices move, they stand in for
// the multiplier, which then applies nowhere, and the run says so.
TEST(CompetitorMoves, AMoveGivesWayToItsRivalsPricedMoves) {
    const auto with_rival = [](const std::string& rival_moves) {
        std::string text = scenario(0.05, 10, R"(
competitor_moves:
  - { id: cut, name: "半价", segments: [targeted], start_month: 3, end_month: 4, hazard_multiplier: 2, rival: unicom }
competitors:
  - id: unicom
    name: "联通"
    reaches: [targeted]
    tiers:
      - { id: u50, monthly_fee_cny: 50, overage: { voice_per_min_cny: 0.19, data_per_mb_cny: 1, sms_each_cny: 0.1 } }
)" + rival_moves);
        text.replace(text.find("    churn: { model: constant, monthly_hazard: 0.05 }\n"), 0,
                     "    price_response: { leave_per_cny: 0.02 }\n");
        return scenario::load_scenario_text(text, "moves.yaml");
    };
    const auto sc_shorthand = with_rival("");
    const SimulationPlan shorthand = compile_plan(sc_shorthand);
    EXPECT_EQ(shorthand.segments[0].competitor_factor[2], 2.0f);

    const auto sc_priced =
        with_rival("    moves:\n      - { id: u_cut, name: \"八折\", start_month: 3, fee_cut: 0.2 }\n");
    const SimulationPlan priced = compile_plan(sc_priced);
    for (const float factor : priced.segments[0].competitor_factor) EXPECT_EQ(factor, 1.0f);
    RunConfig config;
    const RunResults r = summarise_run(priced, run_simulation(priced, config), "moves", "", 11);
    ASSERT_EQ(r.events.size(), 1u);
    EXPECT_EQ(r.events[0].name, "八折");
    ASSERT_FALSE(r.warnings.empty());
    EXPECT_EQ(r.warnings.front().kind, WarningKind::move_replaced_by_prices);
    EXPECT_EQ(r.warnings.front().move, "半价");
    EXPECT_EQ(r.warnings.front().rival, "联通");
}

TEST(CompetitorMoves, AnUnknownRivalIsReportedWithTheNearestName) {
    const std::string bad = R"(
competitor_moves:
  - { id: cut, segments: [targeted], start_month: 3, hazard_multiplier: 2, rival: unicon }
competitors:
  - id: unicom
    reaches: [targeted]
    tiers:
      - { id: u50, monthly_fee_cny: 50, overage: { voice_per_min_cny: 0.19, data_per_mb_cny: 1, sms_each_cny: 0.1 } }
)";
    std::string text = scenario(0.05, 10, bad);
    text.replace(text.find("    churn: { model: constant, monthly_hazard: 0.05 }\n"), 0,
                 "    price_response: { leave_per_cny: 0.02 }\n");
    try {
        (void)scenario::load_scenario_text(text, "moves.yaml");
        FAIL() << "accepted an unknown rival";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("unknown rival 'unicon'; did you mean 'unicom'?"),
                  std::string::npos)
            << e.what();
        EXPECT_NE(std::string(e.what()).find("moves.yaml:25:83:"), std::string::npos) << e.what();
    }
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
