// The solver through the engine (docs/models.md, "Sweeps and the solver"): on a scenario whose
// expected objective is known in closed form, the root lies within the tolerance plus 4
// standard errors of the analytic root; a target outside the bracket is refused.
#include "engine/sim/solve.hpp"

#include "engine/scenario/loader.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

namespace offersim::sim {

namespace solve_test {

constexpr int kCustomers = 2000;
constexpr int kMonths = 12;
constexpr double kHazard = 0.04;

// Constant churn, fixed usage inside the allowance, no costs, no acquisition, no discounting:
// each month's margin is the fee times the customers billed, so the NPV is linear in the fee,
// NPV(fee) = fee x E[Σ_t active_t] = fee x N (1 - (1 - h)^H) / h.
constexpr const char* kScenario = R"(name: analytic
horizon_months: 12
seed: 21
replications: 40
tiers:
  - id: t
    monthly_fee_cny: 50
    included: { voice_min: 1000, data_mb: 1000, sms: 1000 }
    overage: { voice_per_min_cny: 0.2, data_per_mb_cny: 1, sms_each_cny: 0.1 }
segments:
  - id: s
    size: 2000
    tenure_months: { distribution: fixed, mean: 12 }
    tier_mix: { t: 1 }
    usage:
      voice_min: { distribution: fixed, mean: 100 }
      data_mb: { distribution: fixed, mean: 10 }
      sms: { distribution: fixed, mean: 10 }
      monthly_cv: 0
    churn: { model: constant, monthly_hazard: 0.04 }
)";

double billed_customer_months() {
    return kCustomers * (1.0 - std::pow(1.0 - kHazard, kMonths)) / kHazard;
}

scenario::Scenario with_fee(const scenario::Scenario& base, double fee) {
    scenario::Scenario sc = base;
    sc.tiers.front().monthly_fee = Money::from_fen(std::llround(fee * 100.0));
    return sc;
}

TEST(Solve, TheRootLiesWithinTheToleranceAndFourStandardErrorsOfTheAnalyticRoot) {
    const scenario::Scenario base = scenario::load_scenario_text(kScenario, "analytic.yaml");
    const double target = 1.0e6;  // CNY of NPV
    const double analytic = target / billed_customer_months();
    SolveSpec spec{"npv_margin_cny", target, 10.0, 100.0, 0.05, {}};
    const SolveResult r = solve(
        base, [&](double fee) { return with_fee(base, fee); }, spec, RunConfig::of(40, 21, 2));
    // The root's standard error: the NPV's at the root over the slope dNPV/dfee.
    const SolveEvaluation& last = r.evaluations.back();
    const double se = last.figure.std_error / billed_customer_months();
    EXPECT_GT(se, 0.0);
    EXPECT_LE(std::fabs(r.root - analytic), spec.tolerance + 4.0 * se)
        << "root " << r.root << ", analytic " << analytic << ", SE " << se;
    // The final bracket, as the values run on the grid (a quarter of the tolerance at most).
    EXPECT_LE(r.bracket_hi - r.bracket_lo, 1.25 * spec.tolerance);
    EXPECT_LE(r.bracket_lo, r.root);
    EXPECT_GE(r.bracket_hi, r.root);
    // The bootstrap band holds the root and is of the size its standard error says.
    EXPECT_LE(r.band.p5, r.root);
    EXPECT_GE(r.band.p95, r.root);
    EXPECT_NEAR(r.band.std_error, se, 0.5 * se);
    EXPECT_EQ(r.runs, static_cast<int>(r.evaluations.size()));
}

TEST(Solve, ATargetOutsideTheBracketIsRefusedWithTheValuesAtItsEnds) {
    const scenario::Scenario base = scenario::load_scenario_text(kScenario, "analytic.yaml");
    SolveSpec spec{"npv_margin_cny_delta", 1.0e9, 40.0, 60.0, 0.1, SourcePos{"--target", 0, 0}};
    try {
        solve(
            base, [&](double fee) { return with_fee(base, fee); }, spec, RunConfig::of(4, 21, 1));
        FAIL() << "expected an InputError";
    } catch (const InputError& e) {
        const std::string m = format_diagnostic(e.diagnostics().front());
        EXPECT_NE(
            m.find("--target: the target npv_margin_cny_delta = 1000000000 is not bracketed by 40 .. 60"),
            std::string::npos)
            << m;
        EXPECT_NE(m.find(" at 40 and "), std::string::npos) << m;
    }
}

}  // namespace solve_test

}  // namespace offersim::sim
