// The enterprise-groups section of the run reports (HTML, Markdown, summary.json): shown
// only when the run has groups, with the KPIs, classes, tiers and the tier-drop warning.
#include "reports/group_section.hpp"

#include "report_fixtures.hpp"
#include "reports/html_report.hpp"
#include "reports/markdown_report.hpp"
#include "reports/summary_json.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace offersim::reports {
namespace {

using fixtures::band;
using fixtures::contains;

// Two classes, two tiers, three months; figures chosen to read back by hand.
sim::GroupResults group_results() {
    sim::GroupResults g;
    g.tier_ids = {"A", "B"};
    g.tier_names = {"A 类", "B 类"};
    g.headlines = {{"groups_total", band(65.0, 0.0)},
                   {"groups_switched", band(9.45, 4.0)},
                   {"switches_expected", band(9.99, 2.0)},
                   {"bids_received", band(40.0, 8.0)},
                   {"purity_start", band(0.661, 0.002)},
                   {"purity_end", band(0.6816, 0.04)},
                   {"target_market_retention_end", band(0.8312, 0.04)},
                   {"member_revenue_total_cny", band(30014623.76, 1e6)},
                   {"informatization_revenue_total_cny", band(204819.0, 5000.0)},
                   {"marketing_cost_total_cny", band(8000.0, 0.0)},
                   {"tier_drop_warnings", band(17.4, 7.0)}};
    for (int month = 1; month <= fixtures::kMonths; ++month) {
        sim::GroupMonth m;
        m.month = month;
        m.purity = band(0.66 + 0.05 * month, 0.01);
        m.target_market_retention = band(1.0 - 0.01 * month, 0.01);
        m.groups_by_tier = {band(20.0, 0.0), band(45.0 - month, 1.0)};
        m.purity_by_class = {band(0.698 + 0.07 * month, 0.01), band(0.6 - 0.01 * month, 0.01)};
        g.monthly.push_back(m);
    }
    g.classes = {{"gov_agency", "政府机关", "government", 20, band(0.698, 0.0), band(0.877, 0.01),
                  band(0.947, 0.01), band(0.5, 0.5), band(204819.0, 5000.0), band(0.0, 0.0)},
                 {"park_enterprise", "开发区企业", "manufacturing", 45, band(0.6, 0.0), band(0.374, 0.02),
                  band(0.624, 0.02), band(8.7, 3.0), band(0.0, 0.0), band(17.4, 7.0)}};
    return g;
}

sim::RunResults run_with_groups() {
    sim::RunResults r = fixtures::run_results("groups", "Groups");
    r.groups = group_results();
    return r;
}

TEST(GroupSection, TabulatesTheKpisFirstThenClassesAndTiers) {
    const GroupSection s = group_section(group_results(), report_text(Language::en), Language::en);
    ASSERT_EQ(s.kpis.rows.size(), 11u);
    EXPECT_EQ(s.kpis.rows[0][0], "Target-market retention rate at end");
    EXPECT_EQ(s.kpis.rows[0][1], "83.1%");
    EXPECT_EQ(s.kpis.rows[1][0], "Informatization revenue");
    EXPECT_EQ(s.kpis.rows[1][1], "¥204,819");
    ASSERT_EQ(s.classes.rows.size(), 2u);
    EXPECT_EQ(s.classes.rows[0][0], "政府机关");
    EXPECT_EQ(s.classes.rows[0][3], "69.8%");
    EXPECT_EQ(s.classes.rows[0][4], "87.7%");
    EXPECT_EQ(s.classes.rows[1][6], "8.7");
    ASSERT_EQ(s.tiers.rows.size(), 2u);
    EXPECT_EQ(s.tiers.rows[1][1], "44.0");  // month 1
    EXPECT_EQ(s.tiers.rows[1][2], "42.0");  // month 3
    EXPECT_NE(s.warning.find("17.4"), std::string::npos) << s.warning;
}

TEST(GroupSection, HasNoWarningWhenNoTierFell) {
    sim::GroupResults g = group_results();
    for (auto& h : g.headlines)
        if (h.key == "tier_drop_warnings") h.band = band(0.0, 0.0);
    EXPECT_TRUE(group_section(g, report_text(Language::en), Language::en).warning.empty());
}

TEST(GroupSection, AppearsInTheHtmlReportWithItsChartsOnlyWhenTheRunHasGroups) {
    const auto context = fixtures::context(Language::zh_cn);
    const std::string html = html_report(run_with_groups(), context);
    const ReportText& t = report_text(Language::zh_cn);
    EXPECT_TRUE(contains(html, "<section id=\"groups\""));
    EXPECT_TRUE(contains(html, t.groups.kpi_heading));
    EXPECT_TRUE(contains(html, "83.1%"));
    EXPECT_TRUE(contains(html, "id=\"chart-group-purity\""));
    EXPECT_TRUE(contains(html, "\"group-purity\""));
    EXPECT_TRUE(contains(html, "\"group-tiers\""));
    const std::string plain = html_report(fixtures::run_results("plain", "Plain"), context);
    EXPECT_FALSE(contains(plain, "id=\"groups\""));
    EXPECT_FALSE(contains(plain, "group-purity"));
}

TEST(GroupSection, AppearsInTheMarkdownReportOnlyWhenTheRunHasGroups) {
    const auto context = fixtures::context(Language::en);
    const std::string md = markdown_report(run_with_groups(), context);
    EXPECT_TRUE(contains(md, "## Enterprise groups"));
    EXPECT_TRUE(contains(md, "| Target-market retention rate at end | 83.1% |"));
    EXPECT_TRUE(contains(md, "17.4 tier-drop warnings"));
    EXPECT_FALSE(
        contains(markdown_report(fixtures::run_results("plain", "Plain"), context), "Enterprise groups"));
}

TEST(GroupSection, ReachesSummaryJson) {
    const auto j = nlohmann::json::parse(summary_json(run_with_groups(), "offersim test"));
    ASSERT_TRUE(j.contains("groups"));
    EXPECT_DOUBLE_EQ(j["groups"]["headline"]["groups_switched"]["mean"].get<double>(), 9.45);
    EXPECT_EQ(j["groups"]["classes"][1]["id"], "park_enterprise");
    EXPECT_EQ(j["groups"]["monthly"].size(), static_cast<std::size_t>(fixtures::kMonths));
    EXPECT_FALSE(
        nlohmann::json::parse(summary_json(fixtures::run_results("p", "P"), "x")).contains("groups"));
}

}  // namespace
}  // namespace offersim::reports
