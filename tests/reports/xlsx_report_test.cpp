// The workbook is read back with the unzip tool: each sheet is XML in the zip file, a
// number cell is <c r="C7" s="..."><v>123.5</v></c> and a text cell has t="s".
#include "reports/xlsx_report.hpp"
#include "report_fixtures.hpp"
#include "reports/summary_json.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace offersim::reports {
namespace {

namespace fs = std::filesystem;

bool have_unzip() {
    return std::system("unzip -v >/dev/null 2>&1") == 0;
}

// A workbook written to a file of its own, read member by member.
class Xlsx {
public:
    explicit Xlsx(const std::string& bytes)
        : path_(fs::path(testing::TempDir()) /
                fmt::format("offersim-{}-{}.xlsx",
                            ::testing::UnitTest::GetInstance()->current_test_info()->name(), counter_++)) {
        std::ofstream(path_, std::ios::binary) << bytes;
    }
    ~Xlsx() { fs::remove(path_); }
    Xlsx(const Xlsx&) = delete;
    Xlsx& operator=(const Xlsx&) = delete;

    std::string member(const std::string& name) const {
        return run(fmt::format("unzip -p '{}' '{}' 2>/dev/null", path_.string(), name));
    }
    // The zip's own integrity check, as a spreadsheet program makes when it opens the file.
    bool tests_ok() const {
        return std::system(fmt::format("unzip -tq '{}' >/dev/null", path_.string()).c_str()) == 0;
    }

private:
    static std::string run(const std::string& command) {
        std::string out;
        FILE* pipe = ::popen(command.c_str(), "r");
        if (pipe == nullptr) return out;
        char buffer[4096];
        for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) out.append(buffer, n);
        ::pclose(pipe);
        return out;
    }
    static inline int counter_ = 0;
    fs::path path_;
};

// The value of a number cell, or nothing when the cell is missing or holds text.
std::optional<double> number_cell(const std::string& sheet_xml, const std::string& cell) {
    const std::regex pattern("<c r=\"" + cell + "\"( s=\"[0-9]+\")?><v>([^<]*)</v></c>");
    std::smatch match;
    if (!std::regex_search(sheet_xml, match, pattern)) return std::nullopt;
    return std::stod(match[2].str());
}

// Excel keeps 15 significant digits; libxlsxwriter writes 16.
void expect_same_number(double expected, std::optional<double> actual, const std::string& what) {
    ASSERT_TRUE(actual.has_value()) << what << ": no number cell";
    EXPECT_NEAR(*actual, expected, std::fabs(expected) * 1e-15) << what;
}

TEST(XlsxReport, HoldsTheHeadlineFiguresOfSummaryJsonAsNumbers) {
    if (!have_unzip()) GTEST_SKIP() << "unzip is not installed";
    const sim::RunResults r = fixtures::run_with_offer("Tiny offer");
    const Xlsx xlsx(xlsx_report(r, fixtures::context(Language::en)));
    ASSERT_TRUE(xlsx.tests_ok());
    const std::string sheet = xlsx.member("xl/worksheets/sheet1.xml");
    const auto summary = nlohmann::ordered_json::parse(summary_json(r, "offersim test"));
    ASSERT_EQ(summary["headline"].size(), r.headlines.size());
    int row = 2;  // the headings take row 1
    for (const auto& [key, band] : summary["headline"].items()) {
        // Column C holds the row's unit.
        expect_same_number(band["mean"].get<double>(), number_cell(sheet, fmt::format("D{}", row)),
                           key + " mean");
        expect_same_number(band["std_error"].get<double>(), number_cell(sheet, fmt::format("E{}", row)), key);
        expect_same_number(band["p5"].get<double>(), number_cell(sheet, fmt::format("F{}", row)),
                           key + " P5");
        expect_same_number(band["p95"].get<double>(), number_cell(sheet, fmt::format("H{}", row)),
                           key + " P95");
        ++row;
    }
}

TEST(XlsxReport, HasOneSheetPerTableNamedInTheReportLanguage) {
    if (!have_unzip()) GTEST_SKIP() << "unzip is not installed";
    const Xlsx en(xlsx_report(fixtures::run_with_offer("Tiny offer"), fixtures::context(Language::en)));
    const std::string book = en.member("xl/workbook.xml");
    for (const std::string name : {"Headline", "Segments", "Monthly (whole base)", "Offers", "Run"})
        EXPECT_NE(book.find(fmt::format("<sheet name=\"{}\"", name)), std::string::npos)
            << "missing sheet " << name;
    const Xlsx zh(xlsx_report(fixtures::run_with_offer("Tiny offer"), fixtures::context(Language::zh_cn)));
    EXPECT_NE(zh.member("xl/workbook.xml").find("<sheet name=\"主要指标\""), std::string::npos);
    EXPECT_NE(zh.member("xl/sharedStrings.xml").find("毛利净现值"), std::string::npos);
}

TEST(XlsxReport, FormatsMoneyRatesAndCounts) {
    if (!have_unzip()) GTEST_SKIP() << "unzip is not installed";
    const Xlsx xlsx(xlsx_report(fixtures::run_with_offer("Tiny offer"), fixtures::context(Language::en)));
    const std::string styles = xlsx.member("xl/styles.xml");
    for (const std::string code : {"formatCode=\"&quot;¥&quot;#,##0.00\"", "formatCode=\"0.00%\"",
                                   "formatCode=\"#,##0\"", "formatCode=\"#,##0.0\""})
        EXPECT_NE(styles.find(code), std::string::npos) << "missing number format " << code;
}

// An offer that does not pay back has no month past the horizon (no 4.0 for a 3-month
// horizon) but the reports' one wording for it.
TEST(XlsxReport, WritesNotPaidBackInTheReportsWordingNotAMonthPastTheHorizon) {
    if (!have_unzip()) GTEST_SKIP() << "unzip is not installed";
    sim::RunResults r = fixtures::run_with_offer("Tiny offer");
    r.offers.front().payback_share = 0.2;
    r.offers.front().payback_month = fixtures::band(fixtures::kMonths + 1.0, 0.0);
    const Xlsx xlsx(xlsx_report(r, fixtures::context(Language::zh_cn)));
    EXPECT_FALSE(number_cell(xlsx.member("xl/worksheets/sheet4.xml"), "J2").has_value()) << "no month";
    EXPECT_NE(xlsx.member("xl/sharedStrings.xml").find("3 个月内未回本"), std::string::npos);
}

TEST(XlsxReport, TabulatesSegmentsMonthsAndOffers) {
    if (!have_unzip()) GTEST_SKIP() << "unzip is not installed";
    const Xlsx xlsx(xlsx_report(fixtures::run_with_offer("Tiny offer"), fixtures::context(Language::en)));
    // Segments, row 2 is mass (fixtures::run_results): start 300,000, then end, revenue, ARPU
    // and churn rate, each followed by its P5 and P95.
    const std::string segments = xlsx.member("xl/worksheets/sheet2.xml");
    expect_same_number(300000.0, number_cell(segments, "C2"), "mass at start");
    expect_same_number(310000.0, number_cell(segments, "D2"), "mass at end");
    expect_same_number(303800.0, number_cell(segments, "E2"), "its P5");
    expect_same_number(316200.0, number_cell(segments, "F2"), "its P95");
    expect_same_number(9000000.0, number_cell(segments, "G2"), "mass revenue");
    expect_same_number(28.5, number_cell(segments, "J2"), "mass ARPU");
    expect_same_number(28.5 + 28.5 / 50.0, number_cell(segments, "L2"), "its P95");
    expect_same_number(0.021, number_cell(segments, "M2"), "mass churn rate");
    expect_same_number(0.021 - 0.021 / 50.0, number_cell(segments, "N2"), "its P5");
    // Monthly, whole base (row 1): month 3's subscribers billed are (3 + 1 + 1) x 1000.
    const std::string monthly = xlsx.member("xl/worksheets/sheet3.xml");
    expect_same_number(3.0, number_cell(monthly, "A4"), "month");
    expect_same_number(5000.0, number_cell(monthly, "B4"), "subscribers billed, month 3");
    expect_same_number(4750.0, number_cell(monthly, "C4"), "its P5");
    const std::string offers = xlsx.member("xl/worksheets/sheet4.xml");
    expect_same_number(9600.0, number_cell(offers, "C2"), "take-ups");
    expect_same_number(33518931.0, number_cell(offers, "F2"), "offer cost");
    expect_same_number(1.0, number_cell(offers, "K2"), "paid back share");
}

// One unit per column: a column of one kind names its unit in its heading and holds numbers;
// a sheet whose rows differ in kind has a column of units.
TEST(XlsxReport, EachColumnsHeadingNamesItsUnitAndItsCellsHoldNumbers) {
    if (!have_unzip()) GTEST_SKIP() << "unzip is not installed";
    const Xlsx zh(xlsx_report(fixtures::run_with_offer("Tiny offer"), fixtures::context(Language::zh_cn)));
    const std::string strings = zh.member("xl/sharedStrings.xml");
    for (const std::string heading :
         {"单位", "收入（元）", "办理量（数量）", "毛口径回本月份（中位数）（第几个月）"})
        EXPECT_NE(strings.find(heading), std::string::npos) << "missing heading " << heading;
    const Xlsx en(xlsx_report(fixtures::run_with_offer("Tiny offer"), fixtures::context(Language::en)));
    const std::string en_strings = en.member("xl/sharedStrings.xml");
    for (const std::string heading : {"Unit", "Take-ups (count)", "Monthly churn (share)", "Revenue (CNY)"})
        EXPECT_NE(en_strings.find(heading), std::string::npos) << "missing heading " << heading;
    // No cell of a sheet of figures writes 万 or 亿: amounts are numbers in yuan.
    EXPECT_EQ(strings.find("万"), std::string::npos);
    EXPECT_EQ(strings.find("亿"), std::string::npos);
    expect_same_number(25789142.0, number_cell(zh.member("xl/worksheets/sheet4.xml"), "G2"),
                       "margin in yuan");
}

TEST(XlsxReport, IsByteIdenticalForTheSameInput) {
    const std::string first =
        xlsx_report(fixtures::run_with_offer("Tiny offer"), fixtures::context(Language::zh_cn));
    ReportContext later = fixtures::context(Language::zh_cn);
    later.generated_at = "2031-12-31T23:59:59Z";  // the generation time stays out of the workbook
    EXPECT_EQ(first, xlsx_report(fixtures::run_with_offer("Tiny offer"), later));
    EXPECT_EQ(first.substr(0, 2), "PK") << "a zip file";
}

struct XlsxComparison : fixtures::ComparisonRuns {
    using ComparisonRuns::ComparisonRuns;
    std::string xlsx(Language language) const {
        return xlsx_comparison_report(baseline, variants(), comparisons, fixtures::context(language));
    }
};

TEST(XlsxComparisonReport, HasTheComparisonTheBaselineAndASheetPerVariantTable) {
    if (!have_unzip()) GTEST_SKIP() << "unzip is not installed";
    const XlsxComparison c(
        {{.name = "winner", .title = "Winner", .npv = 5e6, .npv_spread = 1e6, .cost = 2e6},
         {.name = "a/very:long*variant[name]that runs past 31", .npv = 1e6, .npv_spread = 3e6}});
    const Xlsx xlsx(c.xlsx(Language::en));
    ASSERT_TRUE(xlsx.tests_ok());
    const std::string book = xlsx.member("xl/workbook.xml");
    for (const std::string name :
         {"Comparison", "Baseline", "winner", "winner monthly", "a_very_long_variant_name_that r",
          "a_very_long_variant_name_that~2", "Run"})
        EXPECT_NE(book.find(fmt::format("<sheet name=\"{}\"", name)), std::string::npos)
            << "missing sheet " << name;
    // XlsxComparison: variant, key, then the NPV change's mean, P5, P95.
    const std::string comparison = xlsx.member("xl/worksheets/sheet1.xml");
    expect_same_number(5e6, number_cell(comparison, "C2"), "NPV change");
    expect_same_number(4e6, number_cell(comparison, "D2"), "its P5");
    // The winner's sheet: figure, key, unit, baseline, variant, then the change's band.
    const std::string winner = xlsx.member("xl/worksheets/sheet3.xml");
    expect_same_number(123456789.0, number_cell(winner, "D7"), "baseline revenue");
    expect_same_number(7.5e6, number_cell(winner, "F7"), "revenue change");
    const std::string monthly = xlsx.member("xl/worksheets/sheet4.xml");
    expect_same_number(9000.0, number_cell(monthly, "E4"), "cumulative change, month 3");
    EXPECT_NE(xlsx.member("xl/sharedStrings.xml").find("Launch “Winner”"), std::string::npos)
        << "the recommendation is on the run sheet";
}

// End to end: `offersim run` writes report.xlsx beside summary.json with the same figures.
TEST(XlsxReport, OffersimRunWritesAWorkbookWithTheFiguresOfSummaryJson) {
    if (!have_unzip()) GTEST_SKIP() << "unzip is not installed";
    const fs::path out = fs::path(testing::TempDir()) / "offersim-xlsx-run";
    fs::remove_all(out);
    const std::string command = fmt::format(
        "'{}' run '{}/scenarios/baseline.yaml' --replications 2 --out '{}' --lang en "
        ">/dev/null 2>&1",
        OFFERSIM_BINARY, OFFERSIM_SOURCE_DIR, out.string());
    ASSERT_EQ(std::system(command.c_str()), 0) << command;
    for (const std::string file : {"report.html", "report.md", "report.xlsx"})
        EXPECT_TRUE(fs::exists(out / file)) << "missing " << file;
    std::ifstream summary_file(out / "summary.json");
    const auto summary = nlohmann::ordered_json::parse(summary_file);
    std::ifstream xlsx_file(out / "report.xlsx", std::ios::binary);
    std::ostringstream bytes;
    bytes << xlsx_file.rdbuf();
    const Xlsx xlsx(bytes.str());
    ASSERT_TRUE(xlsx.tests_ok());
    const std::string sheet = xlsx.member("xl/worksheets/sheet1.xml");
    int row = 2;
    for (const auto& [key, band] : summary["headline"].items()) {
        expect_same_number(band["mean"].get<double>(), number_cell(sheet, fmt::format("D{}", row)), key);
        expect_same_number(band["p95"].get<double>(), number_cell(sheet, fmt::format("H{}", row)), key);
        ++row;
    }
    fs::remove_all(out);
}

TEST(XlsxReport, HasASheetPerCustomerViewWithOneUnitPerColumn) {
    if (!have_unzip()) GTEST_SKIP() << "unzip is not installed";
    const Xlsx xlsx(xlsx_report(fixtures::run_with_views(), fixtures::context(Language::en)));
    ASSERT_TRUE(xlsx.tests_ok());
    const std::string book = xlsx.member("xl/workbook.xml");
    for (const std::string name :
         {"By VIP level", "By ARPU band", "Margin from the top fifth", "Group score list"})
        EXPECT_NE(book.find(fmt::format("<sheet name=\"{}", name)), std::string::npos)
            << "missing sheet " << name;
    // The VIP sheet (the 4th: the run has no offers): the horizon rows first, customers in
    // D to F, revenue in CNY in G to I.
    const std::string vip = xlsx.member("xl/worksheets/sheet4.xml");
    expect_same_number(9000.0, number_cell(vip, "D2"), "no level's customers per month");
    expect_same_number(3e5, number_cell(vip, "G3"), "silver's revenue");
    expect_same_number(1.0, number_cell(vip, "C5"), "the first month row's month");
    const std::string groups = xlsx.member("xl/worksheets/sheet7.xml");
    expect_same_number(57.0, number_cell(groups, "C2"), "the riskiest group's score");
    expect_same_number(0.6, number_cell(groups, "L2"), "its share of runs switched");
}

TEST(XlsxReport, HasTheGroupKpisAndClassesAsNumbersInBothLanguages) {
    if (!have_unzip()) GTEST_SKIP() << "unzip is not installed";
    sim::RunResults r = fixtures::run_results("groups", "Groups");
    sim::GroupResults g;
    // In the reports' order: retention first, then informatization revenue; a lever's row
    // (early exits) is left out when it is zero everywhere.
    g.headlines = {{"groups_total", fixtures::band(40.0, 0.0)},
                   {"informatization_revenue_total_cny", fixtures::band(125000.0, 9000.0)},
                   {"target_market_retention_end", fixtures::band(0.91, 0.02)},
                   {"early_exits", fixtures::band(0.0, 0.0)}};
    sim::GroupClassSummary c;
    c.id = "park";
    c.name = "Industrial park";
    c.industry = "manufacturing";
    c.groups = 40;
    c.purity_end = fixtures::band(0.62, 0.03);
    c.switched = fixtures::band(2.5, 1.0);
    g.classes = {c};
    r.groups = g;
    const Xlsx en(xlsx_report(r, fixtures::context(Language::en)));
    ASSERT_TRUE(en.tests_ok());
    const std::string book = en.member("xl/workbook.xml");
    EXPECT_NE(book.find("<sheet name=\"Group KPIs\""), std::string::npos);
    EXPECT_NE(book.find("<sheet name=\"Group classes\""), std::string::npos);
    // Headline, segments and monthly lines come first (no offers, no views).
    const std::string kpis = en.member("xl/worksheets/sheet4.xml");
    expect_same_number(0.91, number_cell(kpis, "D2"), "retention's mean");
    expect_same_number(0.89, number_cell(kpis, "F2"), "retention's P5");
    expect_same_number(125000.0, number_cell(kpis, "D3"), "informatization revenue in CNY");
    expect_same_number(40.0, number_cell(kpis, "D4"), "groups");
    EXPECT_FALSE(number_cell(kpis, "D5").has_value()) << "a zero lever has no row";
    const std::string classes = en.member("xl/worksheets/sheet5.xml");
    expect_same_number(40.0, number_cell(classes, "D2"), "the class's groups");
    expect_same_number(0.62, number_cell(classes, "F2"), "its purity at the end");
    expect_same_number(2.5, number_cell(classes, "H2"), "its switched groups");
    const Xlsx zh(xlsx_report(r, fixtures::context(Language::zh_cn)));
    EXPECT_NE(zh.member("xl/workbook.xml").find("<sheet name=\"集团客户考核指标\""), std::string::npos);
    EXPECT_NE(zh.member("xl/workbook.xml").find("<sheet name=\"集团类别\""), std::string::npos);
}

}  // namespace
}  // namespace offersim::reports
