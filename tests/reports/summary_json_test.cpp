#include "reports/summary_json.hpp"

#include "engine/core/error.hpp"
#include "report_fixtures.hpp"

#include <gtest/gtest.h>
#include <cmath>
#include <nlohmann/json.hpp>
#include <string>

namespace offersim::reports {
namespace {

TEST(SummaryJson, HoldsEverySegmentsFiguresWithTheirBandsKeyedAsTheHeadlines) {
    const sim::RunResults r = fixtures::run_results("tiny", "Tiny");
    const auto j = nlohmann::json::parse(summary_json(r, "offersim test"));
    const auto& segments = j["segment_figures"];
    ASSERT_EQ(segments.size(), 2u) << "mass and the whole base";
    for (const auto& figure : sim::kSegmentFigures) {
        const std::string key(figure.key);
        ASSERT_TRUE(segments["mass"].contains(key)) << key;
        const sim::Band& band = r.segments[0].*figure.band;
        EXPECT_EQ(segments["mass"][key]["mean"].get<double>(), band.mean) << key;
        EXPECT_EQ(segments["mass"][key]["p5"].get<double>(), band.p5) << key;
        EXPECT_EQ(segments["mass"][key]["p95"].get<double>(), band.p95) << key;
        EXPECT_EQ(segments["mass"][key]["n"].get<int>(), band.n) << key;
        EXPECT_EQ(segments["all"][key], j["headline"][key]) << key << ": the whole base is the headline";
    }
}

TEST(SummaryJson, WritesAFigureNoReplicationDefinesAsNull) {
    sim::RunResults r = fixtures::run_results("tiny", "Tiny");
    const double nan = std::nan("");
    r.segments[0].arpu_cny = {.mean = nan, .std_error = nan, .p5 = nan, .p50 = nan, .p95 = nan, .n = 0};
    const auto arpu =
        nlohmann::json::parse(summary_json(r, "offersim test"))["segment_figures"]["mass"]["arpu_cny"];
    EXPECT_TRUE(arpu["mean"].is_null());
    EXPECT_TRUE(arpu["p95"].is_null());
    EXPECT_EQ(arpu["n"].get<int>(), 0);
}

// The offers taken at fixed shares and those chosen, by name, as the report's "What answers
// prices" says them; empty lists without offers.
TEST(SummaryJson, SaysWhichOffersTakeUpIsAFixedShareAndWhichAreChosen) {
    sim::RunResults r = fixtures::run_results("tiny", "Tiny");
    auto take_up = nlohmann::json::parse(summary_json(r, "offersim test"))["price_response"]["take_up"];
    EXPECT_TRUE(take_up["fixed_share_offers"].empty());
    EXPECT_TRUE(take_up["chosen_offers"].empty());
    r.price_response.fixed_share_offers = {"合约机 1999", "家庭包"};
    r.price_response.chosen_offers = {"合约机 1999"};
    take_up = nlohmann::json::parse(summary_json(r, "offersim test"))["price_response"]["take_up"];
    EXPECT_EQ(take_up["fixed_share_offers"], nlohmann::json({"合约机 1999", "家庭包"}));
    EXPECT_EQ(take_up["chosen_offers"], nlohmann::json({"合约机 1999"}));
}

TEST(SummaryJson, RefusesResultsWithoutFiguresForEverySegment) {
    sim::RunResults r = fixtures::run_results("tiny", "Tiny");
    r.segments.pop_back();
    EXPECT_THROW(summary_json(r, "offersim test"), RunError);
}

}  // namespace
}  // namespace offersim::reports
