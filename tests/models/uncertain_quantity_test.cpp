#include "models/uncertain_quantity.hpp"

#include <gtest/gtest.h>
#include <cmath>
#include <random>

namespace offersim::models {

namespace {

UncertainQuantity triangular(double low, double mode, double high) {
    UncertainQuantity q;
    q.kind = UncertainKind::triangular;
    q.low = low;
    q.mode = mode;
    q.high = high;
    return q;
}

UncertainQuantity uniform(double low, double high) {
    UncertainQuantity q;
    q.kind = UncertainKind::uniform;
    q.low = low;
    q.high = high;
    return q;
}

UncertainQuantity normal(double mean, double sd) {
    UncertainQuantity q;
    q.kind = UncertainKind::normal;
    q.mean = mean;
    q.sd = sd;
    return q;
}

UncertainQuantity lognormal(double mean, double cv) {
    UncertainQuantity q;
    q.kind = UncertainKind::lognormal;
    q.mean = mean;
    q.cv = cv;
    return q;
}

}  // namespace

TEST(UncertainQuantity, TriangularQuantilesMatchTheClosedForm) {
    const UncertainQuantity q = triangular(600, 800, 1000);
    EXPECT_DOUBLE_EQ(quantile(q, 0.5), 800.0);
    // F(x) = (x - a)^2 / ((b - a)(c - a)) below the mode: F(700) = 100^2 / (400 * 200) = 0.125.
    EXPECT_NEAR(quantile(q, 0.125), 700.0, 1e-9);
    EXPECT_NEAR(quantile(q, 0.875), 900.0, 1e-9);
    EXPECT_NEAR(
        variance(q),
        (600.0 * 600 + 1000.0 * 1000 + 800.0 * 800 - 600.0 * 1000 - 600.0 * 800 - 1000.0 * 800) / 18.0, 1e-9);
}

TEST(UncertainQuantity, EveryLawHasItsTextbookQuantiles) {
    EXPECT_NEAR(quantile(normal(3, 2), 0.975), 3.0 + 2.0 * 1.959963985, 1e-6);
    EXPECT_DOUBLE_EQ(quantile(uniform(1, 3), 0.25), 1.5);
    // Beta(2, 2) on [0, 10]: the median is the midpoint by symmetry.
    UncertainQuantity beta = uniform(0, 10);
    beta.kind = UncertainKind::beta;
    beta.alpha = 2;
    beta.beta = 2;
    EXPECT_NEAR(quantile(beta, 0.5), 5.0, 1e-9);
    // Lognormal by mean and cv: its mean is the mean given, so the median lies below it.
    const UncertainQuantity ln = lognormal(0.04, 0.25);
    const double sigma = std::sqrt(std::log1p(0.0625));
    EXPECT_NEAR(quantile(ln, 0.5), 0.04 * std::exp(-sigma * sigma / 2), 1e-12);
    UncertainQuantity draws;
    draws.kind = UncertainKind::draws;
    draws.draws = {1.0, 2.0, 4.0, 8.0};
    EXPECT_EQ(quantile(draws, 0.01), 1.0);
    EXPECT_EQ(quantile(draws, 0.3), 2.0);
    EXPECT_EQ(quantile(draws, 0.99), 8.0);
}

TEST(UncertainQuantity, ZeroWidthLawsReturnTheirValueExactly) {
    for (const double u : {1e-9, 0.3, 0.999999}) {
        EXPECT_EQ(quantile(triangular(0.04, 0.04, 0.04), u), 0.04);
        EXPECT_EQ(quantile(normal(0.8, 0), u), 0.8);
        EXPECT_EQ(quantile(lognormal(13000, 0), u), 13000.0);
        EXPECT_EQ(quantile(uniform(5, 5), u), 5.0);
    }
}

// Synthetic draws with known components: value = a_d + e_dj, a ~ N(0, 3^2), e ~ N(0, 2^2).
// With D draws of n = 2, MS_within has standard error sigma_e^2 sqrt(2 / (D (n - 1))) and
// MS_between about (n sigma_a^2 + sigma_e^2) sqrt(2 / (D - 1)); the tolerances are 4 of them.
TEST(VarianceSplit, RecoversKnownComponents) {
    constexpr int draws = 4000;
    constexpr int n = 2;
    std::mt19937_64 rng(17);
    std::normal_distribution<double> standard;
    std::vector<double> values;
    for (int d = 0; d < draws; ++d) {
        const double a = 3.0 * standard(rng);
        for (int j = 0; j < n; ++j) values.push_back(100.0 + a + 2.0 * standard(rng));
    }
    const VarianceSplit s = split_variance(values, n);
    EXPECT_EQ(s.draws, draws);
    const double se_within = 4.0 * std::sqrt(2.0 / draws);
    const double se_between = (n * 9.0 + 4.0) * std::sqrt(2.0 / (draws - 1));
    EXPECT_NEAR(s.noise_variance, 4.0, 4 * se_within);
    EXPECT_NEAR(s.parameter_variance, 9.0, 4 * std::hypot(se_between, se_within) / n);
    EXPECT_FALSE(s.floored);
}

TEST(VarianceSplit, FloorsANegativeEstimateAndSaysSo) {
    // Every draw has the same mean: MS_between is 0, below MS_within.
    const VarianceSplit s = split_variance({1.0, 3.0, 3.0, 1.0, 0.0, 4.0}, 2);
    EXPECT_EQ(s.draws, 3);
    EXPECT_DOUBLE_EQ(s.ms_between, 0.0);
    EXPECT_DOUBLE_EQ(s.noise_variance, (2.0 + 2.0 + 8.0) / 3.0);
    EXPECT_EQ(s.parameter_variance, 0.0);
    EXPECT_TRUE(s.floored);
}

}  // namespace offersim::models
