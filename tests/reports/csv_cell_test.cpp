#include "reports/csv_cell.hpp"

#include <gtest/gtest.h>

namespace offersim::reports {
namespace {

TEST(CsvText, PlainTextIsWrittenAsItIs) {
    EXPECT_EQ(csv_text("mass"), "mass");
    EXPECT_EQ(csv_text("全球通 58"), "全球通 58");
    EXPECT_EQ(csv_text(""), "");
    EXPECT_EQ(csv_text("a=b"), "a=b");  // only a leading sign starts a formula
}

TEST(CsvText, TextThatStartsAFormulaGetsALeadingApostrophe) {
    EXPECT_EQ(csv_text("=1+1"), "'=1+1");
    EXPECT_EQ(csv_text("+86 plan"), "'+86 plan");
    EXPECT_EQ(csv_text("-5"), "'-5");  // a text cell, even when it reads as a number
    EXPECT_EQ(csv_text("@SUM(A1)"), "'@SUM(A1)");
    EXPECT_EQ(csv_text("\tx"), "'\tx");
}

TEST(CsvText, CommasQuotesAndLineBreaksAreQuotedAsRfc4180Says) {
    EXPECT_EQ(csv_text("promo, spring"), "\"promo, spring\"");
    EXPECT_EQ(csv_text("the \"best\" deal"), "\"the \"\"best\"\" deal\"");
    EXPECT_EQ(csv_text("two\nlines"), "\"two\nlines\"");
    EXPECT_EQ(csv_text("=HYPERLINK(\"http://x\",\"y\")"), "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
}

}  // namespace
}  // namespace offersim::reports
