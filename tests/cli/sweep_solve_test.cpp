// offersim sweep and offersim solve through the binary: a sweep point is the single run of
// the scenario with that value written in a variant, bit for bit; bad input writes nothing.
#include "tests/cli/small_scenario.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sstream>
#include <string>
#include <vector>

namespace offersim::cli_test {

namespace {

// The cells of CSV row `row` (0: the heading), split at commas (no cell here holds one).
std::vector<std::string> csv_row(const std::string& csv, int row) {
    std::istringstream lines(csv);
    std::string line;
    for (int i = 0; i <= row; ++i) std::getline(lines, line);
    std::vector<std::string> cells;
    std::istringstream cells_in(line);
    for (std::string cell; std::getline(cells_in, cell, ',');) cells.push_back(cell);
    return cells;
}

double cell(const std::string& csv, int row, const std::string& column) {
    const auto head = csv_row(csv, 0);
    const auto at = std::find(head.begin(), head.end(), column);
    EXPECT_NE(at, head.end()) << column;
    return std::stod(csv_row(csv, row).at(static_cast<std::size_t>(at - head.begin())));
}

TEST(SweepCommand, APointIsTheSingleRunWithThatValueBitForBit) {
    const fs::path dir = fresh_dir("sweep-point");
    const fs::path scenario = write_small_scenario(dir);
    const Outcome sweep = sh(kOffersim + " sweep " + scenario.string() +
                             " --set 'tiers[t50].monthly_fee_cny=45,55.5' --lang en --threads 2 --out " +
                             (dir / "sweep").string());
    ASSERT_EQ(sweep.exit_code, 0) << sweep.err;
    write(dir / "at_55.yaml",
          "extends: small.yaml\nname: small\ntiers:\n  - { id: t50, monthly_fee_cny: 55.5 }\n");
    const Outcome run = sh(kOffersim + " run " + (dir / "at_55.yaml").string() + " --threads 1 --out " +
                           (dir / "run").string());
    ASSERT_EQ(run.exit_code, 0) << run.err;
    const auto summary = nlohmann::json::parse(read(dir / "run" / "summary.json"));
    const std::string csv = read(dir / "sweep" / "sweep.csv");
    for (const std::string key : {"npv_margin_cny", "churn_rate_monthly"}) {
        EXPECT_EQ(cell(csv, 2, key), summary["headline"][key]["mean"].get<double>()) << key;
        EXPECT_EQ(cell(csv, 2, key + "_p95"), summary["headline"][key]["p95"].get<double>()) << key;
    }
    EXPECT_EQ(cell(csv, 2, "tiers[t50].monthly_fee_cny"), 55.5);
    const std::string html = read(dir / "sweep" / "report.html");
    EXPECT_NE(report_data_json(html).find("\"kind\":\"sweepline\""), std::string::npos);
    EXPECT_NE(read(dir / "sweep" / "report.md").find("| 2 | 55.5 |"), std::string::npos);
    EXPECT_EQ(read(dir / "sweep" / "sweep.xlsx").substr(0, 2), "PK");
    fs::remove_all(dir);
}

TEST(SweepCommand, TwoParametersMakeAGridShownAsAHeatMap) {
    const fs::path dir = fresh_dir("sweep-grid");
    const fs::path scenario = write_small_scenario(dir);
    const Outcome r = sh(kOffersim + " sweep " + scenario.string() +
                         " --set 'tiers[t50].monthly_fee_cny=40:60:10' --set "
                         "'segments[mass].churn.monthly_hazard=0.02,0.04' --out " +
                         (dir / "grid").string());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::string csv = read(dir / "grid" / "sweep.csv");
    EXPECT_EQ(cell(csv, 6, "tiers[t50].monthly_fee_cny"), 60.0);
    EXPECT_EQ(cell(csv, 6, "segments[mass].churn.monthly_hazard"), 0.04);
    EXPECT_NE(report_data_json(read(dir / "grid" / "report.html")).find("\"kind\":\"heatmap\""),
              std::string::npos);
    fs::remove_all(dir);
}

TEST(SweepCommand, BadInputIsRefusedWithNothingWritten) {
    const fs::path dir = fresh_dir("sweep-bad");
    const fs::path scenario = write_small_scenario(dir);
    const auto refused = [&](const std::string& options, const std::string& message) {
        const Outcome r = sh(kOffersim + " sweep " + scenario.string() + " " + options + " --out " +
                             (dir / "out").string());
        EXPECT_EQ(r.exit_code, 2) << options;
        EXPECT_NE(r.err.find(message), std::string::npos) << r.err;
        EXPECT_FALSE(fs::exists(dir / "out")) << options;
    };
    refused("--set 'tiers[t5].monthly_fee_cny=40,60'", "tiers has no item with id 't5'; did you mean 't50'?");
    refused("--set 'horizon_months=6.5'",
            "small.yaml:2:17: expected a whole number at horizon_months, found '6.5'");
    refused("--set 'tiers[t50].monthly_fee_cny=60:40:5'", "the range's low end is above its high end");
    refused("--set 'tiers[t50].included=1,2'", "names a mapping, not a single value");
    fs::remove_all(dir);
}

TEST(SolveCommand, ATargetNotBracketedExitsTwoWithTheValuesAtTheEnds) {
    const fs::path dir = fresh_dir("solve-unbracketed");
    const fs::path scenario = write_small_scenario(dir);
    const Outcome r = sh(kOffersim + " solve " + scenario.string() +
                         " --parameter 'tiers[t50].monthly_fee_cny' --bracket 40:60 --target "
                         "npv_margin_cny_delta=1e9 --out " +
                         (dir / "out").string());
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find(
                  "the target npv_margin_cny_delta = 1000000000 is not bracketed by 40 .. 60: the figure is"),
              std::string::npos)
        << r.err;
    EXPECT_FALSE(fs::exists(dir / "out"));
    fs::remove_all(dir);
}

TEST(SolveCommand, FindsTheFeeThatReachesATargetAndRecordsItsBand) {
    const fs::path dir = fresh_dir("solve-fee");
    const fs::path scenario = write_small_scenario(dir);
    const Outcome r = sh(kOffersim + " solve " + scenario.string() +
                         " --parameter 'tiers[t50].monthly_fee_cny' --bracket 40:60 --tolerance 0.5 --target "
                         "npv_margin_cny_delta=50000 --out " +
                         (dir / "out").string());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto solved = nlohmann::json::parse(read(dir / "out" / "solve.json"));
    const double root = solved["root"].get<double>();
    EXPECT_GT(root, 50.0);
    EXPECT_LT(root, 60.0);
    EXPECT_LE(solved["band"]["p5"].get<double>(), root);
    EXPECT_GE(solved["band"]["p95"].get<double>(), root);
    EXPECT_LE(solved["final_bracket"][1].get<double>() - solved["final_bracket"][0].get<double>(), 0.625);
    // The answer printed and reported to its tolerance (0.5: one place), not to the search's noise.
    EXPECT_NE(
        r.out.find(fmt::format("tiers[t50].monthly_fee_cny = {:.1f} (P5-P95 {:.1f} .. {:.1f}", root,
                               solved["band"]["p5"].get<double>(), solved["band"]["p95"].get<double>())),
        std::string::npos)
        << r.out;
    // The report, in the default language: the answer, its band and every value tried.
    const std::string md = read(dir / "out" / "report.md");
    EXPECT_NE(md.find(fmt::format("tiers[t50].monthly_fee_cny = {:.1f}\n", root)), std::string::npos) << md;
    EXPECT_NE(md.find("P5–P95（自助法）"), std::string::npos);
    EXPECT_NE(md.find("## 已尝试的取值（按运行顺序）"), std::string::npos);
    const std::string html = read(dir / "out" / "report.html");
    EXPECT_NE(html.find("<html lang=\"zh-CN\""), std::string::npos);
    EXPECT_NE(html.find(fmt::format("{:.1f}", solved["band"]["p95"].get<double>())), std::string::npos);
    std::size_t rows = 0;
    for (std::size_t at = html.find("<tr><td class=\"num\">"); at != std::string::npos;
         at = html.find("<tr><td class=\"num\">", at + 1))
        ++rows;
    EXPECT_EQ(rows, solved["evaluations"].size());
    fs::remove_all(dir);
}

TEST(SolveCommand, WritesItsReportInEnglishWithLangEn) {
    const fs::path dir = fresh_dir("solve-en");
    const fs::path scenario = write_small_scenario(dir);
    const Outcome r = sh(kOffersim + " solve " + scenario.string() +
                         " --parameter 'tiers[t50].monthly_fee_cny' --bracket 40:60 --tolerance 2 --target "
                         "npv_margin_cny_delta=50000 --lang en --out " +
                         (dir / "out").string());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::string md = read(dir / "out" / "report.md");
    EXPECT_NE(md.find("## Answer"), std::string::npos) << md;
    EXPECT_NE(md.find("**Final bracket**"), std::string::npos);
    EXPECT_NE(md.find("## Values tried, in the order run"), std::string::npos);
    fs::remove_all(dir);
}

}  // namespace

}  // namespace offersim::cli_test
