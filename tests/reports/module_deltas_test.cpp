// A comparison's group and win-back rows reach comparison.json, the HTML and Markdown
// reports in both languages and the workbook, each labelled, with the sentence that says
// which modules' money the headline includes.
#include "reports/module_deltas.hpp"

#include "report_fixtures.hpp"
#include "reports/comparison_json.hpp"
#include "reports/html_report.hpp"
#include "reports/markdown_report.hpp"
#include "reports/xlsx_report.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <string>

namespace offersim::reports {
namespace {

using fixtures::band;
using fixtures::contains;

// A key-person defence against a group bid beside a win-back campaign in one region.
struct ModuleComparison : fixtures::ComparisonRuns {
    ModuleComparison()
        : ComparisonRuns(
              {{.name = "defence", .title = "Defence", .npv = 5e6, .npv_spread = 1e6, .cost = 2e6}}) {
        baseline.groups = sim::GroupResults{};
        baseline.win_back = sim::WinBackResults{};
        sim::WinBackRegionResult changchun;
        changchun.id = "changchun";
        changchun.name = "长春";
        baseline.win_back->regions.push_back(changchun);
        runs[0].groups = baseline.groups;
        runs[0].win_back = baseline.win_back;
        comparisons[0].module_deltas = {{"group_switches", band(-4.86, 1.2)},
                                        {"group_purity_end", band(0.021, 0.004)},
                                        {"group_target_market_retention_end", band(0.03, 0.005)},
                                        {"group_informatization_revenue_cny", band(0.0, 0.0)},
                                        {"group_member_revenue_cny", band(254000.0, 60000.0)},
                                        {"group_marketing_cost_cny", band(9000.0, 0.0)},
                                        {"win_back_reported", band(1210.5, 40.0)},
                                        {"win_back_confirmed", band(1020.25, 35.0)},
                                        {"win_back_confirmed_points.changchun", band(1.5, 0.3)},
                                        {"win_back_revenue_cny", band(800000.0, 20000.0)},
                                        {"win_back_subsidy_cost_cny", band(100000.0, 5000.0)},
                                        {"win_back_margin_cny", band(700000.0, 18000.0)},
                                        {"win_back_churners_joined", band(310.5, 12.0)},
                                        {"view_revenue_vip.none_cny", band(120000.0, 3000.0)},
                                        {"view_revenue_vip.gold_cny", band(40000.0, 2000.0)},
                                        {"view_revenue_arpu.100-200_cny", band(52000.0, 1000.0)},
                                        {"view_top_fifth_margin_share", band(0.012, 0.002)}};
    }
};

TEST(ModuleDeltas, EveryGroupAndWinBackKeyHasALabelInBothLanguages) {
    const ModuleComparison m;
    for (const Language language : {Language::en, Language::zh_cn}) {
        const TextTable table = module_delta_table(m.comparisons[0], m.baseline, m.runs[0], language);
        ASSERT_EQ(table.rows.size(), m.comparisons[0].module_deltas.size());
        for (std::size_t i = 0; i < table.rows.size(); ++i)
            EXPECT_NE(table.rows[i][0], m.comparisons[0].module_deltas[i].key) << "unlabelled";
        EXPECT_EQ(table.rows[0][1], "-4.9") << "a mean count keeps one place";
        EXPECT_EQ(table.rows[3][1], std::string(report_text(language).no_difference));
    }
    const TextTable en = module_delta_table(m.comparisons[0], m.baseline, m.runs[0], Language::en);
    EXPECT_EQ(en.rows[8][0], "Win-back points, 长春");
    EXPECT_EQ(en.rows[12][0], "Our churners joining the win-back pool");
    EXPECT_EQ(en.rows[13][0], "Revenue, VIP level: No level");
    EXPECT_EQ(en.rows[14][0], "Revenue, VIP level: gold");
    EXPECT_EQ(en.rows[15][0], "Revenue, ARPU band 100-200 CNY");
    EXPECT_EQ(en.rows[16][1], "+1.20 pp") << "a share is a rate";
}

TEST(ModuleDeltas, ReachComparisonJsonTheReportsAndTheWorkbook) {
    const ModuleComparison m;
    const auto j = nlohmann::json::parse(comparison_json(m.baseline, m.comparisons, "test"));
    EXPECT_EQ(j["variants"][0]["module_delta"]["group_switches"]["mean"].get<double>(), -4.86);
    EXPECT_TRUE(j["variants"][0]["module_delta"].contains("win_back_confirmed_points.changchun"));
    EXPECT_TRUE(contains(comparison_csv(m.comparisons), "defence,win_back_confirmed,"));
    for (const Language language : {Language::en, Language::zh_cn}) {
        const ModuleDeltaText& t = report_text(language).module_deltas;
        const std::string includes = headline_includes_text(m.baseline, m.runs[0], language);
        EXPECT_TRUE(contains(includes, t.part_groups));
        EXPECT_TRUE(contains(includes, t.part_win_back));
        const auto context = fixtures::context(language);
        const std::string md = markdown_comparison_report(m.baseline, m.variants(), m.comparisons, context);
        const std::string html = html_comparison_report(m.baseline, m.variants(), m.comparisons, context);
        for (const std::string* page : {&md, &html}) {
            EXPECT_TRUE(contains(*page, t.group_switches));
            EXPECT_TRUE(contains(*page, t.win_back_confirmed));
        }
        EXPECT_TRUE(contains(md, markdown_escape(includes)));
        EXPECT_TRUE(contains(html, "class=\"module-deltas\""));
        EXPECT_FALSE(xlsx_comparison_report(m.baseline, m.variants(), m.comparisons, context).empty());
    }
}

TEST(ModuleDeltas, NoSentenceWhenNeitherRunHasAModule) {
    const fixtures::ComparisonRuns runs({{.name = "plain", .title = "Plain", .npv = 1e6, .npv_spread = 1e5}});
    EXPECT_TRUE(headline_includes_text(runs.baseline, runs.runs[0], Language::en).empty());
    const std::string md = markdown_comparison_report(runs.baseline, runs.variants(), runs.comparisons,
                                                      fixtures::context(Language::en));
    EXPECT_FALSE(contains(md, report_text(Language::en).module_deltas.note));
}

}  // namespace
}  // namespace offersim::reports
