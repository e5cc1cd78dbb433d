#include "models/churn_hazard.hpp"

#include <gtest/gtest.h>
#include <boost/math/special_functions/beta.hpp>
#include <cmath>

namespace offersim::models {

namespace {

HazardCurve constant(double h) {
    HazardCurve c;
    c.monthly_hazard = h;
    return c;
}

HazardCurve sbg(double alpha, double beta) {
    HazardCurve c;
    c.model = HazardModel::sbg;
    c.sbg_alpha = alpha;
    c.sbg_beta = beta;
    return c;
}

HazardCurve weibull(double scale, double shape) {
    HazardCurve c;
    c.model = HazardModel::weibull;
    c.weibull_scale_months = scale;
    c.weibull_shape = shape;
    return c;
}

}  // namespace

TEST(ChurnHazard, ConstantHazardGivesGeometricSurvival) {
    const HazardCurve c = constant(0.033);
    for (int t : {1, 12, 36}) EXPECT_NEAR(survival_at(c, t), std::pow(1 - 0.033, t), 1e-12) << "t = " << t;
}

TEST(ChurnHazard, SbgSurvivalIsTheBetaFunctionRatio) {
    const HazardCurve c = sbg(1.2, 8.0);
    for (int t : {1, 2, 6, 24, 120}) {
        const double expected = boost::math::beta(1.2, 8.0 + t) / boost::math::beta(1.2, 8.0);
        EXPECT_NEAR(survival_at(c, t), expected, 1e-12) << "t = " << t;
    }
    EXPECT_DOUBLE_EQ(hazard_at(c, 1), 1.2 / 9.2);
}

TEST(ChurnHazard, WeibullSurvivalIsExpOfMinusScaledTenurePower) {
    const HazardCurve c = weibull(40.0, 0.8);
    for (int t : {1, 5, 36})
        EXPECT_NEAR(survival_at(c, t), std::exp(-std::pow(t / 40.0, 0.8)), 1e-12) << "t = " << t;
}

TEST(ChurnHazard, TableBandsHoldUntilTheNextBandStarts) {
    HazardCurve c;
    c.model = HazardModel::table;
    c.bands = {{1, 0.05}, {7, 0.03}, {25, 0.02}};
    EXPECT_DOUBLE_EQ(hazard_at(c, 1), 0.05);
    EXPECT_DOUBLE_EQ(hazard_at(c, 6), 0.05);
    EXPECT_DOUBLE_EQ(hazard_at(c, 7), 0.03);
    EXPECT_DOUBLE_EQ(hazard_at(c, 24), 0.03);
    EXPECT_DOUBLE_EQ(hazard_at(c, 1000), 0.02);
}

TEST(ChurnHazard, TablesAreIndexedByCompletedMonths) {
    const HazardCurve c = sbg(1.0, 3.0);
    const auto table = hazard_table(c, 10);
    ASSERT_EQ(table.size(), 10u);
    EXPECT_FLOAT_EQ(table[0], static_cast<float>(hazard_at(c, 1)));
    EXPECT_FLOAT_EQ(table[9], static_cast<float>(hazard_at(c, 10)));
}

}  // namespace offersim::models
