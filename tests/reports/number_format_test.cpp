#include "reports/number_format.hpp"

#include <gtest/gtest.h>
#include <limits>
#include <string>
#include <vector>

namespace offersim::reports {
namespace {

struct Case {
    double value;
    std::string expected;
};

void expect_all(const std::vector<Case>& cases, std::string (*format)(double, Language), Language language) {
    for (const auto& c : cases)
        EXPECT_EQ(format(c.value, language), c.expected) << "input " << std::to_string(c.value);
}

TEST(NumberFormat, GroupsZhCnCountsByWanAndYi) {
    expect_all({{123456789.0, "1.23亿"},
                {456000.0, "45.6万"},
                {1234567.0, "123万"},
                {10000.0, "1.00万"},
                {9876.0, "9,876"},
                {999.4, "999"},
                {0.0, "0"},
                {-456000.0, "-45.6万"},
                {1.5e12, "15000亿"},
                {43456789.0, "4346万"}},
               format_count, Language::zh_cn);
}

TEST(NumberFormat, GroupsEnCountsByThousandsWithMillionsAndBillions) {
    expect_all({{1234567.0, "1.23M"},
                {456789.0, "456,789"},
                {2.5e9, "2.50B"},
                {45600000.0, "45.6M"},
                {999.0, "999"},
                {-1234.0, "-1,234"}},
               format_count, Language::en);
}

TEST(NumberFormat, MovesToTheNextUnitWhenRoundingReachesIt) {
    // 9,999.6 rounds to 10,000, which is 1.00万, not "10,000"; 9,999.5万 is 1.00亿.
    EXPECT_EQ(format_count(9999.6, Language::zh_cn), "1.00万");
    EXPECT_EQ(format_count(99995000.0, Language::zh_cn), "1.00亿");
    EXPECT_EQ(format_count(999999.6, Language::en), "1.00M");
    EXPECT_EQ(format_count(99960.0, Language::zh_cn), "10.0万");
    EXPECT_EQ(format_count(999600.0, Language::zh_cn), "100万");
}

TEST(NumberFormat, ShowsNoMinusSignForValuesThatRoundToZero) {
    EXPECT_EQ(format_count(-0.3, Language::zh_cn), "0");
    EXPECT_EQ(format_cny(-0.001, Language::en), "¥0.00");
    EXPECT_EQ(format_percent(-0.00001, 2), "0.00%");
}

TEST(NumberFormat, WritesCnyWithTheYuanSignAndTheLanguagesUnit) {
    expect_all({{123456789.0, "¥1.23亿"},
                {456000.0, "¥45.6万"},
                {68.4, "¥68.40"},
                {4567.0, "¥4,567"},
                {-4567.0, "-¥4,567"}},
               format_cny, Language::zh_cn);
    expect_all({{1234567.8, "¥1.23M"}, {56789.0, "¥56,789"}, {68.4, "¥68.40"}, {-2.5e9, "-¥2.50B"}},
               format_cny, Language::en);
}

TEST(NumberFormat, KeepsFenBelowOneThousandYuan) {
    EXPECT_EQ(format_cny(999.99, Language::zh_cn), "¥999.99");
    EXPECT_EQ(format_cny(0.5, Language::en), "¥0.50");
    EXPECT_EQ(format_cny(1000.0, Language::en), "¥1,000");
}

TEST(NumberFormat, WritesPercentagesWithTheRequestedDecimals) {
    EXPECT_EQ(format_percent(0.0345, 2), "3.45%");
    EXPECT_EQ(format_percent(0.1, 1), "10.0%");
    EXPECT_EQ(format_percent(-0.0125, 2), "-1.25%");
    EXPECT_EQ(format_percent(1.0, 1), "100.0%");
}

TEST(NumberFormat, GroupsDigitsWithFixedDecimals) {
    EXPECT_EQ(format_grouped(1234567.891, 2, Language::en), "1,234,567.89");
    EXPECT_EQ(format_grouped(1234567.891, 0, Language::zh_cn), "1,234,568");
    EXPECT_EQ(format_grouped(12.0, 1, Language::en), "12.0");
    EXPECT_EQ(format_grouped(-1000.0, 0, Language::en), "-1,000");
}

// One unit per column, from its largest magnitude: 亿 and 万 never mix, and an amount below
// the unit is written in it rather than as "¥2,410".
TEST(NumberFormat, WritesAColumnInTheUnitOfItsLargestValue) {
    const std::vector<double> revenue{1.064e9, 7.414e7, 2410.0, -3.5e8};
    const ColumnUnit yi = column_unit(revenue, Language::zh_cn);
    EXPECT_EQ(yi.suffix, "亿");
    EXPECT_EQ(yi.decimals, 2);
    std::vector<std::string> shown;
    for (const double v : revenue) shown.push_back(format_cny_in(v, yi, Language::zh_cn));
    EXPECT_EQ(shown, (std::vector<std::string>{"¥10.64亿", "¥0.74亿", "¥0.00亿", "-¥3.50亿"}));
    // From 100 of the unit up, no places: 4346万 and 25万, not 4346万 and 25.0万.
    const ColumnUnit wan = column_unit(std::vector<double>{4.346e7, 2.5e5}, Language::zh_cn);
    EXPECT_EQ(format_cny_in(2.5e5, wan, Language::zh_cn), "¥25万");
    EXPECT_EQ(format_count_in(4000.0, column_unit(std::vector<double>{3.1e5, 4000.0}, Language::zh_cn),
                              Language::zh_cn),
              "0.40万");
    // English groups by M and B the same way; a column below the smallest unit has none.
    const ColumnUnit m = column_unit(std::vector<double>{1.23e8, 9.0e6}, Language::en);
    EXPECT_EQ(format_cny_in(9.0e6, m, Language::en), "¥9M");
    const ColumnUnit none = column_unit(std::vector<double>{9876.0, 135.09}, Language::zh_cn);
    EXPECT_EQ(none.threshold, 1.0);
    EXPECT_EQ(format_cny_in(135.09, none, Language::zh_cn), "¥135.09");
    EXPECT_EQ(format_count_in(9876.0, none, Language::zh_cn), "9,876");
}

// A searched value shows the places its tolerance shows: a subsidy found to within 5 CNY
// as whole CNY, a fee to within 0.5 to the jiao, never the search's noise beyond.
TEST(NumberFormat, ShowsASearchedValueToItsTolerance) {
    EXPECT_EQ(value_to_tolerance(1460.3515625, 5.0), "1460");
    EXPECT_EQ(value_to_tolerance(1460.3515625, 10.0), "1460");
    EXPECT_EQ(value_to_tolerance(162.734375, 0.5), "162.7");
    EXPECT_EQ(value_to_tolerance(162.734375, 0.1), "162.7");
    EXPECT_EQ(value_to_tolerance(162.734375, 0.09), "162.73");
    EXPECT_EQ(value_to_tolerance(0.0212345, 0.001), "0.021");
    // No tolerance, or a value that is not finite: the shortest exact text.
    EXPECT_EQ(value_to_tolerance(162.734375, 0.0), "162.734375");
    EXPECT_EQ(value_to_tolerance(std::numeric_limits<double>::infinity(), 0.5), "inf");
}

// The command line's figures: amounts to the fen, other figures to six significant digits.
TEST(NumberFormat, PrintsAmountsToTheFenAndOtherFiguresToSixDigits) {
    EXPECT_EQ(figure_text(20001234.567891, "npv_margin_cny_delta"), "20001234.57");
    EXPECT_EQ(figure_text(-3.5, "cash_month_24"), "-3.50");
    EXPECT_EQ(figure_text(0.0326512345, "churn_rate_monthly"), "0.0326512");
    EXPECT_EQ(figure_text(1234.5678, "win_back_confirmed"), "1234.57");
    EXPECT_TRUE(names_an_amount("revenue_cny"));
    EXPECT_TRUE(names_an_amount("cash_month_12_delta"));
    EXPECT_FALSE(names_an_amount("churn_rate_monthly_delta"));
}

TEST(NumberFormat, ShowsADashForValuesThatAreNotFinite) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    EXPECT_EQ(format_count(nan, Language::zh_cn), "—");
    EXPECT_EQ(format_cny(inf, Language::en), "—");
    EXPECT_EQ(format_percent(nan, 2), "—");
    EXPECT_EQ(format_grouped(-inf, 2, Language::en), "—");
}

}  // namespace
}  // namespace offersim::reports
