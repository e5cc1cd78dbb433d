// The per-customer views and the group score list in the run reports (HTML, Markdown,
// summary.json): a compact table each, rows without customers hidden, the groups most at
// risk first; nothing when the run has neither.
#include "reports/customer_views_section.hpp"

#include "report_fixtures.hpp"
#include "reports/html_report.hpp"
#include "reports/markdown_report.hpp"
#include "reports/summary_json.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <string>

namespace offersim::reports {
namespace {

using fixtures::contains;

TEST(CustomerViewSection, HidesRowsWithoutCustomersAndLabelsBandsByTheirEdges) {
    const auto tables =
        customer_view_tables(fixtures::run_with_views(), report_text(Language::en), Language::en);
    ASSERT_EQ(tables.size(), 4u);
    ASSERT_EQ(tables[0].table.rows.size(), 2u);  // gold has no customers
    EXPECT_EQ(tables[0].table.rows[0][0], "No level");
    EXPECT_EQ(tables[0].table.rows[1][0], "silver");
    ASSERT_EQ(tables[1].table.rows.size(), 2u);  // 50-100 has none
    EXPECT_EQ(tables[1].table.rows[0][0], "Below ¥50");
    EXPECT_EQ(tables[1].table.rows[1][0], "¥100 and above");
    EXPECT_EQ(tables[2].table.rows[0][1], "56.00%");
    EXPECT_EQ(tables[2].table.rows.size(), 3u);  // the last months' average, the first and the last month
}

TEST(CustomerViewSection, ListsTheGroupsMostLikelyToSwitchFirstThenTheLowestScores) {
    const auto tables =
        customer_view_tables(fixtures::run_with_views(), report_text(Language::en), Language::en);
    const TextTable& groups = tables[3].table;
    ASSERT_EQ(groups.rows.size(), kGroupsListed);
    EXPECT_EQ(groups.rows[0][0], "park #7");
    EXPECT_EQ(groups.rows[0][5], "60%");
    EXPECT_EQ(groups.rows[1][0], "park #1");  // then the lowest value score
    EXPECT_EQ(groups.rows[1][3], "A 类");
    EXPECT_EQ(groups.rows[2][3], "B 类");
    EXPECT_TRUE(contains(tables[3].note, "20 of 25"));
}

TEST(CustomerViewSection, ReachesSummaryJsonHtmlAndMarkdown) {
    const sim::RunResults r = fixtures::run_with_views();
    const auto j = nlohmann::json::parse(summary_json(r, "x"));
    ASSERT_TRUE(j.contains("customer_views"));
    EXPECT_EQ(j["customer_views"]["arpu_bands"][2]["id"], "100+");
    EXPECT_TRUE(j["customer_views"]["arpu_bands"][2]["upper_cny"].is_null());
    EXPECT_DOUBLE_EQ(j["customer_views"]["vip_levels"][1]["revenue_total_cny"]["mean"].get<double>(), 3e5);
    EXPECT_EQ(j["customer_views"]["top_fifth_margin_share"]["monthly"].size(),
              static_cast<std::size_t>(fixtures::kMonths));
    EXPECT_EQ(j["groups"]["scores"].size(), 25u);
    EXPECT_DOUBLE_EQ(j["groups"]["scores"][6]["switched"]["mean"].get<double>(), 0.6);

    const std::string html = html_report(r, fixtures::context(Language::zh_cn));
    EXPECT_TRUE(contains(html, "<section id=\"customer-views\">"));
    EXPECT_TRUE(contains(html, "按 ARPU 档"));
    const std::string md = markdown_report(r, fixtures::context(Language::en));
    EXPECT_TRUE(contains(md, "## Customers in detail"));
    EXPECT_TRUE(contains(md, "### Group score list"));

    const sim::RunResults plain = fixtures::run_results("plain", "Plain");
    EXPECT_FALSE(nlohmann::json::parse(summary_json(plain, "x")).contains("customer_views"));
    EXPECT_FALSE(contains(html_report(plain, fixtures::context(Language::en)), "customer-views"));
}

}  // namespace
}  // namespace offersim::reports
