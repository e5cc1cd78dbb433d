// The leave equation of docs/models.md, "Price response", against its definition: a logit
// shift of the hazard by beta x the bill's rise, and beta from a churn elasticity.
#include "models/price_response.hpp"

#include <gtest/gtest.h>
#include <cmath>

namespace offersim::models {

namespace {

double logit(double p) {
    return std::log(p / (1.0 - p));
}

double logistic(double x) {
    return 1.0 / (1.0 + std::exp(-x));
}

}  // namespace

TEST(LeaveEquation, AtTheReferenceTheHazardIsUnchangedBitForBit) {
    for (float h : {0.0f, 1e-7f, 0.0123f, 0.3f, 0.999f, 1.0f}) EXPECT_EQ(leave_probability(h, 1.0f), h);
    EXPECT_EQ(leave_odds_ratio(0.05, 0.0), 1.0);
}

TEST(LeaveEquation, TheOddsRatioShiftsTheLogOddsByBetaTimesTheRise) {
    const double beta = 0.03;
    for (double h : {0.01, 0.05, 0.3})
        for (double rise : {-20.0, 5.0, 40.0}) {
            const auto odds = static_cast<float>(leave_odds_ratio(beta, rise));
            const double p = leave_probability(static_cast<float>(h), odds);
            EXPECT_NEAR(p, logistic(logit(h) + beta * rise), 2e-7) << h << " " << rise;
        }
    EXPECT_EQ(leave_probability(1.0f, 3.0f), 1.0f) << "certain leaving stays certain";
    EXPECT_EQ(leave_probability(2.5f, 0.5f), 1.0f) << "factors past 1 are capped before the odds";
    EXPECT_EQ(leave_probability(0.0f, 3.0f), 0.0f) << "nobody leaves a segment that never churns";
}

// d ln P / d ln B at the reference, by a central difference of the exact equation.
TEST(LeaveEquation, BetaFromAnElasticityGivesThatElasticity) {
    struct Case {
        double elasticity, bill, h;
    };
    for (const Case c : {Case{0.8, 60.0, 0.03}, Case{1.1, 150.0, 0.005}}) {
        const double elasticity = c.elasticity, bill = c.bill, h = c.h;
        const double beta = beta_from_churn_elasticity(elasticity, bill, h);
        const auto p = [&](double b) { return logistic(logit(h) + beta * (b - bill)); };
        const double step = 1e-4 * bill;
        const double measured = (std::log(p(bill + step)) - std::log(p(bill - step))) /
                                (std::log(bill + step) - std::log(bill - step));
        EXPECT_NEAR(measured, elasticity, 1e-6);
    }
    EXPECT_EQ(beta_from_churn_elasticity(0.8, 0.0, 0.03), 0.0) << "a free plan has no price to answer";
}

}  // namespace offersim::models
