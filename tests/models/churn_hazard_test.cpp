#include "models/churn_hazard.hpp"

#include <gtest/gtest.h>
#include <boost/math/special_functions/beta.hpp>
#include <cmath>
#include <cstddef>
#include <utility>
#include <vector>

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

namespace {

constexpr int kAtoms = 4096;

// The atoms of row `row` of a propensity table.
std::vector<double> row_of(const std::vector<float>& table, std::size_t row) {
    return {table.begin() + static_cast<std::ptrdiff_t>(row * kAtoms),
            table.begin() + static_cast<std::ptrdiff_t>((row + 1) * kAtoms)};
}

}  // namespace

TEST(ChurnPropensity, OnlySbgCustomersCarryTheirOwn) {
    EXPECT_TRUE(has_own_propensity(sbg(1.5, 12.0)));
    EXPECT_FALSE(has_own_propensity(constant(0.03)));
    EXPECT_FALSE(has_own_propensity(weibull(40.0, 0.8)));
    HazardCurve table;
    table.model = HazardModel::table;
    EXPECT_FALSE(has_own_propensity(table));
}

TEST(ChurnPropensity, EachTenuresMeanIsTheHazardOfItsNextMonth) {
    // E[theta | survived tau] = alpha / (alpha + beta + tau) = h(tau + 1); the atoms telescope
    // to it exactly, so only float storage and summation separate them.
    for (const auto& [alpha, beta] : {std::pair{1.5, 12.0}, {0.3, 0.5}, {5.0, 80.0}}) {
        const HazardCurve c = sbg(alpha, beta);
        const std::vector<int> tenures = {0, 1, 12, 60, 230};
        const auto table = propensity_atoms(c, tenures, kAtoms);
        ASSERT_EQ(table.size(), tenures.size() * kAtoms);
        for (std::size_t r = 0; r < tenures.size(); ++r) {
            double mean = 0.0;
            for (double theta : row_of(table, r)) mean += theta / kAtoms;
            const double expected = hazard_at(c, tenures[r] + 1);
            EXPECT_NEAR(mean, expected, 1e-6 * expected)
                << "alpha " << alpha << ", beta " << beta << ", tau " << tenures[r];
        }
    }
}

TEST(ChurnPropensity, AtomsReproduceTheConditionalSurvivalCurve) {
    // A customer with theta survives t more months with probability (1 - theta)^t; over
    // theta | tau ~ Beta(alpha, beta + tau) that is B(alpha, beta + tau + t) / B(alpha, beta + tau).
    for (const auto& [alpha, beta] : {std::pair{1.5, 12.0}, {0.3, 0.5}, {5.0, 80.0}}) {
        const std::vector<int> tenures = {0, 3, 24, 120};
        const auto table = propensity_atoms(sbg(alpha, beta), tenures, kAtoms);
        for (std::size_t r = 0; r < tenures.size(); ++r) {
            const double b = beta + tenures[r];
            const auto atoms = row_of(table, r);
            for (int t : {1, 12, 36}) {
                double survival = 0.0;
                for (double theta : atoms) survival += std::pow(1.0 - theta, t) / kAtoms;
                const double expected = boost::math::beta(alpha, b + t) / boost::math::beta(alpha, b);
                EXPECT_NEAR(survival, expected, 1e-5)
                    << "alpha " << alpha << ", beta " << beta << ", tau " << tenures[r] << ", t " << t;
            }
        }
    }
}

TEST(ChurnPropensity, AtomsAreTheConditionalMeansOfTheQuantileBins) {
    // Against bins from the exact quantile function: atom i = n (G(q_(i+1)) - G(q_i)), G the
    // partial mean alpha / (alpha + b) * I_q(alpha + 1, b).
    const double alpha = 1.5;
    const double beta = 12.0;
    const std::vector<int> tenures = {0, 36};
    const auto table = propensity_atoms(sbg(alpha, beta), tenures, kAtoms);
    for (std::size_t r = 0; r < tenures.size(); ++r) {
        const double b = beta + tenures[r];
        const auto partial_mean = [&](double p) {
            if (p >= 1.0) return alpha / (alpha + b);
            return alpha / (alpha + b) *
                   boost::math::ibeta(alpha + 1.0, b, boost::math::ibeta_inv(alpha, b, p));
        };
        for (int i : {0, 1, 100, 2048, 4000, 4094, 4095}) {
            const double exact = kAtoms * (partial_mean(static_cast<double>(i + 1) / kAtoms) -
                                           (i == 0 ? 0.0 : partial_mean(static_cast<double>(i) / kAtoms)));
            EXPECT_NEAR(table[r * kAtoms + static_cast<std::size_t>(i)], exact, 2e-3 * exact)
                << "tau " << tenures[r] << ", atom " << i;
        }
    }
}

TEST(ChurnPropensity, AtomsRiseWithTheirBinAndStayProbabilities) {
    const auto table = propensity_atoms(sbg(0.3, 0.5), {0, 5}, kAtoms);
    for (std::size_t k = 0; k < table.size(); ++k) {
        EXPECT_GE(table[k], 0.0f);
        EXPECT_LE(table[k], 1.0f);
        if (k % kAtoms != 0) {
            EXPECT_GE(table[k], table[k - 1] * (1.0f - 1e-5f)) << "atom " << k;
        }
    }
}

}  // namespace offersim::models
