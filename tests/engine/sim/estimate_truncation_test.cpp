// Estimates drawn within their fields' bounds (docs/models.md §36): a churn hazard estimated
// at 0.01 with a standard error of 0.01 is never drawn at or below 0; its draws follow the
// normal truncated at 0 (their mean within 4 standard errors of the closed form), and the
// P5 the tornado and the appendix use lies within the bounds too.
#include "engine/scenario/loader.hpp"
#include "engine/sim/uncertainty.hpp"
#include "tests/engine/scenario/compact_scenario.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <string>

namespace offersim::sim {

namespace {

namespace fs = std::filesystem;

fs::path scenario_with_hazard_estimate(const fs::path& dir) {
    fs::create_directories(dir);
    std::ofstream(dir / "hazard.csv") << "name,value,std_err\nmonthly_hazard,0.01,0.01\nunused,5,1\n";
    // The compact scenario, its hazard an estimate from the file.
    std::string text =
        offersim::test::compact_scenario("name: truncated\nhorizon_months: 12\nreplications: 10\n");
    text = offersim::test::replaced(text, "data_mb: { distribution: lognormal, mean: 18, cv: 1.5 }",
                                    "data_mb: { distribution: fixed, mean: 18 }");
    text = offersim::test::replaced(
        text, "monthly_hazard: 0.03",
        "monthly_hazard: { distribution: estimate, file: hazard.csv, name: monthly_hazard }");
    std::ofstream(dir / "scenario.yaml") << text;
    return dir / "scenario.yaml";
}

}  // namespace

TEST(EstimateTruncation, ARateIsNeverDrawnAtOrBelowItsBound) {
    const fs::path dir = fs::temp_directory_path() / "offersim-estimate-truncation";
    const scenario::Scenario sc = scenario::load_scenario(scenario_with_hazard_estimate(dir));
    fs::remove_all(dir);
    ASSERT_EQ(sc.uncertain.size(), 1u);
    EXPECT_EQ(sc.uncertain[0].lower, 0.0);
    EXPECT_EQ(sc.uncertain[0].upper, 1.0);
    const int n = 4000;
    double sum = 0.0, below_mean = 0;
    for (int d = 0; d < n; ++d) {
        const double h = draw_values(sc.uncertain, sc.seed, d).front().value;
        ASSERT_GE(h, 0.0) << "draw " << d;
        ASSERT_LE(h, 1.0) << "draw " << d;
        sum += h;
        below_mean += h < 0.01 ? 1 : 0;
    }
    // N(0.01, 0.01) truncated at 0: alpha = -1, mean = mu + sigma phi(alpha) / (1 - Phi(alpha)),
    // variance = sigma^2 (1 + alpha lambda - lambda^2) with lambda that ratio.
    const double phi = std::exp(-0.5) / std::sqrt(2.0 * std::numbers::pi);
    const double tail = 0.5 * std::erfc(-1.0 / std::sqrt(2.0));  // 1 - Phi(-1)
    const double lambda = phi / tail;
    const double mean = 0.01 + 0.01 * lambda;
    const double sd = 0.01 * std::sqrt(1.0 - lambda - lambda * lambda);
    EXPECT_NEAR(sum / n, mean, 4.0 * sd / std::sqrt(n));
    // Half the untruncated law lies below 0.01; the truncated law puts (0.5 - 0.1587) / 0.8413 there.
    const double share = (0.5 - (1.0 - tail)) / tail;
    EXPECT_NEAR(below_mean / n, share, 4.0 * std::sqrt(share * (1.0 - share) / n));
    const auto described = describe_inputs(sc.uncertain);
    EXPECT_GT(described.front().p5, 0.0);
}

TEST(EstimateTruncation, BoundsThatCutNothingLeaveTheDrawAsItWas) {
    models::UncertainQuantity q;
    q.kind = models::UncertainKind::normal;
    q.mean = 50.0;
    q.sd = 1.0;
    for (const double u : {0.001, 0.05, 0.5, 0.95, 0.999})
        EXPECT_EQ(models::truncated_quantile(q, u, 0.0, std::numeric_limits<double>::infinity()),
                  models::quantile(q, u));
    q.mean = 0.5;  // cut at 0: every quantile moves up, and stays above 0
    for (const double u : {0.001, 0.05, 0.5}) {
        EXPECT_GT(models::truncated_quantile(q, u, 0.0, 1e6), models::quantile(q, u));
        EXPECT_GT(models::truncated_quantile(q, u, 0.0, 1e6), 0.0);
    }
}

}  // namespace offersim::sim
