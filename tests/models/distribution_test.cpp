#include "models/distribution.hpp"

#include <gtest/gtest.h>
#include <cmath>
#include <numeric>

namespace offersim::models {

namespace {

double mean_of(const std::vector<float>& atoms) {
    return std::accumulate(atoms.begin(), atoms.end(), 0.0) / static_cast<double>(atoms.size());
}

double cv_of(const std::vector<float>& atoms) {
    const double m = mean_of(atoms);
    double s = 0.0;
    for (float a : atoms) s += (a - m) * (a - m);
    return std::sqrt(s / static_cast<double>(atoms.size())) / m;
}

}  // namespace

TEST(Distribution, AtomsReproduceTheMeanExactly) {
    for (auto kind : {DistributionKind::lognormal, DistributionKind::gamma}) {
        const Distribution d{kind, 250.0, 0.9};
        EXPECT_NEAR(mean_of(equal_probability_atoms(d, 4096)), 250.0, 250.0 * 1e-5) << static_cast<int>(kind);
    }
}

TEST(Distribution, AtomsReproduceTheSpreadWithinBinning) {
    // Conditional bin means lose only the within-bin variance: with 4096 bins the CV of
    // the atoms is within a few per cent of the distribution's for moderate skew.
    for (auto kind : {DistributionKind::lognormal, DistributionKind::gamma}) {
        const Distribution d{kind, 100.0, 0.5};
        EXPECT_NEAR(cv_of(equal_probability_atoms(d, 4096)), 0.5, 0.02) << static_cast<int>(kind);
    }
}

TEST(Distribution, AtomsAreAscendingConditionalMeans) {
    const auto atoms = equal_probability_atoms(Distribution{DistributionKind::gamma, 30.0, 0.8}, 1024);
    for (std::size_t i = 1; i < atoms.size(); ++i) EXPECT_LE(atoms[i - 1], atoms[i]) << "bin " << i;
    EXPECT_GE(atoms.front(), 0.0f);
}

TEST(Distribution, FixedIsAConstant) {
    const auto atoms = equal_probability_atoms(Distribution{DistributionKind::fixed, 7.0, 0.0}, 16);
    for (float a : atoms) EXPECT_EQ(a, 7.0f);
    EXPECT_EQ(quantile(Distribution{DistributionKind::fixed, 7.0, 0.0}, 0.9), 7.0);
}

TEST(Distribution, LognormalMedianIsMeanOverSqrtOnePlusCvSquared) {
    const Distribution d{DistributionKind::lognormal, 100.0, 1.0};
    EXPECT_NEAR(quantile(d, 0.5), 100.0 / std::sqrt(2.0), 1e-9);
}

}  // namespace offersim::models
