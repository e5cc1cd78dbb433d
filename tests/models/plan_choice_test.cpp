// The plan-choice model's pure parts against hand computation and closed forms.
#include "models/plan_choice.hpp"

#include <gtest/gtest.h>
#include <array>
#include <boost/math/distributions/lognormal.hpp>
#include <cmath>

namespace offersim::models {

TEST(PlanChoice, UtilityAddsTheTermsItDocuments) {
    const ChoiceCoefficients c{0.1, 2.0, 0.01, 15.0, 0.7};
    // Not the current plan: the switching cost is paid, no inertia.
    EXPECT_DOUBLE_EQ(utility({58.0, 0.25, 300.0, false}, c),
                     -0.1 * (58.0 + 15.0) - 2.0 * 0.25 + 0.01 * 300.0);
    // The current plan: no switching cost, plus inertia.
    EXPECT_DOUBLE_EQ(utility({58.0, 0.25, 0.0, true}, c), -0.1 * 58.0 - 2.0 * 0.25 + 0.7);
}

TEST(PlanChoice, ExceedProbabilityIsTheLognormalTail) {
    const double cv = 0.3;
    const double sigma = std::sqrt(std::log1p(cv * cv));
    // Usage = mean x X with ln X ~ N(-sigma^2 / 2, sigma^2).
    const boost::math::lognormal_distribution<double> factor(-0.5 * sigma * sigma, sigma);
    for (const double allowance : {50.0, 200.0, 260.0, 400.0}) {
        const double expected = boost::math::cdf(boost::math::complement(factor, allowance / 200.0));
        EXPECT_NEAR(exceed_probability(200.0, allowance, sigma), expected, 1e-12) << allowance;
    }
    EXPECT_EQ(exceed_probability(0.0, 100.0, sigma), 0.0);  // no usage never exceeds
    EXPECT_EQ(exceed_probability(10.0, 0.0, sigma), 1.0);   // no allowance always does
    EXPECT_EQ(exceed_probability(10.0, 9.0, 0.0), 1.0);     // no noise: the mean decides
    EXPECT_EQ(exceed_probability(10.0, 11.0, 0.0), 0.0);
}

TEST(PlanChoice, ProbabilitiesAreTheSoftmaxAndSurviveHugeUtilities) {
    const std::array<double, 3> u{-1.0, 0.5, 2.0};
    std::array<double, 3> p{};
    choice_probabilities(u, p);
    const double z = std::exp(-1.0) + std::exp(0.5) + std::exp(2.0);
    EXPECT_NEAR(p[0], std::exp(-1.0) / z, 1e-15);
    EXPECT_NEAR(p[1], std::exp(0.5) / z, 1e-15);
    EXPECT_NEAR(p[2], std::exp(2.0) / z, 1e-15);
    // exp(1000) overflows; shifted by the maximum it does not.
    const std::array<double, 2> big{1000.0, 1000.0 + std::log(3.0)};
    std::array<double, 2> q{};
    choice_probabilities(big, q);
    EXPECT_NEAR(q[0], 0.25, 1e-12);
    EXPECT_NEAR(q[1], 0.75, 1e-12);
}

TEST(PlanChoice, LogSumIsTheLogOfTheSumOfExpsAndSurvivesHugeUtilities) {
    const std::array<double, 3> u{-1.0, 0.5, 2.0};
    EXPECT_NEAR(log_sum(u), std::log(std::exp(-1.0) + std::exp(0.5) + std::exp(2.0)), 1e-15);
    // Two equal alternatives are worth ln 2 more than one: the option value of a choice.
    const std::array<double, 2> big{1000.0, 1000.0};
    EXPECT_NEAR(log_sum(big), 1000.0 + std::log(2.0), 1e-12);
    const std::array<double, 1> one{-3.5};
    EXPECT_EQ(log_sum(one), -3.5);
}

// A choice event takes its log-sum from the softmax's own exponentials: it must be
// log_sum's bit for bit, or the worth of staying would move with the code path.
TEST(PlanChoice, ProbabilitiesReturnTheLogSumBitForBit) {
    const std::array<double, 4> u{-7.25, 0.5, -3.125, 0.4999999};
    std::array<double, 4> p{};
    EXPECT_EQ(choice_probabilities(u, p), log_sum(u));
    const std::array<double, 2> big{1000.0, 1000.0 + std::log(3.0)};
    std::array<double, 2> q{};
    EXPECT_EQ(choice_probabilities(big, q), log_sum(big));
    EXPECT_EQ(choice_probabilities({}, {}), log_sum({}));
}

TEST(PlanChoice, PickFollowsTheCumulativeShares) {
    const std::array<double, 3> p{0.2, 0.5, 0.3};
    EXPECT_EQ(pick_alternative(p, 0.0), 0);
    EXPECT_EQ(pick_alternative(p, 0.1999), 0);
    EXPECT_EQ(pick_alternative(p, 0.2), 1);
    EXPECT_EQ(pick_alternative(p, 0.6999), 1);
    EXPECT_EQ(pick_alternative(p, 0.7), 2);
    EXPECT_EQ(pick_alternative(p, 0.9999999), 2);
}

}  // namespace offersim::models
