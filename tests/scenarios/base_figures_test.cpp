// The shipped base reproduces the figures it cites (scenarios/base.yaml; domain.md section
// 5): whole-base monthly churn over months 1-12 within 0.2 points of China Mobile's 3.3%
// (H1 2009), and ARPU over months 1-12 within 3% of China Mobile's 77 CNY (2009). Each
// mean is over a few replications, so the tolerance is the stated one plus four standard
// errors of that mean.
#include "engine/scenario/loader.hpp"
#include "engine/sim/plan.hpp"
#include "engine/sim/simulation.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace offersim::sim::base_figures {

namespace {

constexpr int kBaseMonths = 12;
constexpr int kBaseReplications = 4;
constexpr double kCitedChurn = 0.033;      // China Mobile, H1 2009
constexpr double kChurnTolerance = 0.002;  // 0.2 points
constexpr double kCitedArpuCny = 77.0;     // China Mobile, 2009
constexpr double kArpuTolerance = 0.03;    // 3%

struct MeanAndError {
    double mean = 0.0;
    double std_error = 0.0;
};

MeanAndError mean_and_error(const std::vector<double>& x) {
    double sum = 0.0;
    for (double v : x) sum += v;
    const double mean = sum / static_cast<double>(x.size());
    double squares = 0.0;
    for (double v : x) squares += (v - mean) * (v - mean);
    const double variance = squares / static_cast<double>(x.size() - 1);
    return {mean, std::sqrt(variance / static_cast<double>(x.size()))};
}

// Per replication: churners over billed customers, and revenue (CNY) over billed
// customers, each summed over months 1-12 of the whole base (docs/models.md section 8).
struct BaseFigures {
    std::vector<double> churn;
    std::vector<double> arpu_cny;
};

BaseFigures run_base() {
    scenario::Scenario sc = scenario::load_scenario(OFFERSIM_SOURCE_DIR "/scenarios/base.yaml");
    sc.horizon_months = kBaseMonths;
    const MetricCube cube = run_simulation(compile_plan(sc), RunConfig::of(kBaseReplications, sc.seed, 2));
    BaseFigures f;
    const int all = cube.total_row();
    for (int r = 0; r < kBaseReplications; ++r) {
        double active = 0.0, churners = 0.0, revenue = 0.0;
        for (int m = 0; m < kBaseMonths; ++m) {
            active += cube.at(r, m, all, Metric::active);
            churners += cube.at(r, m, all, Metric::churners);
            revenue += cube.at(r, m, all, Metric::revenue_total);
        }
        f.churn.push_back(churners / active);
        f.arpu_cny.push_back(revenue / 100.0 / active);
    }
    return f;
}

}  // namespace

TEST(BaseFigures, ReproducesTheCitedChurnAndArpu) {
    const BaseFigures f = run_base();
    const MeanAndError churn = mean_and_error(f.churn);
    EXPECT_LE(std::fabs(churn.mean - kCitedChurn), kChurnTolerance + 4.0 * churn.std_error)
        << "whole-base monthly churn " << 100.0 * churn.mean << "% (standard error "
        << 100.0 * churn.std_error << " points) against the cited 3.3%";
    const MeanAndError arpu = mean_and_error(f.arpu_cny);
    EXPECT_LE(std::fabs(arpu.mean - kCitedArpuCny), kArpuTolerance * kCitedArpuCny + 4.0 * arpu.std_error)
        << "ARPU " << arpu.mean << " CNY (standard error " << arpu.std_error << ") against the cited 77 CNY";
}

}  // namespace offersim::sim::base_figures
