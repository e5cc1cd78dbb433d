// Statistical checks of the engine against closed forms, with fixed seeds and
// tolerances from theory: a customer alive after t months is a Bernoulli trial with
// probability S(t), so survivors over R replications of N customers have mean N S(t)
// and standard error sqrt(N S (1 - S) / R). Each check allows 4 standard errors.
#include "engine/scenario/loader.hpp"
#include "engine/sim/plan.hpp"
#include "engine/sim/simulation.hpp"
#include "models/churn_hazard.hpp"
#include "models/distribution.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <boost/math/special_functions/beta.hpp>
#include <cmath>

namespace offersim::sim {

namespace {

constexpr int kCustomers = 20000;
constexpr int kReplications = 40;
constexpr int kSurvivalMonths = 24;

// One segment with the given churn block and initial tenure (new customers by default), no
// acquisition.
MetricCube run_cohort(const std::string& churn_yaml,
                      const std::string& tenure_yaml = "{ distribution: fixed, mean: 0 }") {
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
    tenure_months: {}
    tier_mix: {{ t: 1 }}
    usage:
      voice_min: {{ distribution: lognormal, mean: 100, cv: 1 }}
      data_mb: {{ distribution: fixed, mean: 10 }}
      sms: {{ distribution: gamma, mean: 50, cv: 1 }}
    churn: {}
)",
                                         kSurvivalMonths, kCustomers, tenure_yaml, churn_yaml);
    const auto sc = scenario::load_scenario_text(text, "cohort.yaml");
    RunConfig config;
    config.replications = kReplications;
    config.seed = sc.seed;
    config.threads = 2;
    return run_simulation(compile_plan(sc), config);
}

void expect_survival(const MetricCube& cube, const std::function<double(int)>& survival) {
    for (int t = 1; t <= kSurvivalMonths; ++t) {
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

// sbg with alpha 1.5, beta 12: the shipped mass market's churn.
constexpr double kAlpha = 1.5;
constexpr double kBeta = 12.0;

// S(t | tau) = B(alpha, beta + tau + t) / B(alpha, beta + tau): survival for t more months of
// customers who have survived tau, over theta | tau ~ Beta(alpha, beta + tau).
double conditional_survival(double tau, int t) {
    return boost::math::beta(kAlpha, kBeta + tau + t) / boost::math::beta(kAlpha, kBeta + tau);
}

// E[theta^j] for theta ~ Beta(alpha, beta).
double theta_moment(int j) {
    return boost::math::beta(kAlpha + j, kBeta) / boost::math::beta(kAlpha, kBeta);
}

// E[theta^power (1 - k theta)^months] over theta ~ Beta(alpha, beta), by the binomial
// expansion of (1 - k theta)^months into moments: what a cohort of new customers whose
// hazard is multiplied by k for `months` months implies, computed apart from the engine.
double expect_after_multiplier(int power, double k, int months) {
    double sum = 0.0;
    double binomial = 1.0;  // C(months, j)
    for (int j = 0; j <= months; ++j) {
        sum += binomial * std::pow(-k, j) * theta_moment(j + power);
        binomial = binomial * (months - j) / (j + 1);
    }
    return sum;
}

// A cohort of `customers` new sbg customers who join in month 1 and all take a handset whose
// contract of `contract_months` multiplies their hazard by `lock_in`; after it, factor 1.
// Runs one month past the contract.
MetricCube run_contract_cohort(double lock_in, int contract_months, int customers, int replications) {
    const std::string text = fmt::format(R"(
name: lock_in
horizon_months: {months}
seed: 1212
tiers:
  - id: t
    monthly_fee_cny: 50
    overage: {{ voice_per_min_cny: 0.19, data_per_mb_cny: 1, sms_each_cny: 0.1 }}
segments:
  - id: s
    size: 0
    tenure_months: {{ distribution: fixed, mean: 0 }}
    tier_mix: {{ t: 1 }}
    usage:
      voice_min: {{ distribution: fixed, mean: 100 }}
      data_mb: {{ distribution: fixed, mean: 0 }}
      sms: {{ distribution: fixed, mean: 0 }}
    churn: {{ model: sbg, alpha: {alpha}, beta: {beta} }}
    acquisition: {{ gross_adds_per_month: [{customers}, 0] }}
offers:
  - id: phone
    kind: device_subsidy
    device: {{ device_cost_cny: 1000, retail_price_cny: 1000, subsidy_cny: 500, contract_months: {contract},
              lock_in_multiplier: {lock_in}, contract_end_multiplier: 1, contract_end_months: 1 }}
    take_up: {{ segments: [s], new_share: 1 }}
)",
                                         fmt::arg("months", contract_months + 1), fmt::arg("alpha", kAlpha),
                                         fmt::arg("beta", kBeta), fmt::arg("customers", customers),
                                         fmt::arg("contract", contract_months), fmt::arg("lock_in", lock_in));
    const auto sc = scenario::load_scenario_text(text, "lock_in.yaml");
    RunConfig config;
    config.replications = replications;
    config.seed = sc.seed;
    config.threads = 2;
    return run_simulation(compile_plan(sc), config);
}

// Churners over active customers of month m (1-based), pooled over replications, and the
// binomial standard error of that rate.
struct PooledRate {
    double rate = 0.0;
    double std_error = 0.0;
};

PooledRate churn_rate(const MetricCube& cube, int month, int replications) {
    double churners = 0.0;
    double active = 0.0;
    for (int r = 0; r < replications; ++r) {
        churners += cube.at(r, month - 1, 0, Metric::churners);
        active += cube.at(r, month - 1, 0, Metric::active);
    }
    const double p = churners / active;
    return {p, std::sqrt(p * (1 - p) / active)};
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

TEST(Statistics, SbgInitialBaseFollowsTheConditionalSurvivalOfItsTenure) {
    // Customers who have survived tau months carry theta ~ Beta(alpha, beta + tau), so they
    // survive t more months with probability B(alpha, beta + tau + t) / B(alpha, beta + tau).
    const std::string churn = "{ model: sbg, alpha: 1.5, beta: 12 }";
    const MetricCube fixed = run_cohort(churn, "{ distribution: fixed, mean: 24 }");
    expect_survival(fixed, [](int t) { return conditional_survival(24.0, t); });

    // A spread of tenures: each customer draws one of the 4096 equal-probability tenure atoms
    // (rounded half up to whole months), so S(t) is the atoms' mean conditional survival.
    const auto tenures = models::equal_probability_atoms({models::DistributionKind::gamma, 30.0, 0.8}, 4096);
    const MetricCube spread = run_cohort(churn, "{ distribution: gamma, mean: 30, cv: 0.8 }");
    expect_survival(spread, [&](int t) {
        double s = 0.0;
        for (float tau : tenures) s += conditional_survival(std::floor(tau + 0.5), t) / tenures.size();
        return s;
    });
}

TEST(Statistics, SbgCohortLockedInChurnsAtItsUnsortedMeanWhenTheContractEnds) {
    // Nobody may leave for L = 12 months, so nobody is sorted out: in month 13 the cohort
    // still has theta ~ Beta(alpha, beta) and churns at E[theta] = alpha / (alpha + beta) =
    // 0.1111, not at the population hazard h(13) = alpha / (alpha + beta + 12) = 0.0588 of a
    // cohort that could leave all along.
    constexpr int months = 12;
    constexpr int customers = 20000;
    constexpr int reps = 20;
    const MetricCube cube = run_contract_cohort(0.0, months, customers, reps);
    for (int m = 1; m <= months; ++m)
        for (int r = 0; r < reps; ++r)
            EXPECT_EQ(cube.at(r, m - 1, 0, Metric::churners), 0.0) << "month " << m;
    const double expected = theta_moment(1);
    EXPECT_NEAR(expected, kAlpha / (kAlpha + kBeta), 1e-12);
    const PooledRate after = churn_rate(cube, months + 1, reps);
    EXPECT_NEAR(after.rate, expected, 4 * after.std_error)
        << "month 13 churn " << after.rate << ", by hand E[theta] = " << expected << " +- 4 x "
        << after.std_error;
    const double unsorted_hazard = kAlpha / (kAlpha + kBeta + months);
    EXPECT_GT(std::abs(after.rate - unsorted_hazard), 20 * after.std_error)
        << "month 13 churn " << after.rate << " is the population hazard h(13) = " << unsorted_hazard;
}

TEST(Statistics, SbgCohortUnderAPartialLockInIsSortedAsTheMixtureImplies) {
    // Hazard multiplied by k = 0.3 for L = 12 months: a customer with theta survives them with
    // probability (1 - k theta)^L, so S(m) = E[(1 - k theta)^m] and month L + 1 churns at
    // E[theta (1 - k theta)^L] / E[(1 - k theta)^L].
    constexpr double k = 0.3;
    constexpr int months = 12;
    constexpr int customers = 20000;
    constexpr int reps = 20;
    const MetricCube cube = run_contract_cohort(k, months, customers, reps);
    for (int m = 1; m <= months; ++m) {
        double survivors = 0.0;
        for (int r = 0; r < reps; ++r) survivors += cube.at(r, m - 1, 0, Metric::active_end) / reps;
        const double s = expect_after_multiplier(0, k, m);
        const double std_error = std::sqrt(customers * s * (1 - s) / reps);
        EXPECT_NEAR(survivors, customers * s, 4 * std_error) << "month " << m;
    }
    const double expected = expect_after_multiplier(1, k, months) / expect_after_multiplier(0, k, months);
    const PooledRate after = churn_rate(cube, months + 1, reps);
    EXPECT_NEAR(after.rate, expected, 4 * after.std_error)
        << "month 13 churn " << after.rate << ", by hand " << expected << " +- 4 x " << after.std_error;
}

TEST(Statistics, SbgCohortFreeToLeaveChurnsAtThePopulationHazard) {
    // Lock-in factor 1: the cohort is sorted every month and month 13 churns at
    // B(alpha + 1, beta + 12) / B(alpha, beta + 12) = alpha / (alpha + beta + 12) = h(13).
    constexpr int months = 12;
    constexpr int reps = 20;
    const MetricCube cube = run_contract_cohort(1.0, months, 20000, reps);
    const double expected =
        boost::math::beta(kAlpha + 1, kBeta + months) / boost::math::beta(kAlpha, kBeta + months);
    EXPECT_NEAR(expected, kAlpha / (kAlpha + kBeta + months), 1e-12);
    const PooledRate after = churn_rate(cube, months + 1, reps);
    EXPECT_NEAR(after.rate, expected, 4 * after.std_error)
        << "month 13 churn " << after.rate << ", by hand " << expected << " +- 4 x " << after.std_error;
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
