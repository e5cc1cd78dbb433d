// One unit per column in the offer tables: the run's offers (HTML and Markdown) and a
// variant's offer effects (HTML, Markdown), each column of counts or amounts in the unit of
// its largest value, so "¥2579万" never sits above "¥2,410".
#include "reports/figure_tables.hpp"
#include "report_fixtures.hpp"
#include "reports/offer_effects_text.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace offersim::reports {
namespace {

using fixtures::band;

// phone_offer() beside an offer whose figures are thousands, not millions.
sim::RunResults two_offer_results() {
    sim::RunResults r = fixtures::run_with_offer("Two offers");
    sim::OfferSummary small = fixtures::phone_offer();
    small.id = "sms_pack";
    small.take_ups = band(800.0, 0.0);
    small.holders_end = band(700.0, 0.0);
    small.revenue_cny = band(9000.0, 100.0);
    small.margin_cny = band(2410.0, 50.0);
    r.offers.push_back(small);
    return r;
}

TEST(OfferCells, EachColumnOfTheRunsOfferTableHasOneUnit) {
    const std::vector<OfferCells> zh = offer_cells(two_offer_results(), Language::zh_cn);
    ASSERT_EQ(zh.size(), 2u);
    EXPECT_EQ(zh[0][0], "9,600") << "no column of take-ups reaches 万";
    EXPECT_EQ(zh[1][0], "800");
    EXPECT_EQ(zh[0][3], "¥2579万");
    EXPECT_EQ(zh[1][3], "¥0万") << "¥2,410 in the column's 万, not ¥2,410";
    for (std::size_t column : {2u, 3u, 4u})
        EXPECT_EQ(zh[1][column].find(','), std::string::npos) << column << ": " << zh[1][column];
    const std::vector<OfferCells> en = offer_cells(two_offer_results(), Language::en);
    EXPECT_EQ(en[0][3], "¥25.79M");
    EXPECT_EQ(en[1][3], "¥0.00M");
}

TEST(OfferCells, EachColumnOfTheOfferEffectsHasOneUnit) {
    const sim::RunResults variant = two_offer_results();
    sim::VariantComparison c = fixtures::comparison({.name = "two"});
    sim::OfferEffect small = fixtures::phone_offer_effect();
    small.id = "sms_pack";
    small.cannibalised_cny = band(30000.0, 100.0);
    small.incremental_margin_cny = band(-150000.0, 100.0);
    c.offers = {fixtures::phone_offer_effect(), small};
    const std::vector<OfferEffectRow> rows = offer_effect_rows(c, variant, Language::zh_cn);
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].incremental_margin, "+¥200万");
    EXPECT_EQ(rows[1].incremental_margin, "-¥15万") << "not -¥150,000 beside +¥200万";
    EXPECT_EQ(rows[0].cannibalised, "¥150万");
    EXPECT_EQ(rows[1].cannibalised, "¥3万");
    EXPECT_EQ(rows[1].gross_margin, "¥0万");
}

// The comparison's table of variants: a ¥2200万 NPV change beside a -¥1.11亿 one writes both
// in 亿; revenue, cost and margin share the unit, so each row's revenue − cost is its margin.
TEST(VariantTableCells, EachColumnHasOneUnitAndEachRowAddsUp) {
    const std::vector<sim::VariantComparison> comparisons = {
        fixtures::comparison({.name = "small", .npv = 2.2e7, .npv_spread = 1e5, .cost = 3e6}),
        fixtures::comparison({.name = "large", .npv = -1.11e8, .npv_spread = 1e6, .cost = 4.6e7})};
    const std::vector<std::string_view> keys = {"npv_margin_cny", "revenue_total_cny", "cost_total_cny",
                                                "margin_total_cny", "subscribers_end"};
    const auto cells = variant_table_cells(comparisons, keys, Language::zh_cn);
    ASSERT_EQ(cells.size(), 2u);
    EXPECT_EQ(cells[0][0].change, "+¥0.22亿");
    EXPECT_EQ(cells[1][0].change, "-¥1.11亿");
    EXPECT_EQ(cells[0][0].band, "¥0.22亿 ~ ¥0.22亿");
    for (std::size_t k = 0; k < 4; ++k)
        for (const auto& row : cells) {
            EXPECT_EQ(row[k].change.find("万"), std::string::npos) << k << ": " << row[k].change;
            EXPECT_EQ(row[k].band.find("万"), std::string::npos) << k << ": " << row[k].band;
        }
    // small: revenue 0.24亿 + 0.03亿 of cost gives 0.27亿; margin 0.242亿 shows as 0.27 - 0.03.
    EXPECT_EQ(cells[0][1].change, "+¥0.27亿");
    EXPECT_EQ(cells[0][2].change, "+¥0.03亿");
    EXPECT_EQ(cells[0][3].change, "+¥0.24亿");
    EXPECT_EQ(cells[0][4].change, "+1,200") << "counts keep their own column";
}

}  // namespace
}  // namespace offersim::reports
