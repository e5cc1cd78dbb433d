#include "models/churn_fit.hpp"

#include "models/churn_hazard.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace offersim::models {
namespace {

// Censored and churned customers, seen from activation and left-truncated.
const std::vector<SurvivalRecord> kChurnFitRecords{
    {0, 1, true, 40},   {0, 3, true, 25},  {0, 12, false, 300}, {5, 9, true, 12},
    {5, 17, false, 80}, {20, 21, true, 3}, {20, 32, false, 60}, {0, 0, false, 7}};

template <typename F>
void expect_gradient_matches_differences(F ll, double p, double q) {
    const LogLikelihood2 at = ll(p, q);
    const double hp = 1e-6 * p, hq = 1e-6 * q;
    const double dp = (ll(p + hp, q).value - ll(p - hp, q).value) / (2 * hp);
    const double dq = (ll(p, q + hq).value - ll(p, q - hq).value) / (2 * hq);
    EXPECT_NEAR(at.d_first, dp, 1e-5 * (1 + std::abs(dp)));
    EXPECT_NEAR(at.d_second, dq, 1e-5 * (1 + std::abs(dq)));
}

TEST(ChurnFit, SbgGradientMatchesFiniteDifferences) {
    for (auto [a, b] : {std::pair{1.5, 12.0}, std::pair{0.4, 3.0}, std::pair{8.0, 90.0}})
        expect_gradient_matches_differences(
            [](double p, double q) { return sbg_log_likelihood(p, q, kChurnFitRecords); }, a, b);
}

TEST(ChurnFit, WeibullGradientMatchesFiniteDifferences) {
    for (auto [s, k] : {std::pair{40.0, 0.8}, std::pair{400.0, 1.3}, std::pair{15.0, 0.5}})
        expect_gradient_matches_differences(
            [](double p, double q) { return weibull_log_likelihood(p, q, kChurnFitRecords); }, s, k);
}

// The likelihood is the model's own probabilities: a churner from activation at month d
// contributes ln(S(d-1) - S(d)), a left-truncated censored one ln S(d) - ln S(a).
TEST(ChurnFit, SbgTermsAreTheModelsProbabilities) {
    HazardCurve curve;
    curve.model = HazardModel::sbg;
    curve.sbg_alpha = 1.5;
    curve.sbg_beta = 12.0;
    const std::vector<SurvivalRecord> churner{{0, 4, true, 1}};
    EXPECT_NEAR(sbg_log_likelihood(1.5, 12.0, churner).value,
                std::log(survival_at(curve, 3) - survival_at(curve, 4)), 1e-12);
    const std::vector<SurvivalRecord> truncated{{6, 15, false, 1}};
    EXPECT_NEAR(sbg_log_likelihood(1.5, 12.0, truncated).value,
                std::log(survival_at(curve, 15) / survival_at(curve, 6)), 1e-12);
}

TEST(ChurnFit, WeibullTermsAreTheModelsProbabilities) {
    HazardCurve curve;
    curve.model = HazardModel::weibull;
    curve.weibull_scale_months = 50.0;
    curve.weibull_shape = 0.7;
    const std::vector<SurvivalRecord> truncated_churner{{3, 8, true, 1}};
    EXPECT_NEAR(weibull_log_likelihood(50.0, 0.7, truncated_churner).value,
                std::log((survival_at(curve, 7) - survival_at(curve, 8)) / survival_at(curve, 3)), 1e-12);
}

TEST(ChurnFit, MergingSumsCountsOfEqualRecords) {
    const auto merged = merge_survival_records({{0, 3, true, 1}, {2, 5, false, 1}, {0, 3, true, 2}});
    ASSERT_EQ(merged.size(), 2u);
    EXPECT_EQ(merged[0].exit_month, 3);
    EXPECT_DOUBLE_EQ(merged[0].count, 3.0);
}

// Hand count: 10 at risk in month 1 (2 leave), 8 + 5 entering at month 2 (1 leaves).
TEST(ChurnFit, KaplanMeierCountsLeftTruncatedCustomersFromTheirEntry) {
    const std::vector<SurvivalRecord> records{
        {0, 1, true, 2}, {0, 2, true, 1}, {0, 3, false, 7}, {1, 3, false, 5}};
    const auto s = kaplan_meier(records, 3);
    EXPECT_DOUBLE_EQ(s[0], 0.8);
    EXPECT_DOUBLE_EQ(s[1], 0.8 * (1.0 - 1.0 / 13.0));
    EXPECT_DOUBLE_EQ(s[2], s[1]);
}

}  // namespace
}  // namespace offersim::models
