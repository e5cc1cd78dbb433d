// How a figure reads in each language: changes of rates in percentage points, a zero change
// as "no difference", one wording for "not paid back", sums that add up as shown, the start
// time in Beijing time and the engine's warnings in the report's language.
#include "reports/figure_format.hpp"

#include <gtest/gtest.h>

#include <charconv>
#include <string>
#include <string_view>

namespace offersim::reports {
namespace {

TEST(FigureFormat, WritesAChangeOfARateInPercentagePoints) {
    EXPECT_EQ(format_change(-0.0004, FigureKind::rate, Language::zh_cn), "-0.04 个百分点");
    EXPECT_EQ(format_change(0.0123, FigureKind::rate, Language::en), "+1.23 pp");
    EXPECT_EQ(format_figure(0.0345, FigureKind::rate, Language::zh_cn), "3.45%") << "a rate stays a rate";
}

TEST(FigureFormat, ReadsAZeroChangeAsNoDifference) {
    EXPECT_EQ(format_change(0.0, FigureKind::cny, Language::zh_cn), "无差异");
    EXPECT_EQ(format_change(0.0, FigureKind::count, Language::en), "no difference");
    EXPECT_EQ(format_change(0.2, FigureKind::count, Language::en), "no difference") << "shows as 0";
    const sim::Band zero{};
    EXPECT_EQ(format_change_range(zero, FigureKind::cny, Language::zh_cn), "无差异");
    EXPECT_EQ(format_change(-1500.0, FigureKind::count, Language::en), "-1,500");
}

TEST(FigureFormat, SaysNotPaidBackInOneWording) {
    EXPECT_EQ(payback_never_text(36, Language::zh_cn), "36 个月内未回本");
    EXPECT_EQ(format_payback_month(37.0, 36, Language::zh_cn), "36 个月内未回本");
    EXPECT_EQ(format_payback_month(13.2, 36, Language::zh_cn), "第 13 个月");
    sim::OfferSummary offer;
    offer.payback_share = 0.2;
    offer.payback_month.p50 = 5.0;
    EXPECT_EQ(offer_payback_text(offer, 36, Language::en), "not paid back within 36 months");
}

// The digits of an amount as shown ("¥10.65亿" -> 10.65), in its unit.
double shown_amount(std::string_view text) {
    std::string digits;
    for (const char c : text)
        if ((c >= '0' && c <= '9') || c == '.' || c == '-') digits += c;
    double value = 0.0;
    std::from_chars(digits.data(), digits.data() + digits.size(), value);
    return value;
}

TEST(FigureFormat, WritesRevenueCostAndMarginSoThatTheShownSumHolds) {
    // Rounded alone: ¥10.6亿 - ¥3.51亿 = ¥7.09亿, not the ¥7.14亿 shown.
    for (const auto& [revenue, cost] :
         {std::pair{1.0649e9, 3.51e8}, std::pair{1.0651e9, 3.5149e8}, std::pair{43456789.0, 80000000.0},
          std::pair{1234.56, 999.99}, std::pair{9.2e7, 1.2e6}}) {
        for (const Language language : {Language::zh_cn, Language::en}) {
            const MoneySum sum = format_money_sum(revenue, cost, revenue - cost, language);
            const double r = shown_amount(sum.revenue), c = shown_amount(sum.cost),
                         m = shown_amount(sum.margin);
            EXPECT_NEAR(r - c, m, 1e-9) << sum.revenue << " - " << sum.cost << " != " << sum.margin;
            const auto unit = [](const std::string& s) { return s.substr(s.find_last_of("0123456789") + 1); };
            EXPECT_EQ(unit(sum.revenue), unit(sum.cost)) << "one unit for the three";
            EXPECT_EQ(unit(sum.revenue), unit(sum.margin)) << "one unit for the three";
        }
    }
    EXPECT_EQ(format_money_sum(1.0649e9, 3.51e8, 7.139e8, Language::zh_cn).revenue, "¥10.65亿");
    const MoneySum change = format_change_sum(2e6, 0.0, 2e6, Language::zh_cn);
    EXPECT_EQ(change.revenue, "+¥200万");
    EXPECT_EQ(change.cost, "无差异");
}

TEST(FigureFormat, ShowsTheStartTimeInBeijingTime) {
    EXPECT_EQ(format_beijing_time("2025-12-31T20:51:29Z", Language::zh_cn), "2026-01-01 04:51（北京时间）");
    EXPECT_EQ(format_beijing_time("2025-01-02T03:04:05Z", Language::en),
              "2025-01-02 11:04 Beijing time (UTC+8)");
    EXPECT_EQ(format_beijing_time("yesterday", Language::en), "yesterday");
}

TEST(FigureFormat, WordsTheEngineWarningsInTheReportLanguage) {
    const sim::RunWarning few{.kind = sim::WarningKind::few_replications,
                              .replications = 5,
                              .minimum = 30,
                              .segment = {},
                              .move = {},
                              .rival = {}};
    EXPECT_EQ(warning_text(few, Language::zh_cn), "仅模拟了 5 次：P5–P95 区间不稳定，请至少模拟 30 次。");
    EXPECT_NE(warning_text(few, Language::en).find("Only 5 replications"), std::string::npos);
    const sim::RunWarning empty{.kind = sim::WarningKind::segment_emptied,
                                .replications = 0,
                                .minimum = 0,
                                .segment = "vip",
                                .move = {},
                                .rival = {}};
    EXPECT_EQ(warning_text(empty, Language::zh_cn), "细分市场「vip」到模拟期末已没有客户。");
    const sim::RunWarning replaced{.kind = sim::WarningKind::move_replaced_by_prices,
                                   .replications = 0,
                                   .minimum = 0,
                                   .segment = {},
                                   .move = "VIP 六折",
                                   .rival = "联通"};
    EXPECT_EQ(warning_text(replaced, Language::zh_cn),
              "竞争动作「VIP 六折」不再按流失倍数计算：已由联通的资费动作代替。");
    EXPECT_NE(warning_text(replaced, Language::en).find("“VIP 六折” is not applied"), std::string::npos);
    const sim::RunWarning ignored{.kind = sim::WarningKind::group_ids_ignored,
                                  .replications = 0,
                                  .minimum = 0,
                                  .segment = "mass",
                                  .move = {},
                                  .rival = {}};
    EXPECT_EQ(
        warning_text(ignored, Language::en),
        "The extract's group ids of segment “mass” are ignored: no group class takes its members from it "
        "(members_from).");
    EXPECT_NE(warning_text(ignored, Language::zh_cn).find("细分市场「mass」客户清单中的集团编号未被使用"),
              std::string::npos);
}

}  // namespace
}  // namespace offersim::reports
