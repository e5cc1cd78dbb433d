#include "engine/core/error.hpp"
#include "report_fixtures.hpp"
#include "reports/assets/embedded_assets.hpp"
#include "reports/figure_format.hpp"
#include "reports/html_page.hpp"
#include "reports/html_report.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace offersim::reports {
namespace {

using fixtures::inline_json;
using fixtures::VariantSpec;

// The comparison page of a baseline titled with markup and its variants.
struct HtmlComparison : fixtures::ComparisonRuns {
    explicit HtmlComparison(const std::vector<VariantSpec>& specs)
        : ComparisonRuns(specs, "Baseline <b>now</b>") {}
    std::string html(Language language) const {
        return html_comparison_report(baseline, variants(), comparisons, fixtures::context(language));
    }
};

// "Winner & co" gains 5M +- 1M of NPV for 2M of cost; "loser" 1M +- 3M for 0.5M.
HtmlComparison clear_winner() {
    return HtmlComparison(
        {{.name = "winner", .title = "Winner & co", .npv = 5e6, .npv_spread = 1e6, .cost = 2e6},
         {.name = "loser",
          .title = "",
          .npv = 1e6,
          .npv_spread = 3e6,
          .cost = 5e5,
          .payback_month = 3.0,
          .payback_share = 0.6}});
}

// No NPV band lies above zero: the best includes zero, the other is below it.
HtmlComparison no_winner() {
    return HtmlComparison(
        {{.name = "winner", .title = "Winner & co", .npv = 1e6, .npv_spread = 3e6, .cost = 2e6},
         {.name = "loser",
          .title = "Loser",
          .npv = -2e6,
          .npv_spread = 1e6,
          .cost = -5e5,
          .payback_share = 0.1}});
}

std::size_t count(const std::string& text, std::string_view what) {
    std::size_t n = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

// The executive summary: everything before the charts.
std::string summary_of(const std::string& html) {
    return html.substr(0, html.find("<section id=\"charts\""));
}

TEST(HtmlComparison, RecommendsTheVariantWithTheHighestNpvWhoseBandLiesAboveZero) {
    const std::string summary = summary_of(clear_winner().html(Language::en));
    EXPECT_NE(summary.find(
                  "Launch “Winner &amp; co”: it adds ¥5.00M to the NPV of margin (P5–P95 ¥4.00M – "
                  "¥6.00M, entirely above zero) for ¥2.00M of incremental cost, and pays back in month 2."),
              std::string::npos)
        << summary;
    EXPECT_NE(summary.find("<div class=\"decision go\">"), std::string::npos);
    EXPECT_NE(summary.find("Which of the 2 variants, if any, should we launch instead of the baseline "
                           "“Baseline &lt;b&gt;now&lt;/b&gt;”?"),
              std::string::npos);
    EXPECT_EQ(summary.find("class=\"caveat\""), std::string::npos) << "the winner also has the highest mean";
}

TEST(HtmlComparison, RecommendsInChineseWithChineseNumbers) {
    const std::string summary = summary_of(clear_winner().html(Language::zh_cn));
    EXPECT_NE(summary.find(
                  "建议推出「Winner &amp; co」：毛利净现值增加 ¥500万（P5–P95 ¥400万 ~ ¥600万，整体高于零），"
                  "增量成本 ¥200万，第 2 个月回本。"),
              std::string::npos)
        << summary;
    EXPECT_NE(summary.find("<html lang=\"zh-CN\">"), std::string::npos);
}

TEST(HtmlComparison, AsksAboutTheOneVariantByName) {
    const HtmlComparison one(
        {{.name = "winner", .title = "Winner", .npv = 5e6, .npv_spread = 1e6, .cost = 2e6}});
    EXPECT_NE(one.html(Language::en).find("Should we launch “Winner” instead of the baseline"),
              std::string::npos);
    EXPECT_NE(
        one.html(Language::zh_cn).find("是否推出「Winner」替代基线「Baseline &lt;b&gt;now&lt;/b&gt;」？"),
        std::string::npos);
}

TEST(HtmlComparison, RecommendsNoneWhenNoNpvBandLiesAboveZero) {
    const std::string summary = summary_of(no_winner().html(Language::en));
    EXPECT_NE(
        summary.find("None recommended: no variant raises the NPV of margin across its whole P5–P95 band. "
                     "The best, “Winner &amp; co”, changes it by +¥1.00M (P5–P95 -¥2.00M – ¥4.00M, includes "
                     "zero) for ¥2.00M of incremental cost, and pays back in month 2."),
        std::string::npos)
        << summary;
    EXPECT_NE(summary.find("<div class=\"decision hold\">"), std::string::npos);
    EXPECT_EQ(summary.find("class=\"tag\""), std::string::npos) << "no row is marked recommended";
    const std::string zh = summary_of(no_winner().html(Language::zh_cn));
    EXPECT_NE(zh.find("不建议推出任何方案"), std::string::npos);
}

TEST(HtmlComparison, SaysWhenAVariantLowersCostAndDoesNotPayBack) {
    const HtmlComparison saver({{.name = "saver",
                                 .title = "Saver",
                                 .npv = 3e6,
                                 .npv_spread = 1e6,
                                 .cost = -5e5,
                                 .payback_share = 0.2}});
    EXPECT_NE(
        saver.html(Language::en).find("while lowering cost by ¥500,000, and not paid back within 3 months."),
        std::string::npos);
}

TEST(HtmlComparison, CautionsWhenAHigherMeanVariantHasABandThatIncludesZero) {
    const HtmlComparison c(
        {{.name = "steady", .title = "Steady", .npv = 3e6, .npv_spread = 1e6, .cost = 1e6},
         {.name = "gamble", .title = "Gamble", .npv = 6e6, .npv_spread = 7e6, .cost = 1e6}});
    const std::string summary = summary_of(c.html(Language::en));
    EXPECT_NE(summary.find("Launch “Steady”"), std::string::npos);
    EXPECT_NE(
        summary.find("<p class=\"caveat\">“Gamble” has a higher mean gain (+¥6.00M), but its P5–P95 band "
                     "(-¥1.00M – ¥13.0M) includes zero.</p>"),
        std::string::npos)
        << summary;
}

TEST(HtmlComparison, ShowsSevenHeadlineChangesOfTheLeadVariantWithBands) {
    const std::string summary = summary_of(clear_winner().html(Language::en));
    for (const std::string key : {"npv_margin_cny", "revenue_total_cny", "cost_total_cny", "margin_total_cny",
                                  "subscribers_end", "churners", "payback_month"})
        EXPECT_NE(summary.find(fmt::format("<div class=\"card\" data-figure=\"{}\">", key)),
                  std::string::npos)
            << "missing card " << key;
    EXPECT_EQ(count(summary, "<div class=\"card\""), 7u);
    EXPECT_NE(summary.find("<div class=\"card-value good\">+¥5.00M</div>"), std::string::npos);
    EXPECT_NE(summary.find("¥4.00M – ¥6.00M<span class=\"side side-above\">entirely above zero</span>"),
              std::string::npos);
    EXPECT_NE(summary.find("<div class=\"card-value\">month 2</div>"), std::string::npos);
    EXPECT_NE(summary.find("month 1 – month 3"), std::string::npos) << "the payback band";
}

TEST(HtmlComparison, TabulatesEveryVariantInATableSortedByClickingAHeading) {
    const std::string html = clear_winner().html(Language::en);
    const std::size_t table = html.find("<table class=\"comparison sortable\" id=\"variant-table\">");
    ASSERT_NE(table, std::string::npos);
    EXPECT_LT(table, html.find("<section id=\"charts\"")) << "the table belongs to the executive summary";
    const std::string body = html.substr(table, html.find("</table>", table) - table);
    EXPECT_EQ(count(body, "<th scope=\"col\""), 9u);
    EXPECT_EQ(count(body, "<button type=\"button\""), 9u);
    EXPECT_NE(
        body.find("<th scope=\"colgroup\" colspan=\"6\" class=\"group\">Change against the baseline</th>"),
        std::string::npos);
    EXPECT_NE(
        body.find(
            "data-column=\"1\" data-type=\"number\"><button type=\"button\" title=\"Sort by this column\">"
            "NPV of margin</button>"),
        std::string::npos)
        << "each change is headed by its figure and sorts its own column";
    EXPECT_EQ(count(body, "<tr data-variant="), 2u);
    EXPECT_NE(body.find("<tr data-variant=\"winner\" class=\"recommended\">"), std::string::npos);
    EXPECT_NE(body.find("<td data-sort=\"5000000\">+¥5.00M<span class=\"cell-band good\">"),
              std::string::npos);
    EXPECT_NE(body.find("<td class=\"variant-name\" data-sort=\"loser\">loser"), std::string::npos)
        << "a variant without a title shows its name";
    EXPECT_NE(html.find("function sortable(table)"), std::string::npos);
    EXPECT_NE(html.find("aria-sort"), std::string::npos);
}

TEST(HtmlComparison, HasAContainerAndDataForEveryChart) {
    const std::string html = clear_winner().html(Language::en);
    const auto data = nlohmann::json::parse(inline_json(html));
    // The shared charts, then each variant's cash on its own scale.
    for (const std::string id : {"cumulative-margin", "monthly-margin", "cost-lines", "cash-1", "cash-2"}) {
        EXPECT_NE(html.find(fmt::format("id=\"chart-{}\"", id)), std::string::npos) << "chart " << id;
        EXPECT_TRUE(data["charts"].contains(id)) << "chart data " << id;
    }
    EXPECT_EQ(data["charts"].size(), 5u);
    EXPECT_NE(html.find("renderer: 'svg'"), std::string::npos);
    EXPECT_NE(html.find(assets::echarts_js().substr(0, 200)), std::string::npos);
    EXPECT_EQ(html.find("<script src"), std::string::npos) << "the report must not load anything";
}

// The shared style and runtime of reports/web with what this page adds: comparison.css after
// report.css, and comparison.js in place of the runtime's page-script line.
TEST(HtmlComparison, InlinesTheStyleAndScriptsOfReportsWeb) {
    const std::string html = clear_winner().html(Language::en);
    EXPECT_NE(html.find(fmt::format("<style>\n{}{}</style>", assets::report_css(), assets::comparison_css())),
              std::string::npos);
    constexpr std::string_view slot = "  /* offersim:page-script */\n";
    const std::string_view js = assets::report_js();
    const std::size_t at = js.find(slot);
    ASSERT_NE(at, std::string_view::npos);
    const std::string runtime = fmt::format("<script>\n{}{}{}</script>\n", js.substr(0, at),
                                            assets::comparison_js(), js.substr(at + slot.size()));
    EXPECT_NE(html.find(runtime), std::string::npos)
        << "comparison.js is not in report.js's page-script line";
}

TEST(HtmlComparison, MarksThePaybackMonthOnTheCumulativeMargin) {
    const auto data = nlohmann::json::parse(inline_json(clear_winner().html(Language::en)));
    const auto& chart = data["charts"]["cumulative-margin"];
    EXPECT_EQ(chart["kind"], "fan");
    EXPECT_TRUE(chart["zeroLine"].get<bool>());
    const auto& winner = chart["bands"][0];
    EXPECT_EQ(winner["name"], "Winner & co");
    EXPECT_EQ(winner["marker"]["index"], 1) << "month 2 is the second category";
    EXPECT_EQ(winner["marker"]["label"], "Payback: month 2");
    // Month 1 loses 1,000; months 2 and 3 gain 4,000 and 6,000.
    EXPECT_DOUBLE_EQ(winner["mean"][2].get<double>(), 9000.0);
    EXPECT_DOUBLE_EQ(winner["p5"][0].get<double>(), -1200.0);
    EXPECT_EQ(chart["bands"][1]["marker"]["index"], 2) << "paid back in 60%: month 3 is marked";
}

TEST(HtmlComparison, LeavesThePaybackMarkOutWhenMostReplicationsNeverPayBack) {
    const auto data = nlohmann::json::parse(inline_json(no_winner().html(Language::en)));
    EXPECT_FALSE(data["charts"]["cumulative-margin"]["bands"][1].contains("marker"));
}

TEST(HtmlComparison, BreaksDownTheCostLinesThatChange) {
    const auto data = nlohmann::json::parse(inline_json(clear_winner().html(Language::en)));
    const auto& chart = data["charts"]["cost-lines"];
    EXPECT_EQ(chart["categories"], nlohmann::json::array({"Handset subsidy", "Total cost"}));
    ASSERT_EQ(chart["series"].size(), 2u);
    EXPECT_EQ(chart["series"][0]["values"], nlohmann::json::array({2e6, 2e6}));
    EXPECT_EQ(chart["series"][1]["name"], "loser");
}

TEST(HtmlComparison, ListsEachVariantsFiguresAgainstTheBaselineAndItsOffers) {
    HtmlComparison c = clear_winner();
    c.runs[0].offers = {fixtures::phone_offer()};
    c.comparisons[0].offers = {fixtures::phone_offer_effect()};
    const std::string html = c.html(Language::en);
    const std::size_t details = html.find("<section id=\"details\"");
    ASSERT_NE(details, std::string::npos);
    EXPECT_NE(html.find("<h3>Winner &amp; co: every figure</h3>", details), std::string::npos);
    // Baseline 123M, variant 1.1 x, change 5M + 2M x 1.1... as the fixture sets them.
    EXPECT_NE(html.find("<tr><td>Revenue</td><td>¥123M</td><td>¥136M</td><td class=\"change\">+¥7.50M</td>",
                        details),
              std::string::npos);
    EXPECT_NE(html.find("<tr><td>Handset subsidy</td>", details), std::string::npos);
    EXPECT_NE(
        html.find("<h3>Offer effects: Winner &amp; co (incremental, against the world without the offer)"
                  "</h3>",
                  details),
        std::string::npos);
    // Incremental first (margin change, cannibalised revenue), the holders' gross figures after.
    const std::size_t row =
        html.find("<tr><td>合约机 &lt;1999&gt;</td><td>9,600</td><td class=\"change\">+¥2.00M", details);
    EXPECT_NE(row, std::string::npos);
    EXPECT_LT(html.find("¥1.50M", row), html.find("¥25.8M", row));
    EXPECT_EQ(html.find("<h3>loser: offers</h3>"), std::string::npos) << "no offers, no table";
}

TEST(HtmlComparison, CarriesTheAssumptionsAndTheEchartsLicence) {
    const std::string html = clear_winner().html(Language::en);
    const std::size_t appendix = html.find("<section id=\"appendix\"");
    ASSERT_NE(appendix, std::string::npos);
    for (const std::string& expected : std::vector<std::string>{
             "424242", "offersim 9.9.9 (abcdef0)", "2025-01-02 11:04 Beijing time (UTC+8)", "3 months",
             "Winner &amp; co (winner)", fmt::format("Apache ECharts {}", assets::echarts_version())})
        EXPECT_NE(html.find(expected, appendix), std::string::npos) << "missing " << expected;
    EXPECT_NE(html.find("<pre class=\"scenario-yaml\">name: tiny\ntitle: &quot;a &lt;/script&gt;", appendix),
              std::string::npos);
    EXPECT_EQ(html.find("<script>alert(1)"), std::string::npos);
    EXPECT_NE(html.find("Apache License", html.find("<details class=\"licence\">")), std::string::npos);
}

TEST(HtmlComparison, EscapesMarkupInTitlesAndKeepsItOutOfTheInlineJson) {
    HtmlComparison c({{.name = "x\"y", .title = "</script><!-- <b>bold</b>", .npv = 5e6, .npv_spread = 1e6}});
    const std::string html = c.html(Language::en);
    EXPECT_EQ(html.find("<b>bold</b>"), std::string::npos);
    EXPECT_NE(html.find("&lt;/script&gt;&lt;!-- &lt;b&gt;bold&lt;/b&gt;"), std::string::npos);
    EXPECT_NE(html.find("data-variant=\"x&quot;y\""), std::string::npos);
    const std::string json = inline_json(html);
    EXPECT_EQ(json.find("</"), std::string::npos);
    EXPECT_EQ(json.find("<!--"), std::string::npos);
    EXPECT_EQ(nlohmann::json::parse(json)["charts"]["cost-lines"]["series"][0]["name"],
              "</script><!-- <b>bold</b>");
    EXPECT_EQ(count(html, "</script"), 3u) << "data, ECharts and the page's script";
}

TEST(HtmlComparison, TakesEveryWordFromTheLanguageTable) {
    for (const Language language : {Language::zh_cn, Language::en}) {
        const ReportText& t = report_text(language);
        const ComparisonText& ct = t.comparison;
        const std::string html = clear_winner().html(language);
        for (const std::string_view word :
             {ct.report_kind, ct.question_label, ct.recommendation_label, ct.card_npv, ct.card_payback,
              ct.table_heading, ct.column_group_change, ct.column_paid_back, ct.recommended_tag,
              ct.chart_cumulative.title, ct.chart_monthly.title, ct.chart_cost_lines.title,
              ct.details_heading, ct.baseline_yaml_heading, t.summary_heading, t.appendix_heading,
              t.cost_lines.subsidy})
            EXPECT_NE(html.find(word), std::string::npos) << "missing " << word << " in " << t.html_lang;
    }
    const std::string en = clear_winner().html(Language::en);
    EXPECT_EQ(en.find("执行摘要"), std::string::npos) << "zh-CN text in the English report";
    EXPECT_EQ(en.find("建议"), std::string::npos);
}

TEST(HtmlComparison, PrintsTheSummaryOnTheFirstA4PageAndBreaksBeforeTheCharts) {
    const std::string html = clear_winner().html(Language::zh_cn);
    EXPECT_NE(html.find("@page { size: A4"), std::string::npos);
    EXPECT_NE(html.find("<section id=\"charts\" class=\"page-break\">"), std::string::npos);
    EXPECT_NE(html.find("<section id=\"details\" class=\"page-break\">"), std::string::npos);
}

TEST(HtmlComparison, IsTheSameForTheSameInput) {
    EXPECT_EQ(clear_winner().html(Language::zh_cn), clear_winner().html(Language::zh_cn));
}

TEST(HtmlComparison, ListsWhatEachVariantChangesAndWarnsBesideFiguresThatAreNotLikeForLike) {
    HtmlComparison page = clear_winner();
    page.comparisons[0].changes = fixtures::base_and_cost_changes();
    for (const Language language : {Language::zh_cn, Language::en}) {
        const ReportText& t = report_text(language);
        const std::string summary = summary_of(page.html(language));
        const std::size_t changes = summary.find("id=\"changes\"");
        ASSERT_NE(changes, std::string::npos) << "the list of changes is in the executive summary";
        EXPECT_LT(changes, summary.find("class=\"cards\"")) << "what changed comes before the figures";
        EXPECT_NE(summary.find("<code>costs.interconnect_per_off_net_min_cny</code>"), std::string::npos);
        EXPECT_NE(summary.find("<td>58</td><td>48</td>"), std::string::npos);
        EXPECT_NE(summary.find(std::string(t.comparison.no_changes)), std::string::npos)
            << "the loser changes nothing";
        // Beside the winner's row of the table and above its cards (it leads).
        const std::string flag = fill(t.comparison.not_like_for_like,
                                      {{"areas", fmt::format("{}{}{}", t.comparison.area_customer_base,
                                                             t.meta_separator, t.comparison.area_costs)}});
        const std::size_t row = summary.find("<tr data-variant=\"winner\"");
        ASSERT_NE(row, std::string::npos);
        const std::string winner_row = summary.substr(row, summary.find("</tr>", row) - row);
        EXPECT_NE(winner_row.find(html::escape(flag)), std::string::npos) << winner_row;
        const std::size_t cards = summary.find("class=\"cards-lead\"");
        EXPECT_NE(summary.find(html::escape(flag), cards), std::string::npos) << "beside the lead's cards";
        const std::size_t loser = summary.find("<tr data-variant=\"loser\"");
        const std::string loser_row = summary.substr(loser, summary.find("</tr>", loser) - loser);
        EXPECT_EQ(loser_row.find("not-like-for-like"), std::string::npos) << "the loser is like for like";
    }
}

TEST(HtmlComparison, AVariantIdenticalToTheBaselineReadsNoDifferenceNotMonthOne) {
    fixtures::ComparisonRuns runs(
        {{.name = "winner", .title = "Winner", .npv = 5e6, .npv_spread = 1e6, .cost = 2e6}});
    runs.runs.push_back(fixtures::run_results("same", "Same", 1.0));
    runs.comparisons.push_back(fixtures::identical_comparison("same"));
    for (const Language language : {Language::zh_cn, Language::en}) {
        const std::string html = html_comparison_report(runs.baseline, runs.variants(), runs.comparisons,
                                                        fixtures::context(language));
        const std::size_t at = html.find("<tr data-variant=\"same\"");
        ASSERT_NE(at, std::string::npos);
        const std::string row = html.substr(at, html.find("</tr>", at) - at);
        const std::string_view none = report_text(language).no_difference;
        EXPECT_GE(count(row, fmt::format(">{}<", none)), 7u) << row;
        EXPECT_EQ(row.find(fill(report_text(language).payback_month, {{"month", "1"}})), std::string::npos)
            << row;
    }
}

TEST(HtmlComparison, WritesAChangeOfTheChurnRateInPercentagePoints) {
    const std::string html = clear_winner().html(Language::zh_cn);
    EXPECT_NE(html.find("-0.10 个百分点"), std::string::npos) << "churn_rate_monthly changes by -0.001";
}

TEST(HtmlComparison, CardsShowRevenueLessCostAsTheMarginShown) {
    const std::string summary = summary_of(clear_winner().html(Language::zh_cn));
    // winner: margin 5.5M, cost 2M, revenue 7.5M.
    for (const auto* expected : {"+¥750万", "+¥200万", "+¥550万"})
        EXPECT_NE(summary.find(expected), std::string::npos) << expected;
}

TEST(HtmlComparison, RejectsVariantsThatDoNotMatchTheComparisons) {
    HtmlComparison c = clear_winner();
    const auto context = fixtures::context(Language::en);
    EXPECT_THROW(html_comparison_report(c.baseline, {}, c.comparisons, context), RunError);
    EXPECT_THROW(html_comparison_report(c.baseline, {}, {}, context), RunError);
    c.comparisons[0].cumulative_margin_delta_cny.pop_back();
    EXPECT_THROW(html_comparison_report(c.baseline, c.variants(), c.comparisons, context), RunError);
}

}  // namespace
}  // namespace offersim::reports
