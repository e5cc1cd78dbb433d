// The workbook is read back with the unzip tool: each sheet is XML in the zip file, a
// number cell is <c r="C7" s="..."><v>123.5</v></c> and a text cell has t="s".
#include "reports/xlsx_report.hpp"
#include "report_fixtures.hpp"
#include "reports/comparison_summary.hpp"
#include "reports/figure_format.hpp"
#include "reports/group_section.hpp"
#include "reports/markdown_report.hpp"
#include "reports/price_response_note.hpp"
#include "reports/summary_json.hpp"
#include "reports/uncertainty_report.hpp"

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
#include <utility>
#include <vector>

namespace offersim::reports {
namespace {

namespace fs = std::filesystem;

bool have_unzip() {
    return std::system("unzip -v >/dev/null 2>&1") == 0;
}

// `offersim run` of `scenario` (a path in the source tree), in English, into a fresh folder
// `name` under the test's temporary folder, which it returns.
fs::path run_offersim(const std::string& name, const std::string& scenario, int replications) {
    const fs::path out = fs::path(testing::TempDir()) / name;
    fs::remove_all(out);
    const std::string command =
        fmt::format("'{}' run '{}/{}' --replications {} --out '{}' --lang en >/dev/null 2>&1",
                    OFFERSIM_BINARY, OFFERSIM_SOURCE_DIR, scenario, replications, out.string());
    EXPECT_EQ(std::system(command.c_str()), 0) << command;
    return out;
}

std::string file_bytes(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
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

// Text as a spreadsheet reads it back from the XML.
std::string xml_unescape(std::string text) {
    for (const auto& [entity, character] :
         {std::pair{"&lt;", "<"}, std::pair{"&gt;", ">"}, std::pair{"&quot;", "\""}, std::pair{"&apos;", "'"},
          std::pair{"&amp;", "&"}}) {
        const std::string_view from(entity);
        for (std::size_t at = 0; (at = text.find(from, at)) != std::string::npos; ++at)
            text.replace(at, from.size(), character);
    }
    return text;
}

// The workbook's sheet names, in the order of its tabs (sheetN.xml is the Nth).
std::vector<std::string> sheet_names(const Xlsx& xlsx) {
    const std::string book = xlsx.member("xl/workbook.xml");
    const std::regex sheet("<sheet name=\"([^\"]*)\"");
    std::vector<std::string> names;
    for (std::sregex_iterator it(book.begin(), book.end(), sheet), end; it != end; ++it)
        names.push_back(xml_unescape((*it)[1].str()));
    return names;
}

using NoteRows = std::vector<std::pair<std::string, std::string>>;

// A sheet's text cells by their place ("B3"), each read through the shared strings.
class TextCells {
public:
    TextCells(const Xlsx& xlsx, int sheet)
        : sheet_(xlsx.member(fmt::format("xl/worksheets/sheet{}.xml", sheet))) {
        const std::string xml = xlsx.member("xl/sharedStrings.xml");
        const std::regex item("<si><t[^>]*>([^<]*)</t></si>");
        for (std::sregex_iterator it(xml.begin(), xml.end(), item), end; it != end; ++it)
            strings_.push_back(xml_unescape((*it)[1].str()));
    }
    std::optional<std::string> at(const std::string& cell) const {
        const std::regex pattern("<c r=\"" + cell + "\"( s=\"[0-9]+\")? t=\"s\"><v>([0-9]+)</v></c>");
        std::smatch match;
        if (!std::regex_search(sheet_, match, pattern)) return std::nullopt;
        const auto index = std::stoul(match[2].str());
        if (index >= strings_.size()) return std::nullopt;
        return strings_[index];
    }
    // The rows under the headings while column A holds text: (A, B).
    NoteRows rows() const {
        NoteRows out;
        for (int row = 2; const auto label = at(fmt::format("A{}", row)); ++row)
            out.emplace_back(*label, at(fmt::format("B{}", row)).value_or(""));
        return out;
    }

private:
    std::string sheet_;
    std::vector<std::string> strings_;
};

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
    for (const std::string name : {"Headline", "Notes", "Segments", "Monthly (whole base)", "Offers", "Run"})
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
    EXPECT_FALSE(number_cell(xlsx.member("xl/worksheets/sheet5.xml"), "J2").has_value()) << "no month";
    EXPECT_NE(xlsx.member("xl/sharedStrings.xml").find("3 个月内未回本"), std::string::npos);
}

TEST(XlsxReport, TabulatesSegmentsMonthsAndOffers) {
    if (!have_unzip()) GTEST_SKIP() << "unzip is not installed";
    const Xlsx xlsx(xlsx_report(fixtures::run_with_offer("Tiny offer"), fixtures::context(Language::en)));
    // Segments, row 2 is mass (fixtures::run_results): start 300,000, then end, revenue, ARPU
    // and churn rate, each followed by its P5 and P95.
    const std::string segments = xlsx.member("xl/worksheets/sheet3.xml");
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
    const std::string monthly = xlsx.member("xl/worksheets/sheet4.xml");
    expect_same_number(3.0, number_cell(monthly, "A4"), "month");
    expect_same_number(5000.0, number_cell(monthly, "B4"), "subscribers billed, month 3");
    expect_same_number(4750.0, number_cell(monthly, "C4"), "its P5");
    const std::string offers = xlsx.member("xl/worksheets/sheet5.xml");
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
    expect_same_number(25789142.0, number_cell(zh.member("xl/worksheets/sheet5.xml"), "G2"),
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
    const std::string winner = xlsx.member("xl/worksheets/sheet4.xml");
    expect_same_number(123456789.0, number_cell(winner, "D7"), "baseline revenue");
    expect_same_number(7.5e6, number_cell(winner, "F7"), "revenue change");
    const std::string monthly = xlsx.member("xl/worksheets/sheet5.xml");
    expect_same_number(9000.0, number_cell(monthly, "E4"), "cumulative change, month 3");
    EXPECT_NE(xlsx.member("xl/sharedStrings.xml").find("Launch “Winner”"), std::string::npos)
        << "the recommendation is on the run sheet";
}

// End to end: `offersim run` writes report.xlsx beside summary.json with the same figures.
TEST(XlsxReport, OffersimRunWritesAWorkbookWithTheFiguresOfSummaryJson) {
    if (!have_unzip()) GTEST_SKIP() << "unzip is not installed";
    const fs::path out = run_offersim("offersim-xlsx-run", "scenarios/baseline.yaml", 2);
    for (const std::string file : {"report.html", "report.md", "report.xlsx"})
        EXPECT_TRUE(fs::exists(out / file)) << "missing " << file;
    std::ifstream summary_file(out / "summary.json");
    const auto summary = nlohmann::ordered_json::parse(summary_file);
    const Xlsx xlsx(file_bytes(out / "report.xlsx"));
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
    // The VIP sheet (the 5th: the run has no offers): the horizon rows first, customers in
    // D to F, revenue in CNY in G to I.
    const std::string vip = xlsx.member("xl/worksheets/sheet5.xml");
    expect_same_number(9000.0, number_cell(vip, "D2"), "no level's customers per month");
    expect_same_number(3e5, number_cell(vip, "G3"), "silver's revenue");
    expect_same_number(1.0, number_cell(vip, "C5"), "the first month row's month");
    const std::string groups = xlsx.member("xl/worksheets/sheet8.xml");
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
    // Headline, notes, segments and monthly lines come first (no offers, no views).
    const std::string kpis = en.member("xl/worksheets/sheet5.xml");
    expect_same_number(0.91, number_cell(kpis, "D2"), "retention's mean");
    expect_same_number(0.89, number_cell(kpis, "F2"), "retention's P5");
    expect_same_number(125000.0, number_cell(kpis, "D3"), "informatization revenue in CNY");
    expect_same_number(40.0, number_cell(kpis, "D4"), "groups");
    EXPECT_FALSE(number_cell(kpis, "D5").has_value()) << "a zero lever has no row";
    const std::string classes = en.member("xl/worksheets/sheet6.xml");
    expect_same_number(40.0, number_cell(classes, "D2"), "the class's groups");
    expect_same_number(0.62, number_cell(classes, "F2"), "its purity at the end");
    expect_same_number(2.5, number_cell(classes, "H2"), "its switched groups");
    const Xlsx zh(xlsx_report(r, fixtures::context(Language::zh_cn)));
    EXPECT_NE(zh.member("xl/workbook.xml").find("<sheet name=\"集团客户考核指标\""), std::string::npos);
    EXPECT_NE(zh.member("xl/workbook.xml").find("<sheet name=\"集团类别\""), std::string::npos);
}

// ------------------------------------------------------------------------------------------
// The Notes sheet: the reports' statements in words, from the functions report.md uses

// The handset's run as the engine reports it: its take-up a fixed share whatever its subsidy.
sim::RunResults run_with_fixed_share_offer() {
    sim::RunResults r = fixtures::run_with_offer("Tiny offer");
    r.price_response.fixed_share_offers = {"合约机 1999"};
    return r;
}

// The engine's warnings of too few replications and of a segment left empty.
sim::RunWarning too_few_replications_warning() {
    return {.kind = sim::WarningKind::few_replications,
            .replications = 2,
            .minimum = 30,
            .segment = {},
            .move = {},
            .rival = {}};
}

sim::RunWarning emptied_segment_warning(std::string segment) {
    return {.kind = sim::WarningKind::segment_emptied,
            .replications = 0,
            .minimum = 0,
            .segment = std::move(segment),
            .move = {},
            .rival = {}};
}

// Beside the headline figures, in the report's language: a sheet of the statements, each a
// topic and the report's own sentence, what answers prices first (no warnings), then what
// the bands hold.
TEST(XlsxReport, NotesSheetBesideTheHeadlineSaysWhatAnswersPricesInTheReportsWords) {
    if (!have_unzip()) GTEST_SKIP() << "unzip is not installed";
    const sim::RunResults r = run_with_fixed_share_offer();
    for (const Language language : {Language::en, Language::zh_cn}) {
        const ReportText& t = report_text(language);
        const Xlsx xlsx(xlsx_report(r, fixtures::context(language)));
        ASSERT_TRUE(xlsx.tests_ok());
        const std::vector<std::string> names = sheet_names(xlsx);
        ASSERT_GE(names.size(), 2u);
        EXPECT_EQ(names[1], t.sheets.notes);
        const TextCells notes(xlsx, 2);
        EXPECT_EQ(notes.at("A1"), std::string(t.sheets.column_topic));
        EXPECT_EQ(notes.at("B1"), std::string(t.sheets.column_statement));
        const NoteRows rows = notes.rows();
        ASSERT_GE(rows.size(), 2u);
        EXPECT_EQ(rows[0],
                  std::pair(std::string(t.label_price_response), price_response_note(r, t, language)));
        EXPECT_EQ(rows[1], std::pair(std::string(t.uncertainty.label_band),
                                     band_parts_note(r.uncertainty, "npv_margin_cny", t, language)));
    }
    // The sentence that says the offer's take-up does not answer its terms.
    const NoteRows zh = TextCells(Xlsx(xlsx_report(r, fixtures::context(Language::zh_cn))), 2).rows();
    EXPECT_NE(zh.at(0).second.find("合约机 1999的办理量不随其条款变化"), std::string::npos)
        << zh.at(0).second;
}

// Warnings come first, one a row, in the words of report.md's.
TEST(XlsxReport, NotesPutTheRunsWarningsFirst) {
    if (!have_unzip()) GTEST_SKIP() << "unzip is not installed";
    sim::RunResults r = fixtures::run_with_offer("Tiny offer");
    r.warnings = {too_few_replications_warning(), emptied_segment_warning("mass")};
    for (const Language language : {Language::en, Language::zh_cn}) {
        const ReportText& t = report_text(language);
        const NoteRows rows = TextCells(Xlsx(xlsx_report(r, fixtures::context(language))), 2).rows();
        ASSERT_GE(rows.size(), 3u);
        EXPECT_EQ(rows[0], std::pair(std::string(t.warnings_heading), warning_text(r.warnings[0], language)));
        EXPECT_EQ(rows[1], std::pair(std::string(t.warnings_heading), warning_text(r.warnings[1], language)));
        EXPECT_EQ(rows[2].first, t.label_price_response);
    }
}

// The groups section's warning that some groups' tier fell, after the run's own, as report.md
// heads the groups section with it; and the section's notes on what its figures are.
TEST(XlsxReport, NotesCarryTheGroupsWarningOfTiersThatFellAndWhatTheGroupFiguresAre) {
    if (!have_unzip()) GTEST_SKIP() << "unzip is not installed";
    sim::RunResults r = fixtures::run_results("groups", "Groups");
    r.warnings = {too_few_replications_warning()};
    sim::GroupResults g;
    g.headlines = {{"groups_total", fixtures::band(40.0, 0.0)},
                   {"tier_drop_warnings", fixtures::band(3.0, 1.0)}};
    r.groups = g;
    for (const Language language : {Language::en, Language::zh_cn}) {
        const ReportText& t = report_text(language);
        const std::string fell = group_section(g, t, language).warning;
        ASSERT_FALSE(fell.empty());
        const NoteRows rows = TextCells(Xlsx(xlsx_report(r, fixtures::context(language))), 2).rows();
        ASSERT_GE(rows.size(), 5u);
        EXPECT_EQ(rows[1], std::pair(std::string(t.warnings_heading), fell));
        EXPECT_EQ(rows[2].first, t.label_price_response);
        // Then what the group sheets hold: groups beside the base, not among its subscribers.
        EXPECT_EQ(rows[3], std::pair(std::string(t.groups.heading), std::string(t.groups.note)));
        EXPECT_EQ(rows[4],
                  std::pair(std::string(t.groups.kpi_heading), group_section(g, t, language).kpi_note));
    }
}

// Every run's warnings, each variant that is not like for like, then the price notes of the
// baseline and its variants, as report.md's comparison says them.
TEST(XlsxComparisonReport, NotesHoldEveryRunsWarningsAndThePriceNotesOfEveryRun) {
    if (!have_unzip()) GTEST_SKIP() << "unzip is not installed";
    XlsxComparison c({{.name = "winner", .title = "Winner", .npv = 5e6, .npv_spread = 1e6, .cost = 2e6},
                      {.name = "other", .npv = 1e6, .npv_spread = 3e6}});
    c.baseline.warnings = {emptied_segment_warning("mass")};
    c.runs[1].warnings = {too_few_replications_warning()};
    c.comparisons[0].changes = fixtures::base_and_cost_changes();
    c.runs[0].price_response.fixed_share_offers = {"合约机 1999"};
    for (const Language language : {Language::en, Language::zh_cn}) {
        const ReportText& t = report_text(language);
        const Xlsx xlsx(c.xlsx(language));
        ASSERT_TRUE(xlsx.tests_ok());
        const std::vector<std::string> names = sheet_names(xlsx);
        ASSERT_GE(names.size(), 2u);
        EXPECT_EQ(names[1], t.sheets.notes);
        NoteRows expected;
        for (auto& warning : comparison_warnings(c.baseline, c.variants(), c.comparisons, language))
            expected.emplace_back(t.warnings_heading, std::move(warning));
        ASSERT_EQ(expected.size(), 2u);
        expected.emplace_back(t.warnings_heading,
                              fmt::format("Winner: {}", not_like_for_like_text(c.comparisons[0], language)));
        const std::string prices = price_response_note(c.baseline, c.variants(), t, language);
        EXPECT_NE(prices.find("合约机 1999"), std::string::npos) << "the variant's offer: " << prices;
        expected.emplace_back(t.label_price_response, prices);
        NoteRows rows = TextCells(xlsx, 2).rows();
        ASSERT_GE(rows.size(), expected.size());
        rows.resize(expected.size());
        EXPECT_EQ(rows, expected);
    }
}

// End to end: the handset win-back's subsidy does not move its take-up (a fixed new_share),
// and the workbook says so in report.md's sentence.
TEST(XlsxReport, OffersimRunOfTheHandsetWinBackSaysItsTakeUpIsAFixedShare) {
    if (!have_unzip()) GTEST_SKIP() << "unzip is not installed";
    const fs::path out =
        run_offersim("offersim-xlsx-handset", "scenarios/examples/handset_cdma_winback.yaml", 1);
    const Xlsx xlsx(file_bytes(out / "report.xlsx"));
    ASSERT_TRUE(xlsx.tests_ok());
    std::string prices;
    for (const auto& [topic, statement] : TextCells(xlsx, 2).rows())
        if (topic == text_en().label_price_response) prices = statement;
    EXPECT_NE(prices.find("Offers taken by a fixed share of those eligible (take_up's new_share and "
                          "existing_share), whatever their fee, subsidy or gift, which move only their "
                          "revenue and cost: 合约机 1999."),
              std::string::npos)
        << prices;
    EXPECT_NE(file_bytes(out / "report.md").find(markdown_escape(prices)), std::string::npos)
        << "report.md says it alike";
    fs::remove_all(out);
}

}  // namespace
}  // namespace offersim::reports
