// `offersim backtest` end to end on the shipped sample: the error table in every output, the
// actual active customers over the predicted band in the chart, and bad input writing nothing.
#include "tests/cli/cli_support.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

namespace offersim::cli_test {
namespace {

const std::string kHistory = OFFERSIM_SOURCE_DIR "/docs/examples/data/history.csv";

TEST(BacktestCommand, WritesTheErrorTableAndTheBandsOfTheSample) {
    const fs::path dir = fresh_dir("backtest");
    // 40 draws: the figures are the library test's; this checks what each file holds.
    const Outcome o = sh(kOffersim + " backtest --history " + kHistory +
                         " --fit-months 12 --draws 40 --out " + (dir / "bt").string() + " --lang en");
    ASSERT_EQ(o.exit_code, 0) << o.err;
    for (const char* file :
         {"backtest.csv", "backtest_errors.csv", "backtest.json", "report.md", "report.html"})
        EXPECT_TRUE(fs::exists(dir / "bt" / file)) << file;
    const std::string errors = read(dir / "bt" / "backtest_errors.csv");
    EXPECT_EQ(errors.rfind("segment,figure,mape,bias,months_inside,months\n", 0), 0u) << errors;
    EXPECT_NE(errors.find("\nmass,active,"), std::string::npos);
    EXPECT_NE(errors.find("\nvip,revenue_cny,"), std::string::npos);
    // 2 segments x 12 months x 3 figures, and the header.
    const std::string months = read(dir / "bt" / "backtest.csv");
    EXPECT_EQ(std::count(months.begin(), months.end(), '\n'), 73);
    const auto json = nlohmann::json::parse(read(dir / "bt" / "backtest.json"));
    EXPECT_EQ(json["fit_months"], 12);
    EXPECT_EQ(json["segments"][0]["months"].size(), 12u);
    EXPECT_EQ(json["segments"][0]["covariance"].size(), 4u);
    const std::string md = read(dir / "bt" / "report.md");
    EXPECT_NE(md.find("| Segment | Figure | MAPE | Bias | Inside P5–P95 |"), std::string::npos);
    EXPECT_NE(md.find("| mass | Active customers | "), std::string::npos);
    // The chart: the prediction's band and the actuals, month by month.
    const auto data = nlohmann::json::parse(report_data_json(read(dir / "bt" / "report.html")));
    const auto& chart = data["charts"]["active-mass"];
    EXPECT_EQ(chart["kind"], "fan");
    ASSERT_EQ(chart["bands"].size(), 2u);
    EXPECT_EQ(chart["bands"][1]["name"], "Actual");
    EXPECT_EQ(chart["bands"][1]["mean"][0], json["segments"][0]["months"][0]["active"]["actual"]);
    EXPECT_EQ(data["months"].size(), 12u);
    // The report says which path predicted: the engine by default, the curve when asked.
    EXPECT_EQ(json["path"], "engine");
    EXPECT_NE(md.find("Predicted through the simulation's month step (--path engine)"), std::string::npos);
    EXPECT_NE(md.find("20 parameter draws of 2 replications each"), std::string::npos);
    ASSERT_EQ(
        sh(kOffersim + " backtest --history " + kHistory + " --path curve --out " + (dir / "zh").string())
            .exit_code,
        0);
    const std::string zh = read(dir / "zh" / "report.md");
    EXPECT_NE(zh.find("回测误差"), std::string::npos);
    EXPECT_NE(zh.find("直接用拟合的存活曲线预测（--path curve）"), std::string::npos);
    EXPECT_EQ(nlohmann::json::parse(read(dir / "zh" / "backtest.json"))["path"], "curve");
    fs::remove_all(dir);
}

TEST(BacktestCommand, BadInputExitsTwoAndWritesNothing) {
    const fs::path dir = fresh_dir("backtest-bad");
    Outcome o =
        sh(kOffersim + " backtest --history " + kHistory + " --fit-months 24 --out " + (dir / "a").string());
    EXPECT_EQ(o.exit_code, 2);
    EXPECT_NE(o.err.find("--fit-months must be from 1 to 23"), std::string::npos) << o.err;
    EXPECT_FALSE(fs::exists(dir / "a"));
    write(dir / "bad.csv", "segment,entry_months,exit_month,churned\nmass,-1,3,1\n");
    o = sh(kOffersim + " backtest --history " + (dir / "bad.csv").string() + " --out " +
           (dir / "b").string());
    EXPECT_EQ(o.exit_code, 2);
    EXPECT_NE(o.err.find("bad.csv:2:6: entry_months: must be at least 0"), std::string::npos) << o.err;
    EXPECT_FALSE(fs::exists(dir / "b"));
    // --path names one of two predictions; the engine's draws come in pairs.
    o = sh(kOffersim + " backtest --history " + kHistory + " --path spline --out " + (dir / "c").string());
    EXPECT_EQ(o.exit_code, 2);
    EXPECT_NE(o.err.find("--path"), std::string::npos) << o.err;
    EXPECT_FALSE(fs::exists(dir / "c"));
    o = sh(kOffersim + " backtest --history " + kHistory + " --draws 5 --out " + (dir / "d").string());
    EXPECT_EQ(o.exit_code, 2);
    EXPECT_NE(o.err.find("--draws must be an even number of at least 4 with --path engine (two replications "
                         "a parameter draw), found 5"),
              std::string::npos)
        << o.err;
    EXPECT_FALSE(fs::exists(dir / "d"));
    fs::remove_all(dir);
}

}  // namespace
}  // namespace offersim::cli_test
