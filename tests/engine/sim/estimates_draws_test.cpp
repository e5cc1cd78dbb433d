// Parameters from estimation tools drawn as uncertain inputs (docs/models.md §36): a
// coefficient table's draws have its covariance, a posterior's columns are drawn a row at a
// time, a scenario naming fewer of a table's coefficients draws the same values, and the
// worked example runs with both in its assumptions.
#include "engine/scenario/loader.hpp"
#include "engine/sim/run.hpp"
#include "engine/sim/uncertainty.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace offersim::sim {

namespace {

namespace fs = std::filesystem;

const fs::path kExample = fs::path(OFFERSIM_SOURCE_DIR) / "docs" / "examples" / "estimates.yaml";
const fs::path kEstimates = fs::path(OFFERSIM_SOURCE_DIR) / "docs" / "examples" / "estimates";

double value_of(const std::vector<scenario::DrawnValue>& values, const std::string& path) {
    for (const auto& v : values)
        if (v.path == path) return v.value;
    ADD_FAILURE() << "no drawn value for " << path;
    return 0.0;
}

const std::string kPrice = "segments[mass].plan_choice.price_per_cny";
const std::string kRisk = "segments[mass].plan_choice.overage_risk";
const std::string kInertia = "segments[mass].plan_choice.inertia";

}  // namespace

// Over 4,000 draws the sample variances and covariances lie within 4 standard errors of the
// file's covariance: for a bivariate normal, Var(s_xy) = (s_xx s_yy + s_xy^2) / n.
TEST(EstimatesDraws, ACoefficientTablesDrawsHaveItsCovariance) {
    const scenario::Scenario sc = scenario::load_scenario(kExample);
    const int n = 4000;
    std::vector<std::pair<std::string, double>> means = {{kPrice, 0.0505}, {kRisk, 1.054}, {kInertia, 0.688}};
    // The covariance file's entries (docs/examples/estimates/choice_covariance.csv).
    const double cov[3][3] = {{1.089e-05, 0.00027225, 0.000121275},
                              {0.00027225, 0.075625, 0.00606375},
                              {0.000121275, 0.00606375, 0.021609}};
    std::vector<std::vector<double>> x(3);
    for (int d = 0; d < n; ++d) {
        const auto values = draw_values(sc.uncertain, sc.seed, d);
        for (int i = 0; i < 3; ++i) x[i].push_back(value_of(values, means[i].first));
    }
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j <= i; ++j) {
            double s = 0.0;
            for (int d = 0; d < n; ++d) s += (x[i][d] - means[i].second) * (x[j][d] - means[j].second);
            s /= n;
            const double se = std::sqrt((cov[i][i] * cov[j][j] + cov[i][j] * cov[i][j]) / n);
            EXPECT_NEAR(s, cov[i][j], 4.0 * se) << i << "," << j;
        }
}

TEST(EstimatesDraws, APosteriorIsDrawnARowAtATime) {
    const scenario::Scenario sc = scenario::load_scenario(kExample);
    std::set<std::pair<double, double>> rows;
    std::ifstream in(kEstimates / "churn_posterior.csv");
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
        const auto third = line.find(',', line.find(',') + 1);
        const auto fourth = line.find(',', third + 1);
        rows.insert(
            {std::stod(line.substr(third + 1, fourth - third - 1)), std::stod(line.substr(fourth + 1))});
    }
    ASSERT_EQ(rows.size(), 200u);
    std::set<std::pair<double, double>> drawn;
    for (int d = 0; d < 400; ++d) {
        const auto values = draw_values(sc.uncertain, sc.seed, d);
        const std::pair<double, double> pair{value_of(values, "segments[mass].churn.alpha"),
                                             value_of(values, "segments[mass].churn.beta")};
        EXPECT_TRUE(rows.count(pair)) << "draw " << d << " mixes rows: " << pair.first << ", " << pair.second;
        drawn.insert(pair);
    }
    EXPECT_GT(drawn.size(), 100u);  // 400 draws of 200 equally likely rows reach most of them
}

// The draws are keyed by the file's name and the coefficient, not by which inputs a scenario
// names nor by the path that reaches the file: a variant elsewhere that takes only the
// inertia from the table draws the baseline's inertia in every draw.
TEST(EstimatesDraws, AScenarioNamingFewerCoefficientsSharesTheDraws) {
    const fs::path dir = fs::temp_directory_path() / ("offersim-estimates-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    std::ofstream(dir / "variant.yaml")
        << "extends: " << (kExample.parent_path() / "calibration.yaml").string()
        << "\nname: inertia-only\nreplications: 4\nsegments:\n  - id: mass\n"
        << "    plan_choice:\n      inertia: { distribution: estimate, file: "
        << (kEstimates / "choice_coefficients.csv").string()
        << ", covariance: " << (kEstimates / "choice_covariance.csv").string() << ", name: inertia }\n";
    const scenario::Scenario variant = scenario::load_scenario(dir / "variant.yaml");
    const scenario::Scenario baseline = scenario::load_scenario(kExample);
    fs::remove_all(dir);
    ASSERT_EQ(variant.uncertain.size(), 1u);
    std::set<double> distinct;
    for (int d = 0; d < 20; ++d) {
        const double v = value_of(draw_values(variant.uncertain, 7, d), kInertia);
        EXPECT_EQ(v, value_of(draw_values(baseline.uncertain, 7, d), kInertia)) << d;
        distinct.insert(v);
    }
    EXPECT_EQ(distinct.size(), 20u);
}

TEST(EstimatesDraws, TheWorkedExampleRunsAndListsItsEstimates) {
    scenario::Scenario sc = scenario::load_scenario(kExample);
    const ScenarioRun r = run_scenario(sc, RunConfig::of(4, sc.seed, 2));
    const UncertaintySummary& u = r.results.uncertainty;
    ASSERT_EQ(u.inputs.size(), 6u);
    int estimates = 0, posteriors = 0;
    for (const auto& in : u.inputs) {
        estimates += in.law == "estimate";
        posteriors += in.law == "posterior";
        EXPECT_LT(in.p5, in.p95) << in.path;
    }
    EXPECT_EQ(estimates, 4);
    EXPECT_EQ(posteriors, 2);
}

}  // namespace offersim::sim
