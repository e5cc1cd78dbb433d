// The solver through the engine (docs/models.md, "Sweeps and the solver"): on a scenario whose
// expected objective is known in closed form, the root lies within the tolerance plus 4
// standard errors of the analytic root; a target outside the bracket is refused.
#include "engine/sim/solve.hpp"

#include "engine/scenario/loader.hpp"
#include "tests/engine/sim/analytic_fee_scenario.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

namespace offersim::sim {

namespace solve_test {

using test::billed_customer_months;
using test::kAnalyticFeeScenario;
using test::with_fee;

TEST(Solve, TheRootLiesWithinTheToleranceAndFourStandardErrorsOfTheAnalyticRoot) {
    const scenario::Scenario base = scenario::load_scenario_text(kAnalyticFeeScenario, "analytic.yaml");
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
    const scenario::Scenario base = scenario::load_scenario_text(kAnalyticFeeScenario, "analytic.yaml");
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
