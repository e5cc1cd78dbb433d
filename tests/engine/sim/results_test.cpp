// summarise_run on a hand-built cube: each segment's figures and survival are computed per
// replication and then summarised, so a ratio's band is the band of the replications'
// ratios, not the ratio of the mean totals. Expected values are worked out by hand.
#include "engine/sim/results.hpp"

#include <gtest/gtest.h>
#include <cmath>
#include <string>
#include <vector>

namespace offersim::sim {

namespace {

constexpr int kReps = 3;
constexpr int kMonths = 2;
constexpr int kMass = 0;   // billed in every replication
constexpr int kEmpty = 1;  // billed in replication 1 only
constexpr int kAll = 2;

struct RowMonth {
    double active;
    double churners;
    double revenue_fen;
};

// [rep][month] of the mass segment: ARPU (CNY) 1, 3, 2 and churn rate 0.10, 0.05, 0.15
// over the horizon, where the ratio of the mean totals would give 1600 / 700 and 48 / 700.
constexpr RowMonth kMassRows[kReps][kMonths] = {
    {{100, 10, 10000}, {100, 10, 10000}},
    {{300, 8, 60000}, {100, 12, 60000}},
    {{50, 15, 10000}, {50, 0, 10000}},
};

// The empty segment bills 10 customers in replication 1's first month only.
constexpr RowMonth kEmptyRows[kReps][kMonths] = {
    {{0, 0, 0}, {0, 0, 0}},
    {{10, 1, 5000}, {0, 0, 0}},
    {{0, 0, 0}, {0, 0, 0}},
};

void set_row(MetricCube& cube, int rep, int month, int row, const RowMonth& m, double gross_adds) {
    cube.at(rep, month, row, Metric::active) += m.active;
    cube.at(rep, month, row, Metric::gross_adds) += gross_adds;
    cube.at(rep, month, row, Metric::churners) += m.churners;
    cube.at(rep, month, row, Metric::active_end) += m.active - m.churners;
    cube.at(rep, month, row, Metric::revenue_total) += m.revenue_fen;
}

RunResults hand_built_results() {
    SimulationPlan plan;
    plan.horizon_months = kMonths;
    plan.segments.resize(2);
    plan.segments[kMass].id = "mass";
    plan.segments[kMass].initial_size = 100;
    plan.segments[kEmpty].id = "empty";
    MetricCube cube(kReps, kMonths, 2, 0, 0);
    for (int rep = 0; rep < kReps; ++rep)
        for (int month = 0; month < kMonths; ++month) {
            // Month 1's gross adds leave 100, 100 and 50 subscribers at the start.
            const double mass_adds = month == 0 ? kMassRows[rep][0].active - (rep == 2 ? 50 : 100) : 0.0;
            for (const int row : {kMass, kAll})
                set_row(cube, rep, month, row, kMassRows[rep][month], mass_adds);
            const double empty_adds = kEmptyRows[rep][month].active;
            for (const int row : {kEmpty, kAll})
                set_row(cube, rep, month, row, kEmptyRows[rep][month], month == 0 ? empty_adds : 0.0);
        }
    return summarise_run(plan, cube, "hand", "Hand-built", 7);
}

// Type-7 percentiles of three sorted values a <= b <= c: P5 = a + 0.1 (b - a),
// P95 = b + 0.9 (c - b); the standard error is s / sqrt(3).
Band band_of_three(double a, double b, double c) {
    const double mean = (a + b + c) / 3.0;
    const double s2 = ((a - mean) * (a - mean) + (b - mean) * (b - mean) + (c - mean) * (c - mean)) / 2.0;
    return {.mean = mean,
            .std_error = std::sqrt(s2 / 3.0),
            .p5 = a + 0.1 * (b - a),
            .p50 = b,
            .p95 = b + 0.9 * (c - b),
            .n = 3};
}

void expect_band(const Band& actual, const Band& expected, const std::string& what) {
    constexpr double tolerance = 1e-12;
    EXPECT_NEAR(actual.mean, expected.mean, tolerance) << what << ": mean";
    EXPECT_NEAR(actual.std_error, expected.std_error, tolerance) << what << ": std error";
    EXPECT_NEAR(actual.p5, expected.p5, tolerance) << what << ": P5";
    EXPECT_NEAR(actual.p50, expected.p50, tolerance) << what << ": P50";
    EXPECT_NEAR(actual.p95, expected.p95, tolerance) << what << ": P95";
    EXPECT_EQ(actual.n, expected.n) << what << ": n";
}

}  // namespace

TEST(SegmentFigures, ArpuIsTheMeanOfEachReplicationsRatioWithItsBand) {
    const RunResults r = hand_built_results();
    ASSERT_EQ(r.segments.size(), 3u) << "two segments and the whole base";
    // Replications' ARPU: 200 / 200, 1200 / 400, 200 / 100 CNY per subscriber billed.
    expect_band(r.segments[kMass].arpu_cny, band_of_three(1.0, 2.0, 3.0), "mass ARPU");
    EXPECT_GT(std::fabs(r.segments[kMass].arpu_cny.mean - 1600.0 / 700.0), 0.2)
        << "not the ratio of the mean totals";
}

TEST(SegmentFigures, ChurnRateIsTheMeanOfEachReplicationsRatioWithItsBand) {
    const RunResults r = hand_built_results();
    // Replications' churn: 20 / 200, 20 / 400, 15 / 100.
    expect_band(r.segments[kMass].churn_rate_monthly, band_of_three(0.05, 0.10, 0.15), "mass churn rate");
}

TEST(SegmentFigures, CountsAndRevenueAreSummarisedPerReplication) {
    const RunResults r = hand_built_results();
    const SegmentSummary& mass = r.segments[kMass];
    expect_band(mass.subscribers_start, band_of_three(50.0, 100.0, 100.0), "mass at start");
    // At the end: 100 - 10, 100 - 12, 50 - 0.
    expect_band(mass.subscribers_end, band_of_three(50.0, 88.0, 90.0), "mass at end");
    expect_band(mass.revenue_total_cny, band_of_three(200.0, 200.0, 1200.0), "mass revenue");
}

TEST(SegmentFigures, ARatioCountsOnlyTheReplicationsThatBilledAnyone) {
    const RunResults r = hand_built_results();
    const Band& arpu = r.segments[kEmpty].arpu_cny;
    EXPECT_EQ(arpu.n, 1) << "only replication 2 billed anyone";
    EXPECT_DOUBLE_EQ(arpu.mean, 5.0) << "50 CNY over 10 subscribers billed";
    EXPECT_DOUBLE_EQ(r.segments[kEmpty].churn_rate_monthly.mean, 0.1);
    EXPECT_EQ(r.segments[kEmpty].revenue_total_cny.n, 3) << "a sum is defined in every replication";
}

TEST(SegmentFigures, ARatioNoReplicationDefinesIsNotANumber) {
    SimulationPlan plan;
    plan.horizon_months = 1;
    plan.segments.resize(1);
    plan.segments[0].id = "nobody";
    const RunResults r = summarise_run(plan, MetricCube(2, 1, 1, 0, 0), "none", "None", 1);
    const Band& arpu = r.segments[0].arpu_cny;
    EXPECT_EQ(arpu.n, 0);
    for (const double v : {arpu.mean, arpu.std_error, arpu.p5, arpu.p50, arpu.p95})
        EXPECT_TRUE(std::isnan(v)) << v;
    EXPECT_EQ(r.segments[0].subscribers_end.n, 2);
}

TEST(SegmentFigures, TheWholeBaseRowIsTheHeadlineFigures) {
    const RunResults r = hand_built_results();
    for (const auto& figure : kSegmentFigures) {
        const Band& row = r.segments[kAll].*figure.band;
        const Band& headline = r.headline(figure.key);
        EXPECT_EQ(row.mean, headline.mean) << figure.key;
        EXPECT_EQ(row.p5, headline.p5) << figure.key;
        EXPECT_EQ(row.p95, headline.p95) << figure.key;
        EXPECT_EQ(row.n, headline.n) << figure.key;
    }
}

TEST(Survival, IsEachReplicationsProductOfOneMinusTheChurnRateSummarised) {
    const RunResults r = hand_built_results();
    // Month 1: 1 - 10/100, 1 - 8/300, 1 - 15/50; month 2 times 1 - 10/100, 1 - 12/100, 1 - 0/50.
    const double m1[] = {0.9, 1.0 - 8.0 / 300.0, 0.7};
    const double m2[] = {0.9 * 0.9, (1.0 - 8.0 / 300.0) * 0.88, 0.7};
    expect_band(r.line(1, kMass, "survival"), band_of_three(m1[2], m1[0], m1[1]), "month 1");
    expect_band(r.line(2, kMass, "survival"), band_of_three(m2[2], m2[0], m2[1]), "month 2");
    // Not the product of the mean churn rates.
    const double of_means =
        (1.0 - r.line(1, kMass, "churn_rate").mean) * (1.0 - r.line(2, kMass, "churn_rate").mean);
    EXPECT_GT(std::fabs(r.line(2, kMass, "survival").mean - of_means), 1e-3);
    expect_band(r.line(2, kEmpty, "survival"), band_of_three(0.9, 1.0, 1.0), "empty segment, month 2");
}

}  // namespace offersim::sim
