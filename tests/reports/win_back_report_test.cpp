// The win-back section appears in every report when the run has a campaign, with the
// regional scoring table's figures, and not at all otherwise.
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

sim::WinBackRegionResult region(std::string id, std::string name, std::int64_t target, double reported,
                                double confirmed) {
    sim::WinBackRegionResult r;
    r.id = std::move(id);
    r.name = std::move(name);
    r.target = target;
    r.eligible = fixtures::band(20'000, 100);
    r.contacted = fixtures::band(9'000, 10);
    r.reported = fixtures::band(reported, 10);
    r.confirmed = fixtures::band(confirmed, 10);
    r.reported_points = fixtures::band(4.0, 0.0);
    r.confirmed_points = fixtures::band(2.0, 0.1);
    return r;
}

sim::RunResults run_with_win_back() {
    sim::RunResults r = fixtures::run_results("wb", "Win-back");
    sim::WinBackResults w;
    w.id = "jilin_2009";
    w.regions = {region("changchun", "长春", 1000, 1100, 950)};
    w.total = region("all", "", 1000, 1100, 950);
    for (int m = 0; m < fixtures::kMonths; ++m) {
        w.reported_cumulative.push_back(fixtures::band(400.0 * (m + 1), 1));
        w.confirmed_cumulative.push_back(fixtures::band(m == 2 ? 950.0 : 0.0, 1));
    }
    w.judged_switchers = fixtures::band(900, 1);
    w.confirmed_switchers = fixtures::band(891, 1);
    w.judged_second_sims = fixtures::band(200, 1);
    w.confirmed_second_sims = fixtures::band(1, 1);
    r.win_back = w;
    return r;
}

TEST(WinBackReport, MarkdownShowsReportedConfirmedAndPointsByRegion) {
    const std::string md = markdown_report(run_with_win_back(), fixtures::context(Language::en));
    EXPECT_TRUE(contains(md, "## Win-back of competitors' customers\n")) << md;
    EXPECT_TRUE(contains(md, "confirmed by the success test: 950, 95.0% of the target of 1,000")) << md;
    EXPECT_TRUE(contains(md, "| 长春 | 1,000 | 20,000 | 0 | 9,000 | 1,100 | 950 | 0 | 4.00 | 2.00 |\n"))
        << md;
    EXPECT_TRUE(contains(md, "confirmed 99.0% of real switchers and 0.5% of second-SIM converts")) << md;
    const std::string zh = markdown_report(run_with_win_back(), fixtures::context(Language::zh_cn));
    EXPECT_TRUE(contains(zh, "## 异网客户回流\n")) << zh;
}

TEST(WinBackReport, StatesTheScenariosOwnTestMonthsAndScoring) {
    sim::RunResults r = run_with_win_back();
    r.win_back->test_first_month = 3;
    r.win_back->test_last_month = 5;
    r.win_back->full_points = 5.0;
    r.win_back->zero_points_below = 0.8;
    const std::string en = html_report(r, fixtures::context(Language::en));
    EXPECT_TRUE(contains(en, "months 3 to 5 after the switch")) << "the chart's caption";
    EXPECT_TRUE(contains(en, "full points (5), below 80% of it none"));
    EXPECT_FALSE(contains(en, "90%"));
    const std::string zh = markdown_report(r, fixtures::context(Language::zh_cn));
    EXPECT_TRUE(contains(zh, "满分（5 分），低于 80% 得 0 分")) << zh;
}

TEST(WinBackReport, HtmlHasTheSectionTableAndChartData) {
    const std::string html = html_report(run_with_win_back(), fixtures::context(Language::en));
    EXPECT_TRUE(contains(html, "<section id=\"win-back\""));
    EXPECT_TRUE(contains(html, "id=\"chart-win-back\""));
    EXPECT_TRUE(contains(html, "\"win-back\":{\"kind\":\"lines\""));
    EXPECT_TRUE(contains(html, "<td>长春</td><td>1,000</td>"));
}

TEST(WinBackReport, SummaryJsonCarriesTheCampaign) {
    const auto j = nlohmann::json::parse(summary_json(run_with_win_back(), "test"));
    EXPECT_EQ(j["win_back"]["id"], "jilin_2009");
    EXPECT_EQ(j["win_back"]["regions"][0]["confirmed"]["mean"], 950.0);
    EXPECT_EQ(j["win_back"]["total"]["target"], 1000);
}

TEST(WinBackReport, AbsentWithoutACampaign) {
    const sim::RunResults plain = fixtures::run_results("plain", "Plain");
    EXPECT_FALSE(contains(html_report(plain, fixtures::context(Language::en)), "win-back"));
    EXPECT_FALSE(contains(markdown_report(plain, fixtures::context(Language::en)), "Win-back"));
    EXPECT_FALSE(nlohmann::json::parse(summary_json(plain, "test")).contains("win_back"));
}

}  // namespace
}  // namespace offersim::reports
