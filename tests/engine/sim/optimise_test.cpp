// The optimiser through the engine (docs/models.md, "The optimiser"): on a scenario whose
// objective and constraint are linear in a fee, the optimum sits on the constraint, within
// the tolerance plus 4 standard errors of the analytic value; discontinuous constraints are
// relaxed; nothing feasible is refused.
#include "engine/sim/optimise.hpp"

#include "engine/scenario/loader.hpp"
#include "tests/engine/sim/analytic_fee_scenario.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>

namespace offersim::sim {

namespace optimise_test {

using test::billed_customer_months;
using test::kAnalyticFeeScenario;
using test::with_fee;

OptimiseSpec revenue_capped(double cap, OptimiseAlgorithm algorithm) {
    OptimiseSpec spec;
    spec.parameters.push_back({"tiers[t].monthly_fee_cny", 10.0, 100.0, 0.05});
    spec.objective = "npv_margin_cny";
    spec.constraints.push_back(parse_constraint(fmt::format("revenue_total_cny<={}", cap), {}));
    spec.algorithm = algorithm;
    return spec;
}

void expect_on_the_constraint(OptimiseAlgorithm algorithm) {
    const scenario::Scenario base = scenario::load_scenario_text(kAnalyticFeeScenario, "analytic.yaml");
    const double cap = 1.0e6;
    const OptimiseSpec spec = revenue_capped(cap, algorithm);
    const OptimiseResult r = optimise(
        base, [&](const std::vector<double>& x) { return with_fee(base, x[0]); }, spec,
        RunConfig::of(40, 21, 2));
    const OptimisePoint& best = r.evaluations[r.optimum];
    const double analytic = cap / billed_customer_months();
    // The fee's standard error: the revenue's at the optimum over the slope dRevenue/dfee.
    const double se = best.constraints[0].std_error / billed_customer_months();
    EXPECT_GT(se, 0.0);
    EXPECT_LE(std::fabs(best.values[0] - analytic), spec.parameters[0].tolerance + 4.0 * se)
        << "optimum " << best.values[0] << ", analytic " << analytic << ", SE " << se << ", runs " << r.runs;
    EXPECT_TRUE(best.feasible);
    EXPECT_LE(best.constraints[0].mean, cap);
    EXPECT_LE(r.runs, spec.max_runs + 1);  // the check's run besides the points
    // The check runs the optimum on the next 40 replications: other draws, the same fee.
    EXPECT_EQ(r.check.values, best.values);
    EXPECT_NE(r.check.objective.mean, best.objective.mean);
    EXPECT_LE(std::fabs(r.check.objective.mean - best.objective.mean),
              4.0 * std::hypot(r.check.objective.std_error, best.objective.std_error));
}

TEST(Optimise, CobylaPutsTheOptimumOnALinearConstraintWithinToleranceAndFourStandardErrors) {
    expect_on_the_constraint(OptimiseAlgorithm::cobyla);
}

TEST(Optimise, AuglagPutsTheOptimumOnALinearConstraintWithinToleranceAndFourStandardErrors) {
    expect_on_the_constraint(OptimiseAlgorithm::auglag);
}

TEST(Optimise, APaybackConstraintIsRelaxedToCumulativeCashAtItsMonth) {
    const OptimiseConstraint c = parse_constraint("payback_month<=18", SourcePos{"--constraint", 0, 0});
    EXPECT_EQ(c.metric, "cash_month_18_delta");
    EXPECT_EQ(c.sense, ConstraintSense::at_least);
    EXPECT_EQ(c.bound, 0.0);
    EXPECT_EQ(c.relaxed_from, "payback_month<=18");
    EXPECT_TRUE(parse_constraint("churn_rate_monthly<=0.03", {}).relaxed_from.empty());
    EXPECT_THROW(parse_constraint("payback_month>=3", {}), InputError);
    EXPECT_THROW(parse_constraint("churn_rate_monthly=0.03", {}), InputError);
    EXPECT_THROW(parse_constraint("churn_rate_monthly<=x", {}), InputError);
}

TEST(Optimise, CumulativeCashAtAMonthIsTheSumOfTheMarginsToIt) {
    const scenario::Scenario base = scenario::load_scenario_text(kAnalyticFeeScenario, "analytic.yaml");
    OptimiseSpec spec;
    spec.parameters.push_back({"tiers[t].monthly_fee_cny", 40.0, 60.0, 1.0});
    spec.objective = "cash_month_12";
    spec.max_runs = 3;
    const OptimiseResult r = optimise(
        base, [&](const std::vector<double>& x) { return with_fee(base, x[0]); }, spec,
        RunConfig::of(4, 21, 1));
    // Over the whole horizon the cumulative cash is the margin, here revenue = NPV (no discounting).
    for (const auto& p : r.evaluations) EXPECT_GT(p.objective.mean, 0.0);
    EXPECT_EQ(r.stopped_by, "max_runs_reached");
    double highest = 0.0;  // more fee, more cash: the optimum is the highest fee run
    for (const auto& p : r.evaluations) highest = std::max(highest, p.values[0]);
    EXPECT_EQ(r.evaluations[r.optimum].values[0], highest);
}

TEST(Optimise, NoFeasiblePointAndACashMonthBeyondTheHorizonAreRefused) {
    const scenario::Scenario base = scenario::load_scenario_text(kAnalyticFeeScenario, "analytic.yaml");
    const auto at = [&](const std::vector<double>& x) { return with_fee(base, x[0]); };
    OptimiseSpec spec = revenue_capped(1.0, OptimiseAlgorithm::cobyla);  // revenue of 1 CNY: never
    spec.max_runs = 4;
    try {
        optimise(base, at, spec, RunConfig::of(2, 21, 1));
        FAIL() << "expected an InputError";
    } catch (const InputError& e) {
        EXPECT_NE(format_diagnostic(e.diagnostics().front())
                      .find("no values within the bounds meet every "
                            "constraint"),
                  std::string::npos);
    }
    spec = revenue_capped(1.0e9, OptimiseAlgorithm::cobyla);
    spec.constraints.push_back(parse_constraint("cash_month_13>=0", SourcePos{"--constraint", 0, 0}));
    EXPECT_THROW(optimise(base, at, spec, RunConfig::of(2, 21, 1)), InputError);
    spec.constraints.pop_back();
    spec.objective = "npv_margn_cny";
    try {
        optimise(base, at, spec, RunConfig::of(2, 21, 1));
        FAIL() << "expected an InputError";
    } catch (const InputError& e) {
        EXPECT_NE(format_diagnostic(e.diagnostics().front()).find("did you mean 'npv_margin_cny'?"),
                  std::string::npos)
            << format_diagnostic(e.diagnostics().front());
    }
}

}  // namespace optimise_test

}  // namespace offersim::sim
