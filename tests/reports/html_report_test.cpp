#include "reports/html_report.hpp"

#include "engine/core/error.hpp"
#include "report_fixtures.hpp"
#include "reports/assets/embedded_assets.hpp"
#include "reports/number_format.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace offersim::reports {
namespace {

using fixtures::band;
using fixtures::inline_json;
using fixtures::kMonths;
constexpr std::array<std::string_view, 7> kChartIds = {
    "subscribers", "revenue-margin", "subscribers-by-segment", "churn",
    "survival",    "tier-mix",       "revenue-lines"};

// Two segments and the whole base over three months, the monthly lines as
// fixtures::monthly_band; the whole base's segment figures are the headlines'.
sim::RunResults small_results() {
    sim::RunResults r;
    r.scenario_name = "tiny";
    r.scenario_title = "Tiny <b>offer</b> & co";
    r.horizon_months = kMonths;
    r.replications = 5;
    r.seed = 424242;
    r.segment_ids = {"mass", "vip", "all"};
    r.segment_names = {"公众客户", "VIP </script><!-- 客户", "all"};
    r.tier_ids = {"t19", "t58"};
    r.tier_names = {"动感地带 19", "全球通 58"};
    r.headlines = {{"subscribers_start", band(400000.0, 1000.0)},
                   {"subscribers_end", band(456000.0, 4000.0)},
                   {"gross_adds", band(120000.0, 900.0)},
                   {"churners", band(64000.0, 800.0)},
                   {"churn_rate_monthly", band(0.0345, 0.001)},
                   {"revenue_total_cny", band(123456789.0, 3000000.0)},
                   {"cost_total_cny", band(80000000.0, 1000000.0)},
                   {"margin_total_cny", band(43456789.0, 2000000.0)},
                   {"npv_margin_cny", band(40000000.0, 1900000.0)},
                   {"arpu_cny", band(68.4, 0.5)},
                   {"mou_min", band(412.0, 3.0)}};
    r.segments = {fixtures::segment(300000.0, 310000.0, 9000000.0, 28.5, 0.021),
                  fixtures::segment(100000.0, 146000.0, 114456789.0, 191.25, 0.0745),
                  {.subscribers_start = band(400000.0, 1000.0),
                   .subscribers_end = band(456000.0, 4000.0),
                   .revenue_total_cny = band(123456789.0, 3000000.0),
                   .arpu_cny = band(68.4, 0.5),
                   .churn_rate_monthly = band(0.0345, 0.001)}};
    for (int month = 1; month <= kMonths; ++month)
        for (int row = 0; row < 3; ++row)
            for (const auto& name : sim::monthly_metric_names())
                r.monthly.push_back({month, row, name, fixtures::monthly_band(name, month, row)});
    for (int month = 0; month < kMonths; ++month)
        r.tier_mix.push_back({band(3000.0, 10.0), band(1000.0, 10.0)});
    const sim::OfferSummary phone = fixtures::phone_offer();
    sim::OfferSummary gift = phone;
    gift.id = "gift";
    gift.name = "";
    gift.payback_share = 0.2;
    r.offers = {phone, gift};
    r.warnings = {{.kind = sim::WarningKind::segment_emptied,
                   .replications = 0,
                   .minimum = 0,
                   .segment = "<unstable>",
                   .move = {},
                   .rival = {}}};
    return r;
}

ReportContext context(Language language) {
    ReportContext c;
    c.language = language;
    c.offersim_version = "offersim 9.9.9 (abcdef0)";
    c.generated_at = "2025-01-02T03:04:05Z";
    c.resolved_scenario_yaml = "name: tiny\ntitle: \"a </script><script>alert(1)</script> & <b>\"\n";
    return c;
}

TEST(HtmlReport, HasAContainerForEveryChartAndDataForEach) {
    const std::string html = html_report(small_results(), context(Language::zh_cn));
    const auto data = nlohmann::json::parse(inline_json(html));
    for (const auto id : kChartIds) {
        EXPECT_NE(html.find(fmt::format("id=\"chart-{}\"", id)), std::string::npos) << "chart " << id;
        EXPECT_TRUE(data["charts"].contains(std::string(id))) << "chart data " << id;
    }
    EXPECT_EQ(data["charts"].size(), kChartIds.size());
}

TEST(HtmlReport, DrawsChartsWithTheSvgRendererOfTheEmbeddedEcharts) {
    const std::string html = html_report(small_results(), context(Language::en));
    EXPECT_NE(html.find("renderer: 'svg'"), std::string::npos);
    EXPECT_NE(html.find(assets::echarts_js().substr(0, 200)), std::string::npos);
    EXPECT_NE(html.find("<meta charset=\"utf-8\">"), std::string::npos);
    EXPECT_EQ(html.find("<script src"), std::string::npos) << "the report must not load anything";
}

// The style sheet and the runtime are reports/web/report.css and report.js, inlined whole;
// this page adds no script of its own, so the runtime's page-script line is simply gone.
TEST(HtmlReport, InlinesTheStyleSheetAndRuntimeOfReportsWeb) {
    const std::string html = html_report(small_results(), context(Language::en));
    EXPECT_NE(html.find(fmt::format("<style>\n{}</style>", assets::report_css())), std::string::npos);
    constexpr std::string_view slot = "  /* offersim:page-script */\n";
    const std::string_view js = assets::report_js();
    const std::size_t at = js.find(slot);
    ASSERT_NE(at, std::string_view::npos);
    const std::string runtime =
        fmt::format("<script>\n{}{}</script>\n", js.substr(0, at), js.substr(at + slot.size()));
    EXPECT_NE(html.find(runtime), std::string::npos) << "report.js is not inlined whole";
}

TEST(HtmlReport, ShowsTheHeadlineFiguresFormattedForZhCn) {
    const std::string html = html_report(small_results(), context(Language::zh_cn));
    for (const std::string expected :
         {"¥1.23亿", "¥1.20亿 ~ ¥1.26亿", "45.6万", "3.45%", "¥68.40", "¥0.43亿"})
        EXPECT_NE(html.find(expected), std::string::npos) << "missing " << expected;
    EXPECT_NE(html.find("<html lang=\"zh-CN\">"), std::string::npos);
    EXPECT_NE(html.find("执行摘要"), std::string::npos);
}

// zh-CN: in each column of the segment and headline tables the amounts hold one of 亿 and 万,
// never both, and so do the counts, though the amounts run from ¥1.23亿 to ¥4346万 and the
// counts from 45.6万 to 4,000.
TEST(HtmlReport, WritesEachTableColumnInOneUnit) {
    sim::RunResults results = small_results();
    results.segments.front().subscribers_start = band(4000.0, 0.0);
    const std::string html = html_report(results, context(Language::zh_cn));
    for (const std::string table : {"segments", "headlines"}) {
        const std::size_t start = html.find("<table class=\"" + table + "\">");
        ASSERT_NE(start, std::string::npos) << table;
        const std::string body = html.substr(start, html.find("</table>", start) - start);
        std::map<std::pair<std::size_t, bool>, std::set<std::string>> units;  // (column, amount) to units
        std::size_t row = body.find("<tbody>");
        while ((row = body.find("<tr", row + 1)) != std::string::npos) {
            const std::size_t row_end = body.find("</tr>", row);
            std::size_t cell = row;
            for (std::size_t column = 0; (cell = body.find("<td", cell + 1)) < row_end; ++column) {
                const std::string text = body.substr(cell, body.find("</td>", cell) - cell);
                const std::string shown = text.substr(text.rfind('>') + 1);  // not the tooltip
                const bool amount = shown.find("¥") != std::string::npos;
                // A figure of a thousand or more without a unit ("¥2,410", "4,000") counts as one.
                for (const std::string unit : {"亿", "万", ","})
                    if (shown.find(unit) != std::string::npos) units[{column, amount}].insert(unit);
            }
        }
        ASSERT_FALSE(units.empty()) << table;
        for (const auto& [column, seen] : units)
            EXPECT_EQ(seen.size(), 1u)
                << table << " column " << column.first << (column.second ? " amounts" : " counts") << " mix "
                << *seen.begin() << " and " << *seen.rbegin();
    }
    EXPECT_NE(html.find("<td>0.40万</td>"), std::string::npos) << "4,000 in the column's 万";
    EXPECT_NE(html.find("<td>¥0.43亿</td>"), std::string::npos) << "¥4346万 in the column's 亿";
}

TEST(HtmlReport, ShowsTheHeadlineFiguresFormattedForEn) {
    const std::string html = html_report(small_results(), context(Language::en));
    for (const std::string expected :
         {"¥123M", "¥120M – ¥126M", "456,000", "3.45%", "¥68.40", "¥43M", "412 min"})
        EXPECT_NE(html.find(expected), std::string::npos) << "missing " << expected;
    EXPECT_NE(html.find("<html lang=\"en\">"), std::string::npos);
    EXPECT_NE(html.find("Executive summary"), std::string::npos);
    EXPECT_EQ(html.find("执行摘要"), std::string::npos) << "zh-CN text in the English report";
}

TEST(HtmlReport, TakesEveryWordFromTheLanguageTable) {
    for (const Language language : {Language::zh_cn, Language::en}) {
        const ReportText& t = report_text(language);
        const std::string html = html_report(small_results(), context(language));
        for (const std::string_view word :
             {t.summary_heading, t.warnings_heading, t.charts_heading, t.chart_subscribers.title,
              t.chart_revenue_margin.title, t.chart_churn.title, t.chart_tier_mix.title,
              t.chart_revenue_lines.title, t.chart_subscribers_by_segment.title, t.segment_table_heading,
              t.headline_table_heading, t.appendix_heading, t.whole_base, t.figures.npv_margin, t.column_p95})
            EXPECT_NE(html.find(word), std::string::npos) << "missing " << word << " in " << t.html_lang;
    }
}

TEST(HtmlReport, ShowsWarningsProminently) {
    const std::string html = html_report(small_results(), context(Language::en));
    const std::size_t warnings = html.find("class=\"warnings\"");
    ASSERT_NE(warnings, std::string::npos);
    EXPECT_LT(warnings, html.find("id=\"charts\"")) << "warnings belong in the executive summary";
    EXPECT_NE(html.find("Segment “&lt;unstable&gt;” has no customers left"), std::string::npos);
}

TEST(HtmlReport, EscapesMarkupInTheTitleSegmentNamesAndYaml) {
    const std::string html = html_report(small_results(), context(Language::zh_cn));
    EXPECT_NE(html.find("Tiny &lt;b&gt;offer&lt;/b&gt; &amp; co"), std::string::npos);
    EXPECT_EQ(html.find("<b>offer</b>"), std::string::npos);
    EXPECT_NE(html.find("a &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;"),
              std::string::npos);
    EXPECT_EQ(html.find("<script>alert(1)"), std::string::npos);
    EXPECT_NE(html.find("VIP &lt;/script&gt;&lt;!-- 客户"), std::string::npos);
}

TEST(HtmlReport, KeepsScriptEndTagsOutOfTheInlineJson) {
    const std::string html = html_report(small_results(), context(Language::zh_cn));
    const std::string json = inline_json(html);
    EXPECT_EQ(json.find("</"), std::string::npos);
    EXPECT_EQ(json.find("<!--"), std::string::npos);
    const auto data = nlohmann::json::parse(json);
    const auto& segments = data["charts"]["subscribers-by-segment"]["series"];
    ASSERT_EQ(segments.size(), 2u);
    EXPECT_EQ(segments[1]["name"], "VIP </script><!-- 客户") << "the escapes must round-trip";
    // Three script elements (data, ECharts, the page's script) and nothing else ends one.
    std::size_t ends = 0;
    for (std::size_t at = html.find("</script"); at != std::string::npos; at = html.find("</script", at + 1))
        ++ends;
    EXPECT_EQ(ends, 3u);
}

TEST(HtmlReport, PutsTheMonthlyMeansAndBandsIntoTheChartData) {
    const auto data = nlohmann::json::parse(inline_json(html_report(small_results(), context(Language::en))));
    EXPECT_EQ(data["months"], nlohmann::json::array({1, 2, 3}));
    const auto& subscribers = data["charts"]["subscribers"]["bands"][0];
    // The whole base is row 2: month 1 is (1 + 2 + 1) x 1000.
    EXPECT_DOUBLE_EQ(subscribers["mean"][0].get<double>(), 4000.0);
    EXPECT_DOUBLE_EQ(subscribers["p5"][0].get<double>(), 3800.0);
    EXPECT_DOUBLE_EQ(subscribers["p95"][2].get<double>(), 6300.0);
    const auto& churn = data["charts"]["churn"]["series"];
    ASSERT_EQ(churn.size(), 3u) << "every segment and the whole base";
    EXPECT_EQ(churn[2]["name"], "Whole base");
    EXPECT_TRUE(churn[2]["total"].get<bool>());
    EXPECT_EQ(data["charts"]["tier-mix"]["series"][1]["name"], "全球通 58");
}

TEST(HtmlReport, StacksRevenueLinesThatAddUpToTheTotal) {
    const auto data = nlohmann::json::parse(inline_json(html_report(small_results(), context(Language::en))));
    const auto& series = data["charts"]["revenue-lines"]["series"];
    std::vector<std::string> names;
    for (const auto& line : series) names.push_back(line["name"]);
    for (const std::string expected : {"Monthly fees", "Voice overage", "Data overage", "SMS overage"})
        EXPECT_NE(std::find(names.begin(), names.end(), expected), names.end()) << "missing " << expected;
    // Every line of the hand-built results is (month + row + 1) x 1000, so the listed lines
    // overshoot the total and "other" takes up the difference.
    EXPECT_EQ(names.back(), "Other revenue");
    for (std::size_t month = 0; month < kMonths; ++month) {
        double stacked = 0.0;
        for (const auto& line : series) stacked += line["values"][month].get<double>();
        EXPECT_NEAR(stacked, (month + 1 + 2 + 1) * 1000.0, 1e-6) << "month " << month + 1;
    }
}

TEST(HtmlReport, SummarisesEachOfferWithItsMarginBandAndPayback) {
    const std::string html = html_report(small_results(), context(Language::en));
    const std::size_t table = html.find("<table class=\"offers\">");
    ASSERT_NE(table, std::string::npos);
    EXPECT_LT(table, html.find("id=\"charts\"")) << "offers belong in the executive summary";
    // Each column in the unit of its largest value (one offer: its own), to two places below 100.
    EXPECT_NE(html.find("<tr><td>合约机 &lt;1999&gt;</td><td>9,600</td><td>5,809</td><td>¥59.31M</td>"
                        "<td>¥25.79M<span class=\"cell-band\">¥25.59M – ¥25.99M</span></td><td>month 2</td>"
                        "<td>100%</td></tr>"),
              std::string::npos);
    EXPECT_NE(html.find("<tr><td>gift</td>"), std::string::npos) << "an offer without a name shows its id";
    EXPECT_NE(html.find("<td>not paid back within 3 months</td><td>20%</td>"), std::string::npos);
    const std::string zh = html_report(small_results(), context(Language::zh_cn));
    EXPECT_NE(zh.find("<td>第 2 个月</td>"), std::string::npos);
    EXPECT_NE(zh.find("<td>3 个月内未回本</td>"), std::string::npos) << "the one wording for it";
}

TEST(HtmlReport, LeavesTheOfferTableOutWithoutOffers) {
    sim::RunResults r = small_results();
    r.offers.clear();
    EXPECT_EQ(html_report(r, context(Language::en)).find("class=\"offers\""), std::string::npos);
}

sim::RunResults with_behaviour() {
    sim::RunResults r = small_results();
    sim::BehaviourSummary b;
    b.totals = {{"plan_changes", band(46937.0, 300.0)},
                {"vip_downgrades", band(14525.0, 100.0)},
                {"cost_retention_cny", band(1020772.5, 2000.0)}};
    b.migrations = {{"t58", "t19", band(7173.0, 90.0)}, {"t19", "t58", band(5913.0, 80.0)}};
    b.vip_levels = {"silver", "gold", "diamond"};
    r.behaviour = b;
    return r;
}

TEST(HtmlReport, ShowsBehaviourTotalsMigrationFlowsAndTheirChart) {
    const std::string html = html_report(with_behaviour(), context(Language::en));
    const auto section = html.substr(html.find("<section id=\"behaviour\""));
    EXPECT_NE(section.find("Customer behaviour"), std::string::npos);
    EXPECT_NE(section.find("<td>Plan changes</td><td>46,937</td>"), std::string::npos);
    EXPECT_NE(section.find("<td>Retention campaigns</td><td>¥1.02M</td>"), std::string::npos)
        << section.substr(0, 2000);
    EXPECT_NE(section.find("<td>全球通 58</td><td>动感地带 19</td><td>7,173</td>"), std::string::npos);
    EXPECT_LT(section.find("<td>全球通 58</td><td>动感地带 19</td>"),
              section.find("<td>动感地带 19</td><td>全球通 58</td>"))
        << "largest flow first";
    const auto data = nlohmann::json::parse(inline_json(html));
    const auto& chart = data["charts"]["behaviour"];
    EXPECT_NE(html.find("id=\"chart-behaviour\""), std::string::npos);
    ASSERT_EQ(chart["series"].size(), 5u);
    EXPECT_EQ(chart["series"][0]["name"], "Plan changes");
    // The whole base is row 2: month 1 is (1 + 2 + 1) x 1000.
    EXPECT_DOUBLE_EQ(chart["series"][0]["values"][0].get<double>(), 4000.0);
}

TEST(HtmlReport, LeavesBehaviourOutWhenTheScenarioHasNone) {
    const std::string html = html_report(small_results(), context(Language::en));
    EXPECT_EQ(html.find("id=\"behaviour\""), std::string::npos);
    EXPECT_FALSE(nlohmann::json::parse(inline_json(html))["charts"].contains("behaviour"));
}

// The engine's figures, formatted, each with its P5-P95 band as the cell's tooltip.
TEST(HtmlReport, TabulatesEverySegmentsFiguresWithTheirBands) {
    const std::string html = html_report(small_results(), context(Language::en));
    // mass: start 300,000 (no spread), end 310,000, revenue ¥9M (in the unit of the column's
    // ¥123M, so no places), ARPU ¥28.50, churn 2.1%, each band +-2% of the mean.
    EXPECT_NE(html.find("<tr><td>公众客户<span class=\"id\">mass</span></td><td>300,000</td>"
                        "<td title=\"P5–P95 303,800 – 316,200\">310,000</td>"
                        "<td title=\"P5–P95 ¥8.82M – ¥9.18M\">¥9M</td>"
                        "<td title=\"P5–P95 ¥27.93 – ¥29.07\">¥28.50</td>"
                        "<td title=\"P5–P95 2.06% – 2.14%\">2.10%</td></tr>"),
              std::string::npos);
    EXPECT_NE(
        html.find("<tr class=\"total\"><td>Whole base</td><td title=\"P5–P95 399,000 – 401,000\">400,000</td>"
                  "<td title=\"P5–P95 452,000 – 460,000\">456,000</td>"
                  "<td title=\"P5–P95 ¥120M – ¥126M\">¥123M</td>"
                  "<td title=\"P5–P95 ¥67.90 – ¥68.90\">¥68.40</td>"
                  "<td title=\"P5–P95 3.35% – 3.55%\">3.45%</td></tr>"),
        std::string::npos);
    EXPECT_NE(html.find("Hover over a figure for its P5–P95 band."), std::string::npos);
}

// A ratio that no replication defines (the segment billed nobody) shows a dash, no band.
TEST(HtmlReport, ShowsADashForAFigureNoReplicationDefines) {
    sim::RunResults results = small_results();
    const double nan = std::nan("");
    results.segments[1].arpu_cny = {.mean = nan, .std_error = nan, .p5 = nan, .p50 = nan, .p95 = nan, .n = 0};
    const std::string html = html_report(results, context(Language::en));
    EXPECT_NE(html.find("<td>—</td><td title=\"P5–P95 7.30% – 7.60%\">7.45%</td></tr>"), std::string::npos);
}

TEST(HtmlReport, ListsEveryHeadlineWithMeanStdErrorAndPercentiles) {
    const std::string html = html_report(small_results(), context(Language::en));
    EXPECT_NE(html.find("<tr><td>Revenue</td><td>¥123M</td><td>¥300,000</td><td>¥120M</td><td>¥123M</td>"
                        "<td>¥126M</td></tr>"),
              std::string::npos);
    EXPECT_NE(html.find("<tr><td>MOU</td><td>412 min</td>"), std::string::npos);
}

TEST(HtmlReport, CarriesTheAssumptionsAndTheEchartsLicence) {
    const std::string html = html_report(small_results(), context(Language::en));
    EXPECT_NE(html.find(fmt::format("Apache ECharts {}", assets::echarts_version())), std::string::npos);
    const std::size_t details = html.find("<details class=\"licence\">");
    ASSERT_NE(details, std::string::npos);
    EXPECT_NE(html.find("Apache License", details), std::string::npos);
    for (const std::string expected :
         {"424242", "offersim 9.9.9 (abcdef0)", "2025-01-02 11:04 Beijing time (UTC+8)", "3 months",
          "<pre class=\"scenario-yaml\">name: tiny\n"})
        EXPECT_NE(html.find(expected), std::string::npos) << "missing " << expected;
}

TEST(HtmlReport, PrintsOnA4WithPageBreaksBeforeSections) {
    const std::string html = html_report(small_results(), context(Language::zh_cn));
    EXPECT_NE(html.find("@page { size: A4"), std::string::npos);
    EXPECT_NE(html.find("@media print"), std::string::npos);
    EXPECT_NE(html.find("<section id=\"charts\" class=\"page-break\">"), std::string::npos);
}

TEST(HtmlReport, IsTheSameForTheSameInput) {
    EXPECT_EQ(html_report(small_results(), context(Language::zh_cn)),
              html_report(small_results(), context(Language::zh_cn)));
}

TEST(HtmlReport, RejectsMonthlyLinesOfTheWrongShape) {
    sim::RunResults r = small_results();
    r.monthly.pop_back();
    EXPECT_THROW(html_report(r, context(Language::en)), RunError);
    r = small_results();
    r.tier_mix.pop_back();
    EXPECT_THROW(html_report(r, context(Language::en)), RunError);
}

}  // namespace
}  // namespace offersim::reports

namespace offersim::reports {

TEST(HtmlReport, ShadesCompetitorMovesOnTheTimeAxis) {
    auto results = small_results();
    results.events.push_back({"cut", "半价 </script>", "price_cut", 2, 3});
    const std::string html = html_report(results, context(Language::en));
    const auto data = nlohmann::json::parse(inline_json(html));
    ASSERT_EQ(data["events"].size(), 1u);
    EXPECT_EQ(data["events"][0]["name"], "半价 </script>");
    EXPECT_EQ(data["events"][0]["start"], 2);
    EXPECT_EQ(data["events"][0]["end"], 3);
    EXPECT_EQ(html.find("半价 </script>"), std::string::npos)
        << "the name cannot close the data's script element";
    EXPECT_NE(html.find("markArea"), std::string::npos);
}

}  // namespace offersim::reports

namespace offersim::reports {

// The survival chart draws the engine's survival line, mean and band, for every row.
TEST(HtmlReport, DrawsTheEnginesSurvivalLineWithItsBand) {
    const auto results = small_results();
    const auto data = nlohmann::json::parse(inline_json(html_report(results, context(Language::en))));
    const auto& series = data["charts"]["survival"]["series"];
    ASSERT_EQ(series.size(), results.segment_ids.size());
    for (std::size_t row = 0; row < series.size(); ++row)
        for (int month = 1; month <= results.horizon_months; ++month) {
            const auto& band = results.line(month, static_cast<int>(row), "survival");
            const auto at = static_cast<std::size_t>(month - 1);
            EXPECT_EQ(series[row]["values"][at].get<double>(), band.mean)
                << "row " << row << ", month " << month;
            EXPECT_EQ(series[row]["p5"][at].get<double>(), band.p5) << "row " << row << ", month " << month;
            EXPECT_EQ(series[row]["p95"][at].get<double>(), band.p95) << "row " << row << ", month " << month;
        }
    EXPECT_TRUE(series.back()["total"].get<bool>());
}

}  // namespace offersim::reports
