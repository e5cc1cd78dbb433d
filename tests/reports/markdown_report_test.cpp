#include "reports/markdown_report.hpp"
#include "engine/core/error.hpp"
#include "report_fixtures.hpp"

#include <gtest/gtest.h>
#include <string>
#include <string_view>
#include <vector>

namespace offersim::reports {
namespace {

using fixtures::contains;
using fixtures::VariantSpec;

sim::RunResults offer_run_with_warning() {
    sim::RunResults r = fixtures::run_with_offer("Tiny <b>offer</b> | *best*");
    r.warnings = {{.kind = sim::WarningKind::segment_emptied,
                   .replications = 0,
                   .minimum = 0,
                   .segment = "<unstable>",
                   .move = {},
                   .rival = {}}};
    return r;
}

// The comparison report of a baseline and variants, the first holding the phone offer.
struct MarkdownComparison : fixtures::ComparisonRuns {
    explicit MarkdownComparison(const std::vector<VariantSpec>& specs) : ComparisonRuns(specs) {
        runs.front().offers = {fixtures::phone_offer()};
        comparisons.front().offers = {fixtures::phone_offer_effect()};
    }
    std::string markdown(Language language) const {
        return markdown_comparison_report(baseline, variants(), comparisons, fixtures::context(language));
    }
};

MarkdownComparison winner_and_piped_loser() {
    return MarkdownComparison(
        {{.name = "winner", .title = "Winner", .npv = 5e6, .npv_spread = 1e6, .cost = 2e6},
         {.name = "loser", .title = "Loser | B", .npv = 1e6, .npv_spread = 3e6, .cost = 5e5}});
}

TEST(MarkdownReport, OpensWithTheSummaryFiguresAndTheirBands) {
    const std::string md = markdown_report(offer_run_with_warning(), fixtures::context(Language::en));
    EXPECT_EQ(md.rfind("# Tiny \\<b\\>offer\\</b\\> \\| \\*best\\*\n", 0), 0u) << md;
    EXPECT_TRUE(contains(md, "## Executive summary\n"));
    EXPECT_TRUE(contains(md, "| Figure | Mean | P5–P95 |  |\n|---|---:|---:|---|\n"));
    EXPECT_TRUE(contains(md, "| Revenue | ¥123M | ¥120M – ¥126M | Total over the horizon |\n"));
    EXPECT_TRUE(contains(md,
                         "| Monthly churn (churners ÷ subscribers billed) | 3.45% | 3.35% – 3.55% | "
                         "Churners over the horizon ÷ subscribers billed, summed over the months |\n"));
    EXPECT_TRUE(
        contains(md, "> - Segment “\\<unstable\\>” has no customers left by the end of the horizon.\n"));
}

TEST(MarkdownReport, HasTheOfferSegmentAndHeadlineTables) {
    const std::string md = markdown_report(offer_run_with_warning(), fixtures::context(Language::en));
    EXPECT_TRUE(contains(md,
                         "### Offers\n\n| Offer | Take-ups | Holders at end | Revenue | Gross contribution "
                         "(holders, before fixed "
                         "cost) | Gross contribution (holders, before fixed cost) P5–P95 |"));
    EXPECT_TRUE(contains(
        md,
        "| 合约机 \\<1999\\> | 9,600 | 5,809 | ¥59.31M | ¥25.79M | ¥25.59M – ¥25.99M | month 2 | 100% |"));
    // mass: the engine's figures of fixtures::run_results, formatted, the revenue in its
    // column's unit (that of the whole base's ¥123M, so no places).
    EXPECT_TRUE(contains(md, "| 公众客户 (mass) | 300,000 | 310,000 | ¥9M | ¥28.50 | 2.10% |\n"));
    EXPECT_TRUE(contains(md, "| Whole base |"));
    EXPECT_TRUE(contains(md, "| Revenue | ¥123M | ¥300,000 | ¥120M | ¥123M | ¥126M |\n"));
    EXPECT_TRUE(contains(md, "| Handset subsidy | ¥1M | ¥1,000 | ¥1M |")) << "cost lines carry their labels";
    EXPECT_TRUE(contains(md, "- **Seed** 424242\n"));
}

TEST(MarkdownReport, TabulatesBehaviourTotalsAndMigrationFlowsWhenPresent) {
    sim::RunResults r = fixtures::run_results("tiny", "Tiny");
    EXPECT_FALSE(contains(markdown_report(r, fixtures::context(Language::en)), "Customer behaviour"));
    sim::BehaviourSummary b;
    b.totals = {{"plan_changes", fixtures::band(46937.0, 300.0)}};
    b.migrations = {{"t58", "t19", fixtures::band(7173.0, 90.0)}};
    r.behaviour = b;
    const std::string md = markdown_report(r, fixtures::context(Language::en));
    EXPECT_TRUE(contains(md, "## Customer behaviour\n"));
    EXPECT_TRUE(contains(md, "| Plan changes | 46,937 | 46,637 – 47,237 |\n")) << md;
    EXPECT_TRUE(contains(md, "### Plan migration flows\n\n| From tier | To tier | Customers | P5–P95 |\n"));
    EXPECT_TRUE(contains(md, "| t58 | 动感地带 19 | 7,173 | 7,083 – 7,263 |\n"));
}

TEST(MarkdownReport, FollowsTheLanguage) {
    const std::string md = markdown_report(offer_run_with_warning(), fixtures::context(Language::zh_cn));
    EXPECT_TRUE(contains(md, "## 执行摘要\n"));
    EXPECT_TRUE(contains(md, "| 总收入 | ¥1.23亿 | ¥1.20亿 ~ ¥1.26亿 | 模拟期内合计 |\n")) << md;
    EXPECT_TRUE(contains(md, "第 2 个月"));
    EXPECT_FALSE(contains(md, "Executive summary"));
}

TEST(MarkdownReport, RejectsMonthlyLinesOfTheWrongShape) {
    sim::RunResults r = offer_run_with_warning();
    r.monthly.pop_back();
    EXPECT_THROW(markdown_report(r, fixtures::context(Language::en)), RunError);
}

TEST(MarkdownComparisonReport, StatesTheQuestionAndTheRecommendation) {
    const std::string md = winner_and_piped_loser().markdown(Language::en);
    EXPECT_TRUE(contains(md,
                         "**Question** Which of the 2 variants, if any, should we launch instead of the "
                         "baseline “Baseline”?\n"));
    EXPECT_TRUE(contains(md,
                         "**Recommendation** Launch “Winner”: it adds ¥5.00M to the NPV of margin (P5–P95 "
                         "¥4.00M – ¥6.00M, entirely above zero) for ¥2.00M of incremental cost, and pays "
                         "back in month 2.\n"))
        << md;
    EXPECT_TRUE(
        contains(md, "| Incremental NPV of margin | +¥5.00M | ¥4.00M – ¥6.00M | entirely above zero |\n"));
    EXPECT_TRUE(contains(md, "| Payback (median) | month 2 | month 1 – month 3 |"));
}

TEST(MarkdownComparisonReport, SaysNoneIsRecommendedWhenNoBandLiesAboveZero) {
    const MarkdownComparison c({{.name = "a", .title = "A", .npv = 1e6, .npv_spread = 3e6, .cost = 2e6}});
    EXPECT_TRUE(contains(c.markdown(Language::en), "**Recommendation** None recommended:"));
    EXPECT_TRUE(contains(c.markdown(Language::zh_cn), "**建议** 不建议推出任何方案"));
}

TEST(MarkdownComparisonReport, TabulatesEveryVariantAndEachVariantsFigures) {
    const std::string md = winner_and_piped_loser().markdown(Language::en);
    EXPECT_TRUE(contains(md,
                         "| Variant | Δ NPV of margin | NPV band | Δ Revenue | Δ Cost | Δ Margin | "
                         "Δ Subscribers at end | Δ Churners | Payback (median) | Paid back in |\n"
                         "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"));
    EXPECT_TRUE(contains(md,
                         "| Winner · Recommended | +¥5.00M | ¥4.00M – ¥6.00M | +¥7.50M | +¥2.00M | +¥5.50M | "
                         "+1,200 | +300 | month 2 | 100% |\n"));
    EXPECT_TRUE(contains(md, "| Loser \\| B | +¥1.00M |")) << "a pipe in a title must not split the cell";
    EXPECT_TRUE(contains(md, "### Winner: every figure\n"));
    EXPECT_TRUE(contains(md, "| Revenue | ¥123M | ¥136M | +¥7.50M |"));
    EXPECT_TRUE(
        contains(md, "### Offer effects: Winner (incremental, against the world without the offer)\n"));
    EXPECT_TRUE(contains(md, "| 合约机 \\<1999\\> | 9,600 | +¥2.00M |"));
    EXPECT_FALSE(contains(md, "### Offer effects: Loser")) << "no offers, no table";
    EXPECT_TRUE(contains(md, "- **Variants** Winner (winner) · Loser \\| B (loser)\n"));
}

TEST(MarkdownComparisonReport, IsTheSameForTheSameInput) {
    EXPECT_EQ(winner_and_piped_loser().markdown(Language::zh_cn),
              winner_and_piped_loser().markdown(Language::zh_cn));
}

}  // namespace
}  // namespace offersim::reports
