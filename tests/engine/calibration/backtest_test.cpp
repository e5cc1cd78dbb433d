// The back-test (docs/models.md §35): on the shipped sample the prediction of active
// customers is within 2%; over drawn histories the actuals lie inside the P5-P95 bands in
// 90% of segment-months; actual counts follow the history by hand; bad histories are refused.
#include "engine/calibration/backtest.hpp"

#include "engine/calibration/backtest_engine.hpp"

#include "engine/calibration/sample_data.hpp"
#include "engine/core/error.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <vector>

namespace offersim::calibration {
namespace {

namespace fs = std::filesystem;

const fs::path kSample = fs::path(OFFERSIM_SOURCE_DIR) / "docs" / "examples" / "data" / "history.csv";

fs::path backtest_file(const std::string& name, const std::string& text) {
    const fs::path p =
        fs::temp_directory_path() / ("offersim-backtest-" + std::to_string(::getpid()) + "-" + name);
    std::ofstream(p, std::ios::binary) << text;
    return p;
}

std::vector<std::string> backtest_problems(const std::function<void()>& f) {
    std::vector<std::string> out;
    try {
        f();
    } catch (const InputError& e) {
        for (const auto& d : e.diagnostics()) out.push_back(format_diagnostic(d));
    }
    return out;
}

}  // namespace

// Issue 18's keep-honest target, read over samples: 24 histories drawn from the shipped
// sample's known parameters at the base size (engine/calibration/sample_data.cpp), each
// fitted on 12 of its 24 months and predicted by the curve (the engine path agrees with it
// within its Monte Carlo error, below, and takes 10 times as long).
// - The last month's P5-P95 band holds its actual in 90% of the 48 segment-histories,
//   within 4 standard errors of a Bernoulli(0.9) share.
// - The share of all segment-months inside is 90% within 4 standard errors of the mean of
//   the 24 histories' shares. One history's months share its path, so they are not
//   independent draws: the standard error is the histories' own spread over sqrt(24).
// - The mean MAPE of active customers is at most 2% per segment.
TEST(Backtest, TheBandsHoldTheActualsAtTheirNominalRateAndTheMapeIsWithin2Percent) {
    constexpr int kHistories = 24;
    int inside = 0, cases = 0;
    std::vector<double> month_shares;
    std::map<std::string, double> mape;
    for (int h = 0; h < kHistories; ++h) {
        const SampleFiles files =
            generate_sample(shipped_sample_segments(), 1000 + static_cast<std::uint64_t>(h));
        const BacktestHistory history = read_backtest_history(backtest_file("drawn.csv", files.history_csv));
        const BacktestResult r =
            run_backtest(history, {12, 100, static_cast<std::uint64_t>(h) + 1, BacktestPath::curve});
        for (const auto& s : r.segments) {
            inside += s.months.back().active.inside() ? 1 : 0;
            ++cases;
            mape[s.segment] += s.active.mape / kHistories;
        }
        month_shares.push_back(r.active_inside_share());
    }
    ASSERT_EQ(cases, 2 * kHistories);
    const double share = static_cast<double>(inside) / cases;
    EXPECT_NEAR(share, 0.9, 4.0 * std::sqrt(0.9 * 0.1 / cases)) << inside << " of " << cases;
    double mean_share = 0.0, spread = 0.0;
    for (double m : month_shares) mean_share += m / kHistories;
    for (double m : month_shares) spread += (m - mean_share) * (m - mean_share) / (kHistories - 1);
    EXPECT_NEAR(mean_share, 0.9, 4.0 * std::sqrt(spread / kHistories));
    for (const auto& [segment, m] : mape) EXPECT_LE(m, 0.02) << segment;
}

// The worked example's back-test on the shipped history.csv (4 times the base size), as
// `offersim backtest --fit-months 12` runs it (the engine path, 200 draws, seed 1): the MAPE
// of active customers is at most 2% in every segment and the actuals lie inside P5-P95 in
// at least 90% of segment-months (23 of 24, the figures the guides cite; the curve path's
// draws give 21 of 24 on the same file: the expected share is 90%, but one history's share
// spreads widely, a standard deviation of 0.17 over 40 histories at this size).
TEST(Backtest, TheShippedWorkedExampleMeetsThe2PercentTarget) {
    const BacktestHistory history = read_backtest_history(kSample);
    const BacktestResult r = run_backtest(history, {12, 200, 1});
    ASSERT_EQ(r.path, BacktestPath::engine);
    ASSERT_EQ(r.segments.size(), 2u);
    for (const auto& s : r.segments) EXPECT_LE(s.active.mape, 0.02) << s.segment;
    EXPECT_GE(r.active_inside_share(), 0.9);
    EXPECT_EQ(r.segments[0].active_at_cut, 5665);
    EXPECT_EQ(r.segments[0].active_inside, 12);
    EXPECT_EQ(r.segments[1].active_inside, 11);
}

namespace {

// The mean over draws and its standard error, the draws taken in clusters of `cluster`
// that share a parameter draw (the engine path's replications of one draw): the error is
// the spread of the cluster means over the square root of their number.
std::pair<double, double> cluster_mean_and_error(const std::vector<double>& draws, std::size_t cluster) {
    const std::size_t n = draws.size() / cluster;
    std::vector<double> means(n, 0.0);
    for (std::size_t i = 0; i < draws.size(); ++i)
        means[i / cluster] += draws[i] / static_cast<double>(cluster);
    double mean = 0.0, spread = 0.0;
    for (double m : means) mean += m / static_cast<double>(n);
    for (double m : means) spread += (m - mean) * (m - mean) / static_cast<double>(n - 1);
    return {mean, std::sqrt(spread / static_cast<double>(n))};
}

}  // namespace

// The month step and the curve predict the same thing by different code: on the shipped
// sample, for every segment and predicted month, the mean active customers and revenue of
// the engine path (100 replications, 50 parameter draws) and of the curve (200 draws) differ
// by at most 4 standard errors of their difference. Their draws are independent (keyed
// apart), so the error is the root sum of squares of each mean's own.
TEST(Backtest, TheEnginePathAgreesWithTheCurveWithinTheirMonteCarloError) {
    const BacktestHistory history = read_backtest_history(kSample);
    const std::vector<CutFit> fits = fit_at_cut(history, 12);
    const int horizon = history.months - 12;
    const auto engine = engine_prediction(fits, 12, horizon, {12, 100, 7, BacktestPath::engine});
    ASSERT_EQ(engine.size(), fits.size());
    int compared = 0;
    for (std::size_t s = 0; s < fits.size(); ++s) {
        const PredictionDraws curve =
            curve_prediction(fits[s], 12, horizon, {12, 200, 7, BacktestPath::curve});
        for (int j = 1; j <= horizon; ++j) {
            const auto m = static_cast<std::size_t>(j);
            for (const auto& [e, c] : {std::pair{&engine[s].active[m], &curve.active[m]},
                                       std::pair{&engine[s].revenue_cny[m], &curve.revenue_cny[m]}}) {
                const auto [engine_mean, engine_error] =
                    cluster_mean_and_error(*e, kEngineReplicationsPerDraw);
                const auto [curve_mean, curve_error] = cluster_mean_and_error(*c, 1);
                EXPECT_NEAR(engine_mean, curve_mean,
                            4.0 * std::sqrt(engine_error * engine_error + curve_error * curve_error))
                    << fits[s].segment << " month " << 12 + j;
                ++compared;
            }
        }
        // Month 0 is the cohort itself on both paths: its size, and its bills to the fen.
        EXPECT_EQ(engine[s].active[0][0], static_cast<double>(fits[s].cohort.size()));
        EXPECT_NEAR(engine[s].revenue_cny[0][0], curve.revenue_cny[0][0], 0.005) << fits[s].segment;
    }
    EXPECT_EQ(compared, 2 * 2 * horizon);
}

TEST(Backtest, TheEnginePathNeedsAnEvenNumberOfDraws) {
    const BacktestHistory history = read_backtest_history(kSample);
    for (int draws : {3, 7}) {
        const auto problems = backtest_problems([&] { run_backtest(history, {12, draws, 1}); });
        ASSERT_EQ(problems.size(), 1u);
        EXPECT_NE(problems[0].find("--draws must be an even number of at least 4 with --path engine"),
                  std::string::npos)
            << problems[0];
    }
}

// The worked example on the shipped sample: both segments predicted by the model they were
// drawn from, with bands of real width, revenue following the bills.
TEST(Backtest, TheShippedSampleRunsWithTheModelsItWasDrawnFrom) {
    const BacktestHistory history = read_backtest_history(kSample);
    ASSERT_EQ(history.months, 24);
    ASSERT_TRUE(history.has_bills);
    const BacktestResult r = run_backtest(history, {12, 200, 1, BacktestPath::curve});
    ASSERT_EQ(r.segments.size(), 2u);
    EXPECT_EQ(r.segments[0].model, "sbg");      // mass was drawn from an sBG
    EXPECT_EQ(r.segments[1].model, "weibull");  // vip from a Weibull
    for (const auto& s : r.segments) {
        ASSERT_EQ(s.months.size(), 12u) << s.segment;
        EXPECT_EQ(s.fit.covariance.size(), 4u);
        for (const auto& m : s.months) {
            EXPECT_LT(m.active.p5, m.active.p95) << s.segment << " " << m.month;
            EXPECT_GT(m.revenue_cny.actual, 0.0);
        }
    }
}

// Three customers seen from activation over 4 months, fitted on 2: one leaves in month 1,
// one in month 3, one stays. Active at the ends of months 3 and 4: 1 and 1; the churn rate of
// month 3 is 1 of 2; revenue counts the bills of those active at the month's end.
TEST(Backtest, ActualsFollowTheHistory) {
    const auto file = backtest_file("hand.csv",
                                    "segment,entry_months,exit_month,churned,monthly_bill_cny\n"
                                    "s,0,1,1,10\ns,5,8,1,20\ns,0,4,0,40\n");
    const BacktestHistory history = read_backtest_history(file);
    const BacktestResult r = run_backtest(history, {2, 50, 3, BacktestPath::curve});
    ASSERT_EQ(r.segments.size(), 1u);
    const BacktestSegment& s = r.segments[0];
    EXPECT_EQ(s.active_at_cut, 2);
    ASSERT_EQ(s.months.size(), 2u);
    EXPECT_EQ(s.months[0].month, 3);
    EXPECT_EQ(s.months[0].active.actual, 1.0);
    EXPECT_EQ(s.months[0].churn_rate.actual, 0.5);
    EXPECT_EQ(s.months[0].revenue_cny.actual, 40.0);
    EXPECT_EQ(s.months[1].active.actual, 1.0);
    EXPECT_EQ(s.months[1].churn_rate.actual, 0.0);
    // Each draw's count is a whole number of the two customers, and the same seed repeats it.
    for (const auto& m : s.months) {
        EXPECT_GE(m.active.p5, 0.0);
        EXPECT_LE(m.active.p95, 2.0);
    }
    const BacktestResult again = run_backtest(history, {2, 50, 3, BacktestPath::curve});
    EXPECT_EQ(again.segments[0].months[1].active.mean, s.months[1].active.mean);
}

TEST(Backtest, ACustomerNotSeenToTheEndIsAPositionedError) {
    const auto file =
        backtest_file("short.csv", "segment,entry_months,exit_month,churned\ns,0,1,1\ns,0,6,0\ns,2,5,0\n");
    const auto problems = backtest_problems([&] { read_backtest_history(file); });
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_NE(
        problems[0].find("short.csv:4:1: a customer who did not churn must be seen to the history's end"),
        std::string::npos)
        << problems[0];
}

TEST(Backtest, FitMonthsMustLeaveAMonthAndAChurner) {
    const BacktestHistory history = read_backtest_history(
        backtest_file("few.csv", "segment,entry_months,exit_month,churned\ns,0,5,1\ns,0,6,0\n"));
    auto problems = backtest_problems([&] { run_backtest(history, {6, 10, 1}); });
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_NE(problems[0].find("--fit-months must be from 1 to 5"), std::string::npos) << problems[0];
    problems = backtest_problems([&] { run_backtest(history, {3, 10, 1}); });
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_NE(problems[0].find("segment 's': no customer churned in the first 3 months"), std::string::npos)
        << problems[0];
}

}  // namespace offersim::calibration
