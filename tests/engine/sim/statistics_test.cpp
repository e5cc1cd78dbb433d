// Statistical checks of the engine against closed forms, with fixed seeds and
// tolerances from theory: a customer alive after t months is a Bernoulli trial with
// probability S(t), so survivors over R replications of N customers have mean N S(t)
// and standard error sqrt(N S (1 - S) / R). Each check allows 4 standard errors.
#include "engine/scenario/loader.hpp"
#include "engine/sim/plan.hpp"
#include "engine/sim/simulation.hpp"
#include "models/churn_hazard.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <boost/math/special_functions/beta.hpp>
#include <cmath>

namespace offersim::sim {

namespace {

constexpr int kCustomers = 20000;
constexpr int kReplications = 40;
constexpr int kMonths = 24;

// One segment of new customers (tenure 0) with the given churn block, no acquisition.
MetricCube run_cohort(const std::string& churn_yaml) {
    const std::string text = fmt::format(R"(
name: cohort
horizon_months: {}
seed: 424242
tiers:
  - id: t
    monthly_fee_cny: 50
    overage: {{ voice_per_min_cny: 0.19, data_per_mb_cny: 1, sms_each_cny: 0.1 }}
segments:
  - id: s
    size: {}
    tenure_months: {{ distribution: fixed, mean: 0 }}
    tier_mix: {{ t: 1 }}
    usage:
      voice_min: {{ distribution: lognormal, mean: 100, cv: 1 }}
      data_mb: {{ distribution: fixed, mean: 10 }}
      sms: {{ distribution: gamma, mean: 50, cv: 1 }}
    churn: {}
)",
                                         kMonths, kCustomers, churn_yaml);
    const auto sc = scenario::load_scenario_text(text, "cohort.yaml");
    RunConfig config;
    config.replications = kReplications;
    config.seed = sc.seed;
    config.threads = 2;
    return run_simulation(compile_plan(sc), config);
}

void expect_survival(const MetricCube& cube, const std::function<double(int)>& survival) {
    for (int t = 1; t <= kMonths; ++t) {
        double mean = 0.0;
        for (int r = 0; r < kReplications; ++r) mean += cube.at(r, t - 1, 0, Metric::active_end);
        mean /= kReplications;
        const double s = survival(t);
        const double expected = kCustomers * s;
        const double std_error = std::sqrt(kCustomers * s * (1 - s) / kReplications);
        EXPECT_NEAR(mean, expected, 4 * std_error)
            << "month " << t << ": survivors " << mean << ", expected N S(t) = " << expected << " +- 4 x "
            << std_error;
    }
}

}  // namespace

TEST(Statistics, ConstantHazardGivesGeometricSurvivors) {
    const double h = 0.05;
    const MetricCube cube = run_cohort("{ model: constant, monthly_hazard: 0.05 }");
    expect_survival(cube, [&](int t) { return std::pow(1 - h, t); });
}

TEST(Statistics, SbgHazardReproducesTheBetaSurvivalCurve) {
    const double alpha = 1.2;
    const double beta = 8.0;
    const MetricCube cube = run_cohort("{ model: sbg, alpha: 1.2, beta: 8 }");
    expect_survival(
        cube, [&](int t) { return boost::math::beta(alpha, beta + t) / boost::math::beta(alpha, beta); });
}

TEST(Statistics, WeibullHazardReproducesItsSurvivalCurve) {
    const MetricCube cube = run_cohort("{ model: weibull, scale_months: 30, shape: 0.7 }");
    expect_survival(cube, [](int t) { return std::exp(-std::pow(t / 30.0, 0.7)); });
}

TEST(Statistics, MeanUsageMatchesThePropensityMean) {
    // Usage = propensity x monthly factor of mean 1, so the mean minutes per customer-month
    // is the propensity mean; rounding to whole minutes adds at most half a minute of bias.
    // Its standard error: customers' propensities (cv 1) dominate, sd/mean ~ sqrt(1 + 1 + cv_m^2).
    const MetricCube cube = run_cohort("{ model: constant, monthly_hazard: 0 }");
    double minutes = 0.0;
    double active = 0.0;
    for (int r = 0; r < kReplications; ++r) {
        minutes += cube.at(r, 0, 0, Metric::voice_min);
        active += cube.at(r, 0, 0, Metric::active);
    }
    const double mean = minutes / active;
    const double std_error = 100.0 * std::sqrt(1.0 + 1.0 * (1.0 + 0.25 * 0.25)) / std::sqrt(active);
    EXPECT_NEAR(mean, 100.0, 4 * std_error + 0.5) << "mean minutes per customer-month";
}

}  // namespace offersim::sim
