#include "models/logit_fit.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace offersim::models {
namespace {

ChoiceData two_situations() {
    ChoiceData d;
    d.features = 2;
    d.attributes = {1.0, 0.0, 2.0,  1.0, 0.5, 3.0,  // situation 0: rows 0-2
                    4.0, 1.0, -1.0, 0.5};           // situation 1: rows 3-4
    d.starts = {0, 3, 5};
    d.chosen = {1, 4};
    return d;
}

TEST(LogitFit, GradientAndHessianMatchFiniteDifferences) {
    const ChoiceData d = two_situations();
    const std::vector<double> b{0.3, -0.7};
    const LogitLikelihood at = logit_log_likelihood(d, b);
    const double h = 1e-6;
    for (std::size_t f = 0; f < 2; ++f) {
        std::vector<double> up = b, down = b;
        up[f] += h;
        down[f] -= h;
        const auto lu = logit_log_likelihood(d, up), ld = logit_log_likelihood(d, down);
        EXPECT_NEAR(at.gradient[f], (lu.value - ld.value) / (2 * h), 1e-6);
        for (std::size_t g = 0; g < 2; ++g)
            EXPECT_NEAR(at.hessian[f * 2 + g], (lu.gradient[g] - ld.gradient[g]) / (2 * h), 1e-6);
    }
}

TEST(LogitFit, ValueIsTheLogOfTheChosenProbability) {
    const ChoiceData d = two_situations();
    const std::vector<double> b{0.3, -0.7};
    const double u0 = 0.3, u1 = 0.6 - 0.7, u2 = 0.15 - 2.1, u3 = 1.2 - 0.7, u4 = -0.3 - 0.35;
    const double expected = std::log(std::exp(u1) / (std::exp(u0) + std::exp(u1) + std::exp(u2))) +
                            std::log(std::exp(u4) / (std::exp(u3) + std::exp(u4)));
    EXPECT_NEAR(logit_log_likelihood(d, b).value, expected, 1e-12);
    EXPECT_NEAR(logit_null_log_likelihood(d), -std::log(3.0) - std::log(2.0), 1e-15);
}

}  // namespace
}  // namespace offersim::models
