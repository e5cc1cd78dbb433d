// Usage answers prices (docs/models.md, "Usage response"). With fixed usage and no monthly
// variation every customer uses exactly its stated mean, so each check is a pen-and-paper
// figure: a dearer overage minute lowers minutes by (p / p_ref)^e, half-price off-peak
// minutes move overage minutes from peak without creating any, an unlimited allowance takes
// the flat-rate uplift, and prices as at the reference change nothing, bit for bit.
#include "models/usage_response.hpp"
#include "engine/scenario/loader.hpp"
#include "engine/sim/customer_store.hpp"
#include "engine/sim/plan.hpp"
#include "engine/sim/simulation.hpp"

#include <gtest/gtest.h>
#include <unistd.h>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

namespace offersim::sim {

namespace {

namespace fs = std::filesystem;

// 1,000 customers using 200 minutes against 100 included at 0.20 CNY, 40% of them off-peak;
// data and messages are free, so their price says nothing.
const std::string kUsageReference = R"(name: usage_reference
horizon_months: 1
seed: 5
tiers:
  - id: t30
    monthly_fee_cny: 30
    included: { voice_min: 100, data_mb: 0, sms: 0 }
    overage: { voice_per_min_cny: 0.2, data_per_mb_cny: 0, sms_each_cny: 0 }
segments:
  - id: s
    size: 1000
    tenure_months: { distribution: fixed, mean: 12 }
    tier_mix: { t30: 1 }
    usage:
      voice_min: { distribution: fixed, mean: 200 }
      data_mb: { distribution: fixed, mean: 10 }
      sms: { distribution: fixed, mean: 10 }
      monthly_cv: 0
      off_peak_share: 0.4
    churn: { model: constant, monthly_hazard: 0.02 }
    usage_response: { voice_elasticity: -0.5, off_peak_elasticity: 0.5, flat_rate_uplift: 0.3 }
)";

class UsageResponse : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("offersim-usage-" + std::to_string(::getpid()));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
        std::ofstream(dir_ / "reference.yaml") << kUsageReference;
    }
    void TearDown() override { fs::remove_all(dir_); }

    // A variant of the reference with `changes` appended.
    fs::path variant(const std::string& changes) const {
        std::ofstream(dir_ / "variant.yaml") << "extends: reference.yaml\nname: variant\n" << changes;
        return dir_ / "variant.yaml";
    }

    static MetricCube run_usage(const fs::path& file, Responses responses = {}) {
        const auto sc = scenario::load_scenario(file);
        return run_simulation(compile_plan(sc, responses), RunConfig::of(1, sc.seed, 2));
    }

    static double line(const MetricCube& cube, Metric metric) { return cube.at(0, 0, 0, metric); }

    fs::path dir_;
};

// Fen for `seconds` at `fen_per_minute`, rounded half up to the fen, as the bill rates a line.
double fen(double seconds, double fen_per_minute) {
    return std::floor((seconds * fen_per_minute + 30.0) / 60.0);
}

TEST_F(UsageResponse, ADearerOverageMinuteLowersMinutesByTheElasticity) {
    // p_ref = (30 + 100 x 0.20) / 200 = 0.25 CNY, p = (30 + 100 x 0.30) / 200 = 0.30 CNY: the
    // fee is all voice's, as only voice has an allowance worth anything at its own rates.
    const auto cube = run_usage(variant("tiers:\n  - { id: t30, overage: { voice_per_min_cny: 0.3 } }\n"));
    const double scale = std::pow(0.30 / 0.25, -0.5);  // 0.9129
    const double minutes = std::floor(200.0f * static_cast<float>(scale) + 0.5f);
    ASSERT_EQ(minutes, 183.0);
    EXPECT_EQ(line(cube, Metric::voice_min), 1000.0 * minutes);
    // Rated by the second (docs/models.md §3): 182.574 minutes are 10,954 seconds, 4,954 of
    // them overage, 40% off-peak (1,982 s) and the rest at peak, both at 0.30 CNY a minute,
    // each line rounded half up to the fen.
    const double seconds = std::floor(200.0f * static_cast<float>(scale) * 60.0 + 0.5);
    ASSERT_EQ(seconds, 10954.0);
    const double off_peak = std::floor((seconds - 6000.0) * 0.4 + 0.5);
    EXPECT_EQ(line(cube, Metric::revenue_overage_voice),
              1000.0 * (fen(seconds - 6000.0 - off_peak, 30.0) + fen(off_peak, 30.0)));
    // Free data and messages keep their stated use.
    EXPECT_EQ(line(cube, Metric::data_mb), 1000.0 * 10.0);
    EXPECT_EQ(line(cube, Metric::sms), 1000.0 * 10.0);
}

TEST_F(UsageResponse, HalfPriceOffPeakMovesMinutesFromPeakAndCreatesNone) {
    // Only the shift: voice_elasticity 0 here, so minutes must stay at 200.
    const fs::path file = variant(
        "tiers:\n  - { id: t30, overage: { off_peak_discount: 0.5 } }\n"
        "segments:\n  - id: s\n    usage_response: { voice_elasticity: 0, off_peak_elasticity: 0.5 }\n");
    const auto shifted = run_usage(file);
    const auto unshifted = run_usage(file, Responses{.usage = false});
    EXPECT_EQ(line(shifted, Metric::voice_min), 1000.0 * 200.0);
    EXPECT_EQ(line(unshifted, Metric::voice_min), 1000.0 * 200.0);
    // Odds 0.4 / 0.6 x 0.5^-0.5: q = 0.4853; of 100 overage minutes, 48.5 off-peak at 0.10 CNY
    // and 51.5 at peak at 0.20 CNY, against 40 and 60 as stated.
    const double q = models::off_peak_share(0.4, 0.5, 1.0, 0.5);
    EXPECT_NEAR(q, 0.485281, 1e-6);
    const double off_peak = std::floor(6000.0 * static_cast<float>(q) + 0.5);  // of 6,000 overage seconds
    ASSERT_EQ(off_peak, 2912.0);
    EXPECT_EQ(line(shifted, Metric::revenue_overage_voice),
              1000.0 * (fen(6000.0 - off_peak, 20.0) + fen(off_peak, 10.0)));
    EXPECT_EQ(line(unshifted, Metric::revenue_overage_voice), 1000.0 * (60.0 * 20.0 + 40.0 * 10.0));
}

TEST_F(UsageResponse, AFullFlatRateTakesTheUpliftAndItsNetworkCost) {
    const fs::path file = variant(
        "costs: { network_per_min_cny: 0.05 }\n"
        "tiers:\n  - { id: t30, included: { voice_min: unlimited } }\n");
    const auto flat = run_usage(file);
    const auto stated = run_usage(file, Responses{.usage = false});
    // 200 minutes x 1.3 = 260: 60 more a customer, costed at 0.05 CNY.
    EXPECT_EQ(line(flat, Metric::voice_min), 1000.0 * 260.0);
    EXPECT_EQ(line(stated, Metric::voice_min), 1000.0 * 200.0);
    EXPECT_EQ(line(flat, Metric::revenue_overage_voice), 0.0);
    EXPECT_NEAR(line(flat, Metric::cost_network_voice) - line(stated, Metric::cost_network_voice),
                1000.0 * 60.0 * 5.0, 1e-6);
}

TEST_F(UsageResponse, PricesAsAtTheReferenceChangeNothingBitForBit) {
    // Monthly variation and split voice exercise every rated line; a title changes no price.
    const std::string noisy = "segments:\n  - id: s\n    usage: { monthly_cv: 0.4, off_net_share: 0.3 }\n";
    const auto answering = run_usage(variant(noisy));
    const auto without = run_usage(variant(noisy), Responses{.usage = false});
    for (int m = 0; m < kMetricCount; ++m)
        EXPECT_EQ(answering.at(0, 0, 0, static_cast<Metric>(m)), without.at(0, 0, 0, static_cast<Metric>(m)))
            << "metric " << m;
    const auto sc = scenario::load_scenario(variant(noisy));
    const SimulationPlan plan = compile_plan(sc);
    ASSERT_TRUE(plan.segments[0].usage.enabled);
    EXPECT_EQ(CustomerStore::usage_bytes_per_customer(plan), 20u);
    EXPECT_EQ(CustomerStore::usage_bytes_per_customer(compile_plan(sc, Responses{.usage = false})), 0u);
}

}  // namespace

}  // namespace offersim::sim
