// An offer's unit economics through the binary (docs/models.md, section 31): the example
// scenario's payback per taker and break-even take-up, read back from summary.json and both
// languages' reports.
#include "tests/cli/cli_support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <string>

namespace offersim::cli_test {

namespace {

const std::string kExample = OFFERSIM_SOURCE_DIR "/docs/examples/unit_economics.yaml";

TEST(UnitEconomicsReport, TheExampleShowsItsClosedFormsInSummaryAndReports) {
    const fs::path dir = fresh_dir("unit-economics");
    const Outcome en =
        sh(kOffersim + " run " + kExample + " --lang en --replications 8 --out " + (dir / "en").string());
    ASSERT_EQ(en.exit_code, 0) << en.err;
    const auto summary = nlohmann::json::parse(read(dir / "en" / "summary.json"));
    const auto& unit = summary["offers"][0]["unit_economics"];
    EXPECT_DOUBLE_EQ(unit["outlay_per_taker_cny"].get<double>(), 851.0);
    EXPECT_DOUBLE_EQ(unit["launch_cost_cny"].get<double>(), 500000.0);
    EXPECT_NEAR(unit["payback_months_per_taker"]["mean"].get<double>(), 851.0 / 80.0, 1e-9);
    EXPECT_EQ(unit["break_even_take_ups"]["n"].get<int>(), 8);
    // 500000 / (80 · (1 − 0.97^22) / 0.03 − 851), within 4 standard errors.
    const double analytic = 500000.0 / (80.0 * (1.0 - std::pow(0.97, 22)) / 0.03 - 851.0);
    const auto& be = unit["break_even_take_ups"];
    EXPECT_LE(std::fabs(be["mean"].get<double>() - analytic), 4.0 * be["std_error"].get<double>())
        << be.dump();
    const std::string md = read(dir / "en" / "report.md");
    EXPECT_NE(md.find("### Unit economics"), std::string::npos);
    EXPECT_NE(md.find("10.6 months"), std::string::npos) << md;
    EXPECT_NE(md.find("¥851.00"), std::string::npos);

    const Outcome zh =
        sh(kOffersim + " run " + kExample + " --replications 8 --out " + (dir / "zh").string());
    ASSERT_EQ(zh.exit_code, 0) << zh.err;
    const std::string html = read(dir / "zh" / "report.html");
    EXPECT_NE(html.find("单客经济"), std::string::npos);
    EXPECT_NE(html.find("盈亏平衡办理量"), std::string::npos);
    EXPECT_NE(html.find("10.6 个月"), std::string::npos);
    fs::remove_all(dir);
}

}  // namespace

}  // namespace offersim::cli_test
