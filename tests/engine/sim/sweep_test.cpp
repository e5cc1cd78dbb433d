// Sweeps (docs/models.md, "Sweeps and the solver"): every point bit for bit the single run of
// the scenario with its values, paired with the scenario as written, whatever the chunking.
#include "engine/sim/sweep.hpp"

#include "engine/scenario/loader.hpp"
#include "engine/scenario/parameter_path.hpp"
#include "tests/cli/small_scenario.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

namespace offersim::sim {

namespace sweep_test {

namespace fs = std::filesystem;

class SweepTest : public ::testing::Test {
protected:
    // 2,000 customers over 6 months, one tier and a prepay offer (tests/cli/small_scenario.hpp).
    void SetUp() override { file_ = cli_test::write_small_scenario(dir_); }
    void TearDown() override { fs::remove_all(dir_); }
    const fs::path& file() const { return file_; }

    scenario::Scenario at(const std::string& path, double value) const {
        return scenario::load_scenario(file(), {{scenario::parse_parameter_path(path), value}});
    }
    std::vector<scenario::Scenario> points(const std::string& path, const std::vector<double>& values) const {
        std::vector<scenario::Scenario> out;
        for (double v : values) out.push_back(at(path, v));
        return out;
    }
    RunConfig config(int threads = 2) const { return RunConfig::of(4, 5, threads); }

    fs::path dir_ = cli_test::fresh_dir("sweep-engine");
    fs::path file_;
};

TEST_F(SweepTest, EveryPointIsBitForBitItsSingleRun) {
    const scenario::Scenario base = scenario::load_scenario(file());
    const auto pts = points("tiers[t50].monthly_fee_cny", {40, 60});
    const SweepRuns sweep = run_sweep(base, pts, config());
    ASSERT_EQ(sweep.points.size(), 2u);
    for (std::size_t i = 0; i < pts.size(); ++i) {
        const FigureSamples alone = figure_samples(run_scenario(pts[i], config(1)));
        EXPECT_EQ(sweep.points[i].figures, alone) << "point " << i;
    }
    EXPECT_EQ(sweep.base_figures, figure_samples(run_scenario(base, config(1))));
    EXPECT_EQ(sweep.stepped, 3);
    EXPECT_EQ(sweep.chunks, 1);
}

TEST_F(SweepTest, APointAtTheFileValueIsTheBaseAndDiffersByExactlyZero) {
    const scenario::Scenario base = scenario::load_scenario(file());
    const SweepRuns sweep =
        run_sweep(base, points("segments[mass].churn.monthly_hazard", {0.03, 0.05}), config());
    EXPECT_EQ(sweep.stepped, 2);  // the base and the one point that differs
    EXPECT_EQ(sweep.points[0].figures, sweep.base_figures);
    EXPECT_EQ(sweep.points[0].comparison.delta("npv_margin_cny").mean, 0.0);
    EXPECT_LT(sweep.points[1].comparison.delta("subscribers_end").mean, 0.0);  // more churn, fewer left
    EXPECT_EQ(sweep.points[1].comparison.name, "small");
}

TEST_F(SweepTest, ChunksThatTheMemoryLimitForcesGiveTheSameFigures) {
    const scenario::Scenario base = scenario::load_scenario(file());
    const auto pts = points("tiers[t50].monthly_fee_cny", {40, 45, 55});
    const SweepRuns together = run_sweep(base, pts, config());
    RunConfig tight = config();
    std::vector<const SimulationPlan*> two;
    const SimulationPlan base_plan = compile_plan(base);
    const SimulationPlan point_plan = compile_plan(pts[0]);
    two = {&base_plan, &point_plan};
    tight.max_memory_gib = estimate_together(two, 4, 2).gib * 1.0001;  // the base and one point
    const SweepRuns chunked = run_sweep(base, pts, tight);
    EXPECT_EQ(chunked.chunks, 3);
    EXPECT_EQ(chunked.stepped, 6);
    for (std::size_t i = 0; i < pts.size(); ++i) {
        EXPECT_EQ(chunked.points[i].figures, together.points[i].figures);
        EXPECT_EQ(chunked.points[i].comparison.delta("npv_margin_cny").mean,
                  together.points[i].comparison.delta("npv_margin_cny").mean);
    }
}

TEST_F(SweepTest, MetricsAreFiguresOrTheirPairedChanges) {
    const FigureSamples base{{"npv_margin_cny", {1.0, 2.0}}};
    const FigureSamples point{{"npv_margin_cny", {4.0, 3.0}}};
    EXPECT_EQ(metric_samples(point, base, "npv_margin_cny"), (std::vector<double>{4.0, 3.0}));
    EXPECT_EQ(metric_samples(point, base, "npv_margin_cny_delta"), (std::vector<double>{3.0, 1.0}));
    try {
        metric_samples(point, base, "npv_margin_cny_detla", SourcePos{"--target", 0, 0});
        FAIL() << "expected an InputError";
    } catch (const InputError& e) {
        EXPECT_EQ(format_diagnostic(e.diagnostics().front()),
                  "--target: unknown figure 'npv_margin_cny_detla'; did you mean 'npv_margin_cny_delta'?");
    }
}

}  // namespace sweep_test

}  // namespace offersim::sim
