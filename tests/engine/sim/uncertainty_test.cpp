// Uncertain parameters in a run (docs/models.md, "Uncertain parameters"): the spread a drawn
// parameter gives is the spread its law implies, a zero-width law is the fixed-value run bit
// for bit, any thread count gives the same figures, and a comparison shares draws.
#include "engine/sim/uncertainty.hpp"

#include "engine/scenario/loader.hpp"
#include "engine/sim/comparison_run.hpp"
#include "engine/sim/run.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace offersim::sim {

namespace {

namespace fs = std::filesystem;

// 1,000 customers on one tier over 12 months, using far less than its allowance: a bill is the
// fee. `fee` is the fee (a number or an uncertain quantity), `voice` the voice usage and
// `hazard` the monthly churn; with fixed usage and no churn nothing is random but the fee.
std::string scenario_text(const std::string& fee,
                          const std::string& voice = "{ distribution: fixed, mean: 10 }",
                          const std::string& hazard = "0", int replications = 200) {
    return fmt::format(R"(name: drawn
horizon_months: 12
replications: {}
seed: 17
tiers:
  - id: t
    monthly_fee_cny: {}
    included: {{ voice_min: 100000, data_mb: 100000, sms: 100000 }}
    overage: {{ voice_per_min_cny: 0.2, data_per_mb_cny: 1, sms_each_cny: 0.1 }}
segments:
  - id: s
    size: 1000
    tenure_months: {{ distribution: fixed, mean: 12 }}
    tier_mix: {{ t: 1 }}
    usage:
      voice_min: {}
      data_mb: {{ distribution: fixed, mean: 10 }}
      sms: {{ distribution: fixed, mean: 10 }}
      monthly_cv: 0
    churn: {{ model: constant, monthly_hazard: {} }}
)",
                       replications, fee, voice, hazard);
}

class Files {
public:
    Files() : dir_(fs::temp_directory_path() / ("offersim-uncertain-" + std::to_string(::getpid()))) {
        fs::create_directories(dir_);
    }
    ~Files() {
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }
    fs::path write(const std::string& name, const std::string& text) const {
        std::ofstream(dir_ / name) << text;
        return dir_ / name;
    }

private:
    fs::path dir_;
};

const Files& files() {
    static const Files f;
    return f;
}

ScenarioRun run(const fs::path& file, int threads = 2) {
    const scenario::Scenario sc = scenario::load_scenario(file);
    return run_scenario(sc, RunConfig::of(sc.replications, sc.seed, threads));
}

double sample_variance(const std::vector<double>& x) {
    double mean = 0.0;
    for (const double v : x) mean += v;
    mean /= static_cast<double>(x.size());
    double ss = 0.0;
    for (const double v : x) ss += (v - mean) * (v - mean);
    return ss / static_cast<double>(x.size() - 1);
}

}  // namespace

// Revenue is 1,000 x 12 x the fee, so its variance over draws is 12,000^2 times the drawn
// fees' and the noise part is zero. The fees' sample variance lies within 4 standard errors
// of the law's (b - a)^2 / 12, the standard error of a sample variance of a uniform being
// sqrt((mu4 - sigma^4 (n - 3) / (n - 1)) / n) with mu4 = (b - a)^4 / 80.
TEST(UncertainRun, OneDrawnParameterGivesTheSpreadItsLawImplies) {
    const fs::path file =
        files().write("spread.yaml", scenario_text("{ distribution: uniform, low: 40, high: 80 }"));
    const scenario::Scenario sc = scenario::load_scenario(file);
    const ScenarioRun r = run(file);
    const UncertaintySummary& u = r.results.uncertainty;
    ASSERT_EQ(u.draws, 100);
    ASSERT_EQ(u.n_inner, 2);
    std::vector<double> fees;
    for (int d = 0; d < u.draws; ++d) fees.push_back(draw_values(sc.uncertain, sc.seed, d).front().value);
    const models::VarianceSplit& revenue = u.split("revenue_total_cny")->split;
    EXPECT_EQ(revenue.noise_variance, 0.0);
    EXPECT_NEAR(revenue.parameter_variance, 12000.0 * 12000.0 * sample_variance(fees),
                1e-9 * revenue.parameter_variance);
    const double n = static_cast<double>(fees.size());
    const double var = 40.0 * 40.0 / 12.0;
    const double mu4 = std::pow(40.0, 4) / 80.0;
    EXPECT_NEAR(sample_variance(fees), var, 4.0 * std::sqrt((mu4 - var * var * (n - 3) / (n - 1)) / n));
    // The tornado: the fee alone, at its P5 (42) and P95 (78) against its median (60), on
    // revenue that is all margin here but the network cost of fixed usage.
    ASSERT_EQ(u.tornado.size(), 1u);
    EXPECT_EQ(u.tornado[0].path, "tiers[t].monthly_fee_cny");
    EXPECT_LT(u.tornado[0].npv_at_p5, 0.0);
    EXPECT_GT(u.tornado[0].npv_at_p95, 0.0);
    EXPECT_NEAR(u.tornado[0].npv_at_p95, -u.tornado[0].npv_at_p5, 1e-6 * u.tornado[0].npv_at_p95);
}

TEST(UncertainRun, AZeroWidthLawIsTheFixedValueRunBitForBit) {
    const std::string voice = "{ distribution: lognormal, mean: 200, cv: 0.9 }";
    const ScenarioRun fixed = run(files().write("fixed.yaml", scenario_text("58", voice, "0.03", 8)));
    const ScenarioRun drawn = run(files().write(
        "zero.yaml",
        scenario_text("{ distribution: triangular, low: 58, mode: 58, high: 58 }", voice, "0.03", 8)));
    EXPECT_EQ(drawn.cube.values, fixed.cube.values);
    EXPECT_EQ(drawn.cube.offer_values, fixed.cube.offer_values);
    EXPECT_EQ(drawn.results.headline("npv_margin_cny").mean, fixed.results.headline("npv_margin_cny").mean);
    EXPECT_FALSE(fixed.results.uncertainty.any());
    EXPECT_TRUE(drawn.results.uncertainty.any());
}

// Issue 17: the draws' parts carried the figures but not the per-customer views, so a run
// with uncertain inputs lost them. A zero-width law must give the fixed run's views exactly.
TEST(UncertainRun, KeepsThePerCustomerViewsOfEveryDraw) {
    const std::string views = "reporting:\n  customer_views: true\n  arpu_bands_cny: [50]\n";
    const std::string voice = "{ distribution: lognormal, mean: 200, cv: 0.9 }";
    const ScenarioRun fixed =
        run(files().write("views_fixed.yaml", scenario_text("58", voice, "0.03", 8) + views));
    const ScenarioRun drawn = run(files().write(
        "views_zero.yaml",
        scenario_text("{ distribution: triangular, low: 58, mode: 58, high: 58 }", voice, "0.03", 8) +
            views));
    ASSERT_TRUE(fixed.cube.views.enabled());
    ASSERT_TRUE(drawn.cube.views.enabled());
    EXPECT_EQ(drawn.cube.views.replications, 8);
    EXPECT_EQ(drawn.cube.views.by_level, fixed.cube.views.by_level);
    EXPECT_EQ(drawn.cube.views.by_band, fixed.cube.views.by_band);
    EXPECT_EQ(drawn.cube.views.margin, fixed.cube.views.margin);
    ASSERT_TRUE(drawn.results.customer_views.has_value());
    EXPECT_EQ(drawn.results.customer_views->arpu_bands.size(), 2u);
}

TEST(UncertainRun, IsBitIdenticalForOneTwoAndEightThreads) {
    const fs::path file = files().write(
        "threads.yaml", scenario_text("{ distribution: normal, mean: 58, sd: 5 }",
                                      "{ distribution: lognormal, mean: 200, cv: 0.9 }",
                                      "{ distribution: beta, alpha: 2, beta: 5, low: 0.01, high: 0.05 }", 8));
    const ScenarioRun one = run(file, 1);
    for (const int threads : {2, 8}) {
        const ScenarioRun other = run(file, threads);
        EXPECT_EQ(other.cube.values, one.cube.values) << threads;
        const auto& a = one.results.uncertainty;
        const auto& b = other.results.uncertainty;
        ASSERT_EQ(a.splits.size(), b.splits.size());
        for (std::size_t k = 0; k < a.splits.size(); ++k)
            EXPECT_EQ(a.splits[k].split.parameter_variance, b.splits[k].split.parameter_variance) << threads;
        ASSERT_EQ(a.tornado.size(), 2u);
        EXPECT_EQ(a.tornado[0].npv_at_p5, b.tornado[0].npv_at_p5) << threads;
    }
}

TEST(UncertainRun, ReplicationsThatDoNotSplitIntoDrawsAreRefused) {
    const fs::path file =
        files().write("refused.yaml", scenario_text("{ distribution: uniform, low: 40, high: 80 }"));
    const scenario::Scenario sc = scenario::load_scenario(file);
    EXPECT_THROW(run_scenario(sc, RunConfig::of(7, sc.seed, 1)), InputError);
    EXPECT_THROW(run_scenario(sc, RunConfig::of(2, sc.seed, 1)), InputError);
}

// A variant whose fee law is the baseline's moved up by 10 shares each draw's quantile, so
// every replication's revenue differs by exactly 1,000 x 12 x 10 CNY: nothing is left to
// split, and a variant that changes nothing differs by zero.
TEST(UncertainCompare, AVariantSharesTheBaselinesDrawsAndQuantiles) {
    const fs::path base =
        files().write("base.yaml", scenario_text("{ distribution: uniform, low: 40, high: 60 }",
                                                 "{ distribution: fixed, mean: 10 }", "0", 20));
    const fs::path moved = files().write(
        "moved.yaml",
        "extends: base.yaml\nname: moved\ntiers:\n  - { id: t, monthly_fee_cny: { distribution: uniform, "
        "low: 50, high: 70 } }\n");
    const fs::path same = files().write("same.yaml", "extends: base.yaml\nname: same\n");
    const std::vector<scenario::Scenario> scenarios = {
        scenario::load_scenario(base), scenario::load_scenario(moved), scenario::load_scenario(same)};
    const ComparisonRuns c = run_comparison(scenarios, RunConfig::of(20, 17, 2), false);
    const Band& moved_revenue = c.comparisons[0].delta("revenue_total_cny");
    EXPECT_DOUBLE_EQ(moved_revenue.p5, 120000.0);
    EXPECT_DOUBLE_EQ(moved_revenue.p95, 120000.0);
    EXPECT_EQ(c.comparisons[0].uncertainty.draws, 10);
    EXPECT_EQ(c.comparisons[0].uncertainty.split("revenue_total_cny")->split.parameter_variance, 0.0);
    EXPECT_EQ(c.comparisons[1].delta("revenue_total_cny").p95, 0.0);
    EXPECT_EQ(c.comparisons[1].delta("npv_margin_cny").p5, 0.0);
    // The baseline's band is all parameter: its revenue spreads with the fee.
    EXPECT_GT(c.runs[0].results.headline("revenue_total_cny").p95,
              c.runs[0].results.headline("revenue_total_cny").p5);
}

}  // namespace offersim::sim
