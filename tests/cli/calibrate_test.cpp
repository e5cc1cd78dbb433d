// `offersim calibrate` and `offersim generate-sample` end to end: the shipped sample data
// regenerate byte for byte, the fit recovers the parameters they were drawn from, the
// written calibration.yaml merges into the scenario, and bad input writes nothing.
#include "engine/scenario/loader.hpp"
#include "tests/cli/cli_support.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

namespace offersim::cli_test {
namespace {

const std::string kCalibrationScenario = OFFERSIM_SOURCE_DIR "/docs/examples/calibration.yaml";
const std::string kSampleData = OFFERSIM_SOURCE_DIR "/docs/examples/data";

std::string calibrate_sample(const fs::path& out, const std::string& extra = "") {
    return kOffersim + " calibrate " + kCalibrationScenario + " --history " + kSampleData + "/history.csv" +
           " --choices " + kSampleData + "/choices.csv --usage " + kSampleData + "/usage.csv --out " +
           out.string() + " " + extra;
}

TEST(CalibrateCommand, GenerateSampleReproducesTheShippedData) {
    const fs::path dir = fresh_dir("sample");
    const Outcome o = sh(kOffersim + " generate-sample --out " + (dir / "data").string());
    ASSERT_EQ(o.exit_code, 0) << o.err;
    for (const char* file : {"history.csv", "choices.csv", "usage.csv", "customers.csv"})
        EXPECT_EQ(read(dir / "data" / file), read(fs::path(kSampleData) / file)) << file;
    fs::remove_all(dir);
}

TEST(CalibrateCommand, RecoversTheSampleParametersAndWritesAnIncludableFragment) {
    const fs::path dir = fresh_dir("calibrate");
    const Outcome o = sh(calibrate_sample(dir / "fit", "--lang en"));
    ASSERT_EQ(o.exit_code, 0) << o.err;
    for (const char* file : {"calibration.yaml", "report.html", "report.md", "fit.json"})
        EXPECT_TRUE(fs::exists(dir / "fit" / file)) << file;
    const auto fit = nlohmann::json::parse(read(dir / "fit" / "fit.json"));
    // The generator's parameters (engine/calibration/sample_data.cpp): mass sBG(1.5, 12),
    // vip Weibull(400, 0.8); each within 4 standard errors.
    const auto within = [](const nlohmann::json& e, double truth) {
        return std::abs(e["value"].get<double>() - truth) < 4.0 * e["std_error"].get<double>();
    };
    ASSERT_EQ(fit["churn"].size(), 2u);
    EXPECT_EQ(fit["churn"][0]["segment"], "mass");
    EXPECT_EQ(fit["churn"][0]["written"], "sbg");
    EXPECT_TRUE(within(fit["churn"][0]["sbg"]["estimates"][0], 1.5)) << fit["churn"][0];
    EXPECT_TRUE(within(fit["churn"][0]["sbg"]["estimates"][1], 12.0)) << fit["churn"][0];
    EXPECT_EQ(fit["churn"][1]["written"], "weibull");
    EXPECT_TRUE(within(fit["churn"][1]["weibull"]["estimates"][0], 400.0)) << fit["churn"][1];
    EXPECT_TRUE(within(fit["churn"][1]["weibull"]["estimates"][1], 0.8)) << fit["churn"][1];
    EXPECT_TRUE(within(fit["choices"][0]["estimates"][0], -0.05)) << fit["choices"][0];

    // The fragment merges into the scenario by segment id (through extends until include: lands).
    write(dir / "calibrated.yaml",
          "extends: " + kCalibrationScenario + "\n" + read(dir / "fit" / "calibration.yaml"));
    const scenario::Scenario sc = scenario::load_scenario(dir / "calibrated.yaml");
    const auto& mass = sc.segments[0];
    EXPECT_EQ(mass.churn.model, models::HazardModel::sbg);
    EXPECT_NEAR(mass.churn.sbg_alpha, fit["churn"][0]["sbg"]["estimates"][0]["value"].get<double>(), 1e-5);
    EXPECT_NEAR(mass.plan_choice.price_per_cny * mass.price_sensitivity,
                -fit["choices"][0]["estimates"][0]["value"].get<double>(), 1e-6);
    EXPECT_EQ(sc.segments[1].churn.model, models::HazardModel::weibull);
    EXPECT_TRUE(sc.segments[1].plan_choice.enabled);
    EXPECT_FALSE(sc.segments[1].plan_choice.on_arrival);  // the vip segment keeps its acquisition tier mix
    for (const auto& usage : fit["usage"])
        if (usage["segment"] == "vip" && usage["service"] == "voice_min") {
            EXPECT_NEAR(sc.segments[1].usage.voice_min.mean, usage["mean"].get<double>(), 1e-3);
        }

    // The report draws observed against fitted survival for each segment, in both languages.
    const auto data = nlohmann::json::parse(report_data_json(read(dir / "fit" / "report.html")));
    EXPECT_EQ(data["charts"]["survival-mass"]["series"].size(), 3u);
    EXPECT_EQ(data["charts"]["survival-mass"]["series"][0]["name"], "Observed (Kaplan-Meier)");
    EXPECT_NE(read(dir / "fit" / "report.md").find("| mass | sBG | alpha |"), std::string::npos);
    ASSERT_EQ(sh(calibrate_sample(dir / "fit-zh")).exit_code, 0);
    EXPECT_NE(read(dir / "fit-zh" / "report.html").find("按在网时长的离网"), std::string::npos);
    fs::remove_all(dir);
}

TEST(CalibrateCommand, BadRowsAndUnknownSegmentsWriteNothing) {
    const fs::path dir = fresh_dir("calibrate-bad");
    write(dir / "history.csv",
          "segment,entry_months,exit_month,churned\nmass,-2,3,1\nmass,7,4,1\nnobody,0,5,0\n");
    const Outcome o = sh(kOffersim + " calibrate " + kCalibrationScenario + " --history " +
                         (dir / "history.csv").string() + " --out " + (dir / "fit").string());
    EXPECT_EQ(o.exit_code, 2);
    EXPECT_NE(o.err.find("history.csv:2:6: entry_months: must be at least 0, found -2"), std::string::npos)
        << o.err;
    EXPECT_NE(o.err.find("history.csv:3:8: exit_month: a churner leaves after entry (7), found 4"),
              std::string::npos)
        << o.err;
    EXPECT_FALSE(fs::exists(dir / "fit"));

    write(dir / "history.csv", "segment,entry_months,exit_month,churned\nnobody,0,5,0\n");
    const Outcome unknown = sh(kOffersim + " calibrate " + kCalibrationScenario + " --history " +
                               (dir / "history.csv").string() + " --out " + (dir / "fit").string());
    EXPECT_EQ(unknown.exit_code, 2);
    EXPECT_NE(unknown.err.find("segment 'nobody' is not in the scenario (its segments: mass, vip)"),
              std::string::npos)
        << unknown.err;
    EXPECT_FALSE(fs::exists(dir / "fit"));

    const Outcome none =
        sh(kOffersim + " calibrate " + kCalibrationScenario + " --out " + (dir / "fit").string());
    EXPECT_EQ(none.exit_code, 2);
    EXPECT_NE(none.err.find("give at least one of --history, --choices and --usage"), std::string::npos);
    fs::remove_all(dir);
}

}  // namespace
}  // namespace offersim::cli_test
