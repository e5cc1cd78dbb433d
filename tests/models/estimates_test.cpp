// Estimates from estimation tools (docs/models.md §36): the Cholesky factor reproduces the
// covariance, refuses one that is not positive definite, and a row is picked evenly.
#include "models/estimates.hpp"

#include <gtest/gtest.h>
#include <cmath>

namespace offersim::models {

TEST(Estimates, CholeskyFactorTimesItsTransposeIsTheCovariance) {
    const std::vector<double> cov = {4.0, 1.2, -0.6, 1.2, 9.0, 0.9, -0.6, 0.9, 1.0};
    const CholeskyResult c = cholesky(cov, 3);
    ASSERT_EQ(c.lower.size(), 9u);
    for (int r = 0; r < 3; ++r)
        for (int k = 0; k < 3; ++k) {
            double sum = 0.0;
            for (int j = 0; j < 3; ++j) sum += c.lower[r * 3 + j] * c.lower[k * 3 + j];
            EXPECT_NEAR(sum, cov[r * 3 + k], 1e-12) << r << "," << k;
            if (k > r) {
                EXPECT_EQ(c.lower[r * 3 + k], 0.0);
            }
        }
    // Hand values: L00 = 2, L10 = 0.6, L11 = sqrt(9 - 0.36).
    EXPECT_DOUBLE_EQ(c.lower[0], 2.0);
    EXPECT_DOUBLE_EQ(c.lower[3], 0.6);
    EXPECT_DOUBLE_EQ(c.lower[4], std::sqrt(8.64));
}

TEST(Estimates, ACovarianceThatIsNotPositiveDefiniteNamesItsRow) {
    // A correlation of 2 between the two coefficients.
    const CholeskyResult c = cholesky({1.0, 2.0, 2.0, 1.0}, 2);
    EXPECT_TRUE(c.lower.empty());
    EXPECT_EQ(c.failed_at, 1);
    EXPECT_EQ(cholesky({0.0}, 1).failed_at, 0);                 // no spread at all
    EXPECT_EQ(cholesky({1.0, 0.5, 0.4, 1.0}, 2).failed_at, 1);  // not symmetric
}

TEST(Estimates, CorrelatedNormalIsTheMeanPlusTheFactorsRow) {
    const std::vector<double> mean = {1.0, 10.0};
    const std::vector<double> lower = {2.0, 0.0, 0.6, 3.0};
    EXPECT_DOUBLE_EQ(correlated_normal(mean, lower, 0, {0.5}), 2.0);
    EXPECT_DOUBLE_EQ(correlated_normal(mean, lower, 1, {0.5, -1.0}), 10.0 + 0.3 - 3.0);
}

TEST(Estimates, EachRowIsPickedByAnEqualSliceOfProbability) {
    EXPECT_EQ(drawn_row(4, 1e-12), 0);
    EXPECT_EQ(drawn_row(4, 0.2499), 0);
    EXPECT_EQ(drawn_row(4, 0.25), 1);
    EXPECT_EQ(drawn_row(4, 0.9999999), 3);
    EXPECT_EQ(drawn_row(1, 0.7), 0);
}

}  // namespace offersim::models
