#include "reports/xlsx_sheet_name.hpp"

#include <gtest/gtest.h>

namespace offersim::reports {
namespace {

TEST(SheetName, ForbiddenCharactersAndEndApostrophesBecomeUnderscores) {
    EXPECT_EQ(sheet_name("a[b]:c*d?e/f\\g", {}), "a_b__c_d_e_f_g");
    EXPECT_EQ(sheet_name("'quoted'", {}), "_quoted_");
    EXPECT_EQ(sheet_name("it's", {}), "it's");
    EXPECT_EQ(sheet_name("", {}), "Sheet");
}

TEST(SheetName, NamesDifferingOnlyInCaseAreOneSheetToExcel) {
    EXPECT_EQ(sheet_name("promo", {"Promo"}), "promo~2");
    EXPECT_EQ(sheet_name("PROMO", {"Promo", "promo~2"}), "PROMO~3");
    EXPECT_EQ(sheet_name("history", {}), "history~2");  // reserved by Excel
}

TEST(SheetName, AtMost31Utf16UnitsWithTheSuffixInside) {
    const std::string long_name(40, 'x');
    EXPECT_EQ(sheet_name(long_name, {}), std::string(31, 'x'));
    EXPECT_EQ(sheet_name(long_name, {std::string(31, 'x')}), std::string(29, 'x') + "~2");
    // 😀 lies beyond U+FFFF: two units each, so 15 of 20 fit in 31.
    std::string emoji;
    for (int i = 0; i < 20; ++i) emoji += "😀";
    std::string expected;
    for (int i = 0; i < 15; ++i) expected += "😀";
    EXPECT_EQ(sheet_name(emoji, {}), expected);
    EXPECT_EQ(sheet_name(std::string(40, 'x') + "'", {}).size(), 31u);
    EXPECT_EQ(sheet_name(std::string(30, 'x') + "'y", {}), std::string(30, 'x') + "_");
}

}  // namespace
}  // namespace offersim::reports
