// The report says plainly which segments' churn answers our prices and rivals' prices, and
// that the rest's and usage do not.
#include "reports/price_response_note.hpp"

#include "report_fixtures.hpp"
#include "reports/html_report.hpp"
#include "reports/markdown_report.hpp"

#include <gtest/gtest.h>

namespace offersim::reports {

namespace {

sim::RunResults priced_results() {
    sim::RunResults r = fixtures::run_results("variant", "Variant");
    r.price_response.reference = "base";
    sim::PriceResponseSegment mass;
    mass.id = "mass";
    mass.churn_elasticity = 0.8;
    mass.leave_per_cny = 0.0137;
    r.price_response.segments = {mass};
    return r;
}

// The same with the mass market weighing a rival, past a discount point.
sim::RunResults rival_results() {
    sim::RunResults r = priced_results();
    r.price_response.segments.front().rivals = {"联通", "电信"};
    r.price_response.segments.front().discount_threshold = 0.3;
    r.price_response.segments.front().discount_strength = 15.0;
    return r;
}

}  // namespace

TEST(PriceResponseNote, NamesTheAnsweringSegmentsTheirElasticityAndTheReference) {
    const std::string en = price_response_note(priced_results(), text_en(), Language::en);
    EXPECT_EQ(
        en,
        "Churn answers our prices in 公众客户 (churn elasticity 0.80), against the prices of 'base'; in "
        "the other segments it does not. Gross adds answer prices in the same segments. Usage answers prices "
        "only in segments with usage_response (an elasticity per service, the off-peak shift and a flat-rate "
        "uplift).");
    const std::string zh = price_response_note(priced_results(), text_zh_cn(), Language::zh_cn);
    EXPECT_NE(zh.find("公众客户（流失价格弹性 0.80）的流失随我方价格变化，参照价格为「base」"),
              std::string::npos)
        << zh;
}

// An offer taken at a fixed share does not answer its terms, and the note says so; one a
// segment chooses is named as chosen; a scenario without offers says neither.
TEST(PriceResponseNote, SaysWhichOffersTakeUpIsAFixedShareAndWhichAreChosen) {
    sim::RunResults r = priced_results();
    EXPECT_EQ(price_response_note(r, text_en(), Language::en).find("Offers"), std::string::npos);
    r.price_response.fixed_share_offers = {"合约机 1999", "家庭包"};
    r.price_response.chosen_offers = {"合约机 1999"};
    const std::string en = price_response_note(r, text_en(), Language::en);
    EXPECT_NE(
        en.find("uplift). Offers taken by a fixed share of those eligible (take_up's new_share and "
                "existing_share), whatever their fee, subsidy or gift, which move only their revenue and "
                "cost: 合约机 1999, 家庭包. Offers that segments with plan_choice choose by expected bill, "
                "overage risk and subsidy: 合约机 1999."),
        std::string::npos)
        << en;
    const std::string zh = price_response_note(r, text_zh_cn(), Language::zh_cn);
    EXPECT_NE(zh.find("合约机 1999、家庭包的办理量不随其条款变化"), std::string::npos) << zh;
    EXPECT_NE(zh.find("按预期账单、超套风险与补贴选择合约机 1999。"), std::string::npos) << zh;
}

TEST(PriceResponseNote, NamesTheRivalsASegmentWeighsAndItsDiscountPoint) {
    const std::string en = price_response_note(rival_results(), text_en(), Language::en);
    EXPECT_NE(
        en.find(
            "公众客户 (churn elasticity 0.80), weighing the prices of 联通, 电信 with a discount point at "
            "30% of the bill (strength 15)"),
        std::string::npos)
        << en;
    const std::string zh = price_response_note(rival_results(), text_zh_cn(), Language::zh_cn);
    EXPECT_NE(
        zh.find("公众客户（流失价格弹性 0.80），并比较联通、电信的价格，价格折扣点为账单的 30%（强度 15）"),
        std::string::npos)
        << zh;
}

TEST(PriceResponseNote, SaysSoWhenNoSegmentAnswersPrices) {
    const sim::RunResults r = fixtures::run_results("base", "Base");
    EXPECT_NE(price_response_note(r, text_en(), Language::en).find("Churn answers no price"),
              std::string::npos);
}

TEST(PriceResponseNote, AComparisonSaysEachDistinctNoteOnce) {
    const sim::RunResults base = priced_results();
    const sim::RunResults same = priced_results();
    sim::RunResults other = fixtures::run_results("other", "Other");
    const std::string note = price_response_note(base, {&same, &other}, text_en(), Language::en);
    EXPECT_EQ(note.find("Churn answers our prices"), note.rfind("Churn answers our prices"));
    EXPECT_NE(note.find("other: Churn answers no price"), std::string::npos) << note;
}

TEST(PriceResponseNote, IsInTheAppendixOfTheHtmlAndMarkdownReports) {
    ReportContext c;
    c.language = Language::en;
    EXPECT_NE(markdown_report(priced_results(), c).find("What answers prices"), std::string::npos);
    EXPECT_NE(html_report(priced_results(), c).find("What answers prices"), std::string::npos);
}

}  // namespace offersim::reports
